/**
 * Declaring a policy once: `resourcePolicy()` and `stackPolicy()` take the metadata and a
 * check over plain data, and produce a CrossGuard policy that
 *  - applies only to its resource types (others: `notApplicable`, as the typed SDK helpers do);
 *  - resolves its config (schema defaults; framework keys unknown/include/exclude);
 *  - skips resources outside include/exclude and valid exemptions WITH an advisory note;
 *  - reports invalid exemptions as violations and still checks the resource;
 *  - snapshots props out of the SDK's unknown-checking proxy, so unknowns are data;
 *  - reports unknown-dependent decisions fail-closed (or advisory by config);
 *  - never throws: an unexpected error becomes one clear violation (fail closed).
 */
import type {
    PolicyProviderResource,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownMode, configSchema, resolveConfig, scopeSkipReason } from "./config";
import { CheckContext, FindingCollector, ResourceRef, formatMessage } from "./context";
import { DataRecord, asRecord, isUnknownValueError, snapshot } from "./data";
import { DEFAULT_EXEMPTION_MAX_DAYS, EXEMPTION_MAX_DAYS_LIMIT, Exemption, approvalFor, findExemption, todayUtc } from "./exemptions";
import { PolicyMetadata, defaultEnforcementLevel, formatReference, validateMetadata } from "./metadata";
import { Fix, setIn } from "./remediation";
import { emit } from "./report";

/** The provider a resource is registered with, as the engine sends it (plain data). */
export interface ProviderView extends ResourceRef {
    readonly props: DataRecord;
}

/** A resource as a check sees it: plain data, unknowns as `Unknown`. */
export interface ResourceView extends ResourceRef {
    readonly props: DataRecord;
    /**
     * The resource's provider with its inputs (e.g. a Kubernetes provider's `namespace`),
     * when the engine sends it (`AnalyzeRequest.provider` / `AnalyzerResource.provider`,
     * exposed by @pulumi/policy 1.21 as `args.provider` / `PolicyResource.provider`).
     */
    readonly provider?: ProviderView;
}

/** A resource in a stack policy, with its dependencies as URNs. */
export interface StackResourceView extends ResourceView {
    /** Property name → URNs of the resources that property's value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly dependencies: readonly string[];
}

export interface StackView {
    readonly resources: readonly StackResourceView[];
    /**
     * Resources of `types` whose `property` was computed from `subject` (property
     * dependencies, which exist for new resources at preview, unlike IDs).
     */
    linkedTo(subject: StackResourceView, types: readonly string[], property: string): readonly StackResourceView[];
}

export interface ResourcePolicyArgs extends PolicyMetadata {
    /** Pulumi type tokens the policy checks, e.g. "aws:ec2/subnet:Subnet". */
    readonly resourceTypes: readonly string[];
    /**
     * Optional: further types the policy checks, for open families that no list can name
     * (Kubernetes custom resources). The catalogue lists `resourceTypes` only; say what
     * else applies in the description. Keep it a cheap test: it runs for every resource.
     */
    readonly alsoApplies?: (type: string) => boolean;
    /** The rule. Read props with lib/data helpers; report through ctx. Must not mutate. */
    readonly check: (resource: ResourceView, ctx: CheckContext) => void;
    /**
     * Optional safe fix at enforcement `remediate`: the property writes that make the
     * resource compliant, or [] when nothing needs fixing (or it cannot be fixed safely).
     */
    readonly remediate?: (resource: ResourceView, config: Readonly<Record<string, unknown>>) => readonly Fix[];
}

export interface StackPolicyArgs extends PolicyMetadata {
    /** Types of the resources the policy is about (include/exclude/exemptions apply to them). */
    readonly subjectTypes: readonly string[];
    /**
     * Optional: further types whose properties the check reads and judges beside its
     * subjects (a bucket's side-by-side resources, the rules of a security group). The
     * coverage map (docs/coverage.md) counts them as judged by this policy.
     */
    readonly alsoJudges?: readonly string[];
    /** Called once per subject resource, with the whole stack for context. */
    readonly check: (subject: StackResourceView, stack: StackView, ctx: CheckContext) => void;
}

