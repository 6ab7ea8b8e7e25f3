import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, stackPolicy } from "../../lib";
import { ANNOTATION, CONTROLLER_DEFAULT_SSL_POLICY, annotation, listeners, servedByAlb } from "../shared/alb";
import { subjectOf } from "../shared/podPolicy";
import { MODERN_SSL_POLICIES } from "./elb-listener-tls";
import { INGRESS_TYPES } from "./k8s-ingress-tls";

const ingress = readerFor<k8s.networking.v1.IngressArgs>();

/** CODE-1: an Ingress served by the AWS Load Balancer Controller is judged by that controller's annotations. */
export const k8sIngressAlbTls = stackPolicy({
    name: "k8s-ingress-alb-tls",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description:
        "Ingresses served by the AWS Load Balancer Controller (class alb, the legacy class annotation, or an IngressClass of controller ingress.k8s.aws/alb) must listen on HTTPS with a certificate (certificate-arn, or discovery by host), redirect every HTTP listener with ssl-redirect, and set an allowed ssl-policy; spec.tls, which that controller ignores, does not count.",
    references: [{ framework: "BPG", id: "Encryption in transit" }],
    remediation: `set the annotations ${ANNOTATION.listenPorts}: '[{"HTTP": 80}, {"HTTPS": 443}]', ${ANNOTATION.certificateArn}, ${ANNOTATION.sslRedirect}: "443" and ${ANNOTATION.sslPolicy}: ELBSecurityPolicy-TLS13-1-2-2021-06`,
    config: {
        allowedSslPolicies: {
            type: "array",
            items: { type: "string" },
            default: [...MODERN_SSL_POLICIES],
            description: "ssl-policy values an ALB Ingress may use.",
        },
    },
    subjectTypes: INGRESS_TYPES,
    check: (r, stack, ctx) => {
        const served = servedByAlb(r, stack.resources);
        if (served !== true) {
            ctx.isUnknown(served as never, "spec.ingressClassName");
            return;
        }
        const values = Object.fromEntries(Object.entries(ANNOTATION).map(([k, key]) => [k, annotation(r, key)]));
        for (const [k, v] of Object.entries(values)) {
            if (ctx.isUnknown(v, `metadata.annotations["${ANNOTATION[k as keyof typeof ANNOTATION]}"]`)) return;
        }
        const scheme = asString(values.scheme) ?? "internal";
        const where = `${subjectOf(r)} (ALB, scheme ${scheme})`;
        const cert = asString(values.certificateArn)?.trim() ?? "";
        const hosts = [...[ingress(r.props, "spec", "rules")].flat(), ...[ingress(r.props, "spec", "tls")].flat()];
        const hasHost = JSON.stringify(hosts).includes('"host');
        const list = listeners(values.listenPorts, cert !== "");
        if (list === undefined) {
            ctx.violation(
                `${where} annotation ${ANNOTATION.listenPorts} is malformed (${JSON.stringify(values.listenPorts)?.slice(0, 80)}): expected a JSON list such as [{"HTTPS": 443}]`,
            );
            return;
        }
        const https = list.filter((l) => l.protocol === "HTTPS");
        const http = list.filter((l) => l.protocol === "HTTP");
        if (https.length === 0) {
            ctx.violation(`${where} listens on HTTP only (${ANNOTATION.listenPorts}); spec.tls is ignored by this controller`);
            return;
        }
        if (cert === "" && !hasHost) {
            ctx.violation(`${where} has an HTTPS listener but no ${ANNOTATION.certificateArn} and no host to discover a certificate by`);
        }
        const redirect = values.sslRedirect;
        if (http.length > 0 && !https.some((l) => String(l.port) === String(redirect ?? "").trim())) {
            ctx.violation(
                `${where} serves plain HTTP on port ${http.map((l) => l.port).join(", ")} without ${ANNOTATION.sslRedirect} to one of its HTTPS ports (${https.map((l) => l.port).join(", ")})`,
            );
        }
        const policy = asString(values.sslPolicy) ?? CONTROLLER_DEFAULT_SSL_POLICY;
        if (!ctx.configStrings("allowedSslPolicies").includes(policy)) {
            ctx.violation(
                `${where} uses ssl-policy ${policy}${values.sslPolicy === undefined ? " (the controller's default, allows TLS 1.0)" : ""}, which is not in allowedSslPolicies`,
            );
        }
    },
});
