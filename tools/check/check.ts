/**
 * The offline check: run the program under mocks, send every resource through
 * the policy pack over the analyzer protocol, and build the report. The
 * program and the pack start in parallel (both take about a second); the pack
 * is stopped however this ends.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunScope, onLost } from "./children";
import { CheckFailure, errorMessage } from "./errors";
import { controlFromMessage, policyMeta } from "./metadata";
import { AnalyzerResource, Diagnostic, PackInfo, PackProcess, Severity, StackContext, checkPackDir } from "./pack";
import { PackConfigUsed, describePackConfig, readPackConfigFile, reconcilePackConfig } from "./packConfig";
import { MockAnswer, readMocksFile } from "./mocksFile";
import { runProgram } from "./program";
import { loadProject, ProjectInfo } from "./project";
import type { CheckMode, ResourceRecord, SlottedRecord, WireMap } from "./records";
import type { RemoteOutcome } from "./remote";
import { forDisplay } from "./wire";

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
    /** "preview" (default): computed outputs unknown, as `pulumi preview`; "up": every value known (canned). */
    readonly mode?: CheckMode;
    /** A --mocks file: the user's answers for invokes. */
    readonly mocksFile?: string;
    /** Enforcement of the diagnostic for a remote component that was not analysed (default mandatory). */
    readonly notAnalysed?: "mandatory" | "advisory";
}

/** The policy name of the check's own diagnostic for a remote component whose children were not judged. */
export const NOT_ANALYSED_POLICY = "offline-check-not-analysed";

/** The stable JSON shape (see docs/check.md). */
export interface CheckReport {
    readonly stack: string;
    /** Which evaluation ran: "preview" (unknowns as at `pulumi preview`) or "up" (every value known). */
    readonly mode: CheckMode;
    readonly resources: readonly {
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent: string | null;
        readonly inputs: unknown;
        readonly protect: boolean;
    }[];
    readonly diagnostics: readonly ReportDiagnostic[];
    /** Remote components: expanded here, inputs judged on purpose, or not analysed (their children unjudged). */
    readonly remoteComponents: readonly RemoteOutcome[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number; readonly notAnalysed: number };
    /** The pack config file used (path, sha256, what it weakens), or null when none was. */
    readonly packConfig: PackConfigUsed | null;
    /** The pack that judged (for the baseline's own pack, its version is the npm package's version). */
    readonly pack: { readonly name: string; readonly version: string };
    /** The stack config file the program ran with, relative to the working folder; null when the project has none (empty config). */
    readonly stackConfigFile: string | null;
}

