/**
 * Child-process entry: runs one Pulumi program under the SDK's mock runtime,
 * inside a real stack resource, and sends back one record per registered
 * resource. It records what the SDK sends to the resource monitor (the same
 * request the engine would get: parent, dependencies, property dependencies,
 * protect, provider, serialized inputs) by wrapping the mock monitor's
 * `registerResource`, and the state the canned cloud answers with.
 *
 * It runs in its own process because a program may hang, exit, or leave
 * handles open, and because the SDK's runtime state is process-global.
 */
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import { userCallsite } from "./callsite";
import { cannedInvoke, mockResourceState, UnmockedInvokeError } from "./canned";
import { previewResourceState, SchemaIndex } from "./computed";
import { findMock } from "./mocksFile";
import type { ProgramJob, ProgramReply, ResourceRecord, SlottedRecord } from "./records";
import { expandYamlV2, INPUTS_JUDGED_NOTE, REMOTE_COMPONENTS, RemoteOutcome } from "./remote";
import { durationSeconds, engineUrn } from "./engine";
import { cacheCompile, cacheDir, TsNodeService } from "./tsCache";
import { toAnalyzerMap } from "./wire";

// Minimal shapes of the SDK internals and protobuf messages used here (they ship untyped or internal).
interface ProtoStruct {
    toJavaScript(): Record<string, unknown>;
}
interface UrnList {
    getUrnsList(): string[];
}
interface ProtoMap<V> {
    forEach(cb: (v: V, k: string) => void): void;
}
interface Timeouts {
    getCreate(): string;
    getUpdate(): string;
    getDelete(): string;
}
interface AliasProto {
    getUrn(): string;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): ProtoStruct | undefined;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getProvider(): string;
    getVersion(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): ProtoMap<UrnList>;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getAliasurnsList(): string[];
    getAliasesList(): AliasProto[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getCustomtimeouts(): Timeouts | undefined;
    getSourceposition?(): { getUri(): string; getLine(): number; getColumn(): number } | undefined;
    getRemote(): boolean;
    getProvidersMap(): ProtoMap<string>;
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): ProtoStruct | undefined;
}
type Callback = (err: unknown, resp?: RegisterResponse) => void;
interface Monitor {
    registerResource(req: RegisterRequest, cb: Callback): void;
    newUrn(parent: string, type: string, name: string): string;
}
interface MockArgs {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    custom?: boolean;
    id?: string;
}
interface PulumiSdk {
    runtime: {
        setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
        setMocks(
            m: {
                newResource(a: MockArgs): { id: string; state: Record<string, unknown> };
                call(a: { token: string; inputs: Record<string, unknown> }): Record<string, unknown>;
            },
            project: string,
            stack: string,
            preview: boolean,
        ): Promise<void>;
        runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
        disconnect(): Promise<void>;
    };
}
interface TsNode {
    register(opts: Record<string, unknown> | TsNodeService): unknown;
    create(opts: Record<string, unknown>): TsNodeService;
}
interface DebuggableModule {
    debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
}
interface StateModule {
    getStore?: () => { leakCandidates?: Set<Promise<unknown>> };
}
interface ResourceClass {
    callsites?: () => unknown[];
    stackTrace?: (skip: number) => ({ uri: string; line: number; column: number } | undefined)[];
}
type InvokeFn = (tok: string, ...rest: unknown[]) => unknown;

/** Loads a module found at run time (the program's own SDK, ts-node, the program itself). */
function load<T>(id: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
    return require(id) as T;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
function record(req: RegisterRequest, resp: RegisterResponse): ResourceRecord {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
    });
    const t = req.getCustomtimeouts();
    const aliases = [
        ...req.getAliasurnsList(),
        ...req
            .getAliasesList()
            .map((a) => a.getUrn())
            .filter((u) => u !== ""),
    ];
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        inputs: toAnalyzerMap(req.getObject()?.toJavaScript() ?? {}),
        outputs: toAnalyzerMap(resp.getObject()?.toJavaScript() ?? {}),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        provider: req.getProvider(),
        version: req.getVersion(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases,
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        customTimeouts: {
            create: t ? durationSeconds(t.getCreate()) : 0,
            update: t ? durationSeconds(t.getUpdate()) : 0,
            delete: t ? durationSeconds(t.getDelete()) : 0,
        },
        source: sourceOf(req),
    };
}

