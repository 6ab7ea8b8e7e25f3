import type * as k8s from "@pulumi/kubernetes";
import { asRecord, isUnknown, readerFor, stackPolicy } from "../../lib";
import { namespaceLabel, resourcesInNamespace, undecidedInNamespace } from "../shared/namespaces";
import { NAMESPACE_TYPE } from "./k8s-namespace-default-deny";

export const RESOURCE_QUOTA_TYPE = "kubernetes:core/v1:ResourceQuota";
const quota = readerFor<k8s.core.v1.ResourceQuotaArgs>();

/** K8S-4: every Namespace of the stack gets a ResourceQuota that limits something. */
export const k8sNamespaceResourceQuota = stackPolicy({
    name: "k8s-namespace-resource-quota",
    control: "K8S-4",
    severity: "medium",
    layer: "cluster",
    description: "Every Namespace created in the stack must get a ResourceQuota with at least one hard limit (spec.hard).",
    references: [{ framework: "BPG", id: "Multi-tenancy: resource quotas" }],
    remediation:
        "create a ResourceQuota in the namespace with hard limits for requests and limits of cpu and memory, pods and services (services.loadbalancers and services.nodeports 0)",
    subjectTypes: [NAMESPACE_TYPE],
    check: (ns, stack, ctx) => {
        const quotas = resourcesInNamespace(ns, stack, [RESOURCE_QUOTA_TYPE]);
        // "Must exist" rule: an unknown hard map will be something, so it counts.
        const limiting = quotas.filter((q) => {
            const hard = quota(q.props, "spec", "hard");
            return isUnknown(hard) || Object.keys(asRecord(hard) ?? {}).length > 0;
        });
        const undecided = undecidedInNamespace(ns, stack, [RESOURCE_QUOTA_TYPE]);
        if (limiting.length === 0 && undecided.length > 0) {
            // Fail closed: a quota whose namespace is unknown may be this namespace's.
            for (const u of undecided) {
                ctx.isUnknown(u, u.path);
            }
        } else if (limiting.length === 0) {
            ctx.violation(
                quotas.length === 0
                    ? `${namespaceLabel(ns)} has no ResourceQuota`
                    : `${namespaceLabel(ns)} has ResourceQuotas with no hard limits (${quotas.map((q) => `"${q.name}"`).join(", ")})`,
            );
        }
    },
});
