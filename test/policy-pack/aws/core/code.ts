/** Core cases of the load-balancer policies: WAF in front (CODE-3) and TLS listeners (CODE-1). */
import { DROP } from "../../case";
import type { Case } from "../../case";
import { UNKNOWN } from "../../runtime";
import { policy } from "./fixtures";

/** Internet-facing load balancers behind WAF (CODE-3). */
export const ELB_WAF_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: policy("elb-internet-facing-waf"),
        subject: "web",
        compliant: [
            {
                type: "aws:lb/loadBalancer:LoadBalancer",
                name: "web",
                props: { internal: false, loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"], tags: {} },
            },
            {
                type: "aws:wafv2/webAclAssociation:WebAclAssociation",
                name: "web-waf",
                props: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
                propertyDependencies: { resourceArn: ["web"] },
            },
        ],
        violations: [
            {
                what: "no web ACL association",
                resource: "web-waf",
                path: "",
                value: DROP,
                match: /\[CODE-3\] load balancer "web" is internet-facing/,
            },
            {
                what: "an association not linked to this load balancer",
                resource: "web-waf",
                path: "deps.resourceArn",
                value: undefined,
                match: /no aws\.wafv2\.WebAclAssociation/,
            },
        ],
        alsoCompliant: [
            { what: "internal", resource: "web", path: "internal", value: true },
            { what: "a network load balancer", resource: "web", path: "loadBalancerType", value: "network" },
        ],
        unknowns: [{ what: "unknown internal", resource: "web", path: "internal", value: UNKNOWN }],
    },
];

/** Listeners serve TLS with a modern policy (CODE-1). */
export const LISTENER_TLS_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: policy("elb-listener-tls"),
        type: "aws:lb/listener:Listener",
        name: "https",
        compliant: {
            loadBalancerArn: UNKNOWN,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1",
            defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
            tags: {},
        },
        violations: [
            {
                what: "an old SSL policy",
                path: "sslPolicy",
                value: "ELBSecurityPolicy-2016-08",
                match: /\[CODE-1\] listener "https" uses HTTPS with sslPolicy "ELBSecurityPolicy-2016-08"/,
            },
            { what: "no SSL policy", path: "sslPolicy", value: undefined, match: /sslPolicy unset/ },
            { what: "plain HTTP forwarding", path: "protocol", value: "HTTP", match: /serves plain HTTP/ },
            { what: "plain TCP", path: "protocol", value: "TCP", match: /uses TCP, which carries no TLS/ },
        ],
        alsoCompliant: [
            {
                what: "a policy added to allowedSslPolicies",
                path: "sslPolicy",
                value: "Custom-TLS13",
                config: { allowedSslPolicies: ["Custom-TLS13"] },
            },
        ],
        unknowns: [{ what: "unknown sslPolicy", path: "sslPolicy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("elb-listener-tls"),
        type: "aws:alb/listener:Listener",
        name: "http-redirect",
        compliant: {
            loadBalancerArn: UNKNOWN,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            tags: {},
        },
        violations: [
            {
                what: "a redirect to HTTP",
                path: "defaultActions.0.redirect.protocol",
                value: "HTTP",
                match: /\[CODE-1\] listener "http-redirect" serves plain HTTP/,
            },
        ],
        unknowns: [{ what: "unknown redirect protocol", path: "defaultActions.0.redirect.protocol", value: UNKNOWN }],
    },
];