/** The program's line that constructed the resource, as the SDK sent it to the monitor (see userCallsite). */
function sourceOf(req: RegisterRequest): ResourceRecord["source"] {
    const pos = req.getSourceposition?.();
    if (!pos || !pos.getUri().startsWith("file:")) return undefined;
    return { file: fileURLToPath(pos.getUri()), line: pos.getLine(), column: pos.getColumn() };
}

/**
 * Turns off two pieces of the SDK's debugging instrumentation that cost most of the mock
 * run's time on large programs (profiled: 10,000 resources spent about 60% of the program's
 * CPU and most of its garbage collection in them) and that nothing the check reports
 * depends on:
 *  - `debuggablePromise` attaches `new Error().stack` and two more properties to every
 *    internal promise (several per output property of every resource), for the message
 *    `PULUMI_DEBUG_PROMISE_LEAKS` prints. The leak tracking itself is kept: the first call
 *    goes to the SDK (which schedules its exit-time report), later ones add and remove
 *    the promise from the same set the report reads. With PULUMI_DEBUG_PROMISE_LEAKS set,
 *    nothing is changed.
 *  - `Resource.callsites` walks the whole stack (limit raised to infinity) for every
 *    resource to give the engine its source position. `Resource.stackTrace`, its only
 *    caller, is replaced by userCallsite: a stack of CALLSITE_FRAMES frames, the first
 *    frame of the program's own code kept (the report points at it).
 * Each is changed only if the SDK still has the shape this expects; otherwise the SDK's
 * own code runs unchanged (slower, same results).
 */
export function lightenSdkInstrumentation(pulumiDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
    const changed: string[] = [];
    const debuggable = load<DebuggableModule>(path.join(pulumiDir, "runtime", "debuggable"));
    const state = load<StateModule>(path.join(pulumiDir, "runtime", "state"));
    const original = debuggable.debuggablePromise;
    if (!env.PULUMI_DEBUG_PROMISE_LEAKS && typeof original === "function" && typeof state.getStore === "function") {
        const getStore = state.getStore;
        let scheduled = false;
        debuggable.debuggablePromise = (p, ctx) => {
            const leaks = getStore().leakCandidates;
            if (!scheduled || !(leaks instanceof Set)) {
                scheduled = true;
                return original(p, ctx);
            }
            leaks.add(p);
            return p.then(
                (v) => {
                    leaks.delete(p);
                    return v;
                },
                (e: unknown) => {
                    leaks.delete(p);
                    if (typeof e === "object" && e !== null) (e as { promise?: unknown }).promise = p;
                    throw e;
                },
            );
        };
        changed.push("debuggablePromise");
    }
    const resource = load<{ Resource?: ResourceClass }>(path.join(pulumiDir, "resource")).Resource;
    if (resource && typeof resource.callsites === "function") {
        resource.callsites = () => [];
        changed.push("Resource.callsites");
    }
    // The one position the report uses (the resource's source position, sent to the monitor), found cheaply.
    if (resource && typeof resource.stackTrace === "function") {
        resource.stackTrace = () => {
            const site = userCallsite();
            return site ? [site] : [];
        };
        changed.push("Resource.stackTrace");
    }
    return changed;
}