/** What the pack, the catalogue and the tests get for each declared policy. */
export interface SecurePolicy {
    readonly kind: "resource" | "stack";
    readonly meta: PolicyMetadata;
    /** Resource types (resource policies) or subject types (stack policies). */
    readonly types: readonly string[];
    /** Every type whose properties the policy judges: `types` plus a stack policy's `alsoJudges`. */
    readonly judged: readonly string[];
    readonly remediable: boolean;
    readonly policy: ResourceValidationPolicy | StackValidationPolicy;
}

/** Snapshots the SDK's provider object (its props sit behind the unknown-checking proxy). */
export function providerView(p: PolicyProviderResource | undefined): ProviderView | undefined {
    if (p === undefined || p === null || typeof p !== "object") {
        return undefined;
    }
    return { type: String(p.type), name: String(p.name), urn: String(p.urn), props: asRecord(snapshot(p.props)) ?? {} };
}

function crossGuardFields(meta: PolicyMetadata) {
    return {
        name: meta.name,
        description: `[${meta.control}] ${meta.description}`,
        enforcementLevel: defaultEnforcementLevel(meta.severity),
        severity: meta.severity,
        displayName: `${meta.control} ${meta.name}`,
        // CrossGuard holds one framework per policy: ours is the control catalogue; the
        // public references (CIS, FSBP, ...) are listed in `specification` and `tags`.
        framework: {
            name: "secure-baseline controls",
            version: "1",
            reference: meta.control,
            specification: meta.references.map(formatReference).join("; "),
        },
        tags: [meta.layer, meta.control, ...meta.references.map(formatReference)],
        remediationSteps: meta.remediation,
        configSchema: configSchema(meta.config),
    };
}

function unknownModeOf(config: Readonly<Record<string, unknown>>): UnknownMode {
    return config.unknown === "advisory" ? "advisory" : "fail-closed";
}

function errorText(meta: PolicyMetadata, ref: ResourceRef, e: unknown): string {
    const detail = e instanceof Error ? e.message : String(e);
    return formatMessage(
        meta.control,
        `${meta.name} could not evaluate ${ref.type} "${ref.name}" (internal error: ${detail}); treated as non-compliant`,
        "check that the resource inputs are well-formed, and report this policy bug with the resource's inputs",
    );
}

/**
 * Shared gate: scope (include/exclude) and exemption. Returns false when the resource is
 * skipped (a note has been recorded).
 */
function gate(c: FindingCollector, props: DataRecord, today: string): boolean {
    const include = c.configStrings("include");
    const exclude = c.configStrings("exclude");
    const skip = scopeSkipReason(c.resource.name, include, exclude);
    if (skip !== undefined) {
        c.note(`${c.resource.type} "${c.resource.name}" is not checked: ${skip}.`, c.resource.urn);
        return false;
    }
    const maxDays = Math.min(
        Math.max(Math.floor(c.configNumber("exemptionMaxDays", DEFAULT_EXEMPTION_MAX_DAYS)), 1),
        EXEMPTION_MAX_DAYS_LIMIT,
    );
    const ex: Exemption = findExemption(c.policy.name, c.resource.type, props, today, maxDays);
    switch (ex.state) {
        case "valid": {
            if (c.policy.severity === "critical") {
                // PACK-10: the resource's author writes the tag; someone else must approve it.
                const approval = approvalFor(c.config.approvedExemptions, c.resource.name, today, maxDays);
                if (!approval.ok) {
                    c.violation(
                        `the exemption ${ex.key} on ${c.resource.type} "${c.resource.name}" is not honoured: ${c.policy.name} is critical, so a tag or annotation alone is not enough, and there is ${approval.missing}`,
                        `add { "resource": "${c.resource.name}", "reason": "...", "approver": "...", "expires": "YYYY-MM-DD" } to approvedExemptions of ${c.policy.name} in the pack config, or make the resource compliant`,
                    );
                    return true;
                }
                c.note(
                    `${c.resource.type} "${c.resource.name}" is exempted by ${ex.key} until ${ex.expires}: "${ex.reason}", approved by ${approval.approval.approver} until ${approval.approval.expires} ("${approval.approval.reason}"). Not checked.`,
                    c.resource.urn,
                );
                return false;
            }
            c.note(
                `${c.resource.type} "${c.resource.name}" is exempted by ${ex.key} until ${ex.expires}: "${ex.reason}". Not checked.`,
                c.resource.urn,
            );
            return false;
        }
        case "invalid":
            c.violation(
                `the exemption ${ex.key} on ${c.resource.type} "${c.resource.name}" is not valid: ${ex.problem}`,
                `set it to "<reason>; expires=YYYY-MM-DD" with a date from today to ${maxDays} days ahead, or remove it and make the resource compliant`,
            );
            return true;
        case "unknown":
            c.note(
                `the exemption ${ex.key} on "${c.resource.name}" is unknown at preview and is not honoured; the resource is checked.`,
                c.resource.urn,
            );
            return true;
        case "none":
            return true;
    }
}

