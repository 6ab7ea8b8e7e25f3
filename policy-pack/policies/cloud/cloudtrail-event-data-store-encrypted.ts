import type * as aws from "@pulumi/aws";
import { isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.cloudtrail.EventDataStoreArgs>();

/**
 * DET-4 (its KMS promise, for CloudTrail Lake): an event data store keeps the same audit
 * events as a trail, so it is encrypted with a customer-managed key the audit team controls;
 * without kmsKeyId CloudTrail encrypts with a key of its own that no key policy narrows.
 * Medium severity (advisory by default): the store is a query copy beside the trail, which
 * cloudtrail-trail-hardened judges as mandatory.
 */
export const cloudtrailEventDataStoreEncrypted = resourcePolicy({
    name: "cloudtrail-event-data-store-encrypted",
    control: "DET-4",
    severity: "medium",
    layer: "cloud",
    description: "CloudTrail Lake event data stores must be encrypted with a customer-managed KMS key (kmsKeyId).",
    references: [],
    remediation:
        "set kmsKeyId to a customer-managed key whose policy lets cloudtrail.amazonaws.com use it (the logs key of the baseline's audit stores)",
    resourceTypes: ["aws:cloudtrail/eventDataStore:EventDataStore"],
    check: (store, ctx) => {
        const key = read(store.props, "kmsKeyId");
        // An unknown key is a key created in the same program: it is set.
        if (isUnknown(key)) return;
        if (typeof key !== "string" || key.trim() === "") {
            ctx.violation(
                `event data store "${store.name}" has no kmsKeyId (${key === undefined || key === null ? "unset" : JSON.stringify(key).slice(0, 30)}), so its audit events are encrypted with a key no key policy of yours controls`,
            );
        }
    },
});
