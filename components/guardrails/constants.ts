/**
 * Named constants for the in-cluster guardrails (K8S-1..K8S-6). Defaults live here, once; planners and
 * validators read them, and error messages list allowed values from the same constants.
 */

export const NAMESPACE_BASELINE_TYPE = "secure-baseline:guardrails:NamespaceBaseline";
export const CLUSTER_GUARDRAILS_TYPE = "secure-baseline:guardrails:ClusterGuardrails";

/** Label the API server sets on every namespace (immutable, equal to the name); selectors rely on it. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** Label that marks a component as managed by this baseline. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "secure-baseline";

// K8S-1 ---------------------------------------------------------------------------------------------
export const PSA_LABEL_PREFIX = "pod-security.kubernetes.io/";
export const PSA_MODES = ["enforce", "audit", "warn"] as const;
export const PSA_LEVEL = "restricted";
/**
 * The Pod Security Standards version the labels pin. A pinned version keeps a cluster upgrade from
 * silently changing what is admitted; it must not be newer than the oldest cluster version in use
 * (EKS-9 pins the cluster version to 1.34–1.36; v1.33 is not newer than any of them). Bump it
 * deliberately after reading the PSS changelog.
 */
export const DEFAULT_PSA_VERSION = "v1.33";
export const PSA_VERSION_PATTERN = /^v1\.(\d{1,2})$/;

// K8S-2 / K8S-3 -------------------------------------------------------------------------------------
export const QUARANTINE_LABEL = "quarantine";
export const KUBE_SYSTEM_NAMESPACE = "kube-system";
/** Label the CoreDNS pods carry on EKS (and upstream kube-dns/CoreDNS manifests). */
export const CLUSTER_DNS_POD_LABELS: Readonly<Record<string, string>> = { "k8s-app": "kube-dns" };
export const DNS_PORT = 53;
export const NETWORK_PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
export type NetworkProtocol = (typeof NETWORK_PROTOCOLS)[number];

export const POLICY_NAMES = {
    defaultDeny: "default-deny-all",
    allowDns: "allow-dns-egress",
    quarantine: "quarantine-deny-all",
    sameNamespace: "allow-same-namespace",
    ingressFromPrefix: "allow-ingress-from-",
    egressToPrefix: "allow-egress-",
} as const;

// Namespaces -----------------------------------------------------------------------------------------
/** Namespaces Kubernetes itself owns: never a team namespace, never subject to the workload admission policies. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"] as const;
/** Names a NamespaceBaseline refuses: the system namespaces and `default` (CTR-3 keeps workloads out of it). */
export const RESERVED_NAMESPACES = ["default", ...SYSTEM_NAMESPACES] as const;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX = 63;

// K8S-4 ---------------------------------------------------------------------------------------------
export interface QuotaSize {
    readonly requestsCpu: string;
    readonly requestsMemory: string;
    readonly limitsCpu: string;
    readonly limitsMemory: string;
    readonly pods: number;
    readonly services: number;
    readonly persistentVolumeClaims: number;
    /** LoadBalancer Services (CODE-2). */
    readonly loadBalancers: number;
    /** NodePort Services (CODE-2). */
    readonly nodePorts: number;
}

export const DEFAULT_QUOTA: QuotaSize = {
    requestsCpu: "4",
    requestsMemory: "8Gi",
    limitsCpu: "8",
    limitsMemory: "16Gi",
    pods: 50,
    services: 20,
    persistentVolumeClaims: 10,
    loadBalancers: 0,
    nodePorts: 0,
};

export interface ContainerResources {
    readonly cpu: string;
    readonly memory: string;
}

export interface ContainerDefaults {
    /** Requests a container gets when it declares none. */
    readonly defaultRequest: ContainerResources;
    /** Limits a container gets when it declares none. */
    readonly defaultLimit: ContainerResources;
}

export const DEFAULT_CONTAINER_DEFAULTS: ContainerDefaults = {
    defaultRequest: { cpu: "100m", memory: "128Mi" },
    defaultLimit: { cpu: "500m", memory: "512Mi" },
};

// K8S-5 ---------------------------------------------------------------------------------------------
export const TEAM_ROLES = ["view", "edit", "deploy"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const ROLE_NAME_PREFIX = "secure-baseline-";
export const RBAC_API_GROUP = "rbac.authorization.k8s.io";
export const DEFAULT_SERVICE_ACCOUNT = "default";
/** Fixed field manager for the default-ServiceAccount patch, so ownership is stable across runs. */
export const FIELD_MANAGER = "secure-baseline";
/**
 * The one group bound to cluster-admin, for incident response only. Nobody is in it by default: an EKS
 * access entry must map a principal to it (and creating access entries is itself an admin action).
 */
export const DEFAULT_BREAK_GLASS_GROUP = "secure-baseline:break-glass";
export const CLUSTER_ADMIN_ROLE = "cluster-admin";
export const CLUSTER_READ_ONLY_ROLE = "secure-baseline-cluster-read-only";
export const BREAK_GLASS_BINDING = "secure-baseline-break-glass";

// K8S-6 ---------------------------------------------------------------------------------------------
export const ADMISSION_POLICY_PREFIX = "secure-baseline-";
export const DEFAULT_ECR_DNS_SUFFIX = "amazonaws.com";
/**
 * Namespaces outside the workload admission policies besides the system ones. The GuardDuty runtime agent
 * (DET-1, installed by EKS add-on management) runs there as a DaemonSet with host access and images from
 * AWS's own registry; judging it would block threat detection. Exempting a namespace removes K8S-6 there.
 */
export const DEFAULT_ADMISSION_EXEMPT_NAMESPACES = ["amazon-guardduty"] as const;
