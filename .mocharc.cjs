// Mocha's settings for `npm test` (and `npm run test:unit`): every test/**/*.test.ts, two workers.
// The files that run longest are handed out first, so that the two workers end close together
// instead of one finishing a long file alone at the end (the order of the others is unchanged).
"use strict";
const fs = require("fs");
const path = require("path");

/** The longest files, longest first (per-file wall times of one whole run, measured on the 2-core machine, 2026-12-07). */
const LONGEST_FIRST = [
    "test/policy-pack/fidelity.test.ts",
    "test/check/hostPool.test.ts",
    "test/policy-pack/kubernetes/fuzz.test.ts",
    "test/check/faults.test.ts",
    "test/check/packPool.test.ts",
    "test/check/protocol.test.ts",
    "test/check/parity.test.ts",
    "test/check/verdicts.test.ts",
    "test/check/shards.test.ts",
    "test/policy-pack/fuzz.test.ts",
    "test/check/concurrent.test.ts",
    "test/check/lifecycle.test.ts",
    "test/check/preview.test.ts",
    "test/network/consumer.test.ts",
    "test/check/readmeExample.test.ts",
];

function testFiles(dir) {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : [],
        );
}

const all = testFiles("test").sort();
for (const f of LONGEST_FIRST) if (!all.includes(f)) throw new Error(`.mocharc.cjs: ${f} is not a test file any more`);

module.exports = {
    require: ["./tools/ts-register.js"],
    extension: ["ts"],
    spec: [...LONGEST_FIRST, ...all.filter((f) => !LONGEST_FIRST.includes(f))],
    timeout: 60000,
    reporter: "spec",
    parallel: true,
    jobs: 2,
};
