/**
 * PACK-7: bad input and faults. Each ends with exit status 2, a message that
 * names what is wrong (the user's file, key, policy or error, not a stack
 * trace of ours), and no process left behind.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { runCheck } from "../../tools/check/check";
import { parseCliArgs } from "../../tools/check/cli";
import { CheckFailure } from "../../tools/check/errors";
import { PackInfo, PackProcess } from "../../tools/check/pack";
import { readPackConfigFile, reconcilePackConfig } from "../../tools/check/packConfig";
import { formatText } from "../../tools/check/report/text";
import { POOLS } from "./fixtureChecks";
import {
    FIXTURES,
    PACK_CTX,
    checkFailure,
    cmdline,
    failsBeforeStart,
    failure,
    fixturePack,
    packConfig,
    program,
    runCli,
    survivors,
} from "./support";

const ONE = fixturePack("one-policy");

/** A run with these inputs fails before it starts anything (support.ts's failsBeforeStart). */
function earlyFailure(programDir: string, packDir: string, stack?: string): Promise<CheckFailure> {
    return failsBeforeStart({ programDir, packDir, stack, timeoutSeconds: 60 });
}

/**
 * The CheckFailure of a run that fails once started (a started pack and program host of this test
 * process serve it; the CLI shows the message alone and exits 2, as the spawned cases prove).
 */
async function pooledFailure(programDir: string, packDir: string, packConfigFile?: string): Promise<CheckFailure> {
    const e = await checkFailure(runCheck({ programDir, packDir, stack: "dev", packConfigFile, timeoutSeconds: 120, ...POOLS }));
    assertNoStackTraceOfOurs(e.message);
    return e;
}

function assertNoStackTraceOfOurs(stderr: string): void {
    assert.ok(!/tools\/check\/\w+\.(ts|js):\d+/.test(stderr), `no frame of the check in:\n${stderr}`);
    assert.ok(!stderr.includes("internal error"), stderr);
}

