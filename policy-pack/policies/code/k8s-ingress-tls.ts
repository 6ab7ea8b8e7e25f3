import { asArray, asString, at, resourcePolicy } from "../../lib";
import { ALB_CLASS, LEGACY_CLASS_ANNOTATION, annotation } from "../shared/alb";
import { isPatchType, withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

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
    description: "Ingresses must declare spec.tls, and its hosts must cover every host of spec.rules (except those of class alb, judged by k8s-ingress-alb-tls).",
    references: [{ framework: "BPG", id: "Encryption in transit" }],
    remediation: "add spec.tls with a certificate secret whose hosts list every rule host (e.g. issued by cert-manager)",
    resourceTypes: INGRESS_TYPES,
    check: (ingress, ctx) => {
        // The AWS Load Balancer Controller ignores spec.tls: k8s-ingress-alb-tls judges its annotations.
        if (at(ingress.props, "spec", "ingressClassName") === ALB_CLASS || annotation(ingress, LEGACY_CLASS_ANNOTATION) === ALB_CLASS) {
            return;
        }
        const tls = at(ingress.props, "spec", "tls");
        const rules = at(ingress.props, "spec", "rules");
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
        for (const [i, entry] of tlsEntries.entries()) {
            const hosts = at(entry, "hosts");
            if (ctx.containsUnknown(hosts, `spec.tls.${i}.hosts`)) {
                return;
            }
            asArray(hosts).forEach((h) => typeof h === "string" && tlsHosts.push(h));
        }
        const uncovered: string[] = [];
        for (const [i, rule] of asArray(rules).entries()) {
            const hostValue = at(rule, "host");
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
            ctx.violation(`${subjectOf(ingress)} routes ${uncovered.map((h) => `"${h}"`).join(", ")} without a TLS entry covering ${uncovered.length === 1 ? "it" : "them"}`);
        }
    },
});
