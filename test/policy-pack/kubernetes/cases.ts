/**
 * The Kubernetes policies in the pack's shared case format (../cases.ts): a compliant
 * resource per type (every workload kind and its Patch variant for the pod policies), one
 * explicit one-field violation and one unknown per policy. The pack's generic suites
 * (policies, fidelity against the real server, fuzz, coverage) run them; the k8s-specific
 * behaviour (inheritance, patch semantics, providers, linking) is tested beside this file.
 */
import type { Case, ResourceCase, StackCase, Variant } from "../case";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { REMOVED_API_TYPES, k8sApiVersionServed } from "../../../policy-pack/policies/cluster/k8s-api-version-served";
import { k8sNamespaceBaselineUnverified } from "../../../policy-pack/policies/cluster/k8s-namespace-baseline-unverified";
import { k8sNoSystemNamespace } from "../../../policy-pack/policies/cluster/k8s-no-system-namespace";
import { k8sNamespaceDefaultDeny } from "../../../policy-pack/policies/cluster/k8s-namespace-default-deny";
import { k8sNamespacePodSecurity } from "../../../policy-pack/policies/cluster/k8s-namespace-pod-security";
import { k8sNamespaceResourceQuota } from "../../../policy-pack/policies/cluster/k8s-namespace-resource-quota";
import { NETWORK_POLICY_TYPES, k8sNetworkPolicyNoAllowAll } from "../../../policy-pack/policies/cluster/k8s-network-policy-no-allow-all";
import { k8sNetworkPolicyQuarantine } from "../../../policy-pack/policies/cluster/k8s-network-policy-quarantine";
import { NAMESPACED_TYPES, k8sNoDefaultNamespace } from "../../../policy-pack/policies/cluster/k8s-no-default-namespace";
import { k8sRbacEffectiveGrants } from "../../../policy-pack/policies/cluster/k8s-rbac-effective-grants";
import { k8sRbacNoBroadSubjects } from "../../../policy-pack/policies/cluster/k8s-rbac-no-broad-subjects";
import { k8sRbacNoClusterAdminBinding } from "../../../policy-pack/policies/cluster/k8s-rbac-no-cluster-admin-binding";
import { k8sRbacNoWildcards } from "../../../policy-pack/policies/cluster/k8s-rbac-no-wildcards";
import { k8sRbacSensitivePermissions } from "../../../policy-pack/policies/cluster/k8s-rbac-sensitive-permissions";
import { k8sServiceAccountNoAutomount } from "../../../policy-pack/policies/cluster/k8s-service-account-no-automount";
import { k8sIngressAlbTls } from "../../../policy-pack/policies/code/k8s-ingress-alb-tls";
import { k8sIngressAlbWaf } from "../../../policy-pack/policies/code/k8s-ingress-alb-waf";
import { k8sIngressTls } from "../../../policy-pack/policies/code/k8s-ingress-tls";
import { k8sServiceNotExposed } from "../../../policy-pack/policies/code/k8s-service-not-exposed";
import { k8sPersistentVolumeNoHostPath } from "../../../policy-pack/policies/container/k8s-persistent-volume-no-host-path";
import { k8sPodHostProbes } from "../../../policy-pack/policies/container/k8s-pod-host-probes";
import { k8sPodVolumeTypes } from "../../../policy-pack/policies/container/k8s-pod-volume-types";
import { k8sPodCapabilities } from "../../../policy-pack/policies/container/k8s-pod-capabilities";
import { k8sPodHostNamespaces } from "../../../policy-pack/policies/container/k8s-pod-host-namespaces";
import { k8sPodHostPathAndPorts } from "../../../policy-pack/policies/container/k8s-pod-host-path-and-ports";
import { k8sPodImageTag } from "../../../policy-pack/policies/container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodReadOnlyRootFs } from "../../../policy-pack/policies/container/k8s-pod-read-only-root-fs";
import { k8sPodResourceLimits } from "../../../policy-pack/policies/container/k8s-pod-resource-limits";
import { k8sPodRunAsNonRoot } from "../../../policy-pack/policies/container/k8s-pod-run-as-non-root";
import { k8sPodSeccomp } from "../../../policy-pack/policies/container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "../../../policy-pack/policies/container/k8s-pod-security-options";
import { k8sPodServiceAccountToken } from "../../../policy-pack/policies/container/k8s-pod-service-account-token";
import { BINDING_TYPES, ROLE_TYPES } from "../../../policy-pack/policies/shared/rbac";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT } from "../runtime";
import { JsonObject, OLDER_PATCH_KINDS, OLDER_WORKLOAD_KINDS, PATCH_KINDS, WORKLOAD_KINDS, compliantPodSpec, manifest } from "./fixtures";

