/**
 * The one door through which the pack reaches past the public API of @pulumi/policy and
 * @pulumi/pulumi. Nothing else in policy-pack/ loads an SDK module by path, reads an SDK field
 * its typings do not publish, or relies on how the SDK's policy server behaves inside; each
 * such use is listed in SDK_INTERNALS below and implemented in this file.
 *
 * Verified on @pulumi/policy 1.21.0 and @pulumi/pulumi 3.276.0 (read from
 * node_modules/@pulumi/{policy,pulumi}/package.json). test/policy-pack/sdk-contract.test.ts
 * checks every entry against the installed SDKs and fails naming the entry when an upgrade
 * removes or reshapes it. Without that test the two speed tricks below would, after such an
 * upgrade, quietly take the SDK's slower path, and the sentinels would quietly stop matching.
 *
 * Speed tricks kept here, with the figures they were kept for:
 *  - releaseRunnerDebugger: a caught throw 3 µs → 0.6 µs; pack CPU per Analyze of a security
 *    group 2.78 → 2.42 ms (docs/check.md, "What was changed for speed": medians of 9 starts of
 *    500 calls; it needs the runner's process, so it was not measured again here);
 *  - notApplicable (one error per reason, thrown again): 2,263 → 1,257 µs per Analyze through
 *    the SDK server's own handler, 64 policies of which one applies, no debugger;
 *  - markSingleType (the server's single-type fast path): 1,328 → 68 µs per such Analyze when
 *    every policy is single-typed (in the real pack 32 of 56 resource policies are not, and
 *    docs/check.md measured 0.2–0.3 ms off a call through the whole pack).
 * The last two: with and without in alternating rounds of one run, medians of 9 rounds of 200
 * calls, `npm run bench:sdk -- --rounds 9 --calls 2000` (2026-12-06, load average 27.6 on the
 * shared 2-core machine; the ratio is what counts). A with/without run of the whole
 * `npm run bench` was not made: with a load average of 12–36 from the other engineers' work,
 * its wall times would have measured the neighbours.
 */
import type * as Rpc from "@pulumi/pulumi/runtime/rpc";
import type { EnforcementLevel, ReportViolation } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";

/** The SDK versions the entries below were verified on (the contract test compares them with the installed ones). */
export const SDK_VERIFIED_ON = { "@pulumi/policy": "1.21.0", "@pulumi/pulumi": "3.276.0" } as const;

/** Every internal the pack relies on, by the name the contract test reports. */
export const SDK_INTERNALS = [
    "@pulumi/policy/proxy unknown sentinels",
    "@pulumi/policy UnknownValueError fields",
    "@pulumi/policy/server NotApplicableError read back by reason",
    "@pulumi/policy/server __pulumiType single-type fast path",
    "@pulumi/policy/server reportViolation object form",
    "@pulumi/pulumi/runtime/closure/v8Hooks runner session",
    "@pulumi/policy/deserialize deserializeProperties shared per request",
] as const;
export type SdkInternal = (typeof SDK_INTERNALS)[number];

/** Loads an SDK module by its path (untyped or internal, so its shape is checked where it is used). */
function load(id: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- modules the SDKs do not type publicly
    return require(id) as unknown;
}

// ---- "@pulumi/policy/proxy unknown sentinels" ----------------------------------------------------

/** The names under which @pulumi/policy/proxy exports (marked @internal) its unknown sentinels, one per type. */
export const PROXY_SENTINEL_EXPORTS = [
    "unknownBooleanValue",
    "unknownNumberValue",
    "unknownStringValue",
    "unknownArrayValue",
    "unknownAssetValue",
    "unknownArchiveValue",
    "unknownObjectValue",
] as const;

/**
 * The wire sentinels of the Pulumi resource protocol for values unknown at preview (boolean,
 * number, string, array, asset, archive, object), as the policy SDK's unknown-checking proxy
 * knows them, and the SDK's own `unknownValue` (@pulumi/pulumi/runtime/rpc, the string one).
 * Taken from the SDKs, not copied; an export that is missing or not a string is left out, and
 * the contract test names it.
 */
