/**
 * Runs pack policies the way @pulumi/policy 1.21's analyzer server does, without gRPC.
 *
 * Mirrors server.js (makeAnalyzeRpcFun / makeAnalyzeStackRpcFun / makeRemediateRpcFun):
 * props go through a real protobuf Struct, the SDK's own `deserializeProperties` and
 * `unknownCheckingProxy` (remediation: with the secrets-preserving proxy); args carry
 * `getConfig` (config minus enforcementLevel), `notApplicable` (throws), `isType/asType`,
 * `opts`, `stackTags`; the enforcement level is config → policy → pack default
 * ("advisory"), `remediate` reports as mandatory, `disabled` skips; `reportViolation`
 * accepts the string and the object form; an escaped `UnknownValueError` becomes an
 * advisory diagnostic; any other throw fails the call (so a throwing policy fails a test).
 * Config: like the engine before `Configure`, every policy gets its configSchema defaults,
 * then the given keys, then an enforcementLevel. fidelity.test.ts checks this helper
 * against the real server functions.
 */
import { createRequire } from "module";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import type {
    EnforcementLevel,
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import type { SecurePolicy } from "../../policy-pack/lib";

// The SDK's internal modules ship without typings; give them the shapes server.js uses.
const sdkRequire = createRequire(require.resolve("@pulumi/policy"));
const deserialize: {
    deserializeProperties(struct: structpb.Struct, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(obj: unknown): Promise<Record<string, unknown>>;
} = sdkRequire("./deserialize");
/** The one type a validation function was made for (validateResourceOfType), as server.js reads it for its fast path. */
const { getPulumiType } = sdkRequire("./policy") as { getPulumiType(fn: unknown): string | undefined };
const typedUnknownCheckingProxy: (props: Record<string, unknown>) => Record<string, unknown> = unknownCheckingProxy;

// The unknown sentinels, from the policy SDK's proxy (its exports are @internal; the pack's own
// use of them is checked in sdk-contract.test.ts).
const proxySentinels = sdkRequire("./proxy") as Record<string, string>;
/** The sentinel the engine sends for a value unknown at preview (string-typed). */
export const UNKNOWN = proxySentinels.unknownStringValue;
/** Unknown sentinels of other types (array, object, boolean, number). */
export const UNKNOWN_ARRAY = proxySentinels.unknownArrayValue;
export const UNKNOWN_OBJECT = proxySentinels.unknownObjectValue;
export const UNKNOWN_BOOL = proxySentinels.unknownBooleanValue;
export const UNKNOWN_NUMBER = proxySentinels.unknownNumberValue;

export type PackConfig = Record<string, EnforcementLevel | Record<string, unknown>>;

export interface Diagnostic {
    readonly policyName: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
}

export interface Result {
    readonly diagnostics: Diagnostic[];
    readonly notApplicable: { policyName: string; reason?: string }[];
}

export interface TestResource {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly urn?: string;
    /** Stack resources: property name → names of the resources it depends on. */
    readonly propertyDependencies?: Record<string, string[]>;
    readonly dependencies?: string[];
    readonly parent?: string;
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::secure-baseline::${type}::${name}`;
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}
function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

function toPolicies(ps: readonly (SecurePolicy | ResourceValidationPolicy | StackValidationPolicy)[]): Policies {
    return ps.map((p) => ("policy" in p && "meta" in p ? p.policy : (p as ResourceValidationPolicy | StackValidationPolicy)));
}

/** What the engine sends in Configure: schema defaults, given keys, an enforcement level. */
export function engineConfig(policies: Policies, given: PackConfig = {}): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const p of policies) {
        const g = given[p.name];
        const props: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if (typeof s === "object" && s.default !== undefined) {
                props[k] = s.default;
            }
        }
        let level: EnforcementLevel | undefined = p.enforcementLevel;
        if (typeof g === "string") {
            level = g;
        } else if (g) {
            const { enforcementLevel, ...rest } = g;
            Object.assign(props, rest);
            if (typeof enforcementLevel === "string") {
                level = enforcementLevel as EnforcementLevel;
            }
        }
        out[p.name] = { ...props, enforcementLevel: level ?? "advisory" };
    }
    return out;
}

function getConfigFun(config: Record<string, Record<string, unknown>>, name: string) {
    return <T extends object>(): T => {
        const c = config[name];
        if (!c) return {} as T;
        const rest: Record<string, unknown> = { ...c };
        delete rest.enforcementLevel;
        return rest as T;
    };
}

function levelOf(
    config: Record<string, Record<string, unknown>>,
    p: { name: string; enforcementLevel?: EnforcementLevel },
): EnforcementLevel {
    const c = config[p.name]?.enforcementLevel;
    return (typeof c === "string" ? (c as EnforcementLevel) : undefined) || p.enforcementLevel || "advisory";
}

function makeReport(policyName: string, description: string, level: EnforcementLevel, ds: Diagnostic[]): ReportViolation {
    const fn = (message: unknown, urn?: string): void => {
        if (typeof message === "object" && message !== null) {
            const info = message as { message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel };
            ds.push({
                policyName,
                message: info.message || info.description || description,
                enforcementLevel: info.enforcementLevel || level,
                urn: info.urn,
            });
        } else {
            let text = description;
            if (message) text += `\n${String(message)}`;
            ds.push({ policyName, message: text, enforcementLevel: level, urn });
        }
    };
    return fn;
}

function struct(props: Record<string, unknown>): structpb.Struct {
    // The engine never sends undefined: drop it as a JSON round trip does.
    return structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

const OPTS = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};
const STACK_TAGS: ReadonlyMap<string, string> = new Map();

function isTypeOf(type: string) {
    return (cls: { new (...rest: never[]): unknown }): boolean => (cls as unknown as { __pulumiType?: string }).__pulumiType === type;
}

/** One Analyze call for `resource` against `policies`. */
export async function analyze(
    policies: readonly (SecurePolicy | ResourceValidationPolicy | StackValidationPolicy)[],
    resource: TestResource,
    packConfig: PackConfig = {},
): Promise<Result> {
    const ps = toPolicies(policies);
    const config = engineConfig(ps, packConfig);
    const ds: Diagnostic[] = [];
    const na: Result["notApplicable"] = [];
    const urn = resource.urn ?? urnOf(resource.type, resource.name);
    // One Struct per request, as the engine sends it; each policy gets its own conversion of it, as in the server.
    const wire = struct(resource.props);
    for (const p of ps) {
        let level = levelOf(config, p);
        if (level === "disabled" || !("validateResource" in p)) continue;
        const rp = p as ResourceValidationPolicy;
        if (!rp.validateResource) continue;
        if (level === "remediate") level = "mandatory";
        // The server's fast path: one validation made for another type is not applicable, and never sees the properties.
        const only = Array.isArray(rp.validateResource) ? undefined : getPulumiType(rp.validateResource);
        if (only !== undefined && only !== resource.type) {
            na.push({ policyName: p.name, reason: `Policy only applies to resources of type '${only}'` });
            continue;
        }
        const report = makeReport(p.name, p.description, level, ds);
        const validations = Array.isArray(rp.validateResource) ? rp.validateResource : [rp.validateResource];
        for (const validation of validations) {
            try {
                const props = typedUnknownCheckingProxy(deserialize.deserializeProperties(wire, false));
                const args = {
                    type: resource.type,
                    props,
                    urn,
                    name: resource.name,
                    opts: OPTS,
                    stackTags: STACK_TAGS,
                    isType: isTypeOf(resource.type),
                    asType: (cls: { new (...rest: never[]): unknown }) => (isTypeOf(resource.type)(cls) ? props : undefined),
                    getConfig: getConfigFun(config, p.name),
                    notApplicable: throwNotApplicable,
                } as unknown as ResourceValidationArgs;
                await Promise.resolve(validation(args, report));
            } catch (e) {
                classifyPolicyError(e, p.name, "resource", ds, na);
            }
        }
    }
    return { diagnostics: ds, notApplicable: na };
}

/**
 * What the 1.21 server does with an exception from a policy: an unknown value becomes an advisory
 * diagnostic, `notApplicable` a not-applicable entry, anything else fails the whole call.
 */
function classifyPolicyError(
    e: unknown,
    policyName: string,
    kind: "resource" | "stack",
    ds: Diagnostic[],
    na: Result["notApplicable"][number][],
): void {
    if (e instanceof UnknownValueError) {
        ds.push({
            policyName,
            message: `can't run policy '${policyName}' during preview: ${(e as Error).message}`,
            enforcementLevel: "advisory",
        });
    } else if (e instanceof NotApplicableError) {
        na.push({ policyName, reason: e.reason });
    } else {
        throw new Error(`Error validating ${kind} with policy '${policyName}': ${String(e)}`, { cause: e });
    }
}

