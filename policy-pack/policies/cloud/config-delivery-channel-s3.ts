import type * as aws from "@pulumi/aws";
import { asString, isUnknown, readerFor, resourcePolicy } from "../../lib";
import type { Data } from "../../lib";

const read = readerFor<aws.cfg.DeliveryChannelArgs>();

function isSet(value: Data): boolean {
    // An unknown value will be something: for "must be set" rules it passes.
    return isUnknown(value) || (asString(value) ?? "").trim() !== "";
}

/**
 * DET-2: the delivery channel writes to an S3 bucket (the DATA-2 rules for that bucket are
 * s3-bucket-hardened's job) and, when the pack config asks, encrypts with a KMS key.
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const configDeliveryChannelS3 = resourcePolicy({
    name: "config-delivery-channel-s3",
    control: "DET-2",
    severity: "high",
    layer: "cloud",
    description: "AWS Config delivery channels must deliver to an S3 bucket (and use a KMS key when the pack config requires it).",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation: "set s3BucketName to a DATA-2 bucket (and s3KmsKeyArn to a customer-managed key)",
    config: {
        requireKmsKey: {
            type: "boolean",
            default: false,
            description: "Require s3KmsKeyArn, so Config encrypts its deliveries with a customer-managed key.",
        },
    },
    resourceTypes: ["aws:cfg/deliveryChannel:DeliveryChannel"],
    check: (channel, ctx) => {
        if (!isSet(read(channel.props, "s3BucketName"))) {
            ctx.violation(`Config delivery channel "${channel.name}" has no s3BucketName, so configuration history is not kept`);
        }
        if (ctx.configBoolean("requireKmsKey", false) && !isSet(read(channel.props, "s3KmsKeyArn"))) {
            ctx.violation(
                `Config delivery channel "${channel.name}" has no s3KmsKeyArn, and the pack config requires one`,
                "set s3KmsKeyArn to a customer-managed key ARN",
            );
        }
    },
});
