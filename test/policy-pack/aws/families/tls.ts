/** Cases of the TLS policies (CODE-1): listener rules, classic listeners, subscriptions. */
import { elbClassicListenerTls } from "../../../../policy-pack/policies/code/elb-classic-listener-tls";
import { elbListenerRuleTls } from "../../../../policy-pack/policies/code/elb-listener-rule-tls";
import { snsSubscriptionHttps } from "../../../../policy-pack/policies/code/sns-subscription-https";
import { elbClassicSslPolicyModern } from "../../../../policy-pack/policies/code/elb-classic-ssl-policy-modern";
import type { Case, ResourceCase } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY } from "../../runtime";

const SSL_REFERENCE = [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }];

/** Listener rules and classic listeners. */
export const LISTENER_RULE_TLS_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: elbListenerRuleTls,
        subject: "api-rule",
        compliant: [
            {
                type: "aws:lb/listener:Listener",
                name: "https",
                props: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
            },
            {
                type: "aws:lb/listenerRule:ListenerRule",
                name: "api-rule",
                props: {
                    listenerArn: "arn",
                    actions: [{ type: "forward", targetGroupArn: "tg" }],
                    conditions: [{ pathPattern: { values: ["/api/*"] } }],
                },
                propertyDependencies: { listenerArn: ["https"] },
            },
        ],
        violations: [
            {
                what: "the listener is plain HTTP",
                resource: "https",
                path: "protocol",
                value: "HTTP",
                match: /\[CODE-1\] listener rule "api-rule" serves plain HTTP on listener "https" \(actions\.0\.type "forward"\)/,
            },
            {
                what: "the listener's protocol is unset (HTTP)",
                resource: "https",
                path: "protocol",
                value: undefined,
                match: /serves plain HTTP/,
            },
        ],
        alsoCompliant: [
            {
                what: "an HTTP listener rule that redirects to HTTPS",
                resource: "api-rule",
                path: "actions",
                value: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
        ],
        unknowns: [{ what: "unknown listener protocol", resource: "https", path: "protocol", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: elbClassicListenerTls,
        type: "aws:elb/loadBalancer:LoadBalancer",
        name: "classic",
        compliant: {
            listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8443, instanceProtocol: "https", sslCertificateId: "arn:cert" }],
        },
        violations: [
            {
                what: "an HTTP listener",
                path: "listeners.0.lbProtocol",
                value: "http",
                match: /\[CODE-1\] classic load balancer "classic" serves listeners\.0 without TLS \(lbProtocol "http"\)/,
            },
            { what: "a TCP listener", path: "listeners.0.lbProtocol", value: "TCP", match: /without TLS/ },
            { what: "listeners not a list", path: "listeners", value: "x", match: /no readable listeners list/ },
        ],
        alsoCompliant: [{ what: "SSL", path: "listeners.0.lbProtocol", value: "SSL" }],
        unknowns: [{ what: "unknown protocol", path: "listeners.0.lbProtocol", value: UNKNOWN }],
    },
];

/** SNS subscriptions over HTTPS. */
export const SUBSCRIPTION_TLS_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: snsSubscriptionHttps,
        type: "aws:sns/topicSubscription:TopicSubscription",
        name: "pager",
        compliant: { topic: "arn:topic", protocol: "https", endpoint: "https://pager.example.com/hook" },
        violations: [
            {
                what: "plain http",
                path: "protocol",
                value: "http",
                match: /\[CODE-1\] SNS subscription "pager" delivers messages over plain HTTP/,
            },
            { what: "HTTP in capitals", path: "protocol", value: "HTTP", match: /plain HTTP/ },
        ],
        alsoCompliant: [{ what: "email", path: "protocol", value: "email" }],
        unknowns: [{ what: "unknown protocol", path: "protocol", value: UNKNOWN }],
    },
];

/** Classic load balancers' SSL negotiation policies. */
export const CLASSIC_SSL_CASES: readonly Case[] = [
    ...(
        [
            [
                "aws:elb/loadBalancerPolicy:LoadBalancerPolicy",
                "policyAttributes",
                { loadBalancerName: "classic", policyName: "tls", policyTypeName: "SSLNegotiationPolicyType" },
            ],
            ["aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", "attributes", { loadBalancer: "classic", lbPort: 443, name: "tls" }],
        ] as const
    ).map(([type, path, base]): ResourceCase => ({
        kind: "resource",
        policy: elbClassicSslPolicyModern,
        type,
        name: "tls",
        compliant: { ...base, [path]: SSL_REFERENCE },
        violations: [
            {
                what: "an old predefined policy",
                path: `${path}.0.value`,
                value: "ELBSecurityPolicy-2016-08",
                match: new RegExp(
                    `\\[CODE-1\\] SSL negotiation policy "tls" uses the predefined policy "ELBSecurityPolicy-2016-08", which is not in allowedReferencePolicies \\(${path}\\.0\\)`,
                ),
            },
            {
                what: "TLS 1.0 switched on",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "Protocol-TLSv1", value: "true" },
                ],
                match: /switches on Protocol-TLSv1 \(.*\.1\); only TLS 1\.2 and later/,
            },
            {
                what: "RC4 switched on",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "RC4-SHA", value: "true" },
                ],
                match: /switches on the weak cipher RC4-SHA/,
            },
            {
                what: "no TLS 1.2 and no reference",
                path,
                value: [{ name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" }],
                match: /names no allowed predefined policy \(Reference-Security-Policy\) and does not switch on Protocol-TLSv1\.2/,
            },
            { what: "no attributes at all", path, value: undefined, match: /names no allowed predefined policy/ },
            { what: "an unreadable attribute", path: `${path}.0`, value: { name: 7 }, match: /an attribute that cannot be read/ },
            { what: "attributes not a list", path, value: "x", match: /that is not a list/ },
        ],
        alsoCompliant: [
            {
                what: "a custom TLS 1.2 policy",
                path,
                value: [
                    { name: "Protocol-TLSv1.2", value: "true" },
                    { name: "Protocol-TLSv1", value: "false" },
                    { name: "ECDHE-RSA-AES128-GCM-SHA256", value: "true" },
                ],
            },
            {
                what: "another predefined policy on the allowlist",
                path: `${path}.0.value`,
                value: "ELBSecurityPolicy-TLS-1-1-2017-01",
                config: { allowedReferencePolicies: ["ELBSecurityPolicy-TLS-1-1-2017-01"] },
            },
            ...(type.includes("loadBalancerPolicy")
                ? [{ what: "another policy type", path: "policyTypeName", value: "ProxyProtocolPolicyType" }]
                : []),
        ],
        unknowns: [{ what: "unknown attributes", path, value: UNKNOWN_ARRAY }],
    })),
];