/** Registers ts-node for the program the way `@pulumi/pulumi/cmd/run` does: the program's tsconfig.json, its compiler options on top of Pulumi's defaults. */
function registerTypeScript(job: ProgramJob, pulumiDir: string): void {
    const fromProgram = (id: string) => require.resolve(id, { paths: [job.projectDir, __dirname] });
    const tsconfig = path.join(job.projectDir, "tsconfig.json");
    const hasTsconfig = fs.existsSync(tsconfig);
    const tsutils = load<{ loadTypeScriptCompilerOptions(p: string): Record<string, unknown> }>(path.join(pulumiDir, "tsutils"));
    const compilerOptions = hasTsconfig ? tsutils.loadTypeScriptCompilerOptions(tsconfig) : {};
    const envTranspileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = envTranspileOnly !== undefined && envTranspileOnly !== "" ? envTranspileOnly === "true" : !job.typecheck;
    // When the check itself runs from TypeScript, its own ts-node instance must not compile the program a second time.
    const outer = (process as unknown as Record<symbol, { enabled(on?: boolean): boolean } | undefined>)[
        Symbol.for("ts-node.register.instance")
    ];
    outer?.enabled(false);
    const tsNodeEntry = fromProgram("ts-node");
    const tsn = load<TsNode>(tsNodeEntry);
    const options = {
        compiler: fromProgram("typescript"),
        transpileOnly,
        project: hasTsconfig ? tsconfig : undefined,
        skipProject: !hasTsconfig,
        compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true, ...compilerOptions },
    };
    if (!transpileOnly || !job.cache) {
        tsn.register(options);
        return;
    }
    // Same service, same options; only its compile step goes through the cache (see tsCache).
    const service = tsn.create(options);
    const tsNodeDir = path.dirname(require.resolve("ts-node/package.json", { paths: [path.dirname(tsNodeEntry)] }));
    const tsNodeVersion = load<{ version: string }>(path.join(tsNodeDir, "package.json")).version;
    const { served } = cacheCompile(service, cacheDir(job.projectDir), tsNodeVersion);
    tsn.register(service);
    // ts-node maps stack traces with the output it compiled itself; hits come from the cache.
    const sourceMapSupport = load<{ install(o: { retrieveFile(p: string): string | null }): void }>(
        require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] }),
    );
    sourceMapSupport.install({ retrieveFile: (p) => served(p) ?? null });
}

/** The first stack frame inside the program (not in node_modules, not ours), with source maps applied by ts-node. */
export function programLocation(stack: string | undefined, projectDir: string): string | undefined {
    for (const line of (stack ?? "").split("\n")) {
        const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
        if (!m) continue;
        const file = m[1];
        if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(__dirname)) continue;
        if (!file.startsWith(projectDir + path.sep) && !file.startsWith(path.dirname(projectDir))) continue;
        return `${file}:${m[2]}:${m[3]}`;
    }
    return undefined;
}

