import type * as aws from "@pulumi/aws";
import { asBoolean, pathOf, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ebs.EncryptionByDefaultArgs>();
const path = pathOf<aws.ebs.EncryptionByDefaultArgs>();

/**
 * DATA-1: a stack that manages EBS default encryption must not switch it off.
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const ebsEncryptionByDefaultEnabled = resourcePolicy({
    name: "ebs-encryption-by-default-enabled",
    control: "DATA-1",
    severity: "high",
    layer: "cloud",
    description: "aws.ebs.EncryptionByDefault must be enabled.",
    references: [{ framework: "FSBP", id: "EC2.7" }],
    remediation: "set enabled: true (or leave it unset), and set the region's default key with aws.ebs.DefaultKmsKey (the volumes key)",
    resourceTypes: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
    check: (setting, ctx) => {
        const enabled = read(setting.props, "enabled");
        if (ctx.isUnknown(enabled, "enabled")) {
            return;
        }
        if (asBoolean(enabled) === false) {
            ctx.violation(
                `EBS encryption by default "${setting.name}" sets enabled: false, so new volumes in the region may be unencrypted`,
            );
        }
    },
    remediate: (setting) => (asBoolean(read(setting.props, "enabled")) === false ? [{ path: path("enabled"), value: true }] : []),
});
