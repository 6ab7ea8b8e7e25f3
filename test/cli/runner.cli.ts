/**
 * The pack as the real CLI starts it (through tools/cli/launcher.ts, which runs the SDK's
 * run-policy-pack in the pack's folder as the Node.js language host does): lib/runner.ts finds the
 * runner's inspector session there and releases its debugger.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { RELEASE_REPORT_ENV } from "../../policy-pack/lib/runner";
import { cli, PACK, program, tmpDir } from "./support";

describe("the pack under the real CLI (lib/runner.ts)", function () {
    // A program without resources: no cluster and no provider plugin, but the CLI starts the pack all the same.
    it("the process the CLI starts has the runner's debugger, and the pack releases it", async () => {
        const report = path.join(tmpDir("release"), "release.jsonl");
        const r = await cli({
            programDir: program("empty-stack"),
            op: "preview",
            stateDir: tmpDir("state"),
            packs: [PACK],
            env: { [RELEASE_REPORT_ENV]: report },
        });
        assert.equal(r.ok, true, r.error);
        const lines = fs
            .readFileSync(report, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as { pid: number; outcome: unknown });
        assert.ok(lines.length >= 1, "the pack reported");
        for (const l of lines) assert.equal(l.outcome, "released", JSON.stringify(l));
    });
});