export interface ReportDiagnostic {
    readonly policy: string;
    readonly control: string | null;
    readonly severity: Severity;
    readonly enforcement: "mandatory" | "advisory";
    readonly urn: string | null;
    readonly message: string;
    /** Where the program constructed the resource: file relative to the working folder ("/"-separated), line, column; null when unknown or stack-wide. */
    readonly source: { readonly file: string; readonly line: number; readonly column: number } | null;
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

/** How many Analyze calls are in flight at once per pack process (the engine also analyzes resources as they arrive, concurrently). */
const ANALYZE_WINDOW = 32;

/**
 * Records waiting for a pack before another pack process is started (a start costs about
 * a second of CPU; this many Analyze calls take several).
 */
export const SHARD_BACKLOG = 500;

/** Pack processes at most, by default: one per core, up to 4 (the program host runs beside them only until it ends). */
export function defaultPackProcesses(): number {
    return Math.max(1, Math.min(4, os.availableParallelism()));
}

function ms(t0: bigint): number {
    return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The engine's name for a default provider: `default_<version with underscores>`. */
export function defaultProviderName(version: string): string {
    return version === "" ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
}

function packageOf(type: string): string {
    return type.split(":")[0];
}

/**
 * The analyzer view of each record, built as records arrive: explicit providers are looked
 * up among the records seen so far, default providers are made up as the engine names them.
 */
export class AnalyzerViews {
    private readonly byUrn = new Map<string, ResourceRecord>();
    private readonly defaults = new Map<string, AnalyzerResource>();

    constructor(private readonly project: ProjectInfo) {}

    add(r: ResourceRecord): void {
        this.byUrn.set(r.urn, r);
    }

    /** True when the record's explicit provider (if any) has been added, so its view is complete. */
    ready(r: ResourceRecord): boolean {
        return !r.custom || r.type.startsWith("pulumi:providers:") || r.provider === "" || this.byUrn.has(providerUrn(r.provider));
    }

    /** What Analyze receives: the inputs. */
    inputs(r: ResourceRecord): AnalyzerResource {
        return this.view(r, r.inputs);
    }

    /** What AnalyzeStack receives: the default providers, then the state after the (canned) create, like the engine. */
    stack(records: readonly ResourceRecord[]): AnalyzerResource[] {
        const views = records.map((r) => this.view(r, r.outputs));
        return [...this.defaults.values(), ...views];
    }

    private providerConfig(pkg: string, version: string): WireMap {
        const props: WireMap = {};
        for (const [k, v] of Object.entries(this.project.config)) {
            if (k.startsWith(`${pkg}:`)) props[k.slice(pkg.length + 1)] = v;
        }
        if (version !== "") props.version = version;
        return props;
    }

    private providerFor(r: ResourceRecord): AnalyzerResource["provider"] {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        if (r.provider !== "") {
            const p = this.byUrn.get(providerUrn(r.provider));
            return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined;
        }
        const pkg = packageOf(r.type);
        const name = defaultProviderName(r.version);
        const urn = `urn:pulumi:${this.project.stack}::${this.project.name}::pulumi:providers:${pkg}::${name}`;
        let d = this.defaults.get(urn);
        if (!d) {
            d = {
                urn,
                type: `pulumi:providers:${pkg}`,
                name,
                properties: this.providerConfig(pkg, r.version),
                options: {
                    protect: false,
                    ignoreChanges: [],
                    additionalSecretOutputs: [],
                    aliases: [],
                    customTimeouts: { create: 0, update: 0, delete: 0 },
                    parent: "",
                },
                parent: "",
                dependencies: [],
                propertyDependencies: {},
            };
            this.defaults.set(urn, d);
        }
        return { urn: d.urn, type: d.type, name: d.name, properties: d.properties };
    }

    private view(r: ResourceRecord, properties: WireMap): AnalyzerResource {
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties,
            options: {
                protect: r.protect,
                ignoreChanges: r.ignoreChanges,
                deleteBeforeReplace: r.deleteBeforeReplace,
                additionalSecretOutputs: r.additionalSecretOutputs,
                aliases: r.aliases,
                customTimeouts: r.customTimeouts,
                parent: r.parent,
            },
            provider: this.providerFor(r),
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        };
    }
}

/** The URN part of a provider reference `urn::id`. */
function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

/** A pack process taking Analyze calls, and how many of them it has in flight. */
interface PackSlot {
    readonly pack: Pick<PackProcess, "analyze">;
    inFlight: number;
}

/**
 * Sends records to Analyze as they arrive, at most ANALYZE_WINDOW calls in flight per pack
 * process, once a pack is configured (the engine, too, analyzes each resource as it is
 * registered). More pack processes can join at any time (`start`); each call goes to the
 * one with the fewest calls in flight. Every pack process runs the same pack with the same
 * config and a resource policy sees one resource, so which process judged a resource does
 * not change its diagnostics. They are kept at the record's registration slot, so the
 * report's order does not depend on timing either. A record whose explicit provider has
 * not arrived yet waits for the end.
 */
export class AnalyzeQueue {
    private readonly queue: SlottedRecord[] = [];
    private head = 0;
    private readonly waiting: SlottedRecord[] = [];
    private readonly results: Diagnostic[][] = [];
    private readonly packs: PackSlot[] = [];
    private inFlight = 0;
    private error: unknown;
    private idle: (() => void) | undefined;
    private ending = false;

    /** `onBacklog` is told how many records wait for a pack after each batch arrives. */
    constructor(
        private readonly views: AnalyzerViews,
        private readonly onBacklog?: (backlog: number) => void,
    ) {}

    add(records: readonly SlottedRecord[]): void {
        for (const r of records) {
            this.views.add(r.record);
            this.queue.push(r);
        }
        this.pump();
        this.onBacklog?.(this.backlog());
    }

    /** Records not yet sent to a pack. */
    backlog(): number {
        return this.queue.length - this.head + this.waiting.length;
    }

    /** How many pack processes take calls. */
    processes(): number {
        return this.packs.length;
    }

