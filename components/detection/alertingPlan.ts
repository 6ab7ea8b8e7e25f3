/**
 * Pure alerting planning (DET-6): EventBridge patterns for GuardDuty findings at or above a severity and
 * for Config rules turning NON_COMPLIANT, the SNS topic policy that lets only those rules publish, and
 * validation of subscriptions.
 */
import { AwsContext, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, policyDocument } from "../common/iam";
import { Reporter, reporter } from "../common/validation";

export type EventPattern = Readonly<Record<string, unknown>>;

/** GuardDuty findings whose severity is >= `threshold` (numeric matching). */
export function guardDutyFindingPattern(threshold: number): EventPattern {
    return { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", threshold] }] } };
}

/** A Config rule's evaluation of a resource changed to NON_COMPLIANT. */
export function configNonCompliantPattern(): EventPattern {
    return {
        source: ["aws.config"],
        "detail-type": ["Config Rules Compliance Change"],
        detail: { messageType: ["ComplianceChangeNotification"], newEvaluationResult: { complianceType: ["NON_COMPLIANT"] } },
    };
}

/**
 * Topic policy: EventBridge may publish only on behalf of the given rules of this account; nobody may
 * publish or subscribe without TLS.
 */
export function alertTopicPolicy(ctx: AwsContext, topicArn: string, ruleArns: readonly string[]): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowEventBridgeRules",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "events") },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId }, ArnEquals: { "aws:SourceArn": [...ruleArns] } },
        },
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: ["sns:Publish", "sns:Subscribe"],
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": false } },
        },
    ]);
}

export const SUBSCRIPTION_PROTOCOLS = ["email", "https"] as const;
export type SubscriptionProtocol = (typeof SUBSCRIPTION_PROTOCOLS)[number];

export interface AlertSubscription {
    readonly protocol: SubscriptionProtocol;
    /** An email address for "email", an https:// URL for "https". */
    readonly endpoint: string;
}

// Deliberately simple: one "@", no spaces, a dot in the domain. SNS confirms the address anyway.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSubscriptions(subs: readonly AlertSubscription[], r: Reporter = reporter("ThreatDetection")): void {
    subs.forEach((s, i) => {
        if (!(SUBSCRIPTION_PROTOCOLS as readonly string[]).includes(s.protocol)) {
            r.fail({
                path: ["alertSubscriptions", i, "protocol"],
                value: s.protocol,
                problem: "is not allowed",
                allowed: `use one of ${SUBSCRIPTION_PROTOCOLS.join(", ")}`,
            });
        }
        const endpoint = ["alertSubscriptions", i, "endpoint"];
        if (s.protocol === "email" && !EMAIL_PATTERN.test(s.endpoint)) {
            r.fail({
                path: endpoint,
                value: s.endpoint,
                problem: "is not an email address",
                allowed: 'use one such as "secops@example.com"',
            });
        }
        if (s.protocol === "https") {
            let url: URL | undefined;
            try {
                url = new URL(s.endpoint);
            } catch {
                url = undefined;
            }
            if (url?.protocol !== "https:" || url.hostname.length === 0) {
                r.fail({
                    path: endpoint,
                    value: s.endpoint,
                    problem: "is not an https:// URL",
                    allowed: "use an https:// URL; alerts leave AWS only over TLS",
                });
            }
        }
    });
}
