/**
 * PACK-7: a program with a large backlog of resources is judged by more than
 * one pack process, with exactly the report one process gives, and no process
 * outlives the check.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO, fixturePack, runCli, survivors } from "./support";

// A pack slower than the program, so a backlog builds up and the second process has work to join.
const SLOW = fixturePack("slow-policy");
/**
 * Resources in the program: more than SHARD_BACKLOG (500) wait when the first pack is ready, as the
 * program registers them faster than the slow pack (10 ms each) judges them.
 */
const GROUPS = 900;

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

describe("offline check: several pack processes for a large program (PACK-7)", function () {
    this.timeout(300_000);

    it(`${GROUPS} resources: two processes give the report one gives, and both are stopped`, async () => {
        const program = manyGroups(GROUPS);
        const out = (k: string) => path.join(REPO, ".check-out", "test-shards", `report-${k}.json`);
        const base = ["--program", program, "--stack", "test", "--pack", SLOW, "--format", "json"];
        // The same pack without its cost: the one-process run has no backlog to prove, only the report to give.
        const single = await runCli([...base, "--out", out("1"), "--pack-processes", "1"], { env: { SLOW_POLICY_MS: "0" } });
        const sharded = await runCli([...base, "--out", out("2"), "--pack-processes", "2"]);
        assert.equal(single.code, 1, single.stderr);
        assert.equal(sharded.code, 1, sharded.stderr);
        assert.match(single.stderr, /; 1 pack process\)/);
        assert.match(sharded.stderr, /; 2 pack processes\)/);
        const a = JSON.parse(fs.readFileSync(out("1"), "utf8")) as { summary: { mandatory: number } };
        assert.equal(a.summary.mandatory, Math.ceil(GROUPS / 3));
        assert.equal(fs.readFileSync(out("2"), "utf8"), fs.readFileSync(out("1"), "utf8"));
        assert.deepEqual(await survivors(sharded.descendants), []);
    });
});