async function run(job: ProgramJob): Promise<ProgramReply> {
    process.chdir(job.projectDir);
    // Use the SDK copy the program itself resolves, so the mocks apply to the runtime it registers with.
    const pulumiEntry = require.resolve("@pulumi/pulumi", { paths: [job.projectDir, __dirname] });
    const pulumiDir = path.dirname(pulumiEntry);
    const pulumi = load<PulumiSdk>(pulumiEntry);
    const settings = load<{ getMonitor(): Monitor }>(path.join(pulumiDir, "runtime", "settings"));
    lightenSdkInstrumentation(pulumiDir);

    process.env.PULUMI_NODEJS_PROJECT = job.project;
    process.env.PULUMI_NODEJS_STACK = job.stack;
    pulumi.runtime.setAllConfig({ ...job.config }, [...job.secretKeys]);
    const preview = job.mode === "preview";
    const schemas = new SchemaIndex(job.projectDir);
    const invokes: string[] = [];
    sites = recordInvokeSites(pulumiDir, job.projectDir);
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => newResourceState(a, preview, schemas),
            call: (a) => {
                invokes.push(a.token);
                const mock = findMock(job.mocks, a.token, a.inputs);
                if (mock) return { ...mock.result };
                try {
                    return cannedInvoke(a.token, a.inputs);
                } catch (e) {
                    if (e instanceof UnmockedInvokeError) unanswered.push({ token: a.token, where: sites.get(a.token) });
                    // The SDK rebuilds an invoke failure from the error's gRPC `details`; carry the message there.
                    throw Object.assign(new Error(errorText(e)), { details: errorText(e) });
                }
            },
        },
        job.project,
        job.stack,
        preview,
    );

    let slots = 0;
    let sent = 0;
    const remote: RemoteOutcome[] = [];
    const monitor = settings.getMonitor();
    monitor.newUrn = (parent, type, name) => engineUrn(job.stack, job.project, parent, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const slot = slots++;
        register(req, (err, resp) => {
            if (!err && resp) {
                const r = record(req, resp);
                stream({ slot, record: r });
                sent++;
                if (req.getRemote() && !req.getCustom()) {
                    const children = remoteChildren(r, req, job, preview, schemas, remote);
                    for (const child of children) {
                        stream({ slot: slots++, record: child });
                        sent++;
                    }
                }
            }
            cb(err, resp);
        });
    };

    if (job.typescript) registerTypeScript(job, pulumiDir);
    await pulumi.runtime.runInPulumiStack(async () => {
        const exported = load<unknown>(job.main);
        return await (typeof exported === "function" ? (exported as () => unknown)() : exported);
    });
    await pulumi.runtime.disconnect();
    flush();
    // An Output-form invoke that failed leaves no error behind: its dependents are just never registered.
    if (unanswered.length > 0) return unansweredFailure();
    return { kind: "done", count: sent, invokes, remote };
}

/**
 * The state the mock engine answers a registration with. Preview: a new custom resource's
 * computed outputs and id are unknown; a component echoes its inputs. Up: canned values.
 * A read or import (`get`, `import`) has a known id in both modes: the engine reads it.
 */
function newResourceState(a: MockArgs, preview: boolean, schemas: SchemaIndex): { id: string; state: Record<string, unknown> } {
    if (!preview || (typeof a.id === "string" && a.id !== "")) {
        const canned = mockResourceState(a.type, a.name, a.inputs);
        return typeof a.id === "string" && a.id !== "" ? { ...canned, id: a.id } : canned;
    }
    if (a.custom === false) return { id: "", state: a.inputs };
    return previewResourceState(a.type, a.name, a.inputs, schemas.get(a.type));
}

/** Invokes no answer was found for, with where the program called them. */
const unanswered: { token: string; where: string | undefined }[] = [];
let sites: Map<string, string> = new Map();

function unansweredFailure(): ProgramReply {
    const first = unanswered[0];
    const tokens = [...new Set(unanswered.map((u) => u.token))];
    const where = first.where;
    return {
        kind: "failed",
        message: `${new UnmockedInvokeError(first.token).message}${tokens.length > 1 ? ` (also unanswered: ${tokens.slice(1).join(", ")})` : ""}`,
        where,
    };
}

/**
 * Wraps the SDK's invoke entry points (promise and Output forms) to note, per token, the
 * first place in the program that called it: the mock's answer runs later, off the
 * program's stack. The wrappers only look at the stack and call the SDK's own function.
 */
function recordInvokeSites(pulumiDir: string, projectDir: string): Map<string, string> {
    const found = new Map<string, string>();
    // `pulumi.runtime` copied the functions when it loaded: both objects are changed.
    const mods = ["invoke", "index"].map((m) => load<Record<string, unknown>>(path.join(pulumiDir, "runtime", m)));
    for (const name of ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"]) {
        const original = mods[0][name];
        if (typeof original !== "function") continue;
        const wrapped = function (this: unknown, tok: string, ...rest: unknown[]) {
            if (!found.has(tok)) {
                const where = programLocation(new Error().stack, projectDir);
                if (where) found.set(tok, where);
            }
            return (original as InvokeFn).call(this, tok, ...rest);
        };
        for (const mod of mods) if (mod[name] === original) mod[name] = wrapped;
    }
    return found;
}

