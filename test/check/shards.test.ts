/**
 * PACK-7: a program with a large backlog of resources is judged by more than
 * one pack process, with exactly the report one process gives, and no process
 * outlives the check.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CheckResult, runCheck } from "../../tools/check/check";
import { HOSTS } from "./fixtureChecks";
import { REPO, cmdline, descendantsOf, failsBeforeStart, fixturePack, survivors } from "./support";

// A pack slower than the program, so a backlog builds up and the second process has work to join.
const SLOW = fixturePack("slow-policy");
/** Resources in the program. */
const GROUPS = 150;
/**
 * Records waiting before a second pack starts (the check's default, 500, is for real programs). The
 * program registers its groups far faster than the slow pack judges them (one per SLOW_MS), so more
 * than this many are waiting when the first pack is ready, whatever the machine's load.
 */
const BACKLOG = 40;
const SLOW_MS = "20";

/** A plain JS program of `n` security groups, every third open to the world on port 22. */
function manyGroups(n: number): string {
    const dir = path.join(REPO, ".check-out", "test-shards", `groups-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: groups-${n}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `"use strict";
const aws = require("@pulumi/aws");
for (let i = 0; i < ${n}; i++) {
    const cidr = i % 3 === 0 ? "0.0.0.0/0" : "10.0.0.0/8";
    new aws.ec2.SecurityGroup("sg-" + i, { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [cidr] }] });
}
`,
    );
    return dir;
}

const isPack = (pid: number) => cmdline(pid).includes("run-policy-pack");

/**
 * A run with fresh packs (stopped at its end) and this test process's program host, with the
 * slow pack's cost per resource set to `slowMs`; returns the result and every pack process seen
 * while it ran.
 */
async function run(program: string, packProcesses: number, slowMs: string): Promise<{ result: CheckResult; packs: number[] }> {
    const before = new Set(descendantsOf(process.pid));
    // Pack processes by their command line, read when first seen (a stopped one has none).
    const packs = new Set<number>();
    const watch = setInterval(() => {
        for (const p of descendantsOf(process.pid)) if (!before.has(p) && !packs.has(p) && isPack(p)) packs.add(p);
    }, 100);
    const saved = process.env.SLOW_POLICY_MS;
    // Read by the pack when it starts: every pack of this run is started by it.
    process.env.SLOW_POLICY_MS = slowMs;
    try {
        const result = await runCheck({
            programDir: program,
            packDir: SLOW,
            stack: "test",
            timeoutSeconds: 120,
            packProcesses,
            shardBacklog: BACKLOG,
            hosts: HOSTS,
        });
        return { result, packs: [...packs] };
    } finally {
        clearInterval(watch);
        if (saved === undefined) delete process.env.SLOW_POLICY_MS;
        else process.env.SLOW_POLICY_MS = saved;
    }
}

describe("offline check: several pack processes for a large program (PACK-7)", function () {
    this.timeout(300_000);

    it(`${GROUPS} resources: two processes give the report one gives, and both are stopped`, async () => {
        const program = manyGroups(GROUPS);
        // The same pack without its cost: the one-process run has no backlog to prove, only the report to give.
        const single = await run(program, 1, "0");
        const sharded = await run(program, 2, SLOW_MS);
        assert.equal(single.result.timings.packProcesses, 1);
        assert.equal(sharded.result.timings.packProcesses, 2, "the backlog started a second pack");
        assert.equal(single.result.report.summary.mandatory, Math.ceil(GROUPS / 3));
        assert.equal(JSON.stringify(sharded.result.report), JSON.stringify(single.result.report));
        assert.equal(sharded.packs.length, 2, "both packs were seen while the check ran");
        assert.deepEqual(await survivors(sharded.packs), [], "both packs are stopped at the end");
    });

    it("a backlog threshold that is not a whole number of records, 1 or more, is refused before anything starts", async () => {
        for (const bad of [0, -1, 1.5, Number.NaN]) {
            const e = await failsBeforeStart({
                programDir: manyGroups(3),
                packDir: SLOW,
                stack: "test",
                timeoutSeconds: 60,
                shardBacklog: bad,
            });
            assert.match(e.message, /^shardBacklog .* must be a whole number of records, 1 or more$/, `shardBacklog ${bad}`);
        }
    });
});
