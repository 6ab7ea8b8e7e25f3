/** Pure planners for the Namespace (K8S-1), its ResourceQuota and LimitRange (K8S-4). */
import {
    ContainerDefaults,
    DEFAULT_PSA_VERSION,
    MANAGED_BY_LABEL,
    MANAGED_BY_VALUE,
    PSA_LABEL_PREFIX,
    PSA_LEVEL,
    PSA_MODES,
    QuotaSize,
} from "./constants";
import { LimitRangeManifest, NamespaceManifest, ResourceQuotaManifest } from "./manifests";

export const QUOTA_NAME = "baseline-quota";
export const LIMIT_RANGE_NAME = "baseline-container-defaults";

/** The Pod Security Admission labels: enforce, audit and warn at `restricted`, each with a pinned version. */
export function podSecurityLabels(version: string = DEFAULT_PSA_VERSION): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of PSA_MODES) {
        labels[`${PSA_LABEL_PREFIX}${mode}`] = PSA_LEVEL;
        labels[`${PSA_LABEL_PREFIX}${mode}-version`] = version;
    }
    return labels;
}

/** K8S-1: the namespace. User labels come first so they can never weaken the Pod Security labels. */
export function planNamespace(namespace: string, labels: Readonly<Record<string, string>> = {}, version?: string): NamespaceManifest {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: namespace,
            labels: { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, ...podSecurityLabels(version) },
        },
    };
}

/** K8S-4: caps on compute, object counts, and no LoadBalancer or NodePort Services by default (CODE-2). */
export function planResourceQuota(namespace: string, q: QuotaSize): ResourceQuotaManifest {
    return {
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: { name: QUOTA_NAME, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            hard: {
                "requests.cpu": q.requestsCpu,
                "requests.memory": q.requestsMemory,
                "limits.cpu": q.limitsCpu,
                "limits.memory": q.limitsMemory,
                pods: String(q.pods),
                services: String(q.services),
                persistentvolumeclaims: String(q.persistentVolumeClaims),
                "services.loadbalancers": String(q.loadBalancers),
                "services.nodeports": String(q.nodePorts),
            },
        },
    };
}

/**
 * K8S-4: default requests and limits for containers that declare none. With a compute quota in place,
 * Kubernetes rejects pods without requests and limits; the defaults keep such pods schedulable.
 */
export function planLimitRange(namespace: string, d: ContainerDefaults): LimitRangeManifest {
    return {
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: LIMIT_RANGE_NAME, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            limits: [
                {
                    type: "Container",
                    defaultRequest: { cpu: d.defaultRequest.cpu, memory: d.defaultRequest.memory },
                    default: { cpu: d.defaultLimit.cpu, memory: d.defaultLimit.memory },
                },
            ],
        },
    };
}
