import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../common/awsContext";
import { childName } from "../../common/naming";
import { CONTROL_TAG } from "../../common/tags";
import { ResolvedDetectionArgs } from "../args";
import {
    REMEDIATION_CONCURRENCY_PERCENT,
    REMEDIATION_ERROR_PERCENT,
    plannedRemediations,
    remediationParameters,
    remediationRoleArn,
    remediationRoleName,
    remediationRolePolicy,
    remediationTrustPolicy,
} from "../remediationPlan";

/**
 * DET-8: the automation role and one automatic RemediationConfiguration per planned rule. The role's ARN
 * is written from the context (known at preview); each remediation waits for the role's policy, so Config
 * never starts an automation whose role cannot act yet.
 */
export function createRemediation(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    rules: ReadonlyMap<string, aws.cfg.Rule>,
    tags: Record<string, string>,
): aws.cfg.RemediationConfiguration[] {
    const plans = plannedRemediations(r.remediationOptOut);
    if (plans.length === 0) return [];
    const role = new aws.iam.Role(
        childName(name, "remediation-role"),
        {
            name: ctx.apply((c) => remediationRoleName(name, c.region)),
            description: "secure-baseline DET-8: SSM Automation role for AWS Config automatic remediation",
            assumeRolePolicy: ctx.apply((c) => JSON.stringify(remediationTrustPolicy(c))),
            tags: { ...tags, [CONTROL_TAG]: "DET-8" },
        },
        { parent },
    );
    const policy = new aws.iam.RolePolicy(
        childName(name, "remediation-role-policy"),
        { role: role.name, policy: ctx.apply((c) => JSON.stringify(remediationRolePolicy(c, name, plans))) },
        { parent },
    );
    const roleArn = ctx.apply((c) => remediationRoleArn(c, name));
    return plans.map((plan) => {
        const rule = rules.get(plan.rule);
        if (rule === undefined) throw new Error(`ThreatDetection: remediation for rule "${plan.rule}" has no such DET-3 rule`);
        return new aws.cfg.RemediationConfiguration(
            childName(name, "remediation", plan.rule),
            {
                configRuleName: rule.name,
                targetType: "SSM_DOCUMENT",
                targetId: plan.document,
                resourceType: plan.resourceType,
                parameters: roleArn.apply((a) => remediationParameters(plan, a)),
                automatic: true,
                maximumAutomaticAttempts: r.remediationMaxAttempts,
                retryAttemptSeconds: r.remediationRetrySeconds,
                executionControls: {
                    ssmControls: {
                        concurrentExecutionRatePercentage: REMEDIATION_CONCURRENCY_PERCENT,
                        errorPercentage: REMEDIATION_ERROR_PERCENT,
                    },
                },
            },
            { parent, dependsOn: [policy, rule] },
        );
    });
}
