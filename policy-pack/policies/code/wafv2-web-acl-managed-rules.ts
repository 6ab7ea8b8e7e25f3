import { readerFor, stackPolicy } from "../../lib";
import type * as aws from "@pulumi/aws";
import { WEB_ACL, WEB_ACL_GROUP, WEB_ACL_RULE, effectiveRules } from "../shared/waf";

const acl = readerFor<aws.wafv2.WebAclArgs>();

/** The AWS managed rule groups CODE-3 names (core rule set, known bad inputs, IP reputation). */
export const REQUIRED_MANAGED_RULE_GROUPS: readonly string[] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

/**
 * CODE-3: a web ACL protects only with the rules that act. Judged on the union of its
 * rules (inline, ruleJson, and WebAclRule / WebAclRuleGroupAssociation resources taking
 * its ARN): each required AWS managed rule group runs on all traffic (no scope-down
 * statement) and is not overridden to count, and some rate-based rule blocks (block,
 * captcha or challenge). A group in count mode, or a rate rule that counts, only observes.
 */
export const wafv2WebAclManagedRules = stackPolicy({
    name: "wafv2-web-acl-managed-rules",
    control: "CODE-3",
    severity: "high",
    layer: "code",
    description:
        "WAFv2 web ACLs must run the required AWS managed rule groups (core, known bad inputs, IP reputation) on all traffic, not in count mode, and a rate-based rule that blocks, counting inline rules, ruleJson and WebAclRule / WebAclRuleGroupAssociation resources.",
    references: [{ framework: "FSBP", id: "WAF.10" }],
    remediation:
        'add each missing group as a rule { overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name } } } and a rule { action: { block: {} }, statement: { rateBasedStatement: { limit, aggregateKeyType: "IP" } } } (EdgeProtection builds both)',
    config: {
        requiredManagedRuleGroups: {
            type: "array",
            items: { type: "string" },
            default: REQUIRED_MANAGED_RULE_GROUPS,
            description: "AWS managed rule group names every web ACL must run on all traffic, not in count mode.",
        },
        requireRateLimit: {
            type: "boolean",
            default: true,
            description: "Require a rate-based rule whose action blocks (block, captcha or challenge).",
        },
    },
    subjectTypes: [WEB_ACL],
    alsoJudges: [WEB_ACL_RULE, WEB_ACL_GROUP],
    check: (subject, stack, ctx) => {
        if (ctx.containsUnknown(acl(subject.props, "rules"), "rules") || ctx.containsUnknown(acl(subject.props, "ruleJson"), "ruleJson"))
            return;
        const attached = stack.linkedTo(subject, [WEB_ACL_RULE, WEB_ACL_GROUP], "webAclArn");
        for (const r of attached) if (ctx.containsUnknown(r.props, `"${r.name}"`)) return;
        const read = effectiveRules(subject.props, attached);
        if (!read.ok) {
            ctx.violation(
                `web ACL "${subject.name}" has rules that cannot be checked: ${read.problem} (${read.path})`,
                "give rules as a list of WAFv2 rules (or ruleJson as a JSON list)",
            );
            return;
        }
        for (const name of ctx.configStrings("requiredManagedRuleGroups")) {
            const runs = read.rules.filter((r) => r.managedGroup === name);
            if (runs.some((r) => !r.counting && !r.scoped)) continue;
            const why =
                runs.length === 0
                    ? "does not run it"
                    : runs.some((r) => r.counting)
                      ? `runs it in count mode only (${runs.map((r) => r.where).join(", ")})`
                      : `runs it only on requests matching a scope-down statement (${runs.map((r) => r.where).join(", ")})`;
            ctx.violation(`web ACL "${subject.name}" ${why}: the AWS managed rule group ${name} does not act on its traffic`);
        }
        if (ctx.configBoolean("requireRateLimit", true) && !read.rules.some((r) => r.rateLimit && !r.counting)) {
            const counting = read.rules.filter((r) => r.rateLimit);
            ctx.violation(
                `web ACL "${subject.name}" has no rate-based rule that blocks${counting.length ? ` (${counting.map((r) => r.where).join(", ")} only counts)` : ""}`,
            );
        }
    },
});
