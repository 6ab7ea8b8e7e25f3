/**
 * The pack as a library (`secure-baseline/policy`): other teams compose our policies with
 * their own in a pack of theirs. Nothing here constructs a pack or starts a server until
 * `securityBaselinePack` is called, and a process may hold only one pack.
 *
 *     import { securityBaselinePack } from "secure-baseline/policy";
 *     securityBaselinePack("acme-guardrails", {
 *         enforcement: { "k8s-service-not-exposed": "mandatory" },
 *         config: { "eks-cluster-admin-allowlist": { clusterAdminPrincipals: ["arn:aws:iam::111122223333:role/admin"] } },
 *         extraPolicies: [myOwnPolicy],
 *     });
 */
import { EnforcementLevel, Policies, PolicyPack, PolicyPackConfig } from "@pulumi/policy";
import { PolicyMetadata, SecurePolicy, defaultEnforcementLevel } from "./lib";
import { ALL_POLICIES, PACK_NAME } from "./policies";

export { PACK_NAME };

/** What a policy of the baseline is about (its metadata; the catalogue in docs/policies.md). */
export interface BaselinePolicyInfo extends Omit<PolicyMetadata, "config"> {
    /** Resource types the policy judges (resource policies) or is about (stack policies). */
    readonly resourceTypes: readonly string[];
    readonly kind: "resource" | "stack";
    /** mandatory for high and critical severity, advisory otherwise. */
    readonly defaultEnforcement: EnforcementLevel;
    /** Whether the `remediate` enforcement level can fix a violation. */
    readonly remediable: boolean;
}

function info(p: SecurePolicy): BaselinePolicyInfo {
    const m = p.meta;
    return {
        name: m.name,
        control: m.control,
        severity: m.severity,
        layer: m.layer,
        description: m.description,
        references: m.references,
        remediation: m.remediation,
        resourceTypes: p.types,
        kind: p.kind,
        defaultEnforcement: defaultEnforcementLevel(m.severity),
        remediable: p.remediable,
    };
}

/** Every policy of the baseline, in catalogue order. */
export const policies: readonly BaselinePolicyInfo[] = ALL_POLICIES.map(info);

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface BaselineOptions {
    /** Policy names to leave out of the composed pack entirely. @default [] */
    readonly exclude?: readonly string[];
    /** Per-policy enforcement level, replacing the severity-based default. @default {} */
    readonly enforcement?: Readonly<Record<string, EnforcementLevel>>;
}

export interface BaselinePackOptions extends BaselineOptions {
    /** Your own policies, judged beside the baseline's. @default [] */
    readonly extraPolicies?: Policies;
    /**
     * Initial pack config (the same shape as a `--policy-pack-config` file: policy name →
     * level or `{ enforcementLevel?, ...keys }`). A config file given to the CLI still wins.
     * @default {}
     */
    readonly config?: PolicyPackConfig;
    /** @default a sentence naming the baseline */
    readonly description?: string;
}

function checkNames(option: string, names: readonly string[]): void {
    const known = new Set(ALL_POLICIES.map((p) => p.meta.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
        throw new Error(
            `${option}: ${unknown.map((n) => JSON.stringify(n.length > 80 ? `${n.slice(0, 80)}…` : n)).join(", ")} ${unknown.length === 1 ? "is not a policy" : "are not policies"} of the secure-baseline pack; allowed: the names in \`policies\` (docs/policies.md)`,
        );
    }
}

/** The baseline's CrossGuard policies, with the options applied, to put in a pack of yours. */
export function baselinePolicies(options: BaselineOptions = {}): Policies {
    const exclude = options.exclude ?? [];
    const enforcement = options.enforcement ?? {};
    checkNames("exclude", exclude);
    checkNames("enforcement", Object.keys(enforcement));
    for (const [name, level] of Object.entries(enforcement)) {
        if (!ENFORCEMENT_LEVELS.includes(level)) {
            throw new Error(
                `enforcement.${name}: ${JSON.stringify(level)} is not an enforcement level; allowed: ${ENFORCEMENT_LEVELS.join(", ")}`,
            );
        }
    }
    return ALL_POLICIES.filter((p) => !exclude.includes(p.meta.name)).map((p) => {
        const level = enforcement[p.meta.name];
        return level === undefined ? p.policy : { ...p.policy, enforcementLevel: level };
    });
}

/**
 * Constructs a pack holding the baseline's policies and yours. Call it once, from your
 * pack's entry file: constructing a pack starts its analyzer server.
 */
export function securityBaselinePack(name: string, options: BaselinePackOptions = {}): PolicyPack {
    const extra = options.extraPolicies ?? [];
    const ours = new Set(ALL_POLICIES.map((p) => p.meta.name));
    const clashes = extra.filter((p) => ours.has(p.name)).map((p) => p.name);
    if (clashes.length > 0) {
        throw new Error(
            `extraPolicies: ${clashes.join(", ")} already ${clashes.length === 1 ? "names a policy" : "name policies"} of the secure-baseline pack; give your policies other names`,
        );
    }
    checkNames(
        "config",
        Object.keys(options.config ?? {}).filter((k) => k !== "all" && !extra.some((p) => p.name === k)),
    );
    return new PolicyPack(
        name,
        {
            policies: [...baselinePolicies(options), ...extra],
            description: options.description ?? `Policies of the secure-baseline pack (${PACK_NAME}) composed with the team's own.`,
        },
        options.config,
    );
}