/** One AnalyzeStack call over `resources`. */
export async function analyzeStack(
    policies: readonly (SecurePolicy | ResourceValidationPolicy | StackValidationPolicy)[],
    resources: readonly TestResource[],
    packConfig: PackConfig = {},
): Promise<Result> {
    const ps = toPolicies(policies);
    const config = engineConfig(ps, packConfig);
    const ds: Diagnostic[] = [];
    const na: Result["notApplicable"] = [];
    const urnByName = new Map(resources.map((r) => [r.name, r.urn ?? urnOf(r.type, r.name)]));
    const urnFor = (name: string): string => urnByName.get(name) ?? urnOf("unknown:index:Unknown", name);
    // One Struct per resource of the request, converted again for each policy (as the server does).
    const wires = new Map(resources.map((r) => [r, struct(r.props)]));
    for (const p of ps) {
        let level = levelOf(config, p);
        if (level === "disabled" || !("validateStack" in p)) continue;
        if (level === "remediate") level = "mandatory";
        const sp = p as StackValidationPolicy;
        const report = makeReport(p.name, p.description, level, ds);
        try {
            const built = resources.map((r) => {
                const type = r.type;
                const props = typedUnknownCheckingProxy(deserialize.deserializeProperties(wires.get(r)!, false));
                const resource = {
                    type,
                    props,
                    urn: urnFor(r.name),
                    name: r.name,
                    opts: OPTS,
                    dependencies: [] as PolicyResource[],
                    propertyDependencies: {} as Record<string, PolicyResource[]>,
                    isType: isTypeOf(type),
                    asType: (cls: { new (...rest: never[]): unknown }) => (isTypeOf(type)(cls) ? props : undefined),
                } as unknown as PolicyResource;
                return { resource, r };
            });
            const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
            for (const { resource, r } of built) {
                if (r.parent) {
                    const parent = byUrn.get(urnFor(r.parent));
                    if (parent) resource.parent = parent;
                }
                resource.dependencies = (r.dependencies ?? [])
                    .map((d) => byUrn.get(urnFor(d)))
                    .filter((d): d is PolicyResource => d !== undefined);
                for (const [k, names] of Object.entries(r.propertyDependencies ?? {})) {
                    resource.propertyDependencies[k] = names
                        .map((d) => byUrn.get(urnFor(d)))
                        .filter((d): d is PolicyResource => d !== undefined);
                }
            }
            const args: StackValidationArgs = {
                resources: built.map((b) => b.resource),
                getConfig: getConfigFun(config, p.name),
                stackTags: STACK_TAGS,
                notApplicable: throwNotApplicable,
            };
            await Promise.resolve(sp.validateStack(args, report));
        } catch (e) {
            classifyPolicyError(e, p.name, "stack", ds, na);
        }
    }
    return { diagnostics: ds, notApplicable: na };
}

