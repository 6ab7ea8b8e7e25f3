/**
 * Every command in the README is exercised: each line of its shell code blocks is either run
 * here (cheap ones) or listed in COVERED with the step that runs it, and that step is checked
 * to exist (a package.json script, a file holding the test, a line of .ci/run). A README
 * command that is neither fails; so does an entry of COVERED the README no longer shows.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parseCliArgs } from "../tools/check/cli";

const ROOT = path.resolve(__dirname, "..");
const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
const README = read("README.md");
const SCRIPTS = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const CI = read(".ci/run");

/** Evidence that a step runs a command: each given part must hold. */
interface Step {
    /** A package.json script that must exist and, with `scriptHas`, contain this text. */
    readonly script?: string;
    readonly scriptHas?: string;
    /** A file (a test) that must exist and, with `fileHas`, contain this text. */
    readonly file?: string;
    readonly fileHas?: string;
    /** A line of .ci/run, exactly (trimmed). */
    readonly ciLine?: string;
}

interface Covered {
    readonly by: readonly Step[];
    /** Run by a suite CI does not run (said plainly, so the README's promise is not overstated). */
    readonly outsideCi?: string;
}

/**
 * CI runs `npm test` (lint, typecheck, build, the mocha suite), `npm run test:package`, `npm run test:node24`
 * and the real-tool suites (`npm run test:kube`, `npm run test:cli`).
 */
const SUITE: Step = {
    ciLine: `suite "npm test" mocha npm test`,
    script: "test",
    scriptHas: "node test/support/npm-test.mjs",
    file: "test/support/npm-test.mjs",
    fileHas: `require.resolve("mocha/bin/mocha.js")`,
};
const PACKAGE_TEST: Step = {
    ciLine: `suite "package" mocha npm run test:package`,
    script: "test:package",
    file: "test/package/tarball.package.ts",
};
const REAL_CLI_STEP: Step = { ciLine: `suite "real Pulumi CLI" counts npm run test:cli`, script: "test:cli" };

const COVERED: Readonly<Record<string, Covered>> = {
    "npm ci": { by: [{ ciLine: "npm ci --no-audit --no-fund 2>&1 | tail -n 5" }] },
    "npm test": { by: [SUITE] },
    "npm run build": {
        by: [
            // npm test compiles the build's three parts and the type check in one process, beside lint and the format check.
            { script: "build", scriptHas: "node tools/tsc-projects.cjs dist pack functions && node policy-pack/scripts/bundle.mjs" },
            { file: "test/support/npm-test.mjs", fileHas: `const BUILDS = ["dist", "pack", "functions"];` },
            { file: "test/support/npm-test.mjs", fileHas: `["tools/tsc-projects.cjs", ...BUILDS, "typecheck"]` },
            { file: "test/support/npm-test.mjs", fileHas: `["policy-pack/scripts/bundle.mjs"]` },
            SUITE,
        ],
    },
    "npm run check -- --stack dev": {
        by: [
            SUITE,
            { script: "check", scriptHas: "tools/check/launch.js" },
            { file: "test/check/verdicts.test.ts", fileHas: "the baseline's ${stack} stack passes its own pack" },
        ],
    },
    "npm run check -- --program examples/pieces --stack dev --pack-config examples/pieces/policy-pack.json": {
        by: [SUITE, { file: "test/check/readmeExample.test.ts", fileHas: "its command passes the pack (exit 0)" }],
    },
    "npm install secure-baseline": {
        by: [PACKAGE_TEST, { file: "test/package/tarball.package.ts", fileHas: `npm(["install", "--prefer-offline"` }],
    },
    "npx secure-baseline check": {
        by: [PACKAGE_TEST, { file: "test/package/tarball.package.ts", fileHas: `command(["check"], join(project, "insecure"))` }],
    },
    "npx secure-baseline policies --format json": {
        by: [PACKAGE_TEST, { file: "test/package/tarball.package.ts", fileHas: `command(["policies", "--format", "json"], project)` }],
    },
    "pulumi preview --policy-pack node_modules/secure-baseline/policy-pack": {
        by: [PACKAGE_TEST, { file: "test/package/tarball.package.ts", fileHas: "the bundled pack folder started as the CLI starts it" }],
        outsideCi:
            "the installed pack folder is started as the CLI starts a pack; the real CLI (npm run test:cli, in CI) runs the pack of the repository, not of an installed package",
    },
    "pulumi login": { by: [REAL_CLI_STEP, { file: "tools/cli/env.ts", fileHas: "PULUMI_BACKEND_URL" }] },
    "pulumi stack init dev": { by: [REAL_CLI_STEP, { file: "tools/cli/run.ts", fileHas: "LocalWorkspace.createOrSelectStack" }] },
    "pulumi preview --policy-pack policy-pack --policy-pack-config stacks/policy-pack.dev.json": {
        by: [
            REAL_CLI_STEP,
            {
                file: "test/cli/in-cluster.cli.ts",
                // The dev pack config with CTR-2's verifier marked external: the fixture has no policy-controller.
                fileHas: "pulumi preview --policy-pack policy-pack with the dev pack config",
            },
        ],
    },
    "pulumi up --policy-pack policy-pack --policy-pack-config stacks/policy-pack.dev.json": {
        by: [
            REAL_CLI_STEP,
            { file: "test/cli/in-cluster.cli.ts", fileHas: "pulumi up creates every resource" },
            { file: "tools/cli/run.ts", fileHas: "stack.up({ ...packs" },
        ],
    },
};

