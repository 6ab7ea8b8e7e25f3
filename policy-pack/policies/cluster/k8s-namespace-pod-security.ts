import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, resourcePolicy } from "../../lib";
import { isPatchType, withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

export const PSA_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
const namespace = readerFor<k8s.core.v1.NamespaceArgs>();
export const PSA_RESTRICTED = "restricted";

/** K8S-1: every namespace enforces Pod Security `restricted`. */
export const k8sNamespacePodSecurity = resourcePolicy({
    name: "k8s-namespace-pod-security",
    control: "K8S-1",
    severity: "high",
    layer: "cluster",
    description: `Every Namespace must carry the Pod Security Admission label ${PSA_ENFORCE_LABEL}=${PSA_RESTRICTED}.`,
    references: [
        { framework: "PSS", id: "restricted" },
        { framework: "CIS", id: "4.2" },
    ],
    remediation: `label the namespace ${PSA_ENFORCE_LABEL}: ${PSA_RESTRICTED} (plus audit and warn, with a pinned version); a system namespace that needs less carries the annotation secure-baseline.io/exempt-k8s-namespace-pod-security with a reason and an expiry`,
    resourceTypes: withPatchTypes(["kubernetes:core/v1:Namespace"]),
    check: (resource, ctx) => {
        const labels = namespace(resource.props, "metadata", "labels");
        if (ctx.isUnknown(labels, "metadata.labels")) {
            return;
        }
        const value = namespace(resource.props, "metadata", "labels", PSA_ENFORCE_LABEL);
        if (ctx.isUnknown(value, `metadata.labels["${PSA_ENFORCE_LABEL}"]`)) {
            return;
        }
        const level = asString(value);
        if (level === PSA_RESTRICTED) {
            return;
        }
        if (level === undefined) {
            // A patch that does not touch the label leaves the live value as it is.
            if (!isPatchType(resource.type)) {
                ctx.violation(`${subjectOf(resource)} has no ${PSA_ENFORCE_LABEL} label, so Pod Security Admission enforces nothing in it`);
            }
            return;
        }
        ctx.violation(`${subjectOf(resource)} sets ${PSA_ENFORCE_LABEL}: "${level}" instead of "${PSA_RESTRICTED}"`);
    },
});
