/**
 * The offline check: run the program under mocks, send every resource through
 * the policy pack over the analyzer protocol, and build the report. The
 * program and the pack start in parallel (both take about a second); the pack
 * is stopped however this ends.
 */
import * as os from "os";
import * as path from "path";
import { AnalyzeQueue, AnalyzerViews } from "./analyzeQueue";
import { CheckReport, toReport } from "./checkReport";
import { RunScope, onLost } from "./children";
import { CheckFailure, errorMessage, quote } from "./errors";
import { ownPackageDir, stackPackConfigFile } from "./locations";
import { PackInfo, PackProcess, StackContext, checkPackDir } from "./pack";
import type { HostPool } from "./hostPool";
import type { PackPool } from "./packPool";
import { describePackConfig, readPackConfigFile, reconcilePackConfig } from "./packConfig";
import { MockAnswer, readMocksFile } from "./mocksFile";
import { runProgram } from "./program";
import { loadProject, ProjectInfo } from "./project";
import type { CheckMode } from "./records";
import { wireSentinels } from "./sdkInternals";

// What tests and the CLI import from here, moved by responsibility.
export { AnalyzeQueue, AnalyzerViews, defaultProviderName } from "./analyzeQueue";
export { NOT_ANALYSED_POLICY } from "./checkReport";
export type { CheckReport, ReportDiagnostic } from "./checkReport";
export { STACK_PACK_CONFIG_NAMES, bundledPackDir, ownPackageDir, stackPackConfigFile } from "./locations";

export interface CheckOptions {
    readonly programDir: string;
    readonly packDir: string;
    readonly stack?: string;
    readonly packConfigFile?: string;
    /** Time limit for the program, in seconds. */
    readonly timeoutSeconds: number;
    /** Time limit for the pack to report its port, in seconds. */
    readonly packStartTimeoutSeconds?: number;
    /** Type-check a TypeScript program with ts-node, as `pulumi` does by default. */
    readonly typecheck?: boolean;
    /** Cache what ts-node emits for a TypeScript program that is only transpiled (default true; see tsCache). */
    readonly cache?: boolean;
    /** Pack processes at most (default: defaultPackProcesses()); more than one only for a large backlog. */
    readonly packProcesses?: number;
    /** Records waiting for a pack before another pack process is started (default SHARD_BACKLOG). */
    readonly shardBacklog?: number;
    /** "preview" (default): computed outputs unknown, as `pulumi preview`; "up": every value known (canned). */
    readonly mode?: CheckMode;
    /** A --mocks file: the user's answers for invokes. */
    readonly mocksFile?: string;
    /** Enforcement of the diagnostic for a remote component that was not analysed (default mandatory). */
    readonly notAnalysed?: "mandatory" | "advisory";
    /** Started packs to take from and give back (tests and the bench; see PackPool). Default: fresh packs, stopped at the end. */
    readonly packs?: PackPool;
    /** Started program hosts to take from and give back (tests and the bench; see HostPool). Default: a fresh host, stopped at the end. */
    readonly hosts?: HostPool;
}

export interface CheckResult {
    readonly report: CheckReport;
    readonly project: ProjectInfo;
    readonly pack: PackInfo;
    readonly packDir: string;
    /** The pack config file used: given with --pack-config or, for this project's own stacks only, found beside the stack config. */
    readonly packConfigFile?: string;
    readonly invokes: readonly string[];
    readonly timings: {
        readonly programMs: number;
        readonly packStartMs: number;
        readonly analyzeMs: number;
        readonly totalMs: number;
        readonly packProcesses: number;
    };
}

/**
 * Records waiting for a pack before another pack process is started (a start costs about
 * a second of CPU; this many Analyze calls take several).
 */
export const SHARD_BACKLOG = 500;

/** How long a failed run waits for its Analyze calls in flight before it stops a pooled pack instead of keeping it. */
const ABANDON_WITHIN_MS = 5_000;

