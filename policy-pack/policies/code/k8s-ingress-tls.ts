import type * as k8s from "@pulumi/kubernetes";
import { asArray, asString, readerFor, resourcePolicy } from "../../lib";
import { ALB_CLASS, LEGACY_CLASS_ANNOTATION, annotation } from "../shared/alb";
import { isPatchType, withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

// extensions/v1beta1 and networking.k8s.io/v1beta1 Ingresses use the same spec field names.
const read = readerFor<k8s.networking.v1.IngressArgs>();

/** Ingress in every apiVersion (withPatchTypes adds networking.k8s.io/v1beta1 and extensions/v1beta1). */
export const INGRESS_TYPES: readonly string[] = withPatchTypes(["kubernetes:networking.k8s.io/v1:Ingress"]);

/** True when a TLS host entry covers `host` ("*.example.com" covers exactly one more label). */
export function tlsCovers(tlsHost: string, host: string): boolean {
    const a = tlsHost.toLowerCase();
    const b = host.toLowerCase();
    if (a === b) {
        return true;
    }
    if (a.startsWith("*.")) {
        const suffix = a.slice(1);
        return b.endsWith(suffix) && !b.slice(0, -suffix.length).includes(".") && b.length > suffix.length;
    }
    return false;
}

/** CODE-1: Ingresses serve TLS for every host they route. */
export const k8sIngressTls = resourcePolicy({
    name: "k8s-ingress-tls",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description:
        "Ingresses must declare spec.tls, and its hosts must cover every host of spec.rules (except those of class alb, judged by k8s-ingress-alb-tls).",
    references: [{ framework: "BPG", id: "Encryption in transit" }],
    remediation: "add spec.tls with a certificate secret whose hosts list every rule host (e.g. issued by cert-manager)",
    resourceTypes: INGRESS_TYPES,
    check: (ingress, ctx) => {
        // The AWS Load Balancer Controller ignores spec.tls: k8s-ingress-alb-tls judges its annotations.
        if (read(ingress.props, "spec", "ingressClassName") === ALB_CLASS || annotation(ingress, LEGACY_CLASS_ANNOTATION) === ALB_CLASS) {
            return;
        }
        const tls = read(ingress.props, "spec", "tls");
        const rules = read(ingress.props, "spec", "rules");
        if (ctx.isUnknown(tls, "spec.tls") || ctx.isUnknown(rules, "spec.rules")) {
            return;
        }
        const tlsEntries = asArray(tls);
        if (tlsEntries.length === 0) {
            if (!(isPatchType(ingress.type) && tls === undefined)) {
                ctx.violation(`${subjectOf(ingress)} has no spec.tls, so it serves plain HTTP`);
            }
            return;
        }
        const tlsHosts: string[] = [];
        for (const i of tlsEntries.keys()) {
            const hosts = read(ingress.props, "spec", "tls", i, "hosts");
            if (ctx.containsUnknown(hosts, `spec.tls.${i}.hosts`)) {
                return;
            }
            asArray(hosts).forEach((h) => typeof h === "string" && tlsHosts.push(h));
        }
        const uncovered: string[] = [];
        for (const i of asArray(rules).keys()) {
            const hostValue = read(ingress.props, "spec", "rules", i, "host");
            if (ctx.isUnknown(hostValue, `spec.rules.${i}.host`)) {
                continue;
            }
            const host = asString(hostValue);
            // A rule without host matches any host; the controller answers it with the
            // TLS entries' certificates, so some TLS entry suffices.
            if (host !== undefined && host !== "" && !tlsHosts.some((t) => tlsCovers(t, host))) {
                uncovered.push(host);
            }
        }
        if (uncovered.length > 0) {
            ctx.violation(
                `${subjectOf(ingress)} routes ${uncovered.map((h) => `"${h}"`).join(", ")} without a TLS entry covering ${uncovered.length === 1 ? "it" : "them"}`,
            );
        }
    },
});