    start(pack: Pick<PackProcess, "analyze">): void {
        this.packs.push({ pack, inFlight: 0 });
        this.pump();
    }

    /** Analyzes what is left (records that waited for their provider included); every diagnostic, in slot order. */
    async finish(): Promise<Diagnostic[]> {
        this.ending = true;
        this.queue.push(...this.waiting.splice(0));
        this.pump();
        while (this.error === undefined && (this.inFlight > 0 || this.head < this.queue.length)) {
            await new Promise<void>((resolve) => (this.idle = resolve));
        }
        if (this.error !== undefined) throw this.error;
        return this.results.flatMap((d) => d ?? []);
    }

    private leastBusy(): PackSlot | undefined {
        let best: PackSlot | undefined;
        for (const p of this.packs) {
            if (p.inFlight < ANALYZE_WINDOW && (best === undefined || p.inFlight < best.inFlight)) best = p;
        }
        return best;
    }

    private pump(): void {
        while (this.error === undefined && this.head < this.queue.length) {
            const target = this.leastBusy();
            if (target === undefined) break;
            const next = this.queue[this.head++];
            if (!this.ending && !this.views.ready(next.record)) {
                this.waiting.push(next);
                continue;
            }
            target.inFlight++;
            this.inFlight++;
            target.pack.analyze(this.views.inputs(next.record)).then(
                (d) => {
                    this.results[next.slot] = d;
                    this.settled(target);
                },
                (e: unknown) => {
                    this.error ??= e;
                    this.settled(target);
                },
            );
        }
        if (this.head === this.queue.length && this.head > 0) {
            this.queue.length = 0;
            this.head = 0;
        }
    }

    private settled(target: PackSlot): void {
        target.inFlight--;
        this.inFlight--;
        this.pump();
        const idle = this.idle;
        this.idle = undefined;
        idle?.();
    }
}

/** A file relative to the working folder when it is inside it, else absolute; "/"-separated. */
function displayPath(file: string): string {
    const rel = path.relative(process.cwd(), file);
    return (rel.startsWith("..") || path.isAbsolute(rel) ? file : rel).split(path.sep).join("/");
}

function reportSource(source: ResourceRecord["source"]): ReportDiagnostic["source"] {
    if (!source) return null;
    return { file: displayPath(source.file), line: source.line, column: source.column };
}

/** The check's own diagnostic for each remote component whose children nobody judged. */
function notAnalysedDiagnostics(
    remote: readonly RemoteOutcome[],
    enforcement: "mandatory" | "advisory",
    sources: ReadonlyMap<string, ResourceRecord["source"]>,
): ReportDiagnostic[] {
    return remote
        .filter((r) => r.handled === "not-analysed")
        .map((r) => ({
            policy: NOT_ANALYSED_POLICY,
            control: null,
            severity: "high",
            enforcement,
            urn: r.urn,
            message:
                `remote component ${r.type} was not analysed: ${r.reason ?? "its children are built by its provider"}. ` +
                "Its children were not judged by any policy; a real preview may block them. Fix: judge the stack with `pulumi preview --policy-pack`, " +
                "or accept the gap with --not-analysed advisory.",
            source: reportSource(sources.get(r.urn)),
        }));
}

function toReport(
    project: ProjectInfo,
    records: readonly ResourceRecord[],
    diags: readonly Diagnostic[],
    pack: PackInfo,
    run: { mode: CheckMode; remote: readonly RemoteOutcome[]; notAnalysed: "mandatory" | "advisory"; packConfig: PackConfigUsed | null },
): CheckReport {
    const policies = new Map(pack.policies.map((p) => [p.name, p]));
    const sources = new Map(records.map((r) => [r.urn, r.source]));
    const diagnostics: ReportDiagnostic[] = [
        ...diags
            .filter((d) => d.enforcement !== "disabled")
            .map((d): ReportDiagnostic => {
                const p = policies.get(d.policy);
                return {
                    policy: d.policy,
                    control: policyMeta(p).control ?? controlFromMessage(d.message),
                    severity: d.severity !== "unspecified" ? d.severity : (p?.severity ?? "unspecified"),
                    // The server reports a remediate-level violation as mandatory; keep two levels in the report.
                    enforcement: d.enforcement === "advisory" ? "advisory" : "mandatory",
                    urn: d.urn === "" ? null : d.urn,
                    message: d.message,
                    source: reportSource(sources.get(d.urn)),
                };
            }),
        ...notAnalysedDiagnostics(run.remote, run.notAnalysed, sources),
    ];
    return {
        stack: project.stack,
        mode: run.mode,
        resources: records.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent === "" ? null : r.parent,
            inputs: forDisplay(r.inputs),
            protect: r.protect,
        })),
        diagnostics,
        remoteComponents: run.remote,
        summary: {
            resources: records.length,
            mandatory: diagnostics.filter((d) => d.enforcement === "mandatory").length,
            advisory: diagnostics.filter((d) => d.enforcement === "advisory").length,
            notAnalysed: run.remote.filter((r) => r.handled === "not-analysed").length,
        },
        packConfig: run.packConfig,
        pack: { name: pack.name, version: pack.version },
        stackConfigFile: project.stackConfigFile === null ? null : displayPath(project.stackConfigFile),
    };
}

