/**
 * Checks across sections and keys outside the project namespace: `aws:region` must be a region the
 * installed provider knows, the pinned Pod Security version must not be newer than the cluster, and
 * values that are allowed but loosen the baseline are named in warnings (printed, not refused).
 */
import { Region } from "@pulumi/aws/types/enums";
import { ValidationError, quoteValue } from "../../components";
import { configError, configKey } from "./naming";

/** Every region the installed @pulumi/aws declares (its `Region` enum), so a provider upgrade updates the list. */
export const AWS_REGIONS: readonly string[] = Object.values(Region as Record<string, string>).sort();

/** Throws naming `aws:region` unless `region` is one of AWS_REGIONS; an unset region is left to the provider's own error. */
export function checkRegion(region: string | undefined): void {
    if (region === undefined || AWS_REGIONS.includes(region)) return;
    // A key outside the project namespace: the path is the key as written.
    throw new ValidationError({
        path: ["aws:region"],
        value: region,
        problem: "is not a region @pulumi/aws knows",
        allowed: `use one of ${AWS_REGIONS.join(", ")}`,
    });
}

/** Throws naming the Pod Security key when `podSecurityVersion` (v1.N) is newer than the cluster's `kubernetesVersion` (1.M). */
export function checkPodSecurityVersion(podSecurityVersion: string, kubernetesVersion: string): void {
    const p = /^v1\.(\d+)$/.exec(podSecurityVersion);
    const k = /^1\.(\d+)$/.exec(kubernetesVersion);
    // Malformed values are the components' validators' to refuse, with their own message.
    if (!p || !k || Number(p[1]) <= Number(k[1])) return;
    throw configError({
        path: ["podSecurityVersion"],
        value: podSecurityVersion,
        problem: `is newer than the cluster (${configKey("kubernetesVersion")} ${quoteValue(kubernetesVersion)})`,
        allowed: `use v1.${k[1]} or older`,
    });
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