/** Pack processes at most, by default: one per core, up to 4 (the program host runs beside them only until it ends). */
export function defaultPackProcesses(): number {
    return Math.max(1, Math.min(4, os.availableParallelism()));
}

function ms(t0: bigint): number {
    return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Checks one program. Each run owns the processes it starts (RunScope) and stops only those, so
 * several runs may overlap in one process; a signal or process exit still stops them all.
 */
export function runCheck(opts: CheckOptions): Promise<CheckResult> {
    const scope = new RunScope();
    return scope.run(() => runCheckIn(scope, opts));
}

async function runCheckIn(scope: RunScope, opts: CheckOptions): Promise<CheckResult> {
    const t0 = process.hrtime.bigint();
    // Everything that can be checked without starting a process is checked first.
    const shardBacklog = opts.shardBacklog ?? SHARD_BACKLOG;
    if (!Number.isInteger(shardBacklog) || shardBacklog < 1) {
        throw new CheckFailure(`shardBacklog ${quote(shardBacklog)} must be a whole number of records, 1 or more`);
    }
    const project = loadProject(opts.programDir, opts.stack);
    const packConfigFile =
        opts.packConfigFile ?? (path.resolve(project.dir) === ownPackageDir() ? stackPackConfigFile(project) : undefined);
    const given = packConfigFile ? readPackConfigFile(packConfigFile) : {};
    const packDir = checkPackDir(opts.packDir).dir;
    const mocks: MockAnswer[] = opts.mocksFile ? readMocksFile(opts.mocksFile) : [];
    const mode = opts.mode ?? "preview";
    const ctx: StackContext = {
        project: project.name,
        stack: project.stack,
        organization: "organization",
        config: project.config,
        secretKeys: project.secretKeys,
    };

    const programStarted = process.hrtime.bigint();
    const views = new AnalyzerViews(project);
    const maxProcesses = opts.packProcesses ?? defaultPackProcesses();
    // Every pack process started, so that all are stopped however the check ends.
    const started: Promise<PackProcess>[] = [];
    const pool = opts.packs;
    const startPack = () => {
        const startOpts = { startTimeoutSeconds: opts.packStartTimeoutSeconds ?? 120 };
        const p = pool ? pool.acquire(packDir, ctx, startOpts) : PackProcess.start(packDir, ctx, startOpts);
        started.push(p);
        return p;
    };
    // Set once the run has judged everything: only then may a pooled pack serve another run.
    let finished = false;
    const configure = async (pack: PackProcess, info: PackInfo) => {
        const config = reconcilePackConfig(
            info,
            given,
            packConfigFile ? `pack config ${path.relative(process.cwd(), packConfigFile) || packConfigFile}` : "the pack's initial config",
        );
        await pack.configureStack(ctx);
        // A pooled pack may hold an earlier run's config: it always gets this run's, even when empty.
        if (Object.keys(config).length > 0 || pool) await pack.configure(config);
    };
    let firstInfo: PackInfo | undefined;
    let extraStarting = 0;
    const extraFailures: string[] = [];
    // Each extra pack's start and configuration, waited for before any pack goes back to a pool.
    const extras: Promise<void>[] = [];
    // A large backlog (a program registering thousands of resources) gets more pack processes, each configured like the first.
    // Looked at when records arrive, when the first pack is ready and when the program has ended.
    const shard = (backlog: number): void => {
        if (firstInfo === undefined || backlog < shardBacklog || queue.processes() + extraStarting >= maxProcesses) return;
        extraStarting++;
        const info = firstInfo;
        const extra = startPack()
            .then(async (pack) => {
                await configure(pack, info);
                queue.start(pack);
            })
            .catch((e: unknown) => {
                extraFailures.push(errorMessage(e));
            })
            .finally(() => extraStarting--);
        extras.push(extra);
    };
    const queue: AnalyzeQueue = new AnalyzeQueue(views, shard);
    let packReadyAt = programStarted;
    let programEndedAt = programStarted;
    // The pack starts and is configured while the program runs; resources go to Analyze as they are registered.
    const packStart = startPack();
    // The report needs the SDK's wire sentinels (a costly load): loaded while this process waits for the others.
    setImmediate(() => {
        try {
            wireSentinels();
        } catch {
            // Loaded again, and reported, when the report is made.
        }
    });
    const packReady = packStart.then(async (pack) => {
        const info = await pack.info();
        await configure(pack, info);
        packReadyAt = process.hrtime.bigint();
        firstInfo = info;
        queue.start(pack);
        shard(queue.backlog());
        return info;
    });
    // A process of the check that goes away (killed from outside) ends the run at once: everything else is
    // stopped, so whatever the run was waiting for fails, and this message comes first.
    let lostError: CheckFailure | undefined;
    let lostProcess: (e: CheckFailure) => void = () => undefined;
    const lost = new Promise<never>((_resolve, reject) => (lostProcess = reject));
    lost.catch(() => undefined);
    const unlisten = onLost((what) => {
        lostError ??= new CheckFailure(`${what}; the check stopped every other process it had started`);
        lostProcess(lostError);
        void scope.stop();
    });
    const [programRun, ready] = await Promise.allSettled([
        runProgram(
            project,
            {
                timeoutSeconds: opts.timeoutSeconds,
                typecheck: opts.typecheck === true,
                cache: opts.cache !== false,
                mode,
                mocks,
                hosts: opts.hosts,
            },
            (records) => queue.add(records),
        ).then((r) => {
            programEndedAt = process.hrtime.bigint();
            return r;
        }),
        packReady,
    ]);
    const pack = await packStart.catch(() => undefined);
    try {
        if (lostError) throw lostError;
        // A program error comes first: it is what the user has to fix before anything else.
        if (programRun.status === "rejected") throw programRun.reason;
        if (ready.status === "rejected") throw ready.reason;
        if (!pack) throw new CheckFailure("the policy pack did not start");
        const run = programRun.value;
        const info = ready.value;

        shard(queue.backlog());
        const judged = (async () => [...(await queue.finish()), ...(await pack.analyzeStack(views.stack(run.resources)))])();
        judged.catch(() => undefined);
        const diags = await Promise.race([lost, judged]);
        // Analyze time the overlap with the program did not hide: from when both were ready.
        const analyzeMs = ms(programEndedAt > packReadyAt ? programEndedAt : packReadyAt);
        // An extra process that failed only cost speed: the first judged everything it did not.
        for (const f of extraFailures)
            process.stderr.write(`offline check: an extra policy pack process did not start (${f}); the others judged its share\n`);
        finished = true;
        return {
            report: toReport(project, run.resources, diags, info, {
                mode,
                remote: run.remote,
                notAnalysed: opts.notAnalysed ?? "mandatory",
                packConfig: packConfigFile ? describePackConfig(packConfigFile, info, given) : null,
            }),
            project,
            pack: info,
            packDir,
            packConfigFile,
            invokes: run.invokes,
            timings: {
                programMs: Number(programEndedAt - programStarted) / 1e6,
                packStartMs: pack.startMs,
                analyzeMs,
                totalMs: ms(t0),
                packProcesses: queue.processes(),
            },
        };
    } finally {
        unlisten();
        const all = await Promise.allSettled(started);
        await Promise.allSettled(extras);
        // A run whose program failed (its own error, an exit, its time limit) leaves its packs sound:
        // once every Analyze call in flight has its answer, a pool may keep them as after a normal end.
        const reusable =
            finished ||
            (pool !== undefined &&
                lostError === undefined &&
                programRun.status === "rejected" &&
                ready.status === "fulfilled" &&
                (await queue.abandon(ABANDON_WITHIN_MS)));
        await Promise.all(
            all.map((r) =>
                r.status !== "fulfilled" ? undefined : pool?.owns(r.value) ? pool.release(r.value, reusable) : r.value.close(),
            ),
        );
        // Whatever this run left (the program host when it ended early): stopped, and waited for; the
        // watchdog too once no run has a process left.
        await scope.stop();
    }
}