function runCheck(c: FindingCollector, body: () => void): void {
    try {
        body();
    } catch (e) {
        if (isUnknownValueError(e)) {
            // Only reachable if a check bypassed the snapshot; still fail closed.
            const path = e.props.map(String).join(".");
            c.isUnknown(snapshot(e.unknownTypeSentinel, path), path);
        } else {
            c.error(errorText(c.policy, c.resource, e));
        }
    }
}

/**
 * The reason a policy gives for a resource of another type. The SDK's fast path (one type,
 * see markSingleType) words it as below; a policy over several types gives their count,
 * not the list: the reason goes into every Analyze response for every other resource, and
 * listing up to 16 Kubernetes types made the response of a 62-policy pack 13.7 KB instead
 * of 5.3 KB for a security group (measured), most of a round trip's cost in both processes.
 * The types are in the policy's catalogue entry (docs/policies.md).
 */
export function notApplicableReason(types: readonly string[]): string {
    return types.length === 1
        ? `Policy only applies to resources of type '${types[0]}'`
        : `Policy only applies to ${types.length} resource types`;
}

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
function notApplicable(args: { notApplicable: NotApplicableFn }, reason: string): never {
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

/**
 * The SDK server's fast path: a validate/remediate function carrying `__pulumiType` (as
 * the SDK's typed helpers attach it) is skipped for other types BEFORE the server
 * deserializes the resource's properties and provider for that policy, with the same
 * reason notApplicableReason gives. Only possible for a single type; the function's own type
 * filter stays for other hosts (and the tests' runtime).
 */
function markSingleType<F extends object>(fn: F, types: readonly string[]): F {
    if (types.length === 1) {
        Object.defineProperty(fn, "__pulumiType", { value: types[0], enumerable: false });
    }
    return fn;
}

/** Declares a policy over single resources. */
export function resourcePolicy(def: ResourcePolicyArgs): SecurePolicy {
    validateMetadata(def);
    const meta: PolicyMetadata = def;
    const schema = configSchema(def.config);
    const notMine = notApplicableReason(def.resourceTypes);
    const alsoApplies = def.alsoApplies;
    const applies = (type: string): boolean => def.resourceTypes.includes(type) || (alsoApplies?.(type) ?? false);
    // The SDK's single-type fast path would skip the open family.
    const fastPathTypes = alsoApplies === undefined ? def.resourceTypes : [];
    const validateResource = (args: ResourceValidationArgs, report: ReportViolation): void => {
        if (!applies(args.type)) {
            notApplicable(args, notMine);
        }
        const ref: ResourceRef = { type: args.type, name: args.name, urn: args.urn };
        try {
            const config = resolveConfig(schema, args.getConfig<Record<string, unknown>>());
            const mode: UnknownMode = unknownModeOf(config);
            const c = new FindingCollector(meta, ref, config);
            const props = asRecord(snapshot(args.props)) ?? {};
            if (gate(c, props, todayUtc())) {
                runCheck(c, () => def.check({ ...ref, props, provider: providerView(args.provider) }, c));
            }
            emit(report, meta, c.findings, mode);
        } catch (e) {
            report(errorText(meta, ref, e));
        }
    };
    const policy: ResourceValidationPolicy = {
        ...crossGuardFields(meta),
        validateResource: markSingleType(validateResource, fastPathTypes),
    };
    if (def.remediate) {
        const remediate = def.remediate;
        policy.remediateResource = markSingleType((args: ResourceValidationArgs) => {
            if (!applies(args.type)) {
                notApplicable(args, notMine);
            }
            try {
                const config = resolveConfig(schema, args.getConfig<Record<string, unknown>>());
                const ref: ResourceRef = { type: args.type, name: args.name, urn: args.urn };
                const props = asRecord(snapshot(args.props)) ?? {};
                // A skipped or exempted resource is never changed behind its owner's back.
                if (!gate(new FindingCollector(meta, ref, config), props, todayUtc())) {
                    return undefined;
                }
                const target: Record<string, unknown> = args.props;
                let changed = false;
                for (const fix of remediate({ ...ref, props, provider: providerView(args.provider) }, config)) {
                    changed = setIn(target, fix.path, fix.value) || changed;
                }
                return changed ? target : undefined;
            } catch {
                // Remediation is best effort; the validation still reports the resource.
                return undefined;
            }
        }, fastPathTypes);
    }
    return { kind: "resource", meta, types: def.resourceTypes, judged: def.resourceTypes, remediable: def.remediate !== undefined, policy };
}

function stackResourceView(r: PolicyResource): StackResourceView {
    const propertyDependencies: Record<string, readonly string[]> = {};
    const deps = r.propertyDependencies ?? {};
    for (const key of Object.keys(deps)) {
        const list = deps[key];
        propertyDependencies[key] = Array.isArray(list) ? list.map((d) => d.urn) : [];
    }
    // A stack policy sees every resource of the stack but reads the props of a few (its
    // subjects and what they link to): snapshotting all of them for each stack policy
    // dominated AnalyzeStack on large stacks (profiled). props and provider are the same
    // snapshots, taken on first read.
    let props: DataRecord | undefined;
    let provider: { readonly view: ProviderView | undefined } | undefined;
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        get props(): DataRecord {
            props ??= asRecord(snapshot(r.props)) ?? {};
            return props;
        },
        get provider(): ProviderView | undefined {
            provider ??= { view: providerView(r.provider) };
            return provider.view;
        },
        propertyDependencies,
        dependencies: Array.isArray(r.dependencies) ? r.dependencies.map((d) => d.urn) : [],
    };
}

