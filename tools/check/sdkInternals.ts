/**
 * The one door through which the offline check reaches past the public API of @pulumi/pulumi.
 * Nothing else in tools/check requires an SDK module by path, replaces an SDK function or relies
 * on how the SDK behaves inside; each such use is listed in SDK_INTERNALS below and implemented
 * in this file.
 *
 * Verified on @pulumi/pulumi 3.276.0 (read from node_modules/@pulumi/pulumi/package.json).
 * test/check/sdk-contract.test.ts checks every entry against the installed SDK and fails naming
 * the entry when an upgrade removes or reshapes it; a use that only speeds things up otherwise
 * falls back to the SDK's own code without a word, which is why the test is the alarm.
 *
 * Speed tricks kept here, with the figures they were kept for:
 *  - lightenSdkInstrumentation: a program of 10,000 resources alone, 32.5 s → 14.6 s
 *    (docs/check.md, "What was changed for speed"; a program run, not measured again here).
 *    The tests' mock harness (test/support/harness.ts) applies it too: under ts-node every
 *    captured stack is mapped by source-map-support, so a component test spent most of its CPU
 *    there (secureCluster.test.ts and stacks/program.test.ts together: 20.4 → 3.8-4.5 CPU-s);
 *  - decodeDiagnosticsOnly: 88.7 → 7.7 µs to decode the Analyze response of a 64-policy pack
 *    (1 diagnostic, 63 not applicable), with and without in alternating rounds of one run,
 *    medians of 9 rounds of 2,000 decodes: `npm run bench:sdk -- --rounds 9 --calls 2000`
 *    (2026-12-06, load average 27.6 on the shared 2-core machine; the ratio is what counts).
 * A with/without run of the whole `npm run bench` was not made: with a load average of 12–36
 * from the other engineers' work, its wall times would have measured the neighbours.
 */
import * as path from "path";
import { BinaryReader } from "google-protobuf";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import type * as Rpc from "@pulumi/pulumi/runtime/rpc";
import { userCallsite } from "./callsite";

/** The SDK version the entries below were verified on (the contract test compares it with the installed one). */
export const SDK_VERIFIED_ON = { "@pulumi/pulumi": "3.276.0" } as const;

/** Every internal the check relies on, by the name the contract test reports. */
export const SDK_INTERNALS = [
    "runtime/rpc sentinels",
    "runtime/settings getMonitor registerResource/newUrn",
    "runtime/mocks call error details",
    "runtime/debuggable debuggablePromise + runtime/state leakCandidates",
    "resource Resource.callsites/stackTrace",
    "runtime/invoke invoke functions copied onto runtime/index",
    "tsutils loadTypeScriptCompilerOptions",
    "runtime/state withLocalStorage",
    "proto AnalyzeResponse.diagnostics field number",
] as const;
export type SdkInternal = (typeof SDK_INTERNALS)[number];

// ---- "runtime/rpc sentinels" -------------------------------------------------------------------
// The signature key and values of the SDK's serialized property values, and the string standing for
// an unknown value at preview. Exported by @pulumi/pulumi/runtime/rpc; taken from there, not copied.
// Loaded on first use: requiring runtime/rpc loads most of the SDK's runtime (about 0.15 s of CPU,
// 0.4 s of wall time on the loaded machine), which the check's own process needs only for its report.

/** The wire sentinels, by the names the check uses. */
export interface WireSentinels {
    /** Key of a special value's signature. */
    readonly SIG_KEY: string;
    readonly SECRET_SIG: string;
    readonly RESOURCE_SIG: string;
    readonly OUTPUT_SIG: string;
    /** The string that stands for a value unknown during preview. */
    readonly UNKNOWN: string;
}
let sentinels: WireSentinels | undefined;

