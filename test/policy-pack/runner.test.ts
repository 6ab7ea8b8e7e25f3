/**
 * lib/runner.ts: the pack releases the debugger that run-policy-pack enables for itself.
 * The in-process cases run in a child process, since loading the runner's hooks enables a
 * debugger for the rest of the process that loads them.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { PackProcess } from "../../tools/check/pack";
import { FIXTURES, PACK_CTX, REPO, bareResource, fixturePack } from "../check/support";

const PROBE = path.join(FIXTURES, "runner", "probe.js");

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
        const pack = await PackProcess.start(fixturePack("runner-release"), PACK_CTX, { startTimeoutSeconds: 120 });
        try {
            await pack.info();
            await pack.configureStack(PACK_CTX);
            const diags = await pack.analyze(bareResource("aws:s3/bucket:Bucket", "b"));
            assert.equal(diags.length, 1);
            const msg = diags[0].message;
            assert.equal(JSON.parse(msg.slice(msg.indexOf("\n") + 1)), "released");
        } finally {
            await pack.close();
        }
    });
});
