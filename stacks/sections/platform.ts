/**
 * Checks across sections and keys outside the project namespace: `aws:region` must be a region the
 * installed provider knows, the pinned Pod Security version must not be newer than the cluster, and
 * values that are allowed but loosen the baseline are named in warnings (printed, not refused).
 */
import { Region } from "@pulumi/aws/types/enums";

/** Every region the installed @pulumi/aws declares (its `Region` enum), so a provider upgrade updates the list. */
export const AWS_REGIONS: readonly string[] = Object.values(Region as Record<string, string>).sort();

/** Characters of a bad value a message quotes at most; a longer one is cut and its length stated. */
const QUOTE_LIMIT = 200;

/** A value for a message: JSON-quoted, cut to QUOTE_LIMIT characters with its length stated when cut. */
export function quoteValue(value: unknown): string {
    const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
    if (text.length <= QUOTE_LIMIT) return typeof value === "string" ? JSON.stringify(value) : text;
    return `${typeof value === "string" ? `${JSON.stringify(text.slice(0, QUOTE_LIMIT)).slice(0, -1)}…"` : `${text.slice(0, QUOTE_LIMIT)}…`} (${text.length} characters, first ${QUOTE_LIMIT} shown)`;
}

/** Throws naming `aws:region` unless `region` is one of AWS_REGIONS; an unset region is left to the provider's own error. */
export function checkRegion(region: string | undefined): void {
    if (region === undefined || AWS_REGIONS.includes(region)) return;
    throw new Error(`aws:region ${quoteValue(region)} is not a region @pulumi/aws knows; use one of ${AWS_REGIONS.join(", ")}`);
}

/** Throws naming the Pod Security key when `podSecurityVersion` (v1.N) is newer than the cluster's `kubernetesVersion` (1.M). */
export function checkPodSecurityVersion(psa: { version: string; key: string }, cluster: { version: string; key: string }): void {
    const p = /^v1\.(\d+)$/.exec(psa.version);
    const k = /^1\.(\d+)$/.exec(cluster.version);
    // Malformed values are the components' validators' to refuse, with their own message.
    if (!p || !k || Number(p[1]) <= Number(k[1])) return;
    throw new Error(
        `${psa.key} ${quoteValue(psa.version)} is newer than the cluster (${cluster.key} "${cluster.version}"); use v1.${k[1]} or older`,
    );
}

/** The loosened-but-allowed inputs the warnings look at. */
export interface LooseningInputs {
    readonly exemptNamespaces: { readonly key: string; readonly values: readonly string[] };
    readonly teams: readonly {
        readonly key: string;
        readonly namespaces: readonly string[];
        readonly egressTo: readonly { readonly key: string; readonly cidrs: readonly string[] }[];
    }[];
}

const WHOLE_INTERNET = ["0.0.0.0/0", "::/0"];

/** One warning per loosening value, each naming its key: egress to the whole internet, a team namespace exempt from admission. */
export function looseningWarnings(inputs: LooseningInputs): string[] {
    const warnings: string[] = [];
    for (const team of inputs.teams) {
        for (const rule of team.egressTo) {
            rule.cidrs.forEach((cidr, i) => {
                if (WHOLE_INTERNET.includes(cidr.trim())) {
                    warnings.push(
                        `${rule.key}.cidrs[${i}] "${cidr}" lets the team's pods reach the whole internet; list the networks they need instead`,
                    );
                }
            });
        }
    }
    const teamNamespaces = new Map(inputs.teams.flatMap((t) => t.namespaces.map((n) => [n, t.key] as const)));
    inputs.exemptNamespaces.values.forEach((ns, i) => {
        const team = teamNamespaces.get(ns);
        if (team !== undefined) {
            warnings.push(
                `${inputs.exemptNamespaces.key}[${i}] "${ns}" is a team namespace (${team}): the admission policies skip its workloads; exempt only platform namespaces`,
            );
        }
    });
    return warnings;
}
