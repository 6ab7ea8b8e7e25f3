/** Cases of the namespace policies (K8S-1, K8S-2, K8S-4): no default or system namespace, Pod Security labels, the namespace baseline. */
import type { ResourceCase, StackCase } from "../../case";
import { k8sNamespaceBaselineUnverified } from "../../../../policy-pack/policies/cluster/k8s-namespace-baseline-unverified";
import { k8sNoSystemNamespace } from "../../../../policy-pack/policies/cluster/k8s-no-system-namespace";
import { k8sNamespaceDefaultDeny } from "../../../../policy-pack/policies/cluster/k8s-namespace-default-deny";
import { k8sNamespacePodSecurity } from "../../../../policy-pack/policies/cluster/k8s-namespace-pod-security";
import { k8sNamespaceResourceQuota } from "../../../../policy-pack/policies/cluster/k8s-namespace-resource-quota";
import { NAMESPACED_TYPES, k8sNoDefaultNamespace } from "../../../../policy-pack/policies/cluster/k8s-no-default-namespace";
import { UNKNOWN, UNKNOWN_OBJECT } from "../../runtime";
import { JsonObject, OLDER_WORKLOAD_KINDS, WORKLOAD_KINDS, compliantPodSpec, manifest } from "../fixtures";
import { PSA, baselineStack } from "./shared";

function namespaced(type: string): JsonObject {
    const kind = [...WORKLOAD_KINDS, ...OLDER_WORKLOAD_KINDS].find((k) => k.type === type);
    if (kind) return manifest(kind, compliantPodSpec());
    return { metadata: { name: "web", namespace: "team-a" }, data: { a: "b" } };
}

export const defaultNamespaceCases: ResourceCase[] = NAMESPACED_TYPES.map((type) => ({
    kind: "resource",
    policy: k8sNoDefaultNamespace,
    type,
    name: "web",
    compliant: namespaced(type),
    violations: [
        { what: "namespace default", path: "metadata.namespace", value: "default", match: /is placed in the "default" namespace/ },
    ],
    unknowns: [{ what: "unknown namespace", path: "metadata.namespace", value: UNKNOWN }],
}));

export const podSecurityCases: ResourceCase[] = ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:NamespacePatch"].map((type) => ({
    kind: "resource",
    policy: k8sNamespacePodSecurity,
    type,
    name: "team-a",
    compliant: { metadata: { name: "team-a", labels: PSA } },
    violations: [
        {
            what: "enforce privileged",
            path: "metadata.labels",
            value: { "pod-security.kubernetes.io/enforce": "privileged" },
            match: /instead of "restricted"/,
        },
    ],
    unknowns: [{ what: "unknown labels", path: "metadata.labels", value: UNKNOWN_OBJECT }],
}));

const deployment = (namespace: string) => ({
    type: WORKLOAD_KINDS[2].type,
    name: "web",
    props: manifest(WORKLOAD_KINDS[2], compliantPodSpec(), { namespace }),
});
export const namespaceCases: StackCase[] = [
    {
        kind: "stack",
        policy: k8sNoSystemNamespace,
        subject: "web",
        compliant: [...baselineStack, deployment("team-a")],
        violations: [
            {
                what: "placed in kube-system",
                resource: "web",
                path: "metadata.namespace",
                value: "kube-system",
                match: /placed in the system namespace "kube-system"/,
            },
        ],
        unknowns: [{ what: "unknown namespace", resource: "web", path: "metadata.namespace", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: k8sNamespaceBaselineUnverified,
        subject: "web",
        compliant: [...baselineStack, deployment("team-a")],
        violations: [
            {
                what: "the namespace is not created here",
                resource: "web",
                path: "metadata.namespace",
                value: "team-z",
                match: /namespace "team-z", which this stack does not create: the pack cannot verify a default-deny NetworkPolicy \(K8S-2\) or a ResourceQuota \(K8S-4\)/,
            },
        ],
        unknowns: [{ what: "unknown namespace", resource: "web", path: "metadata.namespace", value: UNKNOWN }],
    },
];

/** Every namespace has a default deny and a quota. */
export const namespaceStackCases: readonly StackCase[] = [
    {
        kind: "stack",
        policy: k8sNamespaceDefaultDeny,
        subject: "team-a",
        compliant: baselineStack,
        violations: [
            {
                what: "the deny policy selects only some pods",
                resource: "deny",
                path: "spec.podSelector",
                value: { matchLabels: { app: "web" } },
                match: /has no default-deny NetworkPolicy for Ingress and Egress/,
            },
        ],
        unknowns: [{ what: "unknown podSelector", resource: "deny", path: "spec.podSelector", value: UNKNOWN_OBJECT }],
    },
    {
        kind: "stack",
        policy: k8sNamespaceResourceQuota,
        subject: "team-a",
        compliant: baselineStack,
        violations: [
            {
                what: "the quota is in another namespace",
                resource: "quota",
                path: "metadata.namespace",
                value: "team-b",
                match: /has no ResourceQuota/,
            },
        ],
        unknowns: [{ what: "unknown quota namespace", resource: "quota", path: "metadata.namespace", value: UNKNOWN }],
    },
];
