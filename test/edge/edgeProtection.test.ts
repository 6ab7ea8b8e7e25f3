import { strict as assert } from "assert";
import { BASELINE_MANAGED_RULE_GROUPS, EdgeProtection, validateEdgeArgs, webAclRules } from "../../components";
import { runPulumi } from "../support/harness";

type Rule = {
    name: string;
    priority: number;
    overrideAction?: { none?: object; count?: object };
    action?: { block?: object };
    statement: {
        managedRuleGroupStatement?: { vendorName: string; name: string };
        rateBasedStatement?: { aggregateKeyType: string; limit: number; evaluationWindowSec: number };
    };
    visibilityConfig: { cloudwatchMetricsEnabled: boolean; sampledRequestsEnabled: boolean; metricName: string };
};

describe("EdgeProtection (CODE-3)", () => {
    it("CODE-3: a regional web ACL with the common, known-bad-inputs and IP-reputation groups blocking, then a per-IP rate limit", async () => {
        const run = await runPulumi(() => new EdgeProtection("edge", {}));
        const acl = run.one("aws:wafv2/webAcl:WebAcl");
        assert.equal(acl.inputs.scope, "REGIONAL");
        assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
        const rules = acl.inputs.rules as Rule[];
        assert.deepEqual(
            rules
                .filter((r) => r.statement.managedRuleGroupStatement)
                .map((r) => [r.statement.managedRuleGroupStatement?.vendorName, r.statement.managedRuleGroupStatement?.name]),
            [
                ["AWS", "AWSManagedRulesCommonRuleSet"],
                ["AWS", "AWSManagedRulesKnownBadInputsRuleSet"],
                ["AWS", "AWSManagedRulesAmazonIpReputationList"],
            ],
        );
        for (const r of rules.filter((x) => x.statement.managedRuleGroupStatement)) {
            assert.deepEqual(r.overrideAction, { none: {} }, `${r.name} must keep its rules' block actions (not count)`);
        }
        const rate = rules.find((r) => r.statement.rateBasedStatement);
        assert.deepEqual(rate?.statement.rateBasedStatement, { aggregateKeyType: "IP", limit: 2000, evaluationWindowSec: 300 });
        assert.deepEqual(rate?.action, { block: {} });
        assert.deepEqual(
            rules.map((r) => r.priority),
            [0, 1, 2, 3],
        );
        assert.ok(rules.every((r) => r.visibilityConfig.cloudwatchMetricsEnabled && r.visibilityConfig.sampledRequestsEnabled));
    });

    it("CODE-3: every request the ACL sees is logged to a protected, KMS-encrypted aws-waf-logs-* group with a retention", async () => {
        const run = await runPulumi(() => new EdgeProtection("edge", {}));
        const group = run.one("aws:cloudwatch/logGroup:LogGroup");
        assert.equal(group.inputs.name, "aws-waf-logs-edge");
        assert.equal(group.inputs.retentionInDays, 365);
        assert.match(String(group.inputs.kmsKeyId), /^arn:aws:kms:/);
        assert.equal(group.protect, true);
        const logging = run.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
        // The group's ARN without the ":*" suffix, which WAF refuses.
        assert.deepEqual(logging.inputs.logDestinationConfigs, ["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-edge"]);
        assert.equal(logging.inputs.resourceArn, "arn:aws:wafv2:us-east-1:123456789012:edge-web-acl");
        const key = run.one("aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.protect, true);
    });

    it("CODE-3: each given load balancer is associated; Shield Advanced only when asked", async () => {
        const lbs = [
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/2",
        ];
        const plain = await runPulumi(() => new EdgeProtection("edge", { loadBalancerArns: lbs }));
        assert.deepEqual(
            plain.ofType("aws:wafv2/webAclAssociation:WebAclAssociation").map((a) => a.inputs.resourceArn),
            lbs,
        );
        assert.equal(plain.ofType("aws:shield/protection:Protection").length, 0);
        const shielded = await runPulumi(() => new EdgeProtection("edge", { loadBalancerArns: lbs, shieldAdvanced: true }));
        assert.deepEqual(
            shielded.ofType("aws:shield/protection:Protection").map((p) => p.inputs.resourceArn),
            lbs,
        );
    });

    it("adds further AWS managed groups after the baseline's, and takes a rate limit and window", () => {
        const rules = webAclRules({
            metricPrefix: "m",
            rateLimit: 500,
            rateWindowSeconds: 60,
            additionalManagedRuleGroups: ["AWSManagedRulesSQLiRuleSet"],
        }) as unknown as Rule[];
        assert.deepEqual(
            rules.map((r) => r.name),
            [...BASELINE_MANAGED_RULE_GROUPS, "AWSManagedRulesSQLiRuleSet", "rate-limit-per-ip"],
        );
        assert.equal(rules[4].statement.rateBasedStatement?.limit, 500);
        assert.equal(rules[4].statement.rateBasedStatement?.evaluationWindowSec, 60);
    });

    it("refuses bad arguments before creating anything, naming the argument and what is allowed", async () => {
        assert.throws(
            () => validateEdgeArgs("edge", { rateLimit: 5 }),
            /EdgeProtection "edge": rateLimit 5 is not allowed; allowed: an integer from 10 to 2000000000/,
        );
        assert.throws(() => validateEdgeArgs("edge", { rateLimit: 100.5 }), /rateLimit 100.5 is not allowed/);
        assert.throws(
            () => validateEdgeArgs("edge", { rateWindowSeconds: 30 }),
            /rateWindowSeconds 30 is not allowed; allowed: one of 60, 120, 300, 600/,
        );
        assert.throws(
            () => validateEdgeArgs("edge", { additionalManagedRuleGroups: ["sqli"] }),
            /additionalManagedRuleGroups\[0\] "sqli" is not allowed; allowed: the name of an AWS managed rule group/,
        );
        assert.throws(
            () => validateEdgeArgs("edge", { additionalManagedRuleGroups: ["AWSManagedRulesCommonRuleSet"] }),
            /a group other than the baseline's own/,
        );
        assert.throws(
            () => validateEdgeArgs("edge", { additionalManagedRuleGroups: ["x".repeat(5000)] }),
            /…" \(5000 characters, first 200 shown\)/,
        );
        const run = await runPulumi(() => new EdgeProtection("edge", { logRetentionDays: 42 as never })).catch((e: unknown) => e);
        assert.match(String(run), /EdgeProtection "edge": logRetentionDays 42 is not allowed; allowed: one of 1, 3, 5/);
    });
});