function makeStackView(resources: readonly StackResourceView[]): StackView {
    return {
        resources,
        linkedTo(subject, types, property) {
            return resources.filter((r) => types.includes(r.type) && (r.propertyDependencies[property] ?? []).includes(subject.urn));
        },
    };
}

/** Declares a policy over the whole stack, evaluated per subject resource. */
export function stackPolicy(def: StackPolicyArgs): SecurePolicy {
    validateMetadata(def);
    const meta: PolicyMetadata = def;
    const schema = configSchema(def.config);
    const validateStack = (args: StackValidationArgs, report: ReportViolation): void => {
        let subjects: StackResourceView[];
        let view: StackView;
        let config: Readonly<Record<string, unknown>>;
        try {
            config = resolveConfig(schema, args.getConfig<Record<string, unknown>>());
            const resources = (Array.isArray(args.resources) ? args.resources : []).map(stackResourceView);
            view = makeStackView(resources);
            subjects = resources.filter((r) => def.subjectTypes.includes(r.type));
        } catch (e) {
            report(errorText(meta, { type: "stack", name: "stack", urn: "" }, e));
            return;
        }
        if (subjects.length === 0) {
            args.notApplicable(`No resources of type ${def.subjectTypes.map((t) => `'${t}'`).join(", ")}`);
        }
        const mode = unknownModeOf(config);
        const today = todayUtc();
        for (const subject of subjects) {
            try {
                const c = new FindingCollector(meta, subject, config);
                if (gate(c, subject.props, today)) {
                    runCheck(c, () => def.check(subject, view, c));
                }
                emit(report, meta, c.findings, mode, subject.urn);
            } catch (e) {
                report(errorText(meta, subject, e), subject.urn);
            }
        }
    };
    const policy: StackValidationPolicy = { ...crossGuardFields(meta), validateStack };
    const judged = [...new Set([...def.subjectTypes, ...(def.alsoJudges ?? [])])];
    return { kind: "stack", meta, types: def.subjectTypes, judged, remediable: false, policy };
}
