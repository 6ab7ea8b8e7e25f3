/**
 * Issue 19: a pool of started program hosts (tools/check/hostPool.ts) that the tests share. A
 * program run in a kept host must be checked exactly as in a fresh one: nothing of an earlier
 * program (its config, its stack, its modules' state) may carry over, and a host is kept after a
 * program only when nothing of that program can run on: not after an exit, an error thrown from a
 * callback, or a time limit. The behaviour snapshot (test:snapshot) also
 * checks every fixture and both stacks through one pooled host.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CheckOptions, CheckResult, runCheck } from "../../tools/check/check";
import { HostPool } from "../../tools/check/hostPool";
import { PACKS } from "./fixtureChecks";
import { REAL_PACK, REPO, cmdline, compiledCheck, descendantsOf, fixturePack, program, realPackMissing, survivors } from "./support";

const ONE = fixturePack("one-policy");

/** The report without its timings (which differ run to run). */
function judged(r: CheckResult): unknown {
    const { report } = r;
    return { ...report, timings: undefined };
}

/** Pooled hosts alive now, children of this process, leaving out `others` (hosts of other tests' pools in this worker). */
const pooledHosts = (others: ReadonlySet<number> = new Set()): number[] =>
    descendantsOf(process.pid).filter((p) => !others.has(p) && cmdline(p).includes("programHost") && cmdline(p).includes("--reusable"));

/**
 * A plain JS program whose resource names show what it saw: the stack's `label` config (or
 * "unset") and a counter kept in a module of its own (1 when the module was loaded afresh).
 */
function echoProgram(): string {
    const dir = path.join(REPO, ".check-out", "test-host-pool", "echo");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: echo\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    fs.writeFileSync(path.join(dir, "Pulumi.alpha.yaml"), "config:\n  echo:label: alpha\n");
    fs.writeFileSync(path.join(dir, "Pulumi.beta.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(dir, "counter.js"), "let n = 0;\nexports.next = () => ++n;\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            `const pulumi = require("@pulumi/pulumi");`,
            `const counter = require("./counter");`,
            `const label = new pulumi.Config().get("label") || "unset";`,
            `new pulumi.CustomResource("test:index:Thing", "thing-" + label + "-" + counter.next(), {});`,
            ``,
        ].join("\n"),
    );
    return dir;
}

/** A plain JS program that registers a resource, then throws from a timer after its run has ended. */
function lateErrorProgram(): string {
    const dir = path.join(REPO, ".check-out", "test-host-pool", "late-error");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: late-error\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            `const pulumi = require("@pulumi/pulumi");`,
            `new pulumi.CustomResource("test:index:Thing", "thing", {});`,
            `setTimeout(() => { throw new Error("thrown from a timer"); }, 3000);`,
            ``,
        ].join("\n"),
    );
    return dir;
}

