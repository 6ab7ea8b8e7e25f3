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
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { UnknownMode, configSchema, resolveConfig } from "./config";
import { CheckContext, FindingCollector, ResourceRef } from "./context";
import { DataRecord, asRecord, snapshot } from "./data";
import { crossGuardFields, errorText, gate, providerView, runCheck, unknownModeOf } from "./evaluation";
import { todayUtc } from "./exemptions";
import { PolicyMetadata, validateMetadata } from "./metadata";
import { Fix, setIn } from "./remediation";
import { emit } from "./report";
import { markSingleType, notApplicable, singleTypeReason } from "./sdk-internals";

export { providerView } from "./evaluation";
export { stackPolicy } from "./stack-policy";

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

/**
 * The reason a policy gives for a resource of another type. The SDK's fast path (one type,
 * see markSingleType) words it as below; a policy over several types gives their count,
 * not the list: the reason goes into every Analyze response for every other resource, and
 * listing up to 16 Kubernetes types made the response of a 62-policy pack 13.7 KB instead
 * of 5.3 KB for a security group (measured), most of a round trip's cost in both processes.
 * The types are in the policy's catalogue entry (docs/policies.md).
 */
export function notApplicableReason(types: readonly string[]): string {
    return types.length === 1 ? singleTypeReason(types[0]) : `Policy only applies to ${types.length} resource types`;
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
