/**
 * Policy metadata: the closed sets (severity, 4C layer, reference frameworks) and the
 * shape every policy declares once. The catalogue (docs/policies.md), the CrossGuard
 * policy fields and the default enforcement level are all derived from it.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The 4C layer a policy guards (cloud, cluster, container, code). */
export const LAYERS = ["cloud", "cluster", "container", "code"] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Control IDs are those of lib/controls.ts (docs/controls.md): a family prefix and a number.
 * Kept as a checked pattern rather than a union so a new control needs no framework edit.
 */
export const CONTROL_ID_PATTERN = /^(NET|KMS|DATA|DET|EKS|K8S|CTR|CODE|PACK|IAM)-\d+$/;

/**
 * Framework references use the abbreviations of CONTROLS.md:
 * CIS = CIS Amazon EKS Benchmark v1.8, FSBP = AWS Foundational Security Best Practices,
 * PSS = Kubernetes Pod Security Standards, BPG = Amazon EKS Best Practices Guide.
 */
export const REFERENCE_FRAMEWORKS = ["CIS", "FSBP", "PSS", "BPG"] as const;
export type ReferenceFramework = (typeof REFERENCE_FRAMEWORKS)[number];
export interface Reference {
    readonly framework: ReferenceFramework;
    /** The item inside the framework, e.g. "EC2.18" or "5.4.1". */
    readonly id: string;
}

/** Policy-specific configuration keys (JSON schema, as CrossGuard's configSchema). */
export type ConfigProperties = Readonly<Record<string, PolicyConfigJSONSchema>>;

/** What every policy declares once. */
export interface PolicyMetadata {
    /** Policy name: the contract name from BRIEF.md (kebab-case, unique in the pack). */
    readonly name: string;
    /** Control ID from CONTROLS.md, e.g. "NET-6". Prefixes every message. */
    readonly control: string;
    readonly severity: Severity;
    readonly layer: Layer;
    /** One sentence: what the policy requires. */
    readonly description: string;
    readonly references: readonly Reference[];
    /** How to fix a violation; used as the default "Fix:" text of every message. */
    readonly remediation: string;
    /** Extra config keys of this policy (besides the framework's unknown/include/exclude). */
    readonly config?: ConfigProperties;
}

/** Default enforcement: mandatory for high and critical, advisory otherwise. */
export function defaultEnforcementLevel(severity: Severity): EnforcementLevel {
    return severity === "high" || severity === "critical" ? "mandatory" : "advisory";
}

export function formatReference(ref: Reference): string {
    return `${ref.framework} ${ref.id}`;
}

/** Throws on metadata a reviewer would reject; runs when a policy is declared. */
export function validateMetadata(meta: PolicyMetadata): void {
    const problems: string[] = [];
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.name)) {
        problems.push(`name "${meta.name}" must be kebab-case`);
    }
    if (!CONTROL_ID_PATTERN.test(meta.control)) {
        problems.push(`control "${meta.control}" must look like NET-6 (a CONTROLS.md ID)`);
    }
    if (!SEVERITIES.includes(meta.severity)) {
        problems.push(`severity "${meta.severity}" must be one of ${SEVERITIES.join(", ")}`);
    }
    if (!LAYERS.includes(meta.layer)) {
        problems.push(`layer "${meta.layer}" must be one of ${LAYERS.join(", ")}`);
    }
    if (meta.description.trim() === "" || meta.remediation.trim() === "") {
        problems.push("description and remediation must not be empty");
    }
    for (const reserved of ["unknown", "include", "exclude", "enforcementLevel", "exemptionMaxDays", "approvedExemptions"]) {
        if (meta.config && reserved in meta.config) {
            problems.push(`config key "${reserved}" is reserved by the framework`);
        }
    }
    if (problems.length > 0) {
        throw new Error(`policy "${meta.name}": ${problems.join("; ")}`);
    }
}
