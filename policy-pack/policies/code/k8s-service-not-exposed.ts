import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, resourcePolicy } from "../../lib";
import { withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

const read = readerFor<k8s.core.v1.ServiceArgs>();

/** Service types that open a port outside the cluster network. */
export const EXPOSED_SERVICE_TYPES: readonly string[] = ["LoadBalancer", "NodePort"];

/** CODE-2: LoadBalancer and NodePort Services are flagged (advisory, exemptable). */
export const k8sServiceNotExposed = resourcePolicy({
    name: "k8s-service-not-exposed",
    control: "CODE-2",
    severity: "medium",
    layer: "code",
    description: "Services should not be of type LoadBalancer or NodePort; expose applications through an Ingress with TLS instead.",
    references: [{ framework: "BPG", id: "Network security: limit service exposure" }],
    remediation:
        "use type ClusterIP behind an Ingress with TLS; an intended public entry point carries the annotation secure-baseline.io/exempt-k8s-service-not-exposed with a reason and an expiry",
    resourceTypes: withPatchTypes(["kubernetes:core/v1:Service"]),
    check: (service, ctx) => {
        const type = read(service.props, "spec", "type");
        if (ctx.isUnknown(type, "spec.type")) {
            return;
        }
        const value = asString(type);
        if (value !== undefined && EXPOSED_SERVICE_TYPES.includes(value)) {
            ctx.violation(`${subjectOf(service)} is of type ${value}, which opens a port outside the cluster`);
        }
    },
});
