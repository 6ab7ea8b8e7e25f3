/**
 * Declaring a policy over the whole stack (`stackPolicy()`): evaluated once per subject
 * resource, with a view of every resource of the stack and their property dependencies.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { configSchema, resolveConfig } from "./config";
import { FindingCollector } from "./context";
import { DataRecord, asRecord, snapshot } from "./data";
import { crossGuardFields, errorText, gate, providerView, runCheck, unknownModeOf } from "./evaluation";
import { todayUtc } from "./exemptions";
import { PolicyMetadata, validateMetadata } from "./metadata";
import type { ProviderView, SecurePolicy, StackPolicyArgs, StackResourceView, StackView } from "./policy";
import { emit } from "./report";

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