describe("offline check: bad input and faults (PACK-7)", function () {
    this.timeout(120_000);

    it("a stack name with no config file while the project has others (a typo): exit 2, names the file it looked for and the stacks there", async () => {
        const r = await runCli(["--program", program("open-ssh"), "--pack", ONE, "--stack", "dve"]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(
            r.stderr,
            /no config file for stack "dve": looked for .*test\/fixtures\/programs\/open-ssh\/Pulumi\.dve\.yaml \(stacks with a config file: dev\)/,
        );
        assert.deepEqual(r.descendants, [], "nothing is started when the input is wrong");
    });

    it("a project with no stack config file at all: runs with an empty config, and the output says so", async () => {
        // No --stack: the run picks the default stack (as the CLI does with the same options).
        const r = await runCheck({ programDir: program("no-stack-config"), packDir: ONE, timeoutSeconds: 120, ...POOLS });
        assert.equal(r.report.summary.mandatory, 0);
        assert.match(
            formatText(r),
            /Stack config: no stack config file \(looked for Pulumi\.<stack>\.yaml in .*no-stack-config\): stack "dev" ran with an empty config/,
        );
    });

    it("--program without Pulumi.yaml: a CheckFailure (exit 2), says so", async () => {
        const e = await earlyFailure(program("not-a-project"), ONE, "dev");
        assert.match(e.message, /no Pulumi\.yaml in .*not-a-project/);
    });

    it("a program that throws: exit 2, shows the program's own error and its line", async () => {
        const r = await runCli(["--program", program("throws"), "--pack", ONE, "--stack", "dev"]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /the program failed: name "Bad_Name" must be lower-case letters only/);
        assert.match(r.stderr, /at test\/fixtures\/programs\/throws\/index\.ts:7:\d+/);
        assertNoStackTraceOfOurs(r.stderr);
        assert.deepEqual(await survivors(r.descendants), []);
    });

    it("an invoke with no canned answer: a CheckFailure (exit 2, as the program's error above), names the token", async () => {
        const e = await pooledFailure(program("unmocked-invoke"), ONE);
        assert.match(e.message, /no answer for invoke "aws:ec2\/getAmi:getAmi"/);
    });

    it("a program that never finishes: stopped at the time limit with a clear message, no orphan", async () => {
        const t0 = Date.now();
        const r = await runCli(["--program", program("hangs"), "--pack", ONE, "--stack", "dev", "--timeout", "4"]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /the program did not finish within 4 s and was stopped \(raise the limit with --timeout/);
        assert.ok(Date.now() - t0 < 60_000);
        assert.ok(r.descendants.length >= 2, `the program host and the pack ran: ${r.descendants}`);
        assert.deepEqual(await survivors(r.descendants), []);
    });

    it("a pack that does not load: exit 2, shows the pack's own error", async () => {
        const r = await runCli(["--program", program("open-ssh"), "--pack", fixturePack("broken"), "--stack", "dev"]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /the policy pack .*broken failed to load/);
        assert.match(r.stderr, /fixture pack failed on purpose while loading/);
        assert.deepEqual(await survivors(r.descendants), []);
    });

    it("a pack whose main file was not built: a CheckFailure (exit 2), says to build it", async () => {
        const e = await earlyFailure(program("open-ssh"), fixturePack("unbuilt"), "dev");
        assert.match(e.message, /main file .*unbuilt\/bin\/index\.js does not exist: build the pack first \(npm run build:pack\)/);
    });

    it("a pack folder that does not exist: exit 2 (through the CLI: the relative path as given)", async () => {
        const r = await runCli(["--program", program("open-ssh"), "--pack", path.join("no", "such", "pack"), "--stack", "dev"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--pack no\/such\/pack: no such folder/);
        assertNoStackTraceOfOurs(r.stderr);
        assert.deepEqual(r.descendants, [], "nothing is started when the input is wrong");
    });

    it("a Pulumi project given as the pack, or a folder without package.json: a CheckFailure (exit 2), says what it looked for", async () => {
        const project = await earlyFailure(program("open-ssh"), program("open-ssh"), "dev");
        assert.match(
            project.message,
            /--pack .*open-ssh is a Pulumi project \(it holds Pulumi\.yaml\), not a policy pack: looked for PulumiPolicy\.yaml in /,
        );
        const empty = await earlyFailure(program("open-ssh"), FIXTURES, "dev");
        assert.match(empty.message, /--pack .*fixtures is not a policy pack: looked for .*fixtures\/package\.json, which does not exist/);
    });

    it("a pack config value of the wrong type: a CheckFailure (exit 2), names the policy and the key", async () => {
        const e = await pooledFailure(program("open-ssh"), ONE, packConfig("wrong-type.json"));
        assert.match(e.message, /policy "ec2-security-group-no-public-ingress", key "allowedPublicPorts\.0": must be integer/);
    });

    describe("pack config checked against the pack's own policies (one started pack; the run above proves the wiring)", () => {
        let info: PackInfo;
        before(async () => {
            const pack = await PackProcess.start(ONE, PACK_CTX, { startTimeoutSeconds: 120 });
            try {
                info = await pack.info();
            } finally {
                await pack.close();
            }
        });
        const reconcile = (file: string) => failure(() => reconcilePackConfig(info, readPackConfigFile(packConfig(file))));

        it("a pack config key the policy does not declare: a CheckFailure (exit 2), names policy and key", () => {
            assert.match(
                reconcile("unknown-key.json").message,
                /policy "ec2-security-group-no-public-ingress" has no config key "allowedPorts" \(its keys: allowedPublicPorts\)/,
            );
        });

        it("a pack config naming a policy the pack does not have: a CheckFailure (exit 2)", () => {
            assert.match(reconcile("unknown-policy.json").message, /has no policy "ec2-security-group-no-public-ingres"/);
        });
    });

    it("an unknown option or format: exit 2 with the usage", async () => {
        const r = await runCli(["--format", "xml"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--format "xml" is not supported \(allowed: text, json, sarif\)/);
    });

    it("--pack-processes outside 1..16: refused by the parser (exit 2, as --format above), names the option and the allowed values", () => {
        for (const bad of ["0", "2.5", "many", "17"]) {
            const e = failure(() => parseCliArgs(["--pack-processes", bad]));
            assert.match(e.message, new RegExp(`--pack-processes "${bad.replace(".", "\\.")}" must be a whole number from 1 to 16`), bad);
        }
    });

    it("SIGKILL of the check itself: its watchdog stops the program host and the pack", async () => {
        let sent = false;
        const r = await runCli(["--program", program("hangs"), "--pack", ONE, "--stack", "dev", "--timeout", "90"], {
            onChildren: (pids, child) => {
                if (
                    !sent &&
                    pids.some((p) => cmdline(p).includes("run-policy-pack")) &&
                    pids.some((p) => cmdline(p).includes("programHost"))
                ) {
                    sent = true;
                    setTimeout(() => child.kill("SIGKILL"), 300);
                }
            },
        });
        assert.ok(sent, "the pack and the program were seen running");
        assert.equal(r.signal, "SIGKILL");
        assert.deepEqual(await survivors(r.descendants, 5000), [], `orphans: ${r.descendants.map(cmdline).join(" | ")}`);
    });

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
        it(`${signal} while the program and the pack run: both are stopped, exit 2`, async () => {
            let sent = false;
            const r = await runCli(["--program", program("hangs"), "--pack", ONE, "--stack", "dev", "--timeout", "90"], {
                onChildren: (pids, child) => {
                    // Wait until the pack is up as well as the program host, then interrupt.
                    if (!sent && pids.length >= 2 && pids.some((p) => cmdline(p).includes("run-policy-pack"))) {
                        sent = true;
                        setTimeout(() => child.kill(signal), 300);
                    }
                },
            });
            assert.ok(sent, "the pack and the program were seen running");
            assert.equal(r.code, 2, r.stderr);
            assert.match(r.stderr, new RegExp(`interrupted \\(${signal}\\)`));
            assert.deepEqual(await survivors(r.descendants), [], `orphans: ${r.descendants.map(cmdline).join(" | ")}`);
        });
    }
});
