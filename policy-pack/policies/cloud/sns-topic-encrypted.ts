import type * as aws from "@pulumi/aws";
import { asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.sns.TopicArgs>();

/**
 * DET-6: alert topics carry findings, so they are KMS-encrypted. Medium severity
 * (advisory by default): topics of other stacks may carry nothing sensitive; narrow or
 * widen with the pack config's include/exclude, or make it mandatory there.
 */
export const snsTopicEncrypted = resourcePolicy({
    name: "sns-topic-encrypted",
    control: "DET-6",
    severity: "medium",
    layer: "cloud",
    description: "SNS topics must be encrypted at rest with a KMS key (kmsMasterKeyId).",
    references: [{ framework: "FSBP", id: "SNS.1" }],
    remediation:
        "set kmsMasterKeyId to a customer-managed key whose policy lets the publishers (events.amazonaws.com for EventBridge) use it; the AWS-managed alias/aws/sns does not allow EventBridge",
    resourceTypes: ["aws:sns/topic:Topic"],
    check: (topic, ctx) => {
        const key = read(topic.props, "kmsMasterKeyId");
        if (!isUnknown(key) && (asString(key) ?? "").trim() === "") {
            ctx.violation(`SNS topic "${topic.name}" has no kmsMasterKeyId, so messages are stored unencrypted`);
        }
    },
});
