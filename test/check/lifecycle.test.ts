/**
 * PACK-7: the check's processes live and die together. A SIGKILL of any of
 * them (the launcher, the program host, a pack process, the watchdog) stops all
 * of them; a normal end returns only once every process it started has exited;
 * a multi-MB valid stack config reaches the program and the pack (it used to
 * crash with spawn E2BIG) and does not stay on disk; --out is refused before anything starts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { runCheck } from "../../tools/check/check";
import { CONFIG_FILE_ENV, writeConfigHandoff } from "../../tools/check/packLaunch";
import { REPO, cmdline, fixturePack, isRunning, program, runCli, survivors } from "./support";

const ONE = fixturePack("one-policy");
const HANGS = ["--program", program("hangs"), "--pack", ONE, "--stack", "dev", "--timeout", "90"];

const isPack = (p: number) => cmdline(p).includes("run-policy-pack");
const isHost = (p: number) => cmdline(p).includes("programHost");
const isWatchdog = (p: number) => cmdline(p).includes("process.stdin");

/** Once the program host, the pack and the watchdog all run, SIGKILLs the one `pick` chooses. */
function killWhenRunning(pick: (pids: number[]) => number | undefined, sent: { pid?: number }) {
    return (pids: number[]) => {
        if (sent.pid !== undefined || !pids.some(isPack) || !pids.some(isHost) || !pids.some(isWatchdog)) return;
        const victim = pick(pids);
        if (victim === undefined) return;
        sent.pid = victim;
        setTimeout(() => process.kill(victim, "SIGKILL"), 300);
    };
}

describe("offline check: processes live and die together (PACK-7)", function () {
    this.timeout(180_000);

    it("SIGKILL of the launcher (launch.js): the check, the program host, the pack and the watchdog all stop", async () => {
        let killed = false;
        const r = await runCli(HANGS, {
            launcher: true,
            onChildren: (pids, child) => {
                if (!killed && pids.some(isPack) && pids.some(isHost) && pids.some(isWatchdog)) {
                    killed = true;
                    setTimeout(() => child.kill("SIGKILL"), 300);
                }
            },
        });
        assert.ok(killed, `every process was seen running: ${r.stderr}`);
        assert.equal(r.signal, "SIGKILL");
        assert.ok(r.descendants.length >= 4, `the check, its host, pack and watchdog: ${r.descendants.map(cmdline).join(" | ")}`);
        assert.deepEqual(
            await survivors(r.descendants, 10_000),
            [],
            `orphans: ${r.descendants.filter(isRunning).map(cmdline).join(" | ")}`,
        );
    });

    for (const [what, pick] of [
        ["the program host", (pids: number[]) => pids.find(isHost)],
        ["the policy pack", (pids: number[]) => pids.find(isPack)],
        ["the watchdog", (pids: number[]) => pids.find(isWatchdog)],
    ] as const) {
        it(`SIGKILL of ${what}: the check stops everything else and exits 2 at once, naming it`, async () => {
            const sent: { pid?: number } = {};
            const r = await runCli(HANGS, { onChildren: killWhenRunning(pick, sent) });
            assert.ok(sent.pid !== undefined, "every process was seen running");
            assert.equal(r.code, 2, r.stderr);
            // The program hangs for 90 s: only the loss of the process can have ended the run.
            assert.match(
                r.stderr,
                new RegExp(`offline check failed: .*${what.replace("the ", "")}.*(killed \\(SIGKILL\\)|ended|signal SIGKILL)`),
            );
            assert.doesNotMatch(r.stderr, /internal error/);
            assert.deepEqual(
                await survivors(r.descendants, 5000),
                [],
                `orphans: ${r.descendants.filter(isRunning).map(cmdline).join(" | ")}`,
            );
        });
    }

    it("a normal end: the check exits only after every process it started (the watchdog included) has exited", async () => {
        const r = await runCli(["--program", program("open-ssh"), "--pack", ONE, "--stack", "dev"]);
        assert.equal(r.code, 1, r.stderr);
        assert.ok(
            r.descendants.some(isWatchdog) || r.descendants.length >= 3,
            `the watchdog was seen: ${r.descendants.map(cmdline).join(" | ")}`,
        );
        assert.deepEqual(
            await survivors(r.descendants, 0),
            [],
            `still running when the check had exited: ${r.descendants.filter(isRunning).map(cmdline).join(" | ")}`,
        );
    });

    it("--out naming a folder: exit 2 at once, before anything is started, no stack trace", async () => {
        const r = await runCli(["--program", program("open-ssh"), "--pack", ONE, "--stack", "dev", "--out", path.join(REPO, "test")]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /offline check failed: --out ".*test": is a folder; name a file the report can be written to/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        assert.deepEqual(r.descendants, [], "nothing was started");
    });

    describe("a valid stack config of several MB (regression: spawn E2BIG)", () => {
        const dir = program("big-config");
        const stackFile = path.join(dir, "Pulumi.big.yaml");
        const size = 3 * 1024 * 1024;
        before(() =>
            fs.writeFileSync(stackFile, `config:\n  aws:region: us-east-1\n  fixture-big-config:blob: "${"b".repeat(size - 8)}TAIL1234"\n`),
        );
        after(() => fs.rmSync(stackFile, { force: true }));

        it("the program and the pack both get the whole config", async () => {
            const result = await runCheck({ programDir: dir, packDir: fixturePack("probe"), stack: "big", timeoutSeconds: 120 });
            const bucket = result.report.resources.find((r) => r.type === "aws:s3/bucket:Bucket");
            assert.deepEqual((bucket?.inputs as { tags: unknown }).tags, { blobLength: String(size), blobTail: "TAIL1234" });
            // The probe's resource policy echoes each resource; its stack policy reads an ARN, unknown in preview mode.
            const echo = result.report.diagnostics
                .filter((d) => d.policy === "probe-resource")
                .map((d) => JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)) as { kind: string; stackConfigLength?: number });
            const seen = echo.find((e) => e.kind === "resource");
            assert.ok(
                seen?.stackConfigLength !== undefined && seen.stackConfigLength > size,
                `PULUMI_CONFIG in the pack: ${seen?.stackConfigLength} characters`,
            );
        });
    });

    it("the pack's preload deletes the config handoff as it reads it: no stack config stays on disk if the check is killed", () => {
        const config = { "proj:dbPassword": "s3cret-value", "aws:region": "eu-west-1" };
        const handoff = writeConfigHandoff(config);
        const folder = path.dirname(handoff.file);
        assert.deepEqual(fs.readdirSync(folder).sort(), ["config.json", "preload.js"]);
        try {
            // Only the preload runs: the check's own clean-up (handoff.remove) is not called before the asserts.
            const r = spawnSync(
                process.execPath,
                [
                    "-r",
                    handoff.preload,
                    "-e",
                    `process.stdout.write(JSON.stringify([process.env.PULUMI_CONFIG, process.env.${CONFIG_FILE_ENV} ?? null]))`,
                ],
                { env: { ...process.env, [CONFIG_FILE_ENV]: handoff.file }, encoding: "utf8" },
            );
            assert.equal(r.status, 0, r.stderr);
            const [seen, leftInEnv] = JSON.parse(r.stdout) as [string, string | null];
            assert.deepEqual(JSON.parse(seen), config);
            assert.equal(leftInEnv, null, "the file's name is not passed on to the pack's own children");
            assert.equal(fs.existsSync(folder), false, `${folder} is gone`);
        } finally {
            handoff.remove();
        }
    });
});