/** The wire sentinels from @pulumi/pulumi/runtime/rpc (loaded on the first call). */
export function wireSentinels(): WireSentinels {
    if (sentinels === undefined) {
        const rpc = load<typeof Rpc>("@pulumi/pulumi/runtime/rpc");
        sentinels = {
            SIG_KEY: rpc.specialSigKey,
            SECRET_SIG: rpc.specialSecretSig,
            RESOURCE_SIG: rpc.specialResourceSig,
            OUTPUT_SIG: rpc.specialOutputValueSig,
            UNKNOWN: rpc.unknownValue,
        };
    }
    return sentinels;
}

// ---- loading the program's own SDK ---------------------------------------------------------------

/** Loads a module found at run time (the program's own SDK, ts-node, the program itself). */
export function load<T>(id: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is only known at run time
    return require(id) as T;
}

/** One of the SDK's own modules, by its path inside the package (e.g. "runtime/settings"). */
function sdkModule<T>(pulumiDir: string, id: string): T {
    return load<T>(path.join(pulumiDir, ...id.split("/")));
}

// ---- "runtime/settings getMonitor registerResource/newUrn" ---------------------------------------

/** The fields of a RegisterResourceRequest the check reads (generated protobuf getters). */
export interface RegisterRequest {
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
    getPropertydependenciesMap(): ProtoMap<{ getUrnsList(): string[] }>;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getAliasurnsList(): string[];
    getAliasesList(): { getUrn(): string }[];
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getSourceposition?(): { getUri(): string; getLine(): number; getColumn(): number } | undefined;
    getRemote(): boolean;
    getProvidersMap(): ProtoMap<string>;
}
export interface ProtoStruct {
    toJavaScript(): Record<string, unknown>;
}
export interface ProtoMap<V> {
    forEach(cb: (v: V, k: string) => void): void;
}
export interface RegisterResponse {
    getUrn(): string;
    getObject(): ProtoStruct | undefined;
}
type RegisterCallback = (err: unknown, resp?: RegisterResponse) => void;
interface Monitor {
    registerResource(req: RegisterRequest, cb: RegisterCallback): void;
    newUrn(parent: string, type: string, name: string): string;
}

/**
 * Under setMocks, getMonitor() is the SDK's MockMonitor: every registration goes through its
 * registerResource (looked up on the object at each call) and it names resources with its own
 * newUrn. The check sees each request when it is sent (`onRegister`, which returns what to do
 * with the answer, called before the SDK gets it) and names resources as the engine does
 * (`newUrn`). Call after setMocks.
 */
export function interceptRegistrations(
    pulumiDir: string,
    newUrn: (parent: string, type: string, name: string) => string,
    onRegister: (req: RegisterRequest) => (resp: RegisterResponse) => void,
): void {
    const monitor = sdkModule<{ getMonitor(): Monitor }>(pulumiDir, "runtime/settings").getMonitor();
    monitor.newUrn = newUrn;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const answered = onRegister(req);
        register(req, (err, resp) => {
            if (!err && resp) answered(resp);
            cb(err, resp);
        });
    };
}

// ---- "runtime/mocks call error details" ----------------------------------------------------------

