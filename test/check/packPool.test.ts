/**
 * Issue 19: a pool of started packs (tools/check/packPool.ts) that the tests share. A pooled
 * pack must judge exactly as a fresh one: nothing of an earlier run (its pack config, its stack)
 * may carry over.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CheckOptions, CheckResult, runCheck } from "../../tools/check/check";
import { PackPool } from "../../tools/check/packPool";
import { HOSTS } from "./fixtureChecks";
import { REAL_PACK, REPO, TS_REGISTER, fixturePack, program, realPackMissing } from "./support";

const OPEN_SSH = program("open-ssh");

/** The programs run in the tests' pooled hosts (hostPool.test.ts compares those with fresh ones); the packs are the subject here. */
function options(fixture: string, extra: Partial<CheckOptions> = {}): CheckOptions {
    return {
        programDir: program(fixture),
        packDir: REAL_PACK,
        stack: "dev",
        timeoutSeconds: 180,
        packProcesses: 1,
        hosts: HOSTS,
        ...extra,
    };
}

/** What a run judged: every diagnostic, by policy, resource and level. */
function verdicts(r: CheckResult): string[] {
    return r.report.diagnostics.map((d) => `${d.policy} ${d.urn} ${d.enforcement}`).sort();
}

describe("offline check: a pool of started packs judges as fresh packs do (issue 19)", function () {
    this.timeout(600_000);
    const pool = new PackPool();
    before(function () {
        if (realPackMissing()) this.skip();
    });
    after(() => pool.close());

    it("one pack serves runs in turn; an earlier run's pack config and stack do not carry over", async () => {
        // Everything disabled by the first run's pack config: a pack that kept it would pass the next run.
        const disabled = await runCheck(options("open-ssh", { packs: pool, packConfigFile: path.join(OPEN_SSH, "policy-pack.dev.json") }));
        assert.equal(disabled.report.diagnostics.length, 0);
        const pooled = await runCheck(options("open-ssh", { packs: pool }));
        const other = await runCheck(options("k8s-privileged-pod", { packs: pool }));
        assert.equal(pooled.timings.packStartMs, disabled.timings.packStartMs, "the same started pack served both runs");
        assert.equal(other.timings.packStartMs, disabled.timings.packStartMs);

        const fresh = await runCheck(options("open-ssh"));
        const freshOther = await runCheck(options("k8s-privileged-pod"));
        assert.ok(
            verdicts(fresh).some((v) => v.endsWith(" mandatory")),
            "open-ssh is blocked",
        );
        assert.deepEqual(verdicts(pooled), verdicts(fresh));
        assert.deepEqual(verdicts(other), verdicts(freshOther));
        assert.deepEqual(pooled.report.summary, fresh.report.summary);
    });

    it("a pack is kept after a run whose program failed, and judges the next run as a fresh pack does", async () => {
        const before = await runCheck(options("open-ssh", { packs: pool }));
        await assert.rejects(runCheck(options("throws", { packs: pool })), /must be lower-case letters only/);
        const after = await runCheck(options("open-ssh", { packs: pool }));
        assert.deepEqual(verdicts(after), verdicts(before));
        // The failed run's pack (the one `before` used) answered its calls in flight and served `after` too.
        assert.equal(after.timings.packStartMs, before.timings.packStartMs);
    });

    it("a provider whose URN comes again in a later run is judged with that run's inputs", async () => {
        // Two copies of one project and stack, in two regions: the default provider's URN is the same.
        const regionOf = async (region: string): Promise<unknown> => {
            const dir = path.join(REPO, ".check-out", "test-pack-pool", region);
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                "name: pool-provider\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
            );
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  aws:region: ${region}\n`);
            fs.writeFileSync(
                path.join(dir, "index.js"),
                '"use strict";\nconst aws = require("@pulumi/aws");\nnew aws.s3.Bucket("data");\n',
            );
            const r = await runCheck({ ...options("open-ssh"), programDir: dir, packDir: fixturePack("probe"), packs: pool });
            const bucket = r.report.diagnostics.find((d) => d.policy === "probe-resource" && d.urn?.endsWith("::data"));
            assert.ok(bucket, "the probe judged the bucket");
            // The message is the policy's description, a line break, then the echo.
            return (JSON.parse(bucket.message.slice(bucket.message.indexOf("\n") + 1)) as { provider: { props: { region?: unknown } } })
                .provider.props.region;
        };
        const first = await regionOf("eu-west-2");
        const second = await regionOf("ap-south-1");
        assert.equal(first, "eu-west-2");
        assert.equal(second, "ap-south-1");
    });

    it("idle packs and program hosts do not keep the process alive: a script that never closes its pools ends", () => {
        // The options as JSON, without this process's host pool.
        const plain = { ...options("open-ssh"), hosts: undefined };
        const script = [
            `const { runCheck } = require(${JSON.stringify(path.join(REPO, "tools", "check", "check"))});`,
            `const { PackPool } = require(${JSON.stringify(path.join(REPO, "tools", "check", "packPool"))});`,
            `const { HostPool } = require(${JSON.stringify(path.join(REPO, "tools", "check", "hostPool"))});`,
            `const pool = new PackPool();`,
            `runCheck({ ...${JSON.stringify(plain)}, packs: pool, hosts: new HostPool() })`,
            `  .then((r) => console.log("diagnostics", r.report.diagnostics.length));`,
        ].join("\n");
        const r = spawnSync(process.execPath, ["-r", TS_REGISTER, "-e", script], {
            cwd: REPO,
            encoding: "utf8",
            timeout: 120_000,
        });
        assert.equal(r.error, undefined, "the script ended by itself within the time limit");
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /diagnostics [1-9]/);
    });
});
