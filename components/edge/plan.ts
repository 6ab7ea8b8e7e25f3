/**
 * CODE-3: what the edge web ACL holds, as plain data. The AWS managed rule groups below are
 * the ones AWS documents for any internet-facing web application: the core rule set (OWASP
 * top risks), known bad inputs (exploit payloads such as Log4j probes) and the Amazon IP
 * reputation list (sources AWS threat intelligence has seen attacking). The rate-based rule
 * blocks a single source address that floods the load balancer.
 */
import type * as aws from "@pulumi/aws";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../common/logs";
import { ArgPath, reporter } from "../common/validation";

type WebAclRule = aws.types.input.wafv2.WebAclRule;

/** AWS managed rule groups the baseline always puts in front of internet-facing load balancers. */
export const BASELINE_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
] as const;

/** Requests per source IP in the evaluation window before the rate-based rule blocks (AWS allows 10 to 2,000,000,000). */
export const DEFAULT_RATE_LIMIT = 2000;
export const RATE_LIMIT_MIN = 10;
export const RATE_LIMIT_MAX = 2_000_000_000;
/** Evaluation windows AWS WAF offers for rate-based rules, in seconds. */
export const RATE_WINDOWS_SECONDS = [60, 120, 300, 600] as const;
export type RateWindowSeconds = (typeof RATE_WINDOWS_SECONDS)[number];
export const DEFAULT_RATE_WINDOW_SECONDS: RateWindowSeconds = 300;

/**
 * The web ACL's fixed name (so its ARN up to the generated id is known at preview, which the in-cluster
 * admission policy matches Ingress annotations against). WAF names are unique per account, region and scope.
 */
export function webAclName(component: string): string {
    return `${component}-web-acl`;
}

/** `arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/`: the ACL's ARN without its generated id. */
export function webAclArnPrefix(
    ctx: { readonly partition: string; readonly region: string; readonly accountId: string },
    component: string,
): string {
    return `arn:${ctx.partition}:wafv2:${ctx.region}:${ctx.accountId}:regional/webacl/${webAclName(component)}/`;
}

/** AWS WAF delivers to CloudWatch Logs only into groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

export interface WebAclPlanArgs {
    readonly metricPrefix: string;
    readonly rateLimit: number;
    readonly rateWindowSeconds: RateWindowSeconds;
    /** Further AWS managed rule groups (by name) after the baseline's. */
    readonly additionalManagedRuleGroups: readonly string[];
}

function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** The web ACL's rules in priority order: the managed groups, then the rate limit. */
export function webAclRules(args: WebAclPlanArgs): WebAclRule[] {
    const groups = [...BASELINE_MANAGED_RULE_GROUPS, ...args.additionalManagedRuleGroups];
    const rules: WebAclRule[] = groups.map((group, i) => ({
        name: group,
        priority: i,
        // "none" keeps each managed rule's own action (block); "count" would only observe.
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
        visibilityConfig: visibility(`${args.metricPrefix}-${group}`),
    }));
    rules.push({
        name: "rate-limit-per-ip",
        priority: groups.length,
        action: { block: {} },
        statement: { rateBasedStatement: { aggregateKeyType: "IP", limit: args.rateLimit, evaluationWindowSec: args.rateWindowSeconds } },
        visibilityConfig: visibility(`${args.metricPrefix}-rate-limit`),
    });
    return rules;
}

/** Managed rule group names are letters and digits, as AWS names them (AWSManagedRules...). */
const MANAGED_GROUP_NAME = /^AWSManagedRules[A-Za-z0-9]+$/;

/** Checks the arguments before any resource is created. */
export function validateEdgeArgs(
    component: string,
    args: { rateLimit?: number; rateWindowSeconds?: number; additionalManagedRuleGroups?: readonly string[]; logRetentionDays?: number },
): void {
    const r = reporter(`EdgeProtection "${component}"`);
    const fail = (path: ArgPath, value: unknown, allowed: string): never =>
        r.fail({ path, value, problem: "is not allowed", allowed: `allowed: ${allowed}` });
    const { rateLimit, rateWindowSeconds, additionalManagedRuleGroups, logRetentionDays } = args;
    if (logRetentionDays !== undefined && !isLogRetentionDays(logRetentionDays)) {
        fail(["logRetentionDays"], logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < RATE_LIMIT_MIN || rateLimit > RATE_LIMIT_MAX)) {
        fail(["rateLimit"], rateLimit, `an integer from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX} (requests per source IP per window)`);
    }
    if (rateWindowSeconds !== undefined && !RATE_WINDOWS_SECONDS.some((w) => w === rateWindowSeconds)) {
        fail(["rateWindowSeconds"], rateWindowSeconds, `one of ${RATE_WINDOWS_SECONDS.join(", ")}`);
    }
    for (const [i, g] of (additionalManagedRuleGroups ?? []).entries()) {
        if (typeof g !== "string" || !MANAGED_GROUP_NAME.test(g)) {
            fail(["additionalManagedRuleGroups", i], g, "the name of an AWS managed rule group, e.g. AWSManagedRulesSQLiRuleSet");
        }
        if ((BASELINE_MANAGED_RULE_GROUPS as readonly string[]).includes(g)) {
            fail(
                ["additionalManagedRuleGroups", i],
                g,
                `a group other than the baseline's own (${BASELINE_MANAGED_RULE_GROUPS.join(", ")})`,
            );
        }
    }
}