/** The error a mock's `call` throws for a failed invoke: the SDK rebuilds the program's error from `details` alone. */
export function invokeFailure(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

// ---- "runtime/debuggable ..." and "resource Resource.callsites/stackTrace" -----------------------

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
 *    caller, is replaced by userCallsite (callsite.ts: a short stack, the first frame of the
 *    program's own code kept; the report points at it).
 * Each is changed only if the SDK still has the shape this expects; otherwise the SDK's
 * own code runs unchanged (slower, same results) and the contract test fails.
 * Returns what was changed.
 */
export function lightenSdkInstrumentation(pulumiDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
    const changed: string[] = [];
    const debuggable = sdkModule<DebuggableModule>(pulumiDir, "runtime/debuggable");
    const state = sdkModule<StateModule>(pulumiDir, "runtime/state");
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
    const resource = sdkModule<{ Resource?: ResourceClass }>(pulumiDir, "resource").Resource;
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

// ---- "runtime/invoke invoke functions copied onto runtime/index" ---------------------------------

/** The SDK's invoke entry points (promise and Output forms). */
export const INVOKE_FUNCTIONS = ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"] as const;
type InvokeFn = (tok: string, ...rest: unknown[]) => unknown;

/**
 * Calls `before(token)` on the program's stack each time it calls an invoke entry point, then the
 * SDK's own function. `pulumi.runtime` copied the functions of runtime/invoke when it loaded, so
 * both objects are changed. Returns the names wrapped.
 */
export function wrapInvokes(pulumiDir: string, before: (token: string) => void): string[] {
    const mods = ["runtime/invoke", "runtime/index"].map((m) => sdkModule<Record<string, unknown>>(pulumiDir, m));
    const wrappedNames: string[] = [];
    for (const name of INVOKE_FUNCTIONS) {
        const original = mods[0][name];
        if (typeof original !== "function") continue;
        const wrapped = function (this: unknown, tok: string, ...rest: unknown[]) {
            before(tok);
            return (original as InvokeFn).call(this, tok, ...rest);
        };
        for (const mod of mods) if (mod[name] === original) mod[name] = wrapped;
        wrappedNames.push(name);
    }
    return wrappedNames;
}

// ---- "tsutils loadTypeScriptCompilerOptions" -----------------------------------------------------

/** A tsconfig.json's compiler options as `@pulumi/pulumi/cmd/run` reads them (its own module, not exported from the package). */
export function loadTypeScriptCompilerOptions(pulumiDir: string, tsconfig: string): Record<string, unknown> {
    return sdkModule<{ loadTypeScriptCompilerOptions(p: string): Record<string, unknown> }>(
        pulumiDir,
        "tsutils",
    ).loadTypeScriptCompilerOptions(tsconfig);
}

// ---- "runtime/state withLocalStorage" ----------------------------------------------------------

/**
 * Runs `fn` in a fresh runtime store of the SDK: its settings (the mock monitor, project, stack,
 * preview flag), config, stack resource, leak candidates and pending registrations start empty,
 * and every SDK call made by `fn`, across awaits, uses that store. The SDK's automation API runs
 * each inline program this way (automation/server.js, LanguageServer.run), several programs one
 * after another in one process; the program host does it for every program, so a host kept for
 * another run (HostPool) starts each from nothing the last one set. What the SDK keeps in its
 * global store (the resource packages and modules libraries register when they load) stays
 * process-wide, as it does for the automation API. Returns the runner, or undefined when the
 * SDK has no such store.
 */
export function freshSdkStore(pulumiDir: string): (<T>(fn: () => Promise<T>) => Promise<T>) | undefined {
    const state = sdkModule<{ withLocalStorage?: <T>(cb: () => Promise<T>) => Promise<T> }>(pulumiDir, "runtime/state");
    const run = state.withLocalStorage;
    // Without it (not an SDK this package supports), a host runs one program and is never kept.
    return typeof run === "function" ? (fn) => run(fn) : undefined;
}

// ---- "proto AnalyzeResponse.diagnostics field number" --------------------------------------------

/** Field number of `AnalyzeResponse.diagnostics` in analyzer.proto (`not_applicable` is 3). */
export const ANALYZE_RESPONSE_DIAGNOSTICS = 2;

/**
 * Decodes an Analyze or AnalyzeStack response keeping only its diagnostics. The check
 * reports nothing else, and the list of policies that did not apply (one entry per policy
 * per resource, most of a large pack's response) was the larger part of decoding it.
 * The same bytes as the generated decoder reads; the contract test compares the two.
 */
export function decodeDiagnosticsOnly(bytes: Uint8Array): proto.AnalyzeResponse {
    const msg = new proto.AnalyzeResponse();
    const reader = new BinaryReader(bytes);
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() === ANALYZE_RESPONSE_DIAGNOSTICS) {
            const d = new proto.AnalyzeDiagnostic();
            reader.readMessage(d, proto.AnalyzeDiagnostic.deserializeBinaryFromReader);
            msg.addDiagnostics(d);
        } else {
            reader.skipField();
        }
    }
    return msg;
}
