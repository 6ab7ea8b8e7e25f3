/**
 * The analyzer protocol as the check speaks it: what it reads from a pack (its info, its
 * diagnostics) and the messages it sends (resources, options, providers, config levels),
 * built with the classes generated from analyzer.proto that @pulumi/pulumi ships.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import type { WireMap } from "./records";

export type Enforcement = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";

export interface PolicyInfo {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcement: Enforcement;
    readonly kind: "resource" | "stack" | "unknown";
    readonly severity: Severity;
    readonly tags: readonly string[];
    readonly remediation: string;
    readonly url: string;
    readonly framework?: { readonly name: string; readonly version: string; readonly reference: string; readonly specification: string };
    /** JSON-schema `properties` and `required` of the policy's config, if it has any. */
    readonly configSchema?: { readonly properties: Record<string, unknown>; readonly required: readonly string[] };
}

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly PolicyInfo[];
    readonly initialConfig: Readonly<Record<string, { enforcement?: Enforcement; properties: Record<string, unknown> }>>;
}

export interface Diagnostic {
    readonly policy: string;
    readonly pack: string;
    readonly message: string;
    readonly description: string;
    readonly enforcement: Enforcement;
    readonly severity: Severity;
    readonly urn: string;
}

/** One resource as the analyzer receives it. */
export interface AnalyzerResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: WireMap;
    readonly options: {
        readonly protect: boolean;
        readonly ignoreChanges: readonly string[];
        readonly deleteBeforeReplace?: boolean;
        readonly additionalSecretOutputs: readonly string[];
        readonly aliases: readonly string[];
        readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
        readonly parent: string;
    };
    readonly provider?: { readonly urn: string; readonly type: string; readonly name: string; readonly properties: WireMap };
    readonly parent: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** The options of a resource registered with none set, as the engine sends them (a default provider's, too). */
export function defaultOptions(parent = ""): AnalyzerResource["options"] {
    return {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
        parent,
    };
}

export const ENFORCEMENT: Record<number, Enforcement> = {
    [proto.EnforcementLevel.ADVISORY]: "advisory",
    [proto.EnforcementLevel.MANDATORY]: "mandatory",
    [proto.EnforcementLevel.REMEDIATE]: "remediate",
    [proto.EnforcementLevel.DISABLED]: "disabled",
};
export const ENFORCEMENT_CODE: Record<Enforcement, proto.EnforcementLevel> = {
    advisory: proto.EnforcementLevel.ADVISORY,
    mandatory: proto.EnforcementLevel.MANDATORY,
    remediate: proto.EnforcementLevel.REMEDIATE,
    disabled: proto.EnforcementLevel.DISABLED,
};
const SEVERITY: Record<number, Severity> = {
    [proto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [proto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [proto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [proto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** The pack's AnalyzerInfo as the check reads it. */
export function packInfoOf(ai: proto.AnalyzerInfo): PackInfo {
    const policies = ai.getPoliciesList().map((p): PolicyInfo => {
        const schema = p.getConfigschema();
        const fw = p.getFramework();
        return {
            name: p.getName(),
            displayName: p.getDisplayname(),
            description: p.getDescription(),
            enforcement: ENFORCEMENT[p.getEnforcementlevel()] ?? "advisory",
            kind:
                p.getPolicyType() === proto.PolicyType.POLICY_TYPE_RESOURCE
                    ? "resource"
                    : p.getPolicyType() === proto.PolicyType.POLICY_TYPE_STACK
                      ? "stack"
                      : "unknown",
            severity: SEVERITY[p.getSeverity()] ?? "unspecified",
            tags: p.getTagsList(),
            remediation: p.getRemediationSteps(),
            url: p.getUrl(),
            framework: fw
                ? { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() }
                : undefined,
            configSchema: schema
                ? {
                      properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                      required: schema.getRequiredList(),
                  }
                : undefined,
        };
    });
    const initialConfig: Record<string, { enforcement?: Enforcement; properties: Record<string, unknown> }> = {};
    ai.getInitialconfigMap().forEach((v, k) => {
        initialConfig[k] = {
            enforcement: ENFORCEMENT[v.getEnforcementlevel()],
            properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
        };
    });
    return { name: ai.getName(), version: ai.getVersion(), policies, initialConfig };
}

/** The AnalyzeStack request for these resources, as the engine builds it. */
export function analyzeStackRequest(resources: readonly AnalyzerResource[]): proto.AnalyzeStackRequest {
    const req = new proto.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const a = new proto.AnalyzerResource();
            a.setUrn(r.urn);
            a.setType(r.type);
            a.setName(r.name);
            a.setProperties(Struct.fromJavaScript(r.properties));
            a.setOptions(options(r));
            if (r.provider) a.setProvider(providerOf(r.provider));
            a.setParent(r.parent);
            a.setDependenciesList([...r.dependencies]);
            const pd = a.getPropertydependenciesMap();
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                // The engine skips properties without dependencies.
                if (urns.length === 0) continue;
                const d = new proto.AnalyzerPropertyDependencies();
                d.setUrnsList([...urns]);
                pd.set(k, d);
            }
            return a;
        }),
    );
    return req;
}

export function options(r: AnalyzerResource): proto.AnalyzerResourceOptions {
    const o = new proto.AnalyzerResourceOptions();
    o.setProtect(r.options.protect);
    o.setIgnorechangesList([...r.options.ignoreChanges]);
    if (r.options.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(r.options.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    o.setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs]);
    o.setAliasesList([...r.options.aliases]);
    const t = new proto.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(r.options.customTimeouts.create);
    t.setUpdate(r.options.customTimeouts.update);
    t.setDelete(r.options.customTimeouts.delete);
    o.setCustomtimeouts(t);
    o.setParent(r.options.parent);
    return o;
}

export function providerOf(p: NonNullable<AnalyzerResource["provider"]>): proto.AnalyzerProviderResource {
    const a = new proto.AnalyzerProviderResource();
    a.setUrn(p.urn);
    a.setType(p.type);
    a.setName(p.name);
    a.setProperties(Struct.fromJavaScript(p.properties));
    return a;
}

export function diagnostics(res: proto.AnalyzeResponse, urn: string): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        pack: d.getPolicypackname(),
        message: d.getMessage(),
        description: d.getDescription(),
        enforcement: ENFORCEMENT[d.getEnforcementlevel()] ?? "advisory",
        severity: SEVERITY[d.getSeverity()] ?? "unspecified",
        urn: d.getUrn() || urn,
    }));
}
