/**
 * Pure NetworkPolicy planner (K8S-2, K8S-3). Kubernetes NetworkPolicies are additive allow lists: once any
 * policy selects a pod for a direction, only what some policy allows gets through. So the plan is one
 * policy that selects every pod for both directions and allows nothing, plus narrow allow policies.
 *
 * Quarantine (K8S-3): every allow policy's pod selector, and every pod peer inside it, requires that the
 * `quarantine` label does NOT EXIST. Any value quarantines a pod (also `quarantine=false`): a responder's
 * typo then still isolates, and releasing a pod means removing the label, on purpose. A separate deny
 * policy selects quarantined pods so `kubectl get netpol` shows the isolation explicitly.
 */
import {
    CLUSTER_DNS_POD_LABELS,
    DNS_PORT,
    KUBE_SYSTEM_NAMESPACE,
    MANAGED_BY_LABEL,
    MANAGED_BY_VALUE,
    NAMESPACE_NAME_LABEL,
    POLICY_NAMES,
    QUARANTINE_LABEL,
} from "./constants";
import { LabelSelector, NetworkPolicyManifest, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from "./manifests";
import { FlowPort, NamespaceNetworkArgs } from "./namespaceArgs";

/** Selects pods that are not quarantined. */
export function notQuarantined(): LabelSelector {
    return { matchExpressions: [{ key: QUARANTINE_LABEL, operator: "DoesNotExist" }] };
}

/** Selects quarantined pods (any value of the label, matching what `notQuarantined` leaves out). */
export function quarantined(): LabelSelector {
    return { matchExpressions: [{ key: QUARANTINE_LABEL, operator: "Exists" }] };
}

function namespaceByName(namespace: string): LabelSelector {
    return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

function ports(list: readonly FlowPort[] | undefined): NetworkPolicyPort[] | undefined {
    if (list === undefined || list.length === 0) return undefined;
    return list.map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" }));
}

function policy(namespace: string, name: string, spec: NetworkPolicySpec): NetworkPolicyManifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec,
    };
}

/** K8S-2: selects every pod, both directions, no rules: nothing is allowed unless another policy says so. */
export function defaultDenyPolicy(namespace: string): NetworkPolicyManifest {
    return policy(namespace, POLICY_NAMES.defaultDeny, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
}

/** K8S-3: selects quarantined pods, both directions, no rules. */
export function quarantinePolicy(namespace: string): NetworkPolicyManifest {
    return policy(namespace, POLICY_NAMES.quarantine, { podSelector: quarantined(), policyTypes: ["Ingress", "Egress"] });
}

/** K8S-2: DNS (UDP and TCP 53) to the cluster DNS pods in kube-system, for pods that are not quarantined. */
export function dnsEgressPolicy(namespace: string): NetworkPolicyManifest {
    const dnsPeer: NetworkPolicyPeer = {
        namespaceSelector: namespaceByName(KUBE_SYSTEM_NAMESPACE),
        podSelector: { matchLabels: { ...CLUSTER_DNS_POD_LABELS } },
    };
    return policy(namespace, POLICY_NAMES.allowDns, {
        podSelector: notQuarantined(),
        policyTypes: ["Egress"],
        egress: [
            {
                to: [dnsPeer],
                ports: [
                    { port: DNS_PORT, protocol: "UDP" },
                    { port: DNS_PORT, protocol: "TCP" },
                ],
            },
        ],
    });
}

/** Pods of this namespace (not quarantined) may reach each other on any port. */
export function sameNamespacePolicy(namespace: string): NetworkPolicyManifest {
    const peer: NetworkPolicyPeer = { podSelector: notQuarantined() };
    return policy(namespace, POLICY_NAMES.sameNamespace, {
        podSelector: notQuarantined(),
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [peer] }],
        egress: [{ to: [peer] }],
    });
}

/** Ingress from every non-quarantined pod of one other namespace. */
export function ingressFromPolicy(namespace: string, from: string, list?: readonly FlowPort[]): NetworkPolicyManifest {
    return policy(namespace, `${POLICY_NAMES.ingressFromPrefix}${from}`, {
        podSelector: notQuarantined(),
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: namespaceByName(from), podSelector: notQuarantined() }], ports: ports(list) }],
    });
}

/** Egress to external CIDRs on named ports. */
export function egressToPolicy(
    namespace: string,
    name: string,
    cidrs: readonly string[],
    list: readonly FlowPort[],
): NetworkPolicyManifest {
    return policy(namespace, `${POLICY_NAMES.egressToPrefix}${name}`, {
        podSelector: notQuarantined(),
        policyTypes: ["Egress"],
        egress: [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: ports(list) }],
    });
}

/** Every NetworkPolicy of a namespace: default deny, quarantine, DNS, then the configured flows. */
export function planNetworkPolicies(namespace: string, network: NamespaceNetworkArgs = {}): NetworkPolicyManifest[] {
    return [
        defaultDenyPolicy(namespace),
        quarantinePolicy(namespace),
        dnsEgressPolicy(namespace),
        ...(network.allowSameNamespace === true ? [sameNamespacePolicy(namespace)] : []),
        ...(network.ingressFrom ?? []).map((f) => ingressFromPolicy(namespace, f.namespace, f.ports)),
        ...(network.egressTo ?? []).map((f) => egressToPolicy(namespace, f.name, f.cidrs, f.ports)),
    ];
}
