import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../common/awsContext";
import { childName } from "../../common/naming";
import { ResolvedDetectionArgs } from "../args";
import { alertTopicPolicy, configNonCompliantPattern, guardDutyFindingPattern } from "../alertingPlan";

/**
 * DET-6: EventBridge rules (GuardDuty findings at or above the threshold; Config NON_COMPLIANT) whose
 * target is a KMS-encrypted SNS topic that only those rules may publish to.
 */
export function createAlerting(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    alertsKeyArn: pulumi.Output<string>,
    tags: Record<string, string>,
): aws.sns.Topic {
    const topic = new aws.sns.Topic(childName(name, "alerts"), { kmsMasterKeyId: alertsKeyArn, tags }, { parent });

    const rules = [
        { role: "guardduty-findings", description: `GuardDuty findings with severity >= ${r.alertSeverityThreshold}`, pattern: guardDutyFindingPattern(r.alertSeverityThreshold) },
        { role: "config-noncompliant", description: "Config rule evaluations that turn NON_COMPLIANT", pattern: configNonCompliantPattern() },
    ].map((spec) => {
        const rule = new aws.cloudwatch.EventRule(
            childName(name, "alerts", spec.role),
            { description: spec.description, eventPattern: JSON.stringify(spec.pattern), tags },
            { parent },
        );
        new aws.cloudwatch.EventTarget(childName(name, "alerts", spec.role, "target"), { rule: rule.name, arn: topic.arn }, { parent });
        return rule;
    });

    new aws.sns.TopicPolicy(
        childName(name, "alerts-policy"),
        {
            arn: topic.arn,
            policy: pulumi.all([ctx, topic.arn, pulumi.all(rules.map((x) => x.arn))]).apply(([c, t, ruleArns]) => JSON.stringify(alertTopicPolicy(c, t, ruleArns))),
        },
        { parent },
    );

    r.alertSubscriptions.forEach((s, i) => {
        new aws.sns.TopicSubscription(childName(name, "alerts-subscription", i), { topic: topic.arn, protocol: s.protocol, endpoint: s.endpoint }, { parent });
    });
    return topic;
}