describe("offline check: a pool of started program hosts runs programs as fresh hosts do (issue 19)", function () {
    this.timeout(600_000);
    before(function () {
        if (realPackMissing()) this.skip();
    });

    it("one host runs programs in turn (TypeScript, plain JS, remote components), each checked as by a fresh host", async () => {
        const hosts = new HostPool({ entry: compiledCheck("programHost") });
        try {
            const runs: [string, CheckOptions["mode"]][] = [
                ["open-ssh", "preview"],
                ["plain-js", "up"],
                ["yaml-components", "preview"],
            ];
            for (const [fixture, mode] of runs) {
                const opts: CheckOptions = {
                    programDir: program(fixture),
                    packDir: REAL_PACK,
                    stack: "dev",
                    timeoutSeconds: 180,
                    mode,
                    packs: PACKS,
                };
                const pooled = await runCheck({ ...opts, hosts });
                const fresh = await runCheck(opts);
                assert.ok(pooled.report.resources.length > 1, `${fixture}: resources were registered`);
                assert.deepEqual(judged(pooled), judged(fresh), `${fixture} (${mode}): the pooled host's report is the fresh host's`);
            }
            assert.equal(hosts.starts, 1, "one host served every run");
        } finally {
            await hosts.close();
        }
    });

    it("nothing of an earlier program carries over: its config, its stack, its own modules' state", async () => {
        const hosts = new HostPool({ entry: compiledCheck("programHost") });
        const dir = echoProgram();
        const names = async (stack: string) => {
            const r = await runCheck({ programDir: dir, packDir: ONE, stack, timeoutSeconds: 120, packs: PACKS, hosts });
            return r.report.resources.map((x) => x.urn.split("::").slice(2).join("::"));
        };
        try {
            const alpha = await names("alpha");
            assert.deepEqual(alpha, ["pulumi:pulumi:Stack::echo-alpha", "test:index:Thing::thing-alpha-1"]);
            // No config for stack beta: the label alpha set must be gone, and the counter's module loaded afresh.
            assert.deepEqual(await names("beta"), ["pulumi:pulumi:Stack::echo-beta", "test:index:Thing::thing-unset-1"]);
            assert.deepEqual(await names("alpha"), alpha);
            assert.equal(hosts.starts, 1, "one host served the three runs");
        } finally {
            await hosts.close();
        }
    });

    it("a host is kept after a program whose error ended its run, not after an error thrown after its end or an exit; a host that died while idle is replaced", async () => {
        const hosts = new HostPool({ entry: compiledCheck("programHost") });
        const others = new Set(pooledHosts());
        const late = lateErrorProgram();
        const run = (dir: string) => runCheck({ programDir: dir, packDir: ONE, stack: "dev", timeoutSeconds: 120, packs: PACKS, hosts });
        try {
            const before = await run(program("open-ssh"));
            await assert.rejects(run(program("throws")), /the program failed: name "Bad_Name" must be lower-case letters only/);
            const after = await run(program("open-ssh"));
            assert.equal(hosts.starts, 1, "the program's own error ended its run: the host was kept");
            assert.deepEqual(judged(after), judged(before));

            // Its run ends well before its timer throws: the host is kept, then finds itself unfit.
            await run(late);
            assert.equal(hosts.starts, 1);
            while (hosts.idleHosts > 0) await new Promise((r) => setTimeout(r, 50));
            await run(program("open-ssh"));
            assert.equal(hosts.starts, 2, "an error thrown after the program's end makes its host unfit: it is not used again");
            await assert.rejects(run(program("calls-exit")), /must not call process.exit/);
            await run(program("open-ssh"));
            assert.equal(hosts.starts, 3, "a program that exits ends the host");

            const idle = pooledHosts(others);
            assert.equal(idle.length, 1, "one idle host");
            process.kill(idle[0], "SIGKILL");
            // Until this process has seen it go (a host that dies while it serves a run fails that run).
            while (hosts.idleHosts > 0) await new Promise((r) => setTimeout(r, 50));
            const again = await run(program("open-ssh"));
            assert.equal(hosts.starts, 4, "a new host replaced the dead one");
            assert.deepEqual(judged(again), judged(before));
        } finally {
            await hosts.close();
        }
        assert.deepEqual(await survivors(pooledHosts(others)), [], "close() stopped the idle host");
    });

    it("a program that runs out of time stops its pooled host", async () => {
        const hosts = new HostPool({ entry: compiledCheck("programHost") });
        const others = new Set(pooledHosts());
        try {
            await assert.rejects(
                runCheck({ programDir: program("hangs"), packDir: ONE, stack: "dev", timeoutSeconds: 3, packs: PACKS, hosts }),
                /did not finish within 3 s/,
            );
            assert.equal(hosts.starts, 1);
            assert.equal(hosts.idleHosts, 0, "not kept");
            assert.deepEqual(await survivors(pooledHosts(others)), [], "the host that ran out of time is gone");
        } finally {
            await hosts.close();
        }
    });
});
