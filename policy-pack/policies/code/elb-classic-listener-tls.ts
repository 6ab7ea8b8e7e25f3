import type * as aws from "@pulumi/aws";
import { asArray, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.elb.LoadBalancerArgs>();
const TLS = ["HTTPS", "SSL"];

/**
 * CODE-1: a classic load balancer cannot redirect HTTP to HTTPS, so every listener
 * terminates TLS (lbProtocol HTTPS or SSL); an HTTP or TCP listener serves plain text.
 */
export const elbClassicListenerTls = resourcePolicy({
    name: "elb-classic-listener-tls",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description: "Classic load balancers (aws.elb.LoadBalancer) must use lbProtocol HTTPS or SSL on every listener.",
    references: [{ framework: "FSBP", id: "ELB.3" }],
    remediation:
        'set lbProtocol: "https" (or "ssl") with an sslCertificateId on every listener, or move to an application load balancer whose port-80 listener redirects to HTTPS',
    resourceTypes: ["aws:elb/loadBalancer:LoadBalancer"],
    check: (lb, ctx) => {
        const listeners = read(lb.props, "listeners");
        if (ctx.isUnknown(listeners, "listeners")) return;
        if (!Array.isArray(listeners)) {
            ctx.violation(
                `classic load balancer "${lb.name}" has no readable listeners list`,
                "give listeners as a list of { lbPort, lbProtocol, instancePort, instanceProtocol }",
            );
            return;
        }
        asArray(listeners).forEach((_, i) => {
            const protocol = read(lb.props, "listeners", i, "lbProtocol");
            if (ctx.isUnknown(protocol, `listeners.${i}.lbProtocol`)) return;
            const proto = typeof protocol === "string" ? protocol.trim().toUpperCase() : undefined;
            if (proto === undefined || !TLS.includes(proto)) {
                ctx.violation(
                    `classic load balancer "${lb.name}" serves listeners.${i} without TLS (lbProtocol ${JSON.stringify(protocol ?? null).slice(0, 30)})`,
                );
            }
        });
    },
});
