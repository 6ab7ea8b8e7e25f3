/** Shared by the Kubernetes case modules: a team namespace with its baseline (Pod Security label, default deny, quota). */
export const PSA = { "pod-security.kubernetes.io/enforce": "restricted" };
export const NS = "kubernetes:core/v1:Namespace";
export const baselineStack = [
    { type: NS, name: "team-a", props: { metadata: { name: "team-a", labels: PSA } } },
    {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: "deny",
        props: { metadata: { name: "deny", namespace: "team-a" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
    },
    {
        type: "kubernetes:core/v1:ResourceQuota",
        name: "quota",
        props: { metadata: { name: "quota", namespace: "team-a" }, spec: { hard: { pods: "50" } } },
    },
];
