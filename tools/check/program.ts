/**
 * Runs a Pulumi program in a child process (see programHost) under a time
 * limit and returns its resource records, or throws a CheckFailure that shows
 * the program's own error and where it happened.
 */
import { fork } from "child_process";
import * as path from "path";
import { track, stop } from "./children";
import { CheckFailure } from "./errors";
import type { HostPool } from "./hostPool";
import type { ProjectInfo } from "./project";
import type { MockAnswer } from "./mocksFile";
import type { CheckMode, ProgramJob, ProgramReply, ResourceRecord, SlottedRecord } from "./records";
import type { RemoteOutcome } from "./remote";

export interface ProgramRun {
    readonly resources: readonly ResourceRecord[];
    readonly invokes: readonly string[];
    readonly remote: readonly RemoteOutcome[];
}

/** The host next to this file (or `given`): compiled JS in dist, or TypeScript when the check itself runs under ts-node. */
function hostEntry(given?: string): { file: string; execArgv: string[] } {
    const file = given ?? path.join(__dirname, `programHost${path.extname(__filename)}`);
    const ext = path.extname(file);
    // From TypeScript (development): the repository's ts-node register, which caches what it transpiles.
    const register = path.join(__dirname, "..", "ts-register.js");
    return { file, execArgv: [...HOST_NODE_FLAGS, ...(ext === ".ts" ? ["-r", register] : [])] };
}

/**
 * Node flags of the program host. The mock run allocates a few short-lived promises and
 * outputs per property of every resource; a 64 MiB young generation lets most of them die
 * there instead of being promoted and marked again and again (10,000 resources: about
 * 14.6 s to 11.5 s of program time, measured with the bench's generated program).
 */
export const HOST_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];

/** Which pooled hosts can run a program: the host's own file and the SDK copy the program resolves. */
function poolKey(file: string, projectDir: string): string {
    let sdk = "";
    try {
        sdk = require.resolve("@pulumi/pulumi", { paths: [projectDir, __dirname] });
    } catch {
        // The host reports it, with the program's own words.
    }
    return `${file}\0${sdk}`;
}

/**
 * Runs the program; `onRecords` (optional) gets each batch of records as the registrations
 * complete, before the program ends. The result lists every record in registration order.
 * With `hosts`, the program runs in a kept host (see HostPool) instead of a new one.
 */
export async function runProgram(
    project: ProjectInfo,
    opts: {
        timeoutSeconds: number;
        typecheck: boolean;
        cache: boolean;
        mode?: CheckMode;
        mocks?: readonly MockAnswer[];
        hosts?: HostPool;
    },
    onRecords?: (records: readonly SlottedRecord[]) => void,
    retries = 1,
): Promise<ProgramRun> {
    const pool = opts.hosts;
    const { file, execArgv } = hostEntry(pool?.opts.entry);
    const start = () =>
        track(
            fork(file, pool ? ["--reusable"] : [], {
                cwd: project.dir,
                execArgv,
                stdio: ["ignore", "pipe", "pipe", "ipc"],
                env: { ...process.env, PULUMI_NODEJS_PROJECT: project.name, PULUMI_NODEJS_STACK: project.stack },
            }),
            "the program host",
        );
    const child = pool ? pool.acquire(poolKey(file, project.dir), start) : start();
    // The program's own console output goes to our stderr, so stdout stays clean for JSON/SARIF.
    const echo = (d: Buffer) => process.stderr.write(d);
    child.stdout?.on("data", echo);
    child.stderr?.on("data", echo);

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
    // Removed when the run ends: a pooled host serves other runs after this one.
    type Listener = (...a: unknown[]) => void;
    const listeners: [string, Listener][] = [];
    const on = <A extends unknown[]>(event: string, fn: (...a: A) => void, once = false) => {
        const l = fn as unknown as Listener;
        listeners.push([event, l]);
        if (once) child.once(event, l);
        else child.on(event, l);
    };
    const reply = new Promise<Exclude<ProgramReply, { kind: "resources" }>>((resolve, reject) => {
        const timer = setTimeout(() => {
            reject(
                new CheckFailure(
                    `the program did not finish within ${opts.timeoutSeconds} s and was stopped (raise the limit with --timeout SECONDS if it is just slow)`,
                ),
            );
        }, opts.timeoutSeconds * 1000);
        on("message", (m: ProgramReply) => {
            if (m.kind === "unfit") {
                clearTimeout(timer);
                resolve(m);
                return;
            }
            if (m.kind === "resources") {
                for (const r of m.records) bySlot[r.slot] = r.record;
                received += m.records.length;
                onRecords?.(m.records);
                return;
            }
            clearTimeout(timer);
            resolve(m);
        });
        on(
            "exit",
            (code: number | null, signal: NodeJS.Signals | null) => {
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
                if (child.connected) on("disconnect", fail, true);
                else fail();
            },
            true,
        );
        on(
            "error",
            (e: Error) => {
                clearTimeout(timer);
                reject(new CheckFailure(`cannot start the program host: ${e.message}`));
            },
            true,
        );
    });
    child.send(job);
    let m: Exclude<ProgramReply, { kind: "resources" }>;
    let kept = false;
    try {
        m = await reply;
        // Kept only when it said it stays and the run is sound (a lost record is the check's failure).
        kept = m.kind !== "unfit" && m.kept === true && (m.kind === "failed" || m.count === received);
    } finally {
        for (const [event, fn] of listeners) child.removeListener(event, fn);
        child.stdout?.removeListener("data", echo);
        child.stderr?.removeListener("data", echo);
        if (pool) await pool.release(child, kept);
        else await stop(child);
    }
    if (m.kind === "unfit") {
        // A kept host that an earlier program left unfit ran nothing of this one: run it in a new host.
        if (retries <= 0) throw new CheckFailure(`the program host cannot run the program: ${m.reason}`);
        return runProgram(project, opts, onRecords, retries - 1);
    }
    if (m.kind === "failed") {
        const where = m.where ? `\n    at ${path.relative(process.cwd(), m.where)}` : "";
        // The raw stack (the SDK's frames included) only on request: the user needs their own error and line.
        throw new CheckFailure(`the program failed: ${m.message}${where}`, process.env.OFFLINE_CHECK_DEBUG ? m.stack : undefined);
    }
    if (m.count !== received) throw new CheckFailure(`the program host sent ${received} of its ${m.count} resource records`);
    // Slots of registrations that failed stay empty.
    return { resources: bySlot.filter((r): r is ResourceRecord => r !== undefined), invokes: m.invokes, remote: m.remote };
}
