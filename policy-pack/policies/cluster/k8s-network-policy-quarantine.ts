import type * as k8s from "@pulumi/kubernetes";
import type { Data } from "../../lib";
import { asArray, asRecord, asString, asStringList, firstMatchPattern, readerFor, resourcePolicy } from "../../lib";
import { effectiveNamespace } from "../shared/kubernetes";
import { DIRECTIONS, effectiveTypes } from "../shared/netpol";
import { NETWORK_POLICY_TYPES } from "./k8s-network-policy-no-allow-all";

const read = readerFor<k8s.networking.v1.NetworkPolicyArgs>();
const selector = readerFor<k8s.types.input.meta.v1.LabelSelector>();
const expression = readerFor<k8s.types.input.meta.v1.LabelSelectorRequirement>();
const QUARANTINED_VALUE = "true";

/** Whether a pod selector leaves out pods labelled `<label>=true` (DoesNotExist, NotIn [true], or matchLabels on another value). */
export function excludesQuarantined(podSelector: Data, label: string): boolean {
    const s = asRecord(podSelector);
    if (s === undefined) return false;
    const labels = asRecord(selector(s, "matchLabels")) ?? {};
    if (Object.prototype.hasOwnProperty.call(labels, label) && labels[label] !== QUARANTINED_VALUE) return true;
    return asArray(selector(s, "matchExpressions")).some((e) => {
        if (asString(expression(e, "key")) !== label) return false;
        const op = asString(expression(e, "operator"));
        const values = asStringList(expression(e, "values"));
        return (
            op === "DoesNotExist" ||
            (op === "NotIn" && values.includes(QUARANTINED_VALUE)) ||
            (op === "In" && values.length > 0 && !values.includes(QUARANTINED_VALUE))
        );
    });
}

/**
 * K8S-3: NetworkPolicies are additive, so a quarantined pod selected by any allow policy keeps that
 * traffic. Every policy that allows something must leave quarantined pods out of its podSelector.
 */
export const k8sNetworkPolicyQuarantine = resourcePolicy({
    name: "k8s-network-policy-quarantine",
    control: "K8S-3",
    severity: "high",
    layer: "cluster",
    description:
        'A NetworkPolicy that allows any traffic must exclude quarantined pods in its podSelector (matchExpressions quarantine DoesNotExist, or NotIn ["true"]), so the quarantine deny wins for them.',
    references: [{ framework: "BPG", id: "Incident response: isolate the pod" }],
    remediation: "add to spec.podSelector.matchExpressions { key: quarantine, operator: DoesNotExist }",
    config: {
        quarantineLabel: {
            type: "string",
            default: "quarantine",
            description: 'The pod label whose value "true" puts a pod in quarantine.',
        },
        allowedPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "NetworkPolicies (namespace/name, * and ? allowed) that may also select quarantined pods.",
        },
    },
    resourceTypes: NETWORK_POLICY_TYPES,
    check: (policy, ctx) => {
        const specValue = read(policy.props, "spec");
        if (ctx.isUnknown(specValue, "spec") || specValue === undefined || specValue === null) {
            return;
        }
        const ns = effectiveNamespace(policy).value;
        const key = `${typeof ns === "string" ? ns : "?"}/${asString(read(policy.props, "metadata", "name")) ?? policy.name}`;
        if (firstMatchPattern(key, ctx.configStrings("allowedPolicies")) !== undefined) {
            return;
        }
        if (
            ctx.containsUnknown(
                [read(policy.props, "spec", "policyTypes"), read(policy.props, "spec", "ingress"), read(policy.props, "spec", "egress")],
                "spec",
            )
        ) {
            return;
        }
        const types = effectiveTypes(specValue);
        const allows = (types ?? [...DIRECTIONS]).filter(
            (d) => asArray(read(policy.props, "spec", d === "Ingress" ? "ingress" : "egress")).length > 0,
        );
        if (allows.length === 0) {
            return;
        }
        const podSelector = read(policy.props, "spec", "podSelector");
        if (ctx.containsUnknown(podSelector, "spec.podSelector")) {
            return;
        }
        const label = typeof ctx.config.quarantineLabel === "string" ? ctx.config.quarantineLabel : "quarantine";
        if (!excludesQuarantined(podSelector, label)) {
            ctx.violation(
                `NetworkPolicy "${key}" allows ${allows.join(" and ")} for pods its spec.podSelector does not keep from quarantine (${label}=true), so a quarantined pod keeps that traffic`,
            );
        }
    },
});
