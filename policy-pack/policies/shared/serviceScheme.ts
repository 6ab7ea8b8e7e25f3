/**
 * Whether a LoadBalancer Service gets an internal (VPC-only) load balancer on AWS. Two
 * controllers may serve it, each reading its own annotation:
 *  - the AWS Load Balancer Controller, when the Service is handed to it
 *    (`spec.loadBalancerClass: service.k8s.aws/nlb`, or `aws-load-balancer-type` external
 *    or nlb-ip): `aws-load-balancer-scheme` internal | internet-facing, else its deprecated
 *    boolean `aws-load-balancer-internal`;
 *  - otherwise the in-tree cloud provider: `aws-load-balancer-internal`, internal for any
 *    value but "false" (its own reading), the scheme annotation being ignored.
 * Only an explicit annotation counts: with none, the controller's default (internal for
 * the LBC since v2.2, kept as it was for an existing NLB) is not taken on trust.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Data, Unknown } from "../../lib";
import { asRecord, asString, findUnknown, isUnknown, readerFor } from "../../lib";

export const LBC_SERVICE_CLASS = "service.k8s.aws/nlb";
export const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
export const INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";
const TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";
/** aws-load-balancer-type values that hand the Service to the AWS Load Balancer Controller. */
const LBC_TYPES = ["external", "nlb-ip"];

const service = readerFor<k8s.core.v1.ServiceArgs>();

export type Scheme = "internal" | "internet-facing" | "unproven";

/** The scheme the serving controller gives a LoadBalancer Service, or the Unknown it depends on. */
export function loadBalancerScheme(props: Data): Scheme | Unknown {
    const annotations = service(props, "metadata", "annotations");
    const lbClass = service(props, "spec", "loadBalancerClass");
    if (isUnknown(annotations)) return annotations;
    const a = asRecord(annotations) ?? {};
    const undecided = findUnknown([lbClass, a[TYPE_ANNOTATION], a[SCHEME_ANNOTATION], a[INTERNAL_ANNOTATION]]);
    if (undecided !== undefined) return undecided;
    const internalFlag = asString(a[INTERNAL_ANNOTATION]);
    const byLbc = asString(lbClass) === LBC_SERVICE_CLASS || LBC_TYPES.includes(asString(a[TYPE_ANNOTATION]) ?? "");
    if (byLbc) {
        const scheme = asString(a[SCHEME_ANNOTATION]);
        if (scheme === "internal" || scheme === "internet-facing") return scheme;
        if (scheme !== undefined) return "unproven"; // a value the controller rejects
        if (internalFlag === "true") return "internal";
        return internalFlag === "false" ? "internet-facing" : "unproven";
    }
    if (lbClass !== undefined && lbClass !== null) return "unproven"; // another controller: its own rules
    if (internalFlag === undefined || internalFlag === "") return "unproven";
    return internalFlag === "false" ? "internet-facing" : "internal";
}