export function unknownSentinels(): ReadonlySet<string> {
    const proxy = load("@pulumi/policy/proxy") as Record<string, unknown>;
    const rpc = load("@pulumi/pulumi/runtime/rpc") as Partial<typeof Rpc>;
    const values = [...PROXY_SENTINEL_EXPORTS.map((name) => proxy[name]), rpc.unknownValue];
    return new Set(values.filter((v): v is string => typeof v === "string"));
}

// ---- "@pulumi/policy UnknownValueError fields" ---------------------------------------------------

/**
 * The SDK's UnknownValueError, thrown by the proxy when code reads an unknown. Its published
 * typings are stripped (proxy.d.ts is empty), so this guard gives it the fields proxy.js sets:
 * the sentinel read and the property path to it.
 */
export function isUnknownValueError(
    e: unknown,
): e is Error & { readonly unknownTypeSentinel: unknown; readonly props: readonly PropertyKey[] } {
    return e instanceof UnknownValueError;
}

// ---- "@pulumi/policy/server NotApplicableError read back by reason" ------------------------------

type NotApplicableFn = (reason?: string) => never;
/** Per host function, per reason: the error its first call threw (see notApplicable). */
const notApplicableErrors = new WeakMap<NotApplicableFn, Map<string, unknown>>();

/**
 * Reports "not applicable" through the SDK, which throws its NotApplicableError and reads
 * back only the error's `reason`. Building that error (a stack capture) for every policy
 * that does not apply was the largest single cost of an Analyze call in a 62-policy pack
 * (profiled), so the error the host's function throws first for a reason is kept and
 * thrown again: the same class (keyed by the host's function, so a second host never gets
 * another's error) and the same reason, with no stack captured after the first.
 */
