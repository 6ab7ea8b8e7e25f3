/** Cases of the network and exposure policies: ingresses, services, network policies, ALB ingresses (CODE-1, CODE-2, CODE-3, K8S-2, K8S-3). */
import type { ResourceCase, StackCase } from "../../case";
import { NETWORK_POLICY_TYPES, k8sNetworkPolicyNoAllowAll } from "../../../../policy-pack/policies/cluster/k8s-network-policy-no-allow-all";
import { k8sNetworkPolicyQuarantine } from "../../../../policy-pack/policies/cluster/k8s-network-policy-quarantine";
import { k8sIngressAlbTls } from "../../../../policy-pack/policies/code/k8s-ingress-alb-tls";
import { k8sIngressAlbWaf } from "../../../../policy-pack/policies/code/k8s-ingress-alb-waf";
import { k8sIngressTls } from "../../../../policy-pack/policies/code/k8s-ingress-tls";
import { k8sServiceNotExposed } from "../../../../policy-pack/policies/code/k8s-service-not-exposed";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../../runtime";
import { baselineStack } from "./shared";

export const ingressCases: ResourceCase[] = [
    "kubernetes:networking.k8s.io/v1:Ingress",
    "kubernetes:networking.k8s.io/v1beta1:Ingress",
    "kubernetes:extensions/v1beta1:Ingress",
]
    .flatMap((t) => [t, `${t}Patch`])
    .map((type) => ({
        kind: "resource",
        policy: k8sIngressTls,
        type,
        name: "web",
        compliant: {
            metadata: { name: "web", namespace: "team-a" },
            spec: { rules: [{ host: "web.example.com" }], tls: [{ hosts: ["web.example.com"], secretName: "web-tls" }] },
        },
        violations: [
            {
                what: "a rule host outside TLS",
                path: "spec.rules.0.host",
                value: "admin.example.com",
                match: /routes "admin.example.com" without a TLS entry/,
            },
        ],
        unknowns: [{ what: "unknown tls", path: "spec.tls", value: UNKNOWN_ARRAY }],
    }));

export const serviceCases: ResourceCase[] = ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"].map((type) => ({
    kind: "resource",
    policy: k8sServiceNotExposed,
    type,
    name: "web",
    compliant: { metadata: { name: "web", namespace: "team-a" }, spec: { type: "ClusterIP", ports: [{ port: 443 }] } },
    violations: [{ what: "type LoadBalancer", path: "spec.type", value: "LoadBalancer", match: /is of type LoadBalancer/ }],
    unknowns: [{ what: "unknown type", path: "spec.type", value: UNKNOWN }],
}));

const NOT_QUARANTINED = { matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] };
const allowWeb = {
    metadata: { name: "allow-web", namespace: "team-a" },
    spec: { podSelector: NOT_QUARANTINED, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
};
export const quarantineCases: ResourceCase[] = NETWORK_POLICY_TYPES.map((type) => ({
    kind: "resource",
    policy: k8sNetworkPolicyQuarantine,
    type,
    name: "allow-web",
    compliant: allowWeb,
    violations: [{ what: "selects quarantined pods too", path: "spec.podSelector", value: {}, match: /does not keep from quarantine/ }],
    unknowns: [{ what: "unknown podSelector", path: "spec.podSelector", value: UNKNOWN_OBJECT }],
}));
const albIngress = {
    metadata: {
        name: "web",
        namespace: "team-a",
        annotations: {
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]',
            "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        },
    },
    spec: { ingressClassName: "alb", rules: [{ host: "web.example.com" }] },
};

/** ALB ingresses serve TLS and sit behind WAF. */
export const albStackCases: readonly StackCase[] = [
    {
        kind: "stack",
        policy: k8sIngressAlbTls,
        subject: "web",
        compliant: [{ type: "kubernetes:networking.k8s.io/v1:Ingress", name: "web", props: albIngress }],
        violations: [
            {
                what: "HTTP only",
                resource: "web",
                path: "metadata.annotations",
                value: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}]' },
                match: /listens on HTTP only/,
            },
        ],
        unknowns: [{ what: "unknown class", resource: "web", path: "spec.ingressClassName", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: k8sIngressAlbWaf,
        subject: "web",
        // Internet-facing through the class's IngressClassParams, so the exemption annotation (which replaces
        // the annotations in exemptions.test.ts) leaves it internet-facing.
        compliant: [
            {
                type: "kubernetes:networking.k8s.io/v1:IngressClass",
                name: "class-public",
                props: {
                    metadata: { name: "public" },
                    spec: {
                        controller: "ingress.k8s.aws/alb",
                        parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: "public" },
                    },
                },
            },
            {
                type: "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams",
                name: "params-public",
                props: { metadata: { name: "public" }, spec: { scheme: "internet-facing" } },
            },
            {
                type: "kubernetes:networking.k8s.io/v1:Ingress",
                name: "web",
                props: {
                    metadata: {
                        name: "web",
                        annotations: {
                            "alb.ingress.kubernetes.io/wafv2-acl-arn":
                                "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge-web-acl/0123abcd-4567-89ef",
                        },
                    },
                    spec: { ingressClassName: "public", rules: [{ host: "web.example.com" }] },
                },
            },
        ],
        violations: [
            {
                what: "no web ACL",
                resource: "web",
                path: "metadata.annotations",
                value: {},
                match: /\[CODE-3\] Ingress "web" \(internet-facing ALB\) names no WAFv2 web ACL/,
            },
        ],
        unknowns: [{ what: "unknown class", resource: "web", path: "spec.ingressClassName", value: UNKNOWN }],
    },
];

/** No network policy allows all. */
export const netpolStackCases: readonly StackCase[] = [
    {
        kind: "stack",
        policy: k8sNetworkPolicyNoAllowAll,
        subject: "allow-web",
        compliant: [...baselineStack, { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "allow-web", props: allowWeb }],
        violations: [
            { what: "an empty ingress rule", resource: "allow-web", path: "spec.ingress", value: [{}], match: /allows all Ingress/ },
        ],
        unknowns: [{ what: "unknown ingress", resource: "allow-web", path: "spec.ingress", value: UNKNOWN_ARRAY }],
    },
];
