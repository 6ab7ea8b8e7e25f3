/**
 * Issue 13: two checks in one process at once. Each run stops only the processes it started
 * (tools/check/children.ts, RunScope), so a run that ends while another is still going leaves
 * that one's program host and pack alone; both complete with their own verdicts, and once both
 * have ended no process of either is left.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCheck } from "../../tools/check/check";
import { descendantsOf, fixturePack, isRunning, program } from "./support";

const ONE = fixturePack("one-policy");

describe("offline check: two runs at once in one process (issue 13)", function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-gate-"));
    const gateFile = path.join(dir, "open");
    const before = process.env.CHECK_TEST_GATE;
    // Processes of this test process that were already there (another test file's idle pooled packs, and the
    // watchdog serving them, when mocha runs it in the same worker) are not these runs'.
    const processesBefore = () => new Set(descendantsOf(process.pid).filter(isRunning));
    const startedSince = (earlier: Set<number>) => descendantsOf(process.pid).filter((p) => isRunning(p) && !earlier.has(p));

    afterEach(() => {
        if (before === undefined) delete process.env.CHECK_TEST_GATE;
        else process.env.CHECK_TEST_GATE = before;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a run that ends first leaves the other's processes running; both verdicts are right", async () => {
        process.env.CHECK_TEST_GATE = gateFile;
        const earlier = processesBefore();
        // The gated program registers its security group only once the gate file exists: it is still
        // running (host and pack alive) when the other run ends and cleans up.
        const held = runCheck({ programDir: program("gated-open-ssh"), packDir: ONE, stack: "dev", timeoutSeconds: 180, packProcesses: 1 });
        held.catch(() => undefined);
        const quick = await runCheck({
            programDir: program("bucket-no-pab"),
            packDir: ONE,
            stack: "dev",
            timeoutSeconds: 180,
            packProcesses: 1,
        });
        assert.equal(quick.report.summary.mandatory, 0);
        assert.ok(quick.report.summary.resources > 1, "the quick run judged its resources");

        // The held run's processes outlived the quick run's cleanup.
        const alive = startedSince(earlier);
        assert.ok(alive.length >= 2, `the held run's program host and pack still run: ${alive.join(", ")}`);

        fs.writeFileSync(gateFile, "");
        const blocked = await held;
        assert.equal(blocked.report.summary.mandatory, 1, JSON.stringify(blocked.report.diagnostics.map((d) => d.message)));
        assert.ok(blocked.report.resources.some((r) => r.type === "aws:ec2/securityGroup:SecurityGroup"));
    });

    it("a program that calls process.exit is reported as such, also beside another run", async () => {
        delete process.env.CHECK_TEST_GATE;
        const [exits, passed] = await Promise.allSettled([
            runCheck({ programDir: program("calls-exit"), packDir: ONE, stack: "dev", timeoutSeconds: 180, packProcesses: 1 }),
            runCheck({ programDir: program("bucket-no-pab"), packDir: ONE, stack: "dev", timeoutSeconds: 180, packProcesses: 1 }),
        ]);
        assert.equal(exits.status, "rejected");
        assert.match(
            String((exits as PromiseRejectedResult).reason),
            /the program exited before it finished \(exit code \d+\); a Pulumi program must not call process\.exit/,
        );
        assert.equal(passed.status, "fulfilled");
    });

    it("two runs started together both complete with their own verdicts, and leave no process behind", async () => {
        delete process.env.CHECK_TEST_GATE;
        const earlier = processesBefore();
        const [blocked, passed] = await Promise.all([
            runCheck({ programDir: program("gated-open-ssh"), packDir: ONE, stack: "dev", timeoutSeconds: 180, packProcesses: 1 }),
            runCheck({ programDir: program("bucket-no-pab"), packDir: ONE, stack: "dev", timeoutSeconds: 180, packProcesses: 1 }),
        ]);
        assert.equal(blocked.report.summary.mandatory, 1);
        assert.equal(passed.report.summary.mandatory, 0);
        assert.deepEqual(startedSince(earlier), [], "every process of both runs (and the watchdog) has exited");
    });
});
