/**
 * The history of the Kubernetes API versions the SDK still offers, in one table: which
 * group/version served which kinds, the GA version that replaced it, and the release
 * that stopped serving it (the Kubernetes "Deprecated API Migration Guide", plus the
 * alpha versions the release notes removed). Two uses:
 *  - a policy written for a GA kind judges the same kind in every older apiVersion
 *    (`withOlderVersions`), because the object means the same thing whatever it is
 *    spelt as: an `extensions/v1beta1` Deployment runs the same pods as an `apps/v1` one;
 *  - k8s-api-version-served reports the versions that supported clusters no longer serve.
 */

/** One group/version's kinds, their GA replacement and the release that removed them. */
export interface LegacyApi {
    /** "extensions/v1beta1"; the core group is "core/v1", as in the SDK's tokens. */
    readonly apiVersion: string;
    readonly kinds: readonly string[];
    /** The apiVersion the same kinds moved to (same field layout for the fields the pack reads); none for PodSecurityPolicy. */
    readonly replacedBy?: string;
    /** Kubernetes minor release ("1.22") that stopped serving it. */
    readonly removedIn: string;
}

const WORKLOADS_1_16 = ["DaemonSet", "Deployment", "ReplicaSet"];
const RBAC_KINDS = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
const FLOW_KINDS = ["FlowSchema", "PriorityLevelConfiguration"];

export const LEGACY_APIS: readonly LegacyApi[] = [
    // Removed in 1.16.
    { apiVersion: "extensions/v1beta1", kinds: WORKLOADS_1_16, replacedBy: "apps/v1", removedIn: "1.16" },
    { apiVersion: "extensions/v1beta1", kinds: ["NetworkPolicy"], replacedBy: "networking.k8s.io/v1", removedIn: "1.16" },
    { apiVersion: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], replacedBy: "policy/v1beta1", removedIn: "1.16" },
    {
        apiVersion: "apps/v1beta1",
        kinds: ["ControllerRevision", "Deployment", "ReplicaSet", "StatefulSet"],
        replacedBy: "apps/v1",
        removedIn: "1.16",
    },
    {
        apiVersion: "apps/v1beta2",
        kinds: ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
        replacedBy: "apps/v1",
        removedIn: "1.16",
    },
    // Alpha versions the release notes removed.
    { apiVersion: "batch/v2alpha1", kinds: ["CronJob"], replacedBy: "batch/v1", removedIn: "1.21" },
    { apiVersion: "rbac.authorization.k8s.io/v1alpha1", kinds: RBAC_KINDS, replacedBy: "rbac.authorization.k8s.io/v1", removedIn: "1.22" },
    // Removed in 1.22.
    { apiVersion: "extensions/v1beta1", kinds: ["Ingress"], replacedBy: "networking.k8s.io/v1", removedIn: "1.22" },
    { apiVersion: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], replacedBy: "networking.k8s.io/v1", removedIn: "1.22" },
    { apiVersion: "rbac.authorization.k8s.io/v1beta1", kinds: RBAC_KINDS, replacedBy: "rbac.authorization.k8s.io/v1", removedIn: "1.22" },
    {
        apiVersion: "admissionregistration.k8s.io/v1beta1",
        kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        replacedBy: "admissionregistration.k8s.io/v1",
        removedIn: "1.22",
    },
    {
        apiVersion: "apiextensions.k8s.io/v1beta1",
        kinds: ["CustomResourceDefinition"],
        replacedBy: "apiextensions.k8s.io/v1",
        removedIn: "1.22",
    },
    { apiVersion: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], replacedBy: "apiregistration.k8s.io/v1", removedIn: "1.22" },
    {
        apiVersion: "certificates.k8s.io/v1beta1",
        kinds: ["CertificateSigningRequest"],
        replacedBy: "certificates.k8s.io/v1",
        removedIn: "1.22",
    },
    { apiVersion: "coordination.k8s.io/v1beta1", kinds: ["Lease"], replacedBy: "coordination.k8s.io/v1", removedIn: "1.22" },
    { apiVersion: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], replacedBy: "scheduling.k8s.io/v1", removedIn: "1.22" },
    {
        apiVersion: "storage.k8s.io/v1beta1",
        kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        replacedBy: "storage.k8s.io/v1",
        removedIn: "1.22",
    },
    // Removed in 1.25 to 1.32.
    { apiVersion: "batch/v1beta1", kinds: ["CronJob"], replacedBy: "batch/v1", removedIn: "1.25" },
    { apiVersion: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], replacedBy: "discovery.k8s.io/v1", removedIn: "1.25" },
    { apiVersion: "events.k8s.io/v1beta1", kinds: ["Event"], replacedBy: "events.k8s.io/v1", removedIn: "1.25" },
    { apiVersion: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], replacedBy: "autoscaling/v2", removedIn: "1.25" },
    { apiVersion: "policy/v1beta1", kinds: ["PodDisruptionBudget"], replacedBy: "policy/v1", removedIn: "1.25" },
    // PodSecurityPolicy has no successor: Pod Security Admission (namespace labels) took its place.
    { apiVersion: "policy/v1beta1", kinds: ["PodSecurityPolicy"], removedIn: "1.25" },
    { apiVersion: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], replacedBy: "node.k8s.io/v1", removedIn: "1.25" },
    { apiVersion: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], replacedBy: "autoscaling/v2", removedIn: "1.26" },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
        kinds: FLOW_KINDS,
        replacedBy: "flowcontrol.apiserver.k8s.io/v1",
        removedIn: "1.26",
    },
    { apiVersion: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], replacedBy: "storage.k8s.io/v1", removedIn: "1.27" },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
        kinds: FLOW_KINDS,
        replacedBy: "flowcontrol.apiserver.k8s.io/v1",
        removedIn: "1.29",
    },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
        kinds: FLOW_KINDS,
        replacedBy: "flowcontrol.apiserver.k8s.io/v1",
        removedIn: "1.32",
    },
];

