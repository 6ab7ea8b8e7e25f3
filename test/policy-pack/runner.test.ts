/**
 * lib/runner.ts: the pack releases the debugger that run-policy-pack enables for itself.
 * The in-process cases run in a child process, since loading the runner's hooks enables a
 * debugger for the rest of the process that loads them.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { PackProcess } from "../../tools/check/pack";

const REPO = path.resolve(__dirname, "..", "..");
const PROBE = path.join(REPO, "test", "fixtures", "runner", "probe.js");
const RELEASE_PACK = path.join(REPO, "test", "fixtures", "packs", "runner-release");

interface Probe {
    beforeHooks: unknown;
    hooksLoadedByRelease: boolean;
    result: unknown;
    watcherSawProbe: boolean;
    runnerSawProbe: boolean;
}

function probe(mode: "release" | "keep"): Probe {
    const out = execFileSync(process.execPath, [PROBE, mode], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
    return JSON.parse(out) as Probe;
}

describe("policy pack: the runner's debugger (lib/runner.ts)", function () {
    this.timeout(120_000);

    it("without the runner's hooks loaded it does nothing, and does not load them", () => {
        const p = probe("keep");
        assert.equal(p.beforeHooks, "absent");
        assert.equal(p.hooksLoadedByRelease, false);
    });

    it("left alone, the runner's session hears of every new script (its debugger is on)", () => {
        const p = probe("keep");
        assert.equal(p.watcherSawProbe, true, "the watching session saw the probe script");
        assert.equal(p.runnerSawProbe, true);
    });

    it("released, the runner's session no longer hears of new scripts (its debugger is off)", () => {
        const p = probe("release");
        assert.equal(p.result, "released");
        assert.equal(p.watcherSawProbe, true, "the watching session saw the probe script");
        assert.equal(p.runnerSawProbe, false);
    });

    it("a pack started through run-policy-pack finds the runner's session and releases it", async () => {
        const ctx = { project: "p", stack: "s", organization: "organization", config: {}, secretKeys: [] };
        const pack = await PackProcess.start(RELEASE_PACK, ctx, { startTimeoutSeconds: 120 });
        try {
            await pack.info();
            await pack.configureStack(ctx);
            const diags = await pack.analyze({
                urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", name: "b", properties: {},
                options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [], customTimeouts: { create: 0, update: 0, delete: 0 }, parent: "" },
                parent: "", dependencies: [], propertyDependencies: {},
            });
            assert.equal(diags.length, 1);
            const msg = diags[0].message;
            assert.equal(JSON.parse(msg.slice(msg.indexOf("\n") + 1)), "released");
        } finally {
            await pack.close();
        }
    });
});