/** Commands run here: the check's synopsis, whose every option the check's parser accepts. */
const RUN_HERE: Readonly<Record<string, (command: string) => void>> = {
    "npm run check -- [--stack NAME] [--program DIR] [--pack DIR] [--pack-config FILE] [--mode preview|up] [--mocks FILE] [--not-analysed mandatory|advisory] [--format text|json|sarif] [--out FILE] [--timeout SECONDS] [--typecheck] [--no-cache] [--pack-processes N]":
        (command) => {
            const SAMPLE: Record<string, string> = { NAME: "dev", DIR: ".", FILE: "report.json", SECONDS: "30", N: "2" };
            for (const [, option, value] of command.matchAll(/\[(--[a-z-]+)(?: ([^\]]+))?\]/g)) {
                for (const v of value === undefined ? [undefined] : value.includes("|") ? value.split("|") : [SAMPLE[value]]) {
                    const argv = v === undefined ? [option] : [option, v];
                    assert.notEqual(parseCliArgs(argv), "help", argv.join(" "));
                }
            }
        },
};

/**
 * The commands of the README's shell blocks: comments dropped, continuation lines joined,
 * `a && b` split, spaces collapsed.
 */
export function readmeCommands(markdown: string): string[] {
    const out: string[] = [];
    for (const [, body] of markdown.matchAll(/^```(?:sh|bash|shell|console)\n([\s\S]*?)^```/gm)) {
        const joined = body.replace(/\\\n/g, " ");
        for (const line of joined.split("\n")) {
            const code = line.replace(/(^|\s)#.*$/, "").trim();
            if (code === "") continue;
            for (const part of code.split("&&")) out.push(part.trim().replace(/\s+/g, " "));
        }
    }
    return [...new Set(out)];
}

function checkStep(step: Step): void {
    if (step.script !== undefined) {
        assert.ok(step.script in SCRIPTS, `package.json has no script ${step.script}`);
        if (step.scriptHas !== undefined)
            assert.ok(
                SCRIPTS[step.script].includes(step.scriptHas),
                `script ${step.script} does not contain ${JSON.stringify(step.scriptHas)}`,
            );
    }
    if (step.file !== undefined) {
        const text = read(step.file);
        if (step.fileHas !== undefined)
            assert.ok(text.includes(step.fileHas), `${step.file} does not contain ${JSON.stringify(step.fileHas)}`);
    }
    if (step.ciLine !== undefined)
        assert.ok(
            CI.split("\n").some((l) => l.trim() === step.ciLine),
            `.ci/run has no line ${JSON.stringify(step.ciLine)}`,
        );
}

describe("README: every command is exercised by a test or by .ci/run", () => {
    const commands = readmeCommands(README);

    it("the README has shell commands (the extraction works)", () => {
        assert.ok(commands.length >= 10, JSON.stringify(commands));
        assert.ok(commands.includes("npm run check -- --stack dev"));
    });

    it("no README command is left uncovered", () => {
        const uncovered = commands.filter((c) => !(c in COVERED) && !(c in RUN_HERE));
        assert.deepEqual(uncovered, [], "run these in a test or .ci/run and list them in COVERED (or RUN_HERE)");
    });

    it("no entry covers a command the README no longer shows", () => {
        assert.deepEqual(
            [...Object.keys(COVERED), ...Object.keys(RUN_HERE)].filter((c) => !commands.includes(c)),
            [],
        );
    });

    for (const [command, covered] of Object.entries(COVERED)) {
        it(`${command}: the step that runs it exists${covered.outsideCi ? " (outside CI)" : ""}`, () => {
            for (const step of covered.by) checkStep(step);
            // Covered in CI unless said otherwise: some step is a .ci/run line.
            if (!covered.outsideCi)
                assert.ok(
                    covered.by.some((s) => s.ciLine !== undefined),
                    `${command}: no .ci/run step, and no outsideCi reason`,
                );
        });
    }

    for (const [command, run] of Object.entries(RUN_HERE)) {
        it(`${command.slice(0, 60)}…: run here`, () => run(command));
    }

    it("each `npm run NAME` anywhere in the README names a script of package.json", () => {
        const named = [...README.matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((m) => m[1]);
        assert.ok(named.length > 5);
        assert.deepEqual(
            [...new Set(named)].filter((n) => !(n in SCRIPTS)),
            [],
        );
    });
});

describe("README command extraction", () => {
    it("drops comments, joins continuations, splits &&, ignores other languages", () => {
        const md =
            "```sh\nnpm ci && npm test   # both\n# only a comment\nnpm run check -- --a \\\n   --b\n```\n```ts\nnpm not-a-command\n```\n";
        assert.deepEqual(readmeCommands(md), ["npm ci", "npm test", "npm run check -- --a --b"]);
    });
});
