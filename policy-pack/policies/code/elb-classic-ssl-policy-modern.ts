import type * as aws from "@pulumi/aws";
import { CheckContext, Data, ResourceView, asArray, asString, readerFor, resourcePolicy } from "../../lib";

const LB_POLICY = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy";
const SSL_POLICY = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy";
const lbPolicy = readerFor<aws.elb.LoadBalancerPolicyArgs>();
const sslPolicy = readerFor<aws.elb.SslNegotiationPolicyArgs>();

/** The predefined classic policy that negotiates TLS 1.2 only (AWS "Predefined SSL security policies for Classic Load Balancers"). */
export const MODERN_CLASSIC_SSL_POLICIES: readonly string[] = ["ELBSecurityPolicy-TLS-1-2-2017-01"];
/** Protocols a classic SSL negotiation policy may switch on. */
const OLD_PROTOCOLS = /^protocol-(sslv2|sslv3|tlsv1|tlsv1\.1)$/i;
/** Cipher names that mark a broken cipher (RC4, single or triple DES, export, no encryption, MD5 MACs). */
const WEAK_CIPHER = /(^|-)(RC4|DES|3DES|DES-CBC3|EXP|EXPORT|NULL|MD5|ADH|AECDH)(-|$)/i;

/** One name/value attribute of either resource, read through its own typed path. */
interface Attribute {
    readonly name: Data;
    readonly value: Data;
    readonly path: string;
}

function attributesOf(r: ResourceView): { list: Data; path: string; items: Attribute[] } {
    if (r.type === LB_POLICY) {
        const list = lbPolicy(r.props, "policyAttributes");
        return {
            list,
            path: "policyAttributes",
            items: asArray(list).map((_, i) => ({
                name: lbPolicy(r.props, "policyAttributes", i, "name"),
                value: lbPolicy(r.props, "policyAttributes", i, "value"),
                path: `policyAttributes.${i}`,
            })),
        };
    }
    const list = sslPolicy(r.props, "attributes");
    return {
        list,
        path: "attributes",
        items: asArray(list).map((_, i) => ({
            name: sslPolicy(r.props, "attributes", i, "name"),
            value: sslPolicy(r.props, "attributes", i, "value"),
            path: `attributes.${i}`,
        })),
    };
}

function judgeAttributes(r: ResourceView, ctx: CheckContext): void {
    const { list, path, items } = attributesOf(r);
    if (ctx.containsUnknown(list, path)) return;
    if (list !== undefined && list !== null && !Array.isArray(list)) {
        ctx.violation(`SSL negotiation policy "${r.name}" has ${path} that is not a list (${JSON.stringify(list).slice(0, 30)})`);
        return;
    }
    const allowed = ctx.configStrings("allowedReferencePolicies");
    let reference = false;
    for (const a of items) {
        const name = asString(a.name)?.trim();
        const value = typeof a.value === "string" ? a.value.trim() : typeof a.value === "boolean" ? String(a.value) : undefined;
        if (name === undefined || value === undefined) {
            ctx.violation(
                `SSL negotiation policy "${r.name}" has an attribute that cannot be read (${a.path}: name ${JSON.stringify(a.name ?? null).slice(0, 30)}, value ${JSON.stringify(a.value ?? null).slice(0, 30)})`,
            );
            continue;
        }
        if (name.toLowerCase() === "reference-security-policy") {
            reference = true;
            if (!allowed.includes(value))
                ctx.violation(
                    `SSL negotiation policy "${r.name}" uses the predefined policy ${JSON.stringify(value.slice(0, 60))}, which is not in allowedReferencePolicies (${a.path})`,
                );
        } else if (value.toLowerCase() === "true" && OLD_PROTOCOLS.test(name)) {
            ctx.violation(`SSL negotiation policy "${r.name}" switches on ${name} (${a.path}); only TLS 1.2 and later are allowed`);
        } else if (value.toLowerCase() === "true" && WEAK_CIPHER.test(name)) {
            ctx.violation(`SSL negotiation policy "${r.name}" switches on the weak cipher ${name} (${a.path})`);
        }
    }
    if (
        !reference &&
        !items.some((a) => /^protocol-tlsv1\.2$/i.test(asString(a.name)?.trim() ?? "") && /^true$/i.test(String(a.value).trim()))
    ) {
        ctx.violation(
            `SSL negotiation policy "${r.name}" names no allowed predefined policy (Reference-Security-Policy) and does not switch on Protocol-TLSv1.2 (${path})`,
        );
    }
}

/**
 * CODE-1 ("with a modern policy", for classic load balancers): what TLS a classic listener
 * negotiates is an SSL negotiation policy, given either as aws.elb.LoadBalancerPolicy of
 * type SSLNegotiationPolicyType or as aws.elb.SslNegotiationPolicy. It must reference an
 * allowed predefined policy (TLS 1.2 only by default) or, spelt out attribute by attribute,
 * switch on TLS 1.2 and no older protocol or broken cipher. Other policy types of a
 * classic load balancer (stickiness, proxy protocol, back-end authentication) are not judged.
 */
export const elbClassicSslPolicyModern = resourcePolicy({
    name: "elb-classic-ssl-policy-modern",
    control: "CODE-1",
    severity: "high",
    layer: "code",
    description:
        "Classic load balancer SSL negotiation policies (LoadBalancerPolicy of type SSLNegotiationPolicyType, SslNegotiationPolicy) must reference an allowed predefined policy or enable TLS 1.2 with no SSLv3, TLS 1.0/1.1 or weak cipher.",
    references: [{ framework: "FSBP", id: "ELB.8" }],
    remediation:
        "use the attribute Reference-Security-Policy = ELBSecurityPolicy-TLS-1-2-2017-01 and nothing else, or move to an application load balancer with a TLS 1.3 policy",
    config: {
        allowedReferencePolicies: {
            type: "array",
            items: { type: "string" },
            default: MODERN_CLASSIC_SSL_POLICIES,
            description: "Predefined classic SSL policies a Reference-Security-Policy attribute may name.",
        },
    },
    resourceTypes: [LB_POLICY, SSL_POLICY],
    check: (r, ctx) => {
        if (r.type === LB_POLICY) {
            const type = lbPolicy(r.props, "policyTypeName");
            if (ctx.isUnknown(type, "policyTypeName")) return;
            if (typeof type !== "string") {
                ctx.violation(
                    `load balancer policy "${r.name}" has no readable policyTypeName (${JSON.stringify(type ?? null).slice(0, 30)})`,
                    "set policyTypeName",
                );
                return;
            }
            if (type.trim().toLowerCase() !== "sslnegotiationpolicytype") return;
        }
        judgeAttributes(r, ctx);
    },
});
