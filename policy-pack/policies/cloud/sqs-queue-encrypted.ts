import type * as aws from "@pulumi/aws";
import { asBoolean, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.sqs.QueueArgs>();

/**
 * DET-6 (its "encrypted topic" promise, applied to the queues that carry the same
 * findings and events): queues are encrypted with a KMS key. SQS-managed SSE
 * (sqsManagedSseEnabled) is encrypted at rest but under a key no key policy controls.
 */
export const sqsQueueEncrypted = resourcePolicy({
    name: "sqs-queue-encrypted",
    control: "DET-6",
    severity: "medium",
    layer: "cloud",
    description: "SQS queues must be encrypted with a KMS key (kmsMasterKeyId); SQS-managed encryption alone is reported.",
    references: [{ framework: "FSBP", id: "SQS.1" }],
    remediation:
        "set kmsMasterKeyId to a customer-managed key whose policy lets the producers (for example sns.amazonaws.com, events.amazonaws.com) use it",
    resourceTypes: ["aws:sqs/queue:Queue"],
    check: (q, ctx) => {
        const key = read(q.props, "kmsMasterKeyId");
        if (isUnknown(key) || (asString(key) ?? "").trim() !== "") return;
        const managed = asBoolean(read(q.props, "sqsManagedSseEnabled")) === true;
        ctx.violation(
            `SQS queue "${q.name}" has no kmsMasterKeyId${managed ? " (only SQS-managed encryption, whose key no key policy controls)" : ", so messages are not encrypted with a KMS key"}`,
        );
    },
});
