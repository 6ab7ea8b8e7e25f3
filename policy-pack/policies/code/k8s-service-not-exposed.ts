import type * as k8s from "@pulumi/kubernetes";
import { asString, isUnknown, readerFor, resourcePolicy } from "../../lib";
import { withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";
import { INTERNAL_ANNOTATION, SCHEME_ANNOTATION, loadBalancerScheme } from "../shared/serviceScheme";

const read = readerFor<k8s.core.v1.ServiceArgs>();

/** Service types that open a port outside the cluster network. */
export const EXPOSED_SERVICE_TYPES: readonly string[] = ["LoadBalancer", "NodePort"];

/** CODE-2: LoadBalancer and NodePort Services are flagged (advisory, exemptable). */
export const k8sServiceNotExposed = resourcePolicy({
    name: "k8s-service-not-exposed",
    control: "CODE-2",
    severity: "medium",
    layer: "code",
    description:
        "Services should not be of type LoadBalancer or NodePort; expose applications through an Ingress with TLS instead. A LoadBalancer Service that its controller makes internal (aws-load-balancer-scheme: internal for the AWS Load Balancer Controller, aws-load-balancer-internal for the in-tree provider) is not exposed.",
    references: [{ framework: "BPG", id: "Network security: limit service exposure" }],
    remediation: `use type ClusterIP behind an Ingress with TLS, or make a VPC-only load balancer internal (${SCHEME_ANNOTATION}: internal with the AWS Load Balancer Controller, ${INTERNAL_ANNOTATION}: "true" with the in-tree provider); an intended public entry point carries the annotation secure-baseline.io/exempt-k8s-service-not-exposed with a reason and an expiry`,
    resourceTypes: withPatchTypes(["kubernetes:core/v1:Service"]),
    check: (service, ctx) => {
        const type = read(service.props, "spec", "type");
        if (ctx.isUnknown(type, "spec.type")) {
            return;
        }
        const value = asString(type);
        if (value === "LoadBalancer") {
            const scheme = loadBalancerScheme(service.props);
            if (isUnknown(scheme)) {
                ctx.isUnknown(scheme, "metadata.annotations (load balancer scheme)");
                return;
            }
            if (scheme === "internal") {
                return; // reachable from the VPC only
            }
        }
        if (value !== undefined && EXPOSED_SERVICE_TYPES.includes(value)) {
            ctx.violation(`${subjectOf(service)} is of type ${value}, which opens a port outside the cluster`);
        }
    },
});
