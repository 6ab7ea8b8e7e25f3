import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, arn } from "../../common/awsContext";
import { childName } from "../../common/naming";
import { EVENT_RULE_NAME, SNS_TOPIC_NAME, boundedName } from "../../common/physicalName";
import { ResolvedDetectionArgs } from "../args";
import { alertTopicPolicy, configNonCompliantPattern, guardDutyFindingPattern } from "../alertingPlan";

/** The alert topic's name: fixed, so its ARN (and the topic policy) is known at preview. */
export function alertTopicName(project: string, stack: string, name: string): string {
    return boundedName(SNS_TOPIC_NAME, project, stack, name, "alerts");
}

/** An alerting rule's name on the default event bus: fixed for the same reason. */
export function alertRuleName(project: string, stack: string, name: string, role: string): string {
    return boundedName(EVENT_RULE_NAME, project, stack, name, role);
}

export interface Alerting {
    readonly topic: aws.sns.Topic;
    /** The topic's ARN, written from its fixed name: known at preview, resolved after the topic exists. */
    readonly topicArn: pulumi.Output<string>;
}

/**
 * DET-6: EventBridge rules (GuardDuty findings at or above the threshold; Config NON_COMPLIANT) whose
 * target is a KMS-encrypted SNS topic that only those rules may publish to. The topic and the rules
 * carry fixed names, so the topic policy naming them is known at preview and the pack judges it there.
 */
export function createAlerting(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    alertsKeyArn: pulumi.Output<string>,
    tags: Record<string, string>,
): Alerting {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const topicName = alertTopicName(project, stack, name);
    const topic = new aws.sns.Topic(childName(name, "alerts"), { name: topicName, kmsMasterKeyId: alertsKeyArn, tags }, { parent });
    const topicArn = ctx.apply((c) => arn(c, "sns", topicName));

    const rules = [
        {
            role: "guardduty-findings",
            description: `GuardDuty findings with severity >= ${r.alertSeverityThreshold}`,
            pattern: guardDutyFindingPattern(r.alertSeverityThreshold),
        },
        {
            role: "config-noncompliant",
            description: "Config rule evaluations that turn NON_COMPLIANT",
            pattern: configNonCompliantPattern(),
        },
    ].map((spec) => {
        const ruleName = alertRuleName(project, stack, name, spec.role);
        const rule = new aws.cloudwatch.EventRule(
            childName(name, "alerts", spec.role),
            { name: ruleName, description: spec.description, eventPattern: JSON.stringify(spec.pattern), tags },
            { parent },
        );
        new aws.cloudwatch.EventTarget(childName(name, "alerts", spec.role, "target"), { rule: rule.name, arn: topic.arn }, { parent });
        return { rule, ruleName };
    });

    new aws.sns.TopicPolicy(
        childName(name, "alerts-policy"),
        {
            arn: topic.arn,
            policy: ctx.apply((c) =>
                JSON.stringify(
                    alertTopicPolicy(
                        c,
                        arn(c, "sns", topicName),
                        rules.map((x) => arn(c, "events", `rule/${x.ruleName}`)),
                    ),
                ),
            ),
        },
        // The document names the rules by their fixed ARNs; the policy still waits for them to exist.
        { parent, dependsOn: rules.map((x) => x.rule) },
    );

    r.alertSubscriptions.forEach((s, i) => {
        new aws.sns.TopicSubscription(
            childName(name, "alerts-subscription", i),
            { topic: topic.arn, protocol: s.protocol, endpoint: s.endpoint },
            { parent },
        );
    });
    // The URN ties the ARN to the topic: a consumer of `topicArn` waits for the topic.
    return { topic, topicArn: pulumi.all([topic.urn, topicArn]).apply(([, a]) => a) };
}
