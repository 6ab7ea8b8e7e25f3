/** Cases of the WAF policies (CODE-3): managed rule groups, a rate limit, logging. */
import { wafv2WebAclLogging } from "../../../../policy-pack/policies/code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "../../../../policy-pack/policies/code/wafv2-web-acl-managed-rules";
import { DROP } from "../../case";
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY } from "../../runtime";

export const MANAGED_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];
const visibility = { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "m" };
/** The web ACL rules CODE-3 asks for, in the provider's spelling (as EdgeProtection writes them). */
export function webAclRules(): Record<string, unknown>[] {
    return [
        ...MANAGED_GROUPS.map((name, i) => ({
            name,
            priority: i,
            overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
            visibilityConfig: visibility,
        })),
        {
            name: "rate",
            priority: 3,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
            visibilityConfig: visibility,
        },
    ];
}
export const WEB_ACL = { scope: "REGIONAL", defaultAction: { allow: {} }, rules: webAclRules(), visibilityConfig: visibility };

/** Web ACLs with the managed groups and a blocking rate rule, and their logging. */
export const WAF_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: wafv2WebAclManagedRules,
        subject: "edge",
        compliant: [{ type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: WEB_ACL }],
        violations: [
            {
                what: "a group missing",
                resource: "edge",
                path: "rules.2",
                value: undefined,
                match: /\[CODE-3\] web ACL "edge" does not run it: the AWS managed rule group AWSManagedRulesAmazonIpReputationList does not act on its traffic/,
            },
            {
                what: "a group in count mode",
                resource: "edge",
                path: "rules.1.overrideAction",
                value: { count: {} },
                match: /runs it in count mode only \(rules\.1\): the AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet/,
            },
            {
                what: "a group scoped down",
                resource: "edge",
                path: "rules.0.statement.managedRuleGroupStatement.scopeDownStatement",
                value: { byteMatchStatement: {} },
                match: /only on requests matching a scope-down statement/,
            },
            {
                what: "a group of another vendor",
                resource: "edge",
                path: "rules.0.statement.managedRuleGroupStatement.vendorName",
                value: "Fake",
                match: /does not run it: the AWS managed rule group AWSManagedRulesCommonRuleSet/,
            },
            {
                what: "the rate rule counts",
                resource: "edge",
                path: "rules.3.action",
                value: { count: {} },
                match: /has no rate-based rule that blocks \(rules\.3 only counts\)/,
            },
            {
                what: "rules not a list",
                resource: "edge",
                path: "rules",
                value: "x",
                match: /rules that cannot be checked: rules is not a list/,
            },
            { what: "ruleJson not JSON", resource: "edge", path: "ruleJson", value: "{", match: /ruleJson is not a JSON list of rules/ },
        ],
        alsoCompliant: [
            { what: "the rate rule challenges", resource: "edge", path: "rules.3.action", value: { challenge: {} } },
            {
                what: "no rate rule when not required",
                resource: "edge",
                path: "rules.3",
                value: undefined,
                config: { requireRateLimit: false },
            },
        ],
        unknowns: [{ what: "unknown rules", resource: "edge", path: "rules", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "stack",
        policy: wafv2WebAclManagedRules,
        subject: "edge",
        compliant: [
            {
                type: "aws:wafv2/webAcl:WebAcl",
                name: "edge",
                props: {
                    ...WEB_ACL,
                    rules: [],
                    ruleJson: JSON.stringify(
                        MANAGED_GROUPS.slice(0, 2).map((Name) => ({
                            Name,
                            Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name } },
                            OverrideAction: { None: {} },
                        })),
                    ),
                },
            },
            {
                type: "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation",
                name: "reputation",
                props: {
                    webAclArn: "arn",
                    ruleName: "r",
                    priority: 5,
                    managedRuleGroup: { vendorName: "AWS", name: MANAGED_GROUPS[2] },
                    overrideAction: "none",
                },
                propertyDependencies: { webAclArn: ["edge"] },
            },
            {
                type: "aws:wafv2/webAclRule:WebAclRule",
                name: "rate",
                props: {
                    webAclArn: "arn",
                    priority: 6,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: 100, aggregateKeyType: "IP" } },
                },
                propertyDependencies: { webAclArn: ["edge"] },
            },
        ],
        violations: [
            {
                what: "the association counts",
                resource: "reputation",
                path: "overrideAction",
                value: "count",
                match: /runs it in count mode only \(reputation\): the AWS managed rule group AWSManagedRulesAmazonIpReputationList/,
            },
            {
                what: "the association is not linked to this ACL",
                resource: "reputation",
                path: "deps.webAclArn",
                value: null,
                match: /does not run it: the AWS managed rule group AWSManagedRulesAmazonIpReputationList/,
            },
            {
                what: "the separate rate rule dropped",
                resource: "rate",
                path: "",
                value: DROP,
                match: /has no rate-based rule that blocks/,
            },
            {
                what: "a ruleJson group counting",
                resource: "edge",
                path: "ruleJson",
                value: JSON.stringify([
                    {
                        Name: "c",
                        Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: MANAGED_GROUPS[0] } },
                        OverrideAction: { Count: {} },
                    },
                ]),
                match: /runs it in count mode only \(ruleJson\.0\)/,
            },
        ],
        unknowns: [{ what: "unknown ruleJson", resource: "edge", path: "ruleJson", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: wafv2WebAclLogging,
        subject: "edge",
        compliant: [
            { type: "aws:wafv2/webAcl:WebAcl", name: "edge", props: WEB_ACL },
            {
                type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
                name: "edge-logging",
                props: { resourceArn: "arn", logDestinationConfigs: ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-edge"] },
                propertyDependencies: { resourceArn: ["edge"] },
            },
        ],
        violations: [
            {
                what: "no logging configuration",
                resource: "edge-logging",
                path: "",
                value: DROP,
                match: /\[CODE-3\] web ACL "edge" has no WebAclLoggingConfiguration in this program/,
            },
            {
                what: "no destination",
                resource: "edge-logging",
                path: "logDestinationConfigs",
                value: [],
                match: /a logging configuration with no destination/,
            },
            {
                what: "the configuration logs another ACL",
                resource: "edge-logging",
                path: "deps.resourceArn",
                value: null,
                match: /has no WebAclLoggingConfiguration/,
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "an unknown destination list is computed from a log group of the program: it is set",
    },
];
