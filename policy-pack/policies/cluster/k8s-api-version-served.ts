import { resourcePolicy } from "../../lib";
import { LEGACY_APIS, legacyApiOf, parseKubernetesType } from "../shared/apiVersions";
import { subjectOf } from "../shared/podPolicy";
import { SUPPORTED_KUBERNETES_VERSIONS } from "./eks-cluster-version-supported";

/** Every token of a removed (apiVersion, kind), with the SDK's Patch and List variants. */
export const REMOVED_API_TYPES: readonly string[] = LEGACY_APIS.flatMap((e) =>
    e.kinds.flatMap((kind) => ["", "Patch", "List"].map((variant) => `kubernetes:${e.apiVersion}:${kind}${variant}`)),
);

/** "1.34" → 34; anything else → Infinity, so an unreadable configured version judges every removal (fail closed). */
function minorOf(version: string): number {
    const m = /^v?1\.(\d+)(\.\d+)?$/.exec(version.trim());
    return m === null ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/**
 * EKS-9: an object written in an apiVersion that a supported Kubernetes version no longer
 * serves cannot be applied there (the API server answers "no matches for kind"), and a
 * cluster upgrade strands the objects that still use it.
 */
export const k8sApiVersionServed = resourcePolicy({
    name: "k8s-api-version-served",
    control: "EKS-9",
    severity: "high",
    layer: "cluster",
    description:
        "Kubernetes objects must use an apiVersion every supported Kubernetes version serves (pack config kubernetesVersions); the versions removed by Kubernetes 1.16 to 1.32 (extensions/v1beta1, apps/v1beta1 and v1beta2, batch/v1beta1, rbac v1alpha1 and v1beta1, networking v1beta1, policy/v1beta1 and others) are reported.",
    references: [{ framework: "BPG", id: "Cluster upgrades: remove deprecated API usage" }],
    remediation: "rewrite the object in the apiVersion that replaced it (the message names it) and migrate the fields that changed",
    config: {
        kubernetesVersions: {
            type: "array",
            items: { type: "string" },
            default: [...SUPPORTED_KUBERNETES_VERSIONS],
            description:
                'Kubernetes minor versions ("1.35") the stack\'s clusters may run; default: the versions the cluster component supports.',
        },
    },
    resourceTypes: REMOVED_API_TYPES,
    check: (resource, ctx) => {
        const t = parseKubernetesType(resource.type);
        const entry = t === undefined ? undefined : legacyApiOf(t.apiVersion, t.kind);
        if (t === undefined || entry === undefined) {
            return;
        }
        const removed = minorOf(entry.removedIn);
        const affected = ctx.configStrings("kubernetesVersions").filter((v) => minorOf(v) >= removed);
        if (affected.length === 0) {
            return;
        }
        const fix =
            entry.replacedBy === undefined
                ? `remove it: ${t.kind} has no successor (Pod Security Admission namespace labels replace PodSecurityPolicy)`
                : `use apiVersion ${entry.replacedBy} (kubernetes:${entry.replacedBy}:${t.kind}${t.variant}) and migrate the fields that changed`;
        ctx.violation(
            `${subjectOf(resource)} uses apiVersion ${entry.apiVersion}, which Kubernetes stopped serving in ${entry.removedIn}; supported versions ${affected.join(", ")} cannot apply it`,
            fix,
        );
    },
});
