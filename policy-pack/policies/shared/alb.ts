/**
 * Which Ingresses the AWS Load Balancer Controller serves, and how it reads their annotations
 * (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/annotations.md). That controller
 * ignores spec.tls for listeners: listen-ports, certificate-arn (or certificate discovery by host),
 * ssl-redirect and ssl-policy decide what the load balancer speaks.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Data, ResourceView, StackResourceView } from "../../lib";
import { asArray, asRecord, asString, isUnknown, readerFor } from "../../lib";

export const ALB_CLASS = "alb";
export const ALB_CONTROLLER = "ingress.k8s.aws/alb";
export const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";
const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
export const ANNOTATION = {
    listenPorts: "alb.ingress.kubernetes.io/listen-ports",
    certificateArn: "alb.ingress.kubernetes.io/certificate-arn",
    sslRedirect: "alb.ingress.kubernetes.io/ssl-redirect",
    sslPolicy: "alb.ingress.kubernetes.io/ssl-policy",
    scheme: "alb.ingress.kubernetes.io/scheme",
} as const;
/** What the controller uses when ssl-policy is not set (allows TLS 1.0). */
export const CONTROLLER_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";
export const INGRESS_CLASS_TYPES: readonly string[] = [
    "kubernetes:networking.k8s.io/v1:IngressClass",
    "kubernetes:networking.k8s.io/v1beta1:IngressClass",
];

const ingress = readerFor<k8s.networking.v1.IngressArgs>();
const ingressClass = readerFor<k8s.networking.v1.IngressClassArgs>();

/** A known annotation value, `undefined` when absent, or the Unknown itself. */
export function annotation(r: ResourceView, key: string): Data {
    const all = ingress(r.props, "metadata", "annotations");
    if (isUnknown(all)) return all;
    return asRecord(all)?.[key];
}

/**
 * "alb" when the AWS Load Balancer Controller serves the Ingress, "other" when another controller
 * does, or the Unknown the answer depends on. IngressClasses of the program count, the default
 * class too for an Ingress without class.
 */
export function servedByAlb(r: ResourceView, stack: readonly StackResourceView[]): boolean | Data {
    const className = ingress(r.props, "spec", "ingressClassName");
    const legacy = annotation(r, LEGACY_CLASS_ANNOTATION);
    if (isUnknown(className)) return className;
    if (isUnknown(legacy)) return legacy;
    const classes = stack.filter((s) => INGRESS_CLASS_TYPES.includes(s.type));
    const albClass = (c: StackResourceView): boolean => asString(ingressClass(c.props, "spec", "controller")) === ALB_CONTROLLER;
    const name = asString(className) ?? asString(legacy);
    if (name !== undefined) {
        return name === ALB_CLASS || classes.some((c) => asString(ingressClass(c.props, "metadata", "name")) === name && albClass(c));
    }
    return classes.some(
        (c) => albClass(c) && asRecord(ingressClass(c.props, "metadata", "annotations"))?.[DEFAULT_CLASS_ANNOTATION] === "true",
    );
}

export interface Listener {
    readonly protocol: string;
    readonly port: number;
}

/** The listen-ports annotation as listeners; undefined when malformed. Absent: HTTPS 443 with a certificate, else HTTP 80. */
export function listeners(value: Data, hasCertificate: boolean): Listener[] | undefined {
    if (value === undefined || value === null) return [hasCertificate ? { protocol: "HTTPS", port: 443 } : { protocol: "HTTP", port: 80 }];
    if (typeof value !== "string") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        return undefined;
    }
    if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
    const out: Listener[] = [];
    for (const entry of asArray(parsed as Data)) {
        const rec = asRecord(entry);
        const pairs = rec === undefined ? [] : Object.entries(rec);
        if (pairs.length !== 1) return undefined;
        const [protocol, port] = pairs[0];
        if (!["HTTP", "HTTPS"].includes(protocol) || typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)
            return undefined;
        out.push({ protocol, port });
    }
    return out;
}
