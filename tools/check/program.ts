/**
 * Runs a Pulumi program in a child process (see programHost) under a time
 * limit and returns its resource records, or throws a CheckFailure that shows
 * the program's own error and where it happened.
 */
import { fork } from "child_process";
import * as path from "path";
import { track, stop } from "./children";
import { CheckFailure } from "./errors";
import type { ProjectInfo } from "./project";
import type { MockAnswer } from "./mocksFile";
import type { CheckMode, ProgramJob, ProgramReply, ResourceRecord, SlottedRecord } from "./records";
import type { RemoteOutcome } from "./remote";

export interface ProgramRun {
    readonly resources: readonly ResourceRecord[];
    readonly invokes: readonly string[];
    readonly remote: readonly RemoteOutcome[];
}

/** The host next to this file: compiled JS in dist, or TypeScript when the check itself runs under ts-node. */
function hostEntry(): { file: string; execArgv: string[] } {
    const ext = path.extname(__filename);
    const file = path.join(__dirname, `programHost${ext}`);
    return { file, execArgv: [...HOST_NODE_FLAGS, ...(ext === ".ts" ? ["-r", "ts-node/register/transpile-only"] : [])] };
}

/**
 * Node flags of the program host. The mock run allocates a few short-lived promises and
 * outputs per property of every resource; a 64 MiB young generation lets most of them die
 * there instead of being promoted and marked again and again (10,000 resources: about
 * 14.6 s to 11.5 s of program time, measured with the bench's generated program).
 */
export const HOST_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];

/**
 * Runs the program; `onRecords` (optional) gets each batch of records as the registrations
 * complete, before the program ends. The result lists every record in registration order.
 */
export async function runProgram(
    project: ProjectInfo,
    opts: { timeoutSeconds: number; typecheck: boolean; cache: boolean; mode?: CheckMode; mocks?: readonly MockAnswer[] },
    onRecords?: (records: readonly SlottedRecord[]) => void,
): Promise<ProgramRun> {
    const { file, execArgv } = hostEntry();
    const child = track(
        fork(file, [], {
            cwd: project.dir,
            execArgv,
            stdio: ["ignore", "pipe", "pipe", "ipc"],
            env: { ...process.env, PULUMI_NODEJS_PROJECT: project.name, PULUMI_NODEJS_STACK: project.stack },
        }),
        "the program host",
    );
    // The program's own console output goes to our stderr, so stdout stays clean for JSON/SARIF.
    child.stdout?.on("data", (d: Buffer) => process.stderr.write(d));
    child.stderr?.on("data", (d: Buffer) => process.stderr.write(d));

    const job: ProgramJob = {
        projectDir: project.dir,
        main: project.main,
        project: project.name,
        stack: project.stack,
        config: project.config,
        secretKeys: project.secretKeys,
        typescript: project.typescript,
        typecheck: opts.typecheck,
        cache: opts.cache,
        mode: opts.mode ?? "preview",
        mocks: opts.mocks ?? [],
    };
    const bySlot: ResourceRecord[] = [];
    let received = 0;
    const reply = new Promise<Exclude<ProgramReply, { kind: "resources" }>>((resolve, reject) => {
        const timer = setTimeout(() => {
            reject(
                new CheckFailure(
                    `the program did not finish within ${opts.timeoutSeconds} s and was stopped (raise the limit with --timeout SECONDS if it is just slow)`,
                ),
            );
        }, opts.timeoutSeconds * 1000);
        child.on("message", (m: ProgramReply) => {
            if (m.kind === "resources") {
                for (const r of m.records) bySlot[r.slot] = r.record;
                received += m.records.length;
                onRecords?.(m.records);
                return;
            }
            clearTimeout(timer);
            resolve(m);
        });
        child.once("exit", (code, signal) => {
            const fail = () => {
                clearTimeout(timer);
                reject(
                    new CheckFailure(
                        `the program exited before it finished (${signal ? `signal ${signal}` : `exit code ${code}`}); a Pulumi program must not call process.exit`,
                    ),
                );
            };
            // The host exits as soon as its last message is written; a busy check (two runs in one
            // process) can see the exit before it reads that message from the IPC pipe. The channel
            // closes only after every message in it has been delivered: decide then.
            if (child.connected) child.once("disconnect", fail);
            else fail();
        });
        child.once("error", (e) => {
            clearTimeout(timer);
            reject(new CheckFailure(`cannot start the program host: ${e.message}`));
        });
    });
    child.send(job);
    try {
        const m = await reply;
        if (m.kind === "failed") {
            const where = m.where ? `\n    at ${path.relative(process.cwd(), m.where)}` : "";
            // The raw stack (the SDK's frames included) only on request: the user needs their own error and line.
            throw new CheckFailure(`the program failed: ${m.message}${where}`, process.env.OFFLINE_CHECK_DEBUG ? m.stack : undefined);
        }
        if (m.count !== received) throw new CheckFailure(`the program host sent ${received} of its ${m.count} resource records`);
        // Slots of registrations that failed stay empty.
        return { resources: bySlot.filter((r): r is ResourceRecord => r !== undefined), invokes: m.invokes, remote: m.remote };
    } finally {
        await stop(child);
    }
}
