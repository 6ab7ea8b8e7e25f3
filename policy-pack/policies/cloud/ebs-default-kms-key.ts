import type * as aws from "@pulumi/aws";
import { asString, isUnknown, readerFor, stackPolicy } from "../../lib";

const read = readerFor<aws.ebs.DefaultKmsKeyArgs>();

const DEFAULT_KMS_KEY_TYPE = "aws:ebs/defaultKmsKey:DefaultKmsKey";

/**
 * DATA-1 over the stack: a stack that turns on EBS encryption by default also sets the
 * region's default key to a customer-managed one (the volumes key). Without it EBS uses
 * the AWS-managed aws/ebs key, whose policy cannot be scoped or audited like KMS-1 keys.
 * Medium (advisory by default): the volumes are still encrypted.
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const ebsDefaultKmsKey = stackPolicy({
    name: "ebs-default-kms-key",
    control: "DATA-1",
    severity: "medium",
    layer: "cloud",
    description: "A stack that manages EBS encryption by default must also set aws.ebs.DefaultKmsKey to a customer-managed key.",
    references: [{ framework: "FSBP", id: "EC2.7" }],
    remediation: "add an aws.ebs.DefaultKmsKey with keyArn: the volumes key's ARN (CustomerManagedKey purpose volumes)",
    subjectTypes: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
    alsoJudges: [DEFAULT_KMS_KEY_TYPE],
    check: (setting, stack, ctx) => {
        const keys = stack.resources.filter((r) => r.type === DEFAULT_KMS_KEY_TYPE);
        // An unknown keyArn will be a key: it counts.
        const withKey = keys.filter((k) => {
            const arn = read(k.props, "keyArn");
            return isUnknown(arn) || (asString(arn) ?? "").trim() !== "";
        });
        if (withKey.length === 0) {
            ctx.violation(
                `EBS encryption by default "${setting.name}" has no aws.ebs.DefaultKmsKey in the stack, so new volumes use the AWS-managed aws/ebs key`,
            );
        }
    },
});