/** A Kubernetes type token taken apart: `kubernetes:apps/v1beta2:DeploymentPatch`. */
export interface KubernetesType {
    readonly apiVersion: string;
    readonly kind: string;
    /** "" for the object, "Patch" or "List" for the SDK's variants. */
    readonly variant: "" | "Patch" | "List";
}

const VARIANTS = ["Patch", "List"] as const;

/** Parses a `kubernetes:<group>/<version>:<Kind>` token; undefined for anything else. */
export function parseKubernetesType(type: string): KubernetesType | undefined {
    const m = /^kubernetes:([a-z0-9.-]+\/v[a-z0-9]+):([A-Z][A-Za-z0-9]*)$/.exec(type);
    if (m === null) {
        return undefined;
    }
    const [, apiVersion, name] = m;
    for (const variant of VARIANTS) {
        // "PodList" is a variant, a kind called "List" alone is not.
        if (name.endsWith(variant) && name.length > variant.length) {
            return { apiVersion, kind: name.slice(0, -variant.length), variant };
        }
    }
    return { apiVersion, kind: name, variant: "" };
}

/** The legacy entry a (apiVersion, kind) pair belongs to, if the table knows it. */
export function legacyApiOf(apiVersion: string, kind: string): LegacyApi | undefined {
    return LEGACY_APIS.find((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
}

/**
 * The given GA tokens plus the same kinds in every older apiVersion the table knows
 * (with the same Patch/List variant). A policy written for `apps/v1:Deployment` then
 * judges `extensions/v1beta1`, `apps/v1beta1` and `apps/v1beta2` Deployments too.
 */
export function withOlderVersions(types: readonly string[]): readonly string[] {
    const out = [...types];
    for (const type of types) {
        const t = parseKubernetesType(type);
        if (t === undefined) {
            continue;
        }
        for (const e of LEGACY_APIS) {
            const older = `kubernetes:${e.apiVersion}:${t.kind}${t.variant}`;
            if (e.replacedBy === t.apiVersion && e.kinds.includes(t.kind) && !out.includes(older)) {
                out.push(older);
            }
        }
    }
    return out;
}

/**
 * The GA token a type stands for: an older apiVersion's token maps to its replacement's
 * (keeping the variant); anything else is returned as is.
 */
export function currentType(type: string): string {
    const t = parseKubernetesType(type);
    const e = t === undefined ? undefined : legacyApiOf(t.apiVersion, t.kind);
    return t === undefined || e?.replacedBy === undefined ? type : `kubernetes:${e.replacedBy}:${t.kind}${t.variant}`;
}
