import type * as aws from "@pulumi/aws";
import { CheckContext, Data, asArray, asString, readerFor, resourcePolicy } from "../../lib";

// lb and alb listeners share ListenerArgs (the alb module re-exports the lb types).
const read = readerFor<aws.lb.ListenerArgs>();
const action = readerFor<aws.types.input.lb.ListenerDefaultAction>();

/**
 * TLS 1.2+ policies with forward secrecy (AWS names). Kept as config so a new AWS policy
 * needs no release of the pack.
 */
export const MODERN_SSL_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];
const TLS_PROTOCOLS = ["HTTPS", "TLS"];
/** Gateway load balancers tunnel packets (GENEVE); TLS does not apply. */
const NOT_APPLICABLE_PROTOCOLS = ["GENEVE"];

/** An HTTP listener is fine when every default action redirects to HTTPS. */
function redirectsToHttps(actions: Data, ctx: CheckContext): boolean | undefined {
    if (ctx.isUnknown(actions, "defaultActions")) return undefined;
    const list = asArray(actions);
    if (list.length === 0) return false;
    let unknown = false;
    for (const [i, a] of list.entries()) {
        const type = action(a, "type");
        const proto = action(a, "redirect", "protocol");
        if (ctx.isUnknown(type, `defaultActions.${i}.type`) || ctx.isUnknown(proto, `defaultActions.${i}.redirect.protocol`)) {
            unknown = true;
            continue;
        }
        if (type !== "redirect" || asString(proto)?.toUpperCase() !== "HTTPS") return false;
    }
    return unknown ? undefined : true;
}

/** CODE-1: load-balancer listeners speak TLS with a modern policy. */
export const elbListenerTls = resourcePolicy({
    name: "elb-listener-tls",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description:
        "Load-balancer listeners must use HTTPS or TLS with an allowed (modern) sslPolicy; plain HTTP is allowed only when every default action redirects to HTTPS.",
    references: [],
    remediation:
        "use protocol HTTPS (or TLS) with a certificate and sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06; make port-80 listeners redirect to HTTPS",
    config: {
        allowedSslPolicies: {
            type: "array",
            items: { type: "string" },
            default: MODERN_SSL_POLICIES,
            description: "SSL policies accepted on HTTPS/TLS listeners.",
        },
    },
    resourceTypes: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    check: (l, ctx) => {
        const protocol = read(l.props, "protocol");
        if (ctx.isUnknown(protocol, "protocol")) return;
        // Unset protocol: HTTP on an application load balancer (the common case).
        const proto = (asString(protocol) ?? "HTTP").toUpperCase();
        if (NOT_APPLICABLE_PROTOCOLS.includes(proto)) return;
        if (TLS_PROTOCOLS.includes(proto)) {
            const policy = read(l.props, "sslPolicy");
            if (ctx.isUnknown(policy, "sslPolicy")) return;
            const allowed = ctx.configStrings("allowedSslPolicies");
            if (typeof policy !== "string" || !allowed.includes(policy)) {
                ctx.violation(
                    `listener "${l.name}" uses ${proto} with sslPolicy ${policy === undefined ? "unset (AWS default ELBSecurityPolicy-2016-08, allows TLS 1.0)" : JSON.stringify(policy)}, which is not in the allowed list`,
                    `set sslPolicy to one of ${allowed.slice(0, 2).join(", ")}${allowed.length > 2 ? ", ..." : ""} (see allowedSslPolicies)`,
                );
            }
            return;
        }
        if (proto === "HTTP") {
            const redirect = redirectsToHttps(read(l.props, "defaultActions"), ctx);
            if (redirect === false) {
                ctx.violation(
                    `listener "${l.name}" serves plain HTTP`,
                    "switch it to HTTPS with a modern sslPolicy, or make its only default action a redirect to HTTPS (statusCode HTTP_301)",
                );
            }
            return;
        }
        ctx.violation(
            `listener "${l.name}" uses ${proto}, which carries no TLS at the load balancer`,
            "use TLS (network load balancer) or HTTPS (application load balancer) with a modern sslPolicy; exempt the listener if TLS is end-to-end to the targets",
        );
    },
});