/** The children of a remote component built here, or none (its outcome says why). */
function remoteChildren(
    r: ResourceRecord,
    req: RegisterRequest,
    job: ProgramJob,
    preview: boolean,
    schemas: SchemaIndex,
    remote: RemoteOutcome[],
): ResourceRecord[] {
    const how = REMOTE_COMPONENTS[r.type];
    if (how === "inputs-judged") {
        remote.push({ urn: r.urn, type: r.type, handled: "inputs-judged", note: INPUTS_JUDGED_NOTE });
        return [];
    }
    if (how !== "expand") {
        remote.push({
            urn: r.urn,
            type: r.type,
            handled: "not-analysed",
            reason: "its provider builds its children at deployment; the offline check cannot expand this type",
        });
        return [];
    }
    let provider = "";
    req.getProvidersMap().forEach((v, k) => {
        if (k === "kubernetes") provider = v;
    });
    if (provider === "") provider = req.getProvider();
    const out = expandYamlV2(r, {
        projectDir: job.projectDir,
        project: job.project,
        stack: job.stack,
        preview,
        schema: (t) => schemas.get(t),
        provider,
    });
    if (!Array.isArray(out)) {
        remote.push({ urn: r.urn, type: r.type, handled: "not-analysed", reason: out.reason });
        return [];
    }
    remote.push({ urn: r.urn, type: r.type, handled: "expanded", children: out.length });
    return out;
}

let batch: SlottedRecord[] = [];
let flushScheduled = false;

/** Sends the records gathered so far (one IPC message per turn of the event loop, not per resource). */
function flush(): void {
    flushScheduled = false;
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    send({ kind: "resources", records });
}

/**
 * Records per IPC message at most. Registrations often complete in one long run of
 * microtasks (a loop creating many resources), during which a scheduled flush cannot run:
 * sending every STREAM_BATCH records keeps the pack busy while the program still runs.
 */
export const STREAM_BATCH = 64;

function stream(r: SlottedRecord): void {
    batch.push(r);
    if (batch.length >= STREAM_BATCH) {
        flush();
    } else if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
    }
}

function send(msg: ProgramReply, then: () => void = () => undefined): void {
    if (process.send) {
        process.send(msg, then);
    } else {
        // Run by hand (no IPC channel): one JSON message per line.
        process.stdout.write(`${JSON.stringify(msg)}\n`, then);
    }
}

function failure(e: unknown, projectDir: string): ProgramReply {
    // A promise-form invoke with no answer rejects in the SDK, away from the program's line: say which invoke and where.
    if (unanswered.length > 0) return unansweredFailure();
    const err = e instanceof Error ? e : new Error(String(e));
    // ts-node reports compile errors with the location inside the message.
    const where = err.name === "TSError" ? undefined : programLocation(err.stack, projectDir);
    return { kind: "failed", message: err.message, where, stack: err.stack };
}

let replied = false;
function reply(msg: ProgramReply): void {
    if (replied) return;
    replied = true;
    send(msg, () => process.exit(0));
}

/**
 * Frames kept in an error's stack. Node's default (10) is enough to find the program's own
 * line when the error is thrown inside a library; the SDK's per-promise and per-resource
 * stacks, which made deep stacks costly, are turned off (lightenSdkInstrumentation).
 */
export const STACK_TRACE_LIMIT = 10;

// The check is gone (the IPC channel closed): nobody is left to read the records.
process.once("disconnect", () => process.exit(2));

process.once("message", (job: ProgramJob) => {
    Error.stackTraceLimit = STACK_TRACE_LIMIT;
    // Errors in callbacks the program scheduled (apply, timers) end the run as well.
    const fail = (e: unknown) => reply(failure(e, job.projectDir));
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    run(job).then(reply, fail);
});