/** Per pod policy: an explicit bad value and an unknown, relative to the pod spec. */
interface PodVariant {
    readonly policy: SecurePolicy;
    readonly violation: Omit<Variant, "path"> & { readonly rel: string };
    readonly unknown: Omit<Variant, "path"> & { readonly rel: string };
}

const POD_VARIANTS: readonly PodVariant[] = [
    {
        policy: k8sPodPrivilege,
        violation: { what: "privileged: true", rel: "containers.0.securityContext.privileged", value: true, match: /is privileged/ },
        unknown: { what: "unknown privileged", rel: "containers.0.securityContext.privileged", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodRunAsNonRoot,
        violation: {
            what: "pod runAsNonRoot: false",
            rel: "securityContext.runAsNonRoot",
            value: false,
            match: /sets runAsNonRoot: false/,
        },
        unknown: { what: "unknown container runAsNonRoot", rel: "containers.0.securityContext.runAsNonRoot", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodReadOnlyRootFs,
        violation: {
            what: "readOnlyRootFilesystem: false",
            rel: "initContainers.0.securityContext.readOnlyRootFilesystem",
            value: false,
            match: /does not set readOnlyRootFilesystem: true/,
        },
        unknown: {
            what: "unknown readOnlyRootFilesystem",
            rel: "containers.0.securityContext.readOnlyRootFilesystem",
            value: UNKNOWN_BOOL,
        },
    },
    {
        policy: k8sPodCapabilities,
        violation: {
            what: "adds SYS_ADMIN",
            rel: "containers.0.securityContext.capabilities.add",
            value: ["SYS_ADMIN"],
            match: /adds capabilities SYS_ADMIN/,
        },
        unknown: { what: "unknown capabilities", rel: "containers.0.securityContext.capabilities", value: UNKNOWN_OBJECT },
    },
    {
        policy: k8sPodSeccomp,
        violation: {
            what: "seccomp Unconfined",
            rel: "securityContext.seccompProfile.type",
            value: "Unconfined",
            match: /seccompProfile.type: "Unconfined"/,
        },
        unknown: { what: "unknown seccomp type", rel: "securityContext.seccompProfile.type", value: UNKNOWN },
    },
    {
        policy: k8sPodSecurityOptions,
        violation: {
            what: "SELinux type spc_t",
            rel: "containers.0.securityContext.seLinuxOptions",
            value: { type: "spc_t" },
            match: /seLinuxOptions.type: "spc_t"/,
        },
        unknown: { what: "unknown sysctls", rel: "securityContext.sysctls", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodHostNamespaces,
        violation: { what: "hostNetwork: true", rel: "hostNetwork", value: true, match: /sets hostNetwork: true/ },
        unknown: { what: "unknown hostPID", rel: "hostPID", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodHostPathAndPorts,
        violation: {
            what: "a hostPath volume",
            rel: "volumes",
            value: [{ name: "root", hostPath: { path: "/" } }],
            match: /mounts the host path "\/"/,
        },
        unknown: { what: "unknown volumes", rel: "volumes", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodResourceLimits,
        violation: {
            what: "empty limits",
            rel: "containers.0.resources.limits",
            value: {},
            match: /sets no resources.limits.cpu and resources.limits.memory/,
        },
        unknown: { what: "unknown container list", rel: "containers", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodVolumeTypes,
        violation: {
            what: "an nfs volume",
            rel: "volumes.0",
            value: { name: "share", nfs: { server: "10.0.0.5", path: "/" } },
            match: /volume "share" .* is of kind nfs/,
        },
        unknown: { what: "unknown volume", rel: "volumes.0", value: UNKNOWN_OBJECT },
    },
    {
        policy: k8sPodHostProbes,
        violation: {
            what: "a probe calling another host",
            rel: "containers.0.livenessProbe",
            value: { httpGet: { host: "169.254.169.254", path: "/", port: 80 } },
            match: /sets livenessProbe.httpGet.host: "169.254.169.254"/,
        },
        unknown: { what: "unknown probe host", rel: "containers.0.readinessProbe", value: { tcpSocket: { host: UNKNOWN, port: 80 } } },
    },
    {
        policy: k8sPodImageTag,
        violation: { what: "image :latest", rel: "containers.0.image", value: "nginx:latest", match: /tagged :latest/ },
        unknown: { what: "unknown image", rel: "containers.0.image", value: UNKNOWN },
    },
];

const podCases: ResourceCase[] = POD_VARIANTS.flatMap((pv) =>
    [...WORKLOAD_KINDS, ...PATCH_KINDS, ...OLDER_WORKLOAD_KINDS, ...OLDER_PATCH_KINDS].map((kind): ResourceCase => {
        const at = (rel: string) => `${kind.specPath}.${rel}`;
        return {
            kind: "resource",
            policy: pv.policy,
            type: kind.type,
            name: "web",
            compliant: manifest(kind, compliantPodSpec()),
            violations: [{ what: pv.violation.what, path: at(pv.violation.rel), value: pv.violation.value, match: pv.violation.match }],
            unknowns: [{ what: pv.unknown.what, path: at(pv.unknown.rel), value: pv.unknown.value }],
        };
    }),
);

function namespaced(type: string): JsonObject {
    const kind = [...WORKLOAD_KINDS, ...OLDER_WORKLOAD_KINDS].find((k) => k.type === type);
    if (kind) return manifest(kind, compliantPodSpec());
    return { metadata: { name: "web", namespace: "team-a" }, data: { a: "b" } };
}

const defaultNamespaceCases: ResourceCase[] = NAMESPACED_TYPES.map((type) => ({
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

const PSA = { "pod-security.kubernetes.io/enforce": "restricted" };
const podSecurityCases: ResourceCase[] = ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:NamespacePatch"].map((type) => ({
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

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const roleCases = (policy: SecurePolicy, violation: Variant): ResourceCase[] =>
    ROLE_TYPES.map((type) => ({
        kind: "resource",
        policy,
        type,
        name: "deploy",
        compliant: {
            metadata: { name: "deploy", namespace: "team-a" },
            rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "patch"] }],
        },
        violations: [violation],
        unknowns: [{ what: "unknown verbs", path: "rules.0.verbs", value: UNKNOWN_ARRAY }],
    }));
const bindingCases = (policy: SecurePolicy, violation: Variant, unknown: Variant): ResourceCase[] =>
    BINDING_TYPES.map((type) => ({
        kind: "resource",
        policy,
        type,
        name: "team-a-deploy",
        compliant: {
            metadata: { name: "team-a-deploy", namespace: "team-a" },
            roleRef: { kind: "Role", name: "deploy" },
            subjects: [{ kind: "Group", name: "team:a:deploy" }],
        },
        violations: [violation],
        unknowns: [unknown],
    }));

const ingressCases: ResourceCase[] = [
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

const serviceCases: ResourceCase[] = ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"].map((type) => ({
    kind: "resource",
    policy: k8sServiceNotExposed,
    type,
    name: "web",
    compliant: { metadata: { name: "web", namespace: "team-a" }, spec: { type: "ClusterIP", ports: [{ port: 443 }] } },
    violations: [{ what: "type LoadBalancer", path: "spec.type", value: "LoadBalancer", match: /is of type LoadBalancer/ }],
    unknowns: [{ what: "unknown type", path: "spec.type", value: UNKNOWN }],
}));

const serviceAccountCases: ResourceCase[] = ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceAccountPatch"].map((type) => ({
    kind: "resource",
    policy: k8sServiceAccountNoAutomount,
    type,
    name: "default",
    compliant: { metadata: { name: "default", namespace: "team-a" }, automountServiceAccountToken: false },
    violations: [
        { what: "automount true", path: "automountServiceAccountToken", value: true, match: /sets automountServiceAccountToken: true/ },
    ],
    unknowns: [{ what: "unknown automount", path: "automountServiceAccountToken", value: UNKNOWN_BOOL }],
}));

const NS = "kubernetes:core/v1:Namespace";
const baselineStack = [
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
const rbacStack = [
    {
        type: `${RBAC}:Role`,
        name: "deploy",
        props: {
            metadata: { name: "deploy", namespace: "team-a" },
            rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"] }],
        },
    },
    {
        type: `${RBAC}:RoleBinding`,
        name: "team-a-deploy",
        props: {
            metadata: { name: "team-a-deploy", namespace: "team-a" },
            roleRef: { kind: "Role", name: "deploy" },
            subjects: [{ kind: "Group", name: "team:a:deploy" }],
        },
    },
];
const NOT_QUARANTINED = { matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] };
const allowWeb = {
    metadata: { name: "allow-web", namespace: "team-a" },
    spec: { podSelector: NOT_QUARANTINED, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
};
const quarantineCases: ResourceCase[] = NETWORK_POLICY_TYPES.map((type) => ({
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
const stackCases: StackCase[] = [
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
    {
        kind: "stack",
        policy: k8sRbacEffectiveGrants,
        subject: "team-a-deploy",
        compliant: rbacStack,
        violations: [
            {
                what: "bound to the built-in edit",
                resource: "team-a-deploy",
                path: "roleRef",
                value: { kind: "ClusterRole", name: "edit" },
                match: /grants .* to Group "team:a:deploy"/,
            },
        ],
        unknowns: [{ what: "unknown role name", resource: "team-a-deploy", path: "roleRef.name", value: UNKNOWN }],
    },
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

/** A removed apiVersion passes only where every configured cluster version still serves it. */
const apiVersionCases: ResourceCase[] = REMOVED_API_TYPES.map((type) => ({
    kind: "resource",
    policy: k8sApiVersionServed,
    type,
    name: "old",
    config: { kubernetesVersions: ["1.15"] },
    compliant: { metadata: { name: "old", namespace: "team-a" } },
    violations: [
        {
            what: "a 1.34 cluster",
            path: "metadata.name",
            value: "old",
            config: { kubernetesVersions: ["1.15", "1.34"] },
            match: /stopped serving in 1\.\d+; supported versions 1\.34/,
        },
    ],
    unknowns: [],
    unknownsNeverMatter: "the type token alone decides",
}));

const persistentVolumeCases: ResourceCase[] = ["kubernetes:core/v1:PersistentVolume", "kubernetes:core/v1:PersistentVolumePatch"].map(
    (type) => ({
        kind: "resource",
        policy: k8sPersistentVolumeNoHostPath,
        type,
        name: "data",
        compliant: {
            metadata: { name: "data" },
            spec: {
                capacity: { storage: "10Gi" },
                accessModes: ["ReadWriteOnce"],
                csi: { driver: "ebs.csi.aws.com", volumeHandle: "vol-0123" },
            },
        },
        violations: [
            {
                what: "hostPath /var/lib",
                path: "spec.hostPath",
                value: { path: "/var/lib" },
                match: /backed by the host path "\/var\/lib"/,
            },
        ],
        alsoCompliant: [{ what: "a local disk", path: "spec.local", value: { path: "/mnt/disks/ssd1" } }],
        unknowns: [{ what: "unknown hostPath", path: "spec.hostPath", value: UNKNOWN_OBJECT }],
    }),
);

const deployment = (namespace: string) => ({
    type: WORKLOAD_KINDS[2].type,
    name: "web",
    props: manifest(WORKLOAD_KINDS[2], compliantPodSpec(), { namespace }),
});
const namespaceCases: StackCase[] = [
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

/** K8S-5 token: a stack policy (it reads the pod's ServiceAccount), one case per workload kind. */
const tokenCases: StackCase[] = [...WORKLOAD_KINDS, ...PATCH_KINDS, ...OLDER_WORKLOAD_KINDS, ...OLDER_PATCH_KINDS].map((kind) => ({
    kind: "stack",
    policy: k8sPodServiceAccountToken,
    subject: "web",
    compliant: [{ type: kind.type, name: "web", props: manifest(kind, compliantPodSpec()) }],
    violations: [
        {
            what: "automountServiceAccountToken: true",
            resource: "web",
            path: `${kind.specPath}.automountServiceAccountToken`,
            value: true,
            match: /sets automountServiceAccountToken: true/,
        },
    ],
    unknowns: [
        {
            what: "unknown automountServiceAccountToken",
            resource: "web",
            path: `${kind.specPath}.automountServiceAccountToken`,
            value: UNKNOWN_BOOL,
        },
    ],
}));

export const K8S_CASES: readonly Case[] = [
    ...podCases,
    ...tokenCases,
    ...namespaceCases,
    ...persistentVolumeCases,
    ...apiVersionCases,
    ...defaultNamespaceCases,
    ...podSecurityCases,
    ...roleCases(k8sRbacNoWildcards, { what: "verbs *", path: "rules.0.verbs", value: ["*"], match: /uses a wildcard in verbs/ }),
    ...roleCases(k8sRbacSensitivePermissions, {
        what: "impersonate",
        path: "rules.0.verbs",
        value: ["impersonate"],
        match: /privilege-escalation verbs \(impersonate\)/,
    }),
    ...bindingCases(
        k8sRbacNoClusterAdminBinding,
        { what: "cluster-admin", path: "roleRef", value: { kind: "ClusterRole", name: "cluster-admin" }, match: /binds cluster-admin/ },
        { what: "unknown subjects", path: "subjects", value: UNKNOWN_ARRAY },
    ),
    ...bindingCases(
        k8sRbacNoBroadSubjects,
        {
            what: "system:authenticated",
            path: "subjects",
            value: [{ kind: "Group", name: "system:authenticated" }],
            match: /to Group "system:authenticated"/,
        },
        { what: "unknown subjects", path: "subjects", value: UNKNOWN_ARRAY },
    ),
    ...ingressCases,
    ...serviceCases,
    ...serviceAccountCases,
    ...quarantineCases,
    ...stackCases,
];
