import type * as k8s from "@pulumi/kubernetes";
import type { CheckContext, StackResourceView } from "../../lib";
import { Unknown, asString, firstMatchPattern, readerFor, stackPolicy } from "../../lib";
import { effectiveNamespace, withPatchTypes } from "../shared/kubernetes";
import type { AddressSet } from "../../lib/addresses";
import { DIRECTIONS, Direction, directionView, effectiveTypes, publicSize } from "../shared/netpol";

export const NETWORK_POLICY_TYPES: readonly string[] = withPatchTypes(["kubernetes:networking.k8s.io/v1:NetworkPolicy"]);
const read = readerFor<k8s.networking.v1.NetworkPolicyArgs>();

/** `namespace/name` of a NetworkPolicy, for the allowlist and messages ("?" when unknown). */
export function policyKey(p: StackResourceView): string {
    const ns = effectiveNamespace(p).value;
    return `${typeof ns === "string" ? ns : "?"}/${asString(read(p.props, "metadata", "name")) ?? p.name}`;
}

/** The ipBlock addresses every NetworkPolicy of `ns` allows for `dir`, by policy. */
function blocksInNamespace(stack: readonly StackResourceView[], key: string, dir: Direction): { key: string; sets: AddressSet[] }[] {
    const ns = key.split("/")[0];
    return stack
        .filter((r) => NETWORK_POLICY_TYPES.includes(r.type) && policyKey(r).split("/")[0] === ns)
        .filter((r) => effectiveTypes(read(r.props, "spec"))?.includes(dir) === true)
        .map((r) => ({ key: policyKey(r), sets: directionView(read(r.props, "spec"), dir).blocks.map((b) => b.allowed) }))
        .filter((b) => b.sets.length > 0);
}

function tooLarge(size: { v4: bigint; v6: bigint }, ctx: CheckContext): string | undefined {
    const v4 = ctx.configNumber("largestPublicIpv4Prefix", 16);
    const v6 = ctx.configNumber("largestPublicIpv6Prefix", 48);
    if (size.v4 > 2n ** BigInt(32 - Math.min(32, Math.max(0, Math.trunc(v4)))))
        return `${size.v4} public IPv4 addresses (more than one /${v4})`;
    if (size.v6 > 2n ** BigInt(128 - Math.min(128, Math.max(0, Math.trunc(v6)))))
        return `${size.v6} public IPv6 addresses (more than one /${v6})`;
    return undefined;
}

/**
 * K8S-2: beside the namespace's default deny, no NetworkPolicy allows all ingress or egress:
 * a rule without peers, a peer selecting every pod of every namespace, or ipBlocks whose union
 * over the namespace's policies covers more public addresses than the configured block.
 */
export const k8sNetworkPolicyNoAllowAll = stackPolicy({
    name: "k8s-network-policy-no-allow-all",
    control: "K8S-2",
    severity: "high",
    layer: "cluster",
    description:
        "NetworkPolicies must not allow all ingress or egress beside the default deny: no rule without from/to peers (ports do not narrow who), no peer selecting every pod of every namespace, and the namespace's ipBlocks together may not cover more public addresses than one /16 (IPv4) or /48 (IPv6), however the ranges are split.",
    references: [
        { framework: "CIS", id: "4.3.2" },
        { framework: "BPG", id: "Network security: default deny network policies" },
    ],
    remediation:
        "name the peers (a namespaceSelector and podSelector, or the exact CIDRs) the pods need; list a policy that must stay open (an ingress controller's) in allowedPolicies of the pack config as namespace/name",
    config: {
        allowedPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "NetworkPolicies (namespace/name, * and ? allowed) that may allow all traffic.",
        },
        largestPublicIpv4Prefix: {
            type: "number",
            default: 16,
            description: "The namespace's ipBlocks may together cover at most one block of this prefix of public IPv4 addresses.",
        },
        largestPublicIpv6Prefix: { type: "number", default: 48, description: "Same, for public IPv6 addresses." },
    },
    subjectTypes: NETWORK_POLICY_TYPES,
    check: (policy, stack, ctx) => {
        const specValue = read(policy.props, "spec");
        if (ctx.isUnknown(specValue, "spec") || specValue === undefined || specValue === null) {
            return;
        }
        const key = policyKey(policy);
        if (firstMatchPattern(key, ctx.configStrings("allowedPolicies")) !== undefined) {
            return;
        }
        if (ctx.containsUnknown(read(policy.props, "spec", "policyTypes"), "spec.policyTypes")) {
            return;
        }
        const types = effectiveTypes(specValue);
        if (types === undefined) {
            ctx.violation(`NetworkPolicy "${key}" spec.policyTypes is malformed (allowed: Ingress, Egress)`);
            return;
        }
        for (const dir of DIRECTIONS.filter((d) => types.includes(d))) {
            const view = directionView(specValue, dir);
            view.unknown.forEach((u) => ctx.isUnknown(new Unknown(u), u));
            view.malformed.forEach((m) => ctx.violation(`NetworkPolicy "${key}" ${m} is malformed, so what it allows cannot be judged`));
            const word = dir === "Ingress" ? "from" : "to";
            if (view.allowAll.length > 0) {
                ctx.violation(
                    `NetworkPolicy "${key}" allows all ${dir} (${view.allowAll.join(", ")}: ${word} every address or every pod of every namespace), which undoes the namespace's default deny`,
                );
                continue;
            }
            if (view.blocks.length === 0) continue;
            const all = blocksInNamespace(stack.resources, key, dir);
            const large = tooLarge(publicSize(all.flatMap((b) => b.sets)), ctx);
            if (large !== undefined) {
                const others = all.map((b) => b.key).filter((k) => k !== key);
                ctx.violation(
                    `NetworkPolicy "${key}"${others.length > 0 ? ` together with ${others.map((o) => `"${o}"`).join(", ")}` : ""} allows ${dir} ${word} ${large}, which is the internet, not a named peer`,
                );
            }
        }
    },
});