export interface RemediateResult {
    /** Props after all remediations, serialized as the server sends them (null when none ran). */
    readonly props: Record<string, unknown> | null;
    readonly remediated: string[];
    readonly diagnostics: string[];
}

/** One Remediate call. */
export async function remediate(
    policies: readonly (SecurePolicy | ResourceValidationPolicy | StackValidationPolicy)[],
    resource: TestResource,
    packConfig: PackConfig = {},
): Promise<RemediateResult> {
    const ps = toPolicies(policies);
    const config = engineConfig(ps, packConfig);
    let props = typedUnknownCheckingProxy(deserialize.deserializeProperties(struct(resource.props), true));
    const remediated: string[] = [];
    const diagnostics: string[] = [];
    let last: Record<string, unknown> | null = null;
    for (const p of ps) {
        if (levelOf(config, p) !== "remediate" || !("validateResource" in p || "remediateResource" in p)) continue;
        const rp = p as ResourceValidationPolicy;
        if (!rp.remediateResource) continue;
        const args = {
            urn: resource.urn ?? urnOf(resource.type, resource.name),
            name: resource.name,
            type: resource.type,
            opts: OPTS,
            props,
            stackTags: STACK_TAGS,
            getConfig: getConfigFun(config, p.name),
            isType: isTypeOf(resource.type),
            asType: () => undefined,
            notApplicable: throwNotApplicable,
        } as unknown as ResourceValidationArgs;
        try {
            const result = await Promise.resolve(rp.remediateResource(args));
            if (result) {
                props = result;
                remediated.push(p.name);
                last = await deserialize.serializeProperties(result);
            }
        } catch (e) {
            if (e instanceof UnknownValueError) {
                diagnostics.push(`can't run remediation '${p.name}' during preview: ${(e as Error).message}`);
            } else if (!(e instanceof NotApplicableError)) {
                throw new Error(`Error remediating resource with '${p.name}': ${String(e)}`, { cause: e });
            }
        }
    }
    return { props: last, remediated, diagnostics };
}

/** Diagnostics of one policy (by name). */
export function of(result: Result, policyName: string): Diagnostic[] {
    return result.diagnostics.filter((d) => d.policyName === policyName);
}