/** Pack config files a stack may keep beside its config file, tried in this order. */
export const STACK_PACK_CONFIG_NAMES = (stack: string): string[] => [`policy-pack.${stack}.json`, `policy-pack.${stack}.yaml`];

/** The folder of the package the check belongs to (this repository, or the installed npm package): the first one up holding a package.json. */
export function ownPackageDir(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    }
    return path.resolve(__dirname, "..", "..");
}

/**
 * The pack config one of this project's stacks keeps beside its `Pulumi.<stack>.yaml` (for example
 * the principals it allows to be cluster admins). Used only when the program is this repository and
 * --pack-config is not given: another program's folder never supplies a pack config by itself (a
 * file there could turn policies off unseen). The report names the file, its hash and what it weakens.
 * `pulumi preview --policy-pack-config <file>` takes the same file.
 */
export function stackPackConfigFile(project: ProjectInfo): string | undefined {
    if (project.stackConfigFile === null) return undefined;
    const dir = path.dirname(project.stackConfigFile);
    return STACK_PACK_CONFIG_NAMES(project.stack)
        .map((n) => path.join(dir, n))
        .find((f) => fs.existsSync(f));
}

/** The pack used when --pack is not given: the one this package ships (policy-pack/ beside its package.json), wherever the check runs from. */
export function bundledPackDir(): string {
    return path.join(ownPackageDir(), "policy-pack");
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
    const startPack = () => {
        const p = PackProcess.start(packDir, ctx, { startTimeoutSeconds: opts.packStartTimeoutSeconds ?? 120 });
        started.push(p);
        return p;
    };
    const configure = async (pack: PackProcess, info: PackInfo) => {
        const config = reconcilePackConfig(
            info,
            given,
            packConfigFile ? `pack config ${path.relative(process.cwd(), packConfigFile) || packConfigFile}` : "the pack's initial config",
        );
        await pack.configureStack(ctx);
        if (Object.keys(config).length > 0) await pack.configure(config);
    };
    let firstInfo: PackInfo | undefined;
    let extraStarting = 0;
    const extraFailures: string[] = [];
    // A large backlog (a program registering thousands of resources) gets more pack processes, each configured like the first.
    // Looked at when records arrive, when the first pack is ready and when the program has ended.
    const shard = (backlog: number): void => {
        if (firstInfo === undefined || backlog < SHARD_BACKLOG || queue.processes() + extraStarting >= maxProcesses) return;
        extraStarting++;
        const info = firstInfo;
        startPack()
            .then(async (pack) => {
                await configure(pack, info);
                queue.start(pack);
            })
            .catch((e: unknown) => extraFailures.push(errorMessage(e)))
            .finally(() => extraStarting--);
    };
    const queue: AnalyzeQueue = new AnalyzeQueue(views, shard);
    let packReadyAt = programStarted;
    let programEndedAt = programStarted;
    // The pack starts and is configured while the program runs; resources go to Analyze as they are registered.
    const packStart = startPack();
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
            { timeoutSeconds: opts.timeoutSeconds, typecheck: opts.typecheck === true, cache: opts.cache !== false, mode, mocks },
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
        await Promise.all(all.map((r) => (r.status === "fulfilled" ? r.value.close() : undefined)));
        // Whatever this run left (the program host when it ended early): stopped, and waited for; the
        // watchdog too once no run has a process left.
        await scope.stop();
    }
}