export function notApplicable(args: { notApplicable: NotApplicableFn }, reason: string): never {
    const fn = args.notApplicable;
    let byReason = notApplicableErrors.get(fn);
    const known = byReason?.get(reason);
    if (known !== undefined) {
        throw known;
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return fn.call(args, reason);
    } catch (e) {
        if (byReason === undefined) {
            byReason = new Map();
            notApplicableErrors.set(fn, byReason);
        }
        byReason.set(reason, e);
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

// ---- "@pulumi/policy/server __pulumiType single-type fast path" ----------------------------------

/** The property the SDK's typed helpers attach to a validate/remediate function, and its server reads. */
export const PULUMI_TYPE_PROPERTY = "__pulumiType";

/** The reason the server's fast path gives for a resource of another type (a policy gives the same by itself). */
export function singleTypeReason(type: string): string {
    return `Policy only applies to resources of type '${type}'`;
}

/**
 * The SDK server's fast path: a validate/remediate function carrying `__pulumiType` (as
 * the SDK's typed helpers attach it) is skipped for other types BEFORE the server
 * deserializes the resource's properties and provider for that policy, with the reason
 * singleTypeReason gives. Only possible for a single type; the function's own type
 * filter stays for other hosts (and the tests' runtime).
 */
export function markSingleType<F extends object>(fn: F, types: readonly string[]): F {
    if (types.length === 1) {
        Object.defineProperty(fn, PULUMI_TYPE_PROPERTY, { value: types[0], enumerable: false });
    }
    return fn;
}

// ---- "@pulumi/policy/server reportViolation object form" -----------------------------------------

/** The object form of reportViolation the server accepts (`makeReportViolationFun` in server.js). */
export interface ViolationInfo {
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
}

/**
 * Reports a diagnostic at a level of its own. The server's reportViolation also takes an object
 * and uses its `enforcementLevel` and `message` as given (`typeof message === "object"`); the
 * public type declares only the string form, which always takes the policy's level.
 */
export function reportWithLevel(report: ReportViolation, info: ViolationInfo): void {
    (report as unknown as (info: ViolationInfo) => void)(info);
}

// ---- "@pulumi/pulumi/runtime/closure/v8Hooks runner session" -------------------------------------
// The CLI starts a Node.js pack through `@pulumi/pulumi/cmd/run-policy-pack`. Before it loads the
// pack, that runner opens an inspector session and enables the V8 debugger in it (v8Hooks), only to
// learn which file each script id belongs to: the SDK needs that map for closure serialization,
// which a policy pack never does. An enabled debugger makes every thrown exception a debugger event,
// and the SDK's policy server learns that a policy does not apply only by catching an exception from
// it: about 30 per Analyze call for this pack. See runner.ts for when the pack releases it.

/** What releaseRunnerDebugger did. */
export type DebuggerRelease =
    /** The runner's session had its debugger disabled. */
    | "released"
    /** No runner session in this process (not started by the runner, or another SDK layout). */
    | "absent"
    /** The session refused (the message says why); nothing else was changed. */
    | { readonly failed: string };

/** The module id of the runner's hooks, as the SDK this pack resolves lays it out. */
export const RUNNER_HOOKS_MODULE = "@pulumi/pulumi/runtime/closure/v8Hooks";

interface InspectorSessionLike {
    post(method: string, callback: (err: Error | null) => void): void;
}
interface RunnerHooks {
    getSessionAsync(): Promise<InspectorSessionLike>;
}

function isRunnerHooks(m: unknown): m is RunnerHooks {
    return typeof m === "object" && m !== null && typeof (m as { getSessionAsync?: unknown }).getSessionAsync === "function";
}

/**
 * Disables the debugger the runner enabled for itself, when this process has one. The session
 * is only taken from a v8Hooks module that is already loaded: requiring the module otherwise
 * (another copy of the SDK, or a host that is not the runner) would open a new session and
 * enable a debugger, which is exactly what this avoids. A DevTools session that a user attaches
 * (`node --inspect`) is a session of its own, so it is not affected. Never throws; the pack
 * works the same either way, only slower.
 */
export async function releaseRunnerDebugger(): Promise<DebuggerRelease> {
    let id: string;
    try {
        id = require.resolve(RUNNER_HOOKS_MODULE);
    } catch {
        return "absent";
    }
    const loaded: unknown = require.cache[id]?.exports;
    if (!isRunnerHooks(loaded)) {
        return "absent";
    }
    try {
        const session = await loaded.getSessionAsync();
        await new Promise<void>((resolve, reject) => session.post("Debugger.disable", (err) => (err ? reject(err) : resolve())));
        return "released";
    } catch (e) {
        return { failed: e instanceof Error ? e.message : String(e) };
    }
}

// ---- "@pulumi/policy/deserialize deserializeProperties shared per request" -----------------------
// The SDK's server turns a resource's properties (a protobuf Struct) into plain data again for every
// policy it does not skip on the single-type fast path: for this pack, once per multi-type policy on
// every Analyze (56 of them), and once per stack policy for every resource of AnalyzeStack (25 of
// them). Converting the Struct was the pack's largest single cost on the dev stack (profiled).

/** The module's property this replaces, and the mark that it was replaced. */
const DESERIALIZE_MODULE = "@pulumi/policy/deserialize";
const SHARED_MARK = Symbol.for("secure-baseline.sharedDeserialize");

type Deserialize = (struct: unknown, proxySecrets?: boolean) => unknown;

/**
 * Makes the server's calls for one Struct share one result: the first call converts, later calls
 * with the same Struct object (the same request's resource, or its provider) get that result.
 * Keyed by the Struct object, so no two requests share. Only the data calls (secrets not proxied)
 * are shared; remediation, which may change what it gets, asks with secrets proxied and always gets
 * its own copy. Installed only in the pack's own process (policy-pack/index.ts), whose policies read
 * properties only through snapshot() copies and never change them; a pack that composes these
 * policies with others (the library) does not install it. Returns what it did; never throws.
 */
export function shareDeserializedProperties(): "installed" | "absent" {
    let mod: Record<string | symbol, unknown>;
    try {
        mod = load(DESERIALIZE_MODULE) as Record<string | symbol, unknown>;
    } catch {
        return "absent";
    }
    const original = mod.deserializeProperties;
    if (typeof original !== "function") return "absent";
    if (mod[SHARED_MARK] === true) return "installed";
    const convert = original as Deserialize;
    const shared = new WeakMap<object, unknown>();
    mod.deserializeProperties = function (this: unknown, struct: unknown, proxySecrets?: boolean): unknown {
        if (proxySecrets || typeof struct !== "object" || struct === null) return convert.call(this, struct, proxySecrets);
        if (shared.has(struct)) return shared.get(struct);
        const value = convert.call(this, struct, proxySecrets);
        shared.set(struct, value);
        return value;
    };
    mod[SHARED_MARK] = true;
    return "installed";
}
