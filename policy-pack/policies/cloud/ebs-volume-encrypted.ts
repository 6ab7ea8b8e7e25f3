import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ebs.VolumeArgs>();

/**
 * DATA-1: each EBS volume says encrypted: true itself (the provider default is false, and
 * the region default may not be managed by this stack). No automatic fix: changing
 * `encrypted` replaces the volume and loses its data.
 */
export const ebsVolumeEncrypted = resourcePolicy({
    name: "ebs-volume-encrypted",
    control: "DATA-1",
    severity: "high",
    layer: "cloud",
    description: "EBS volumes must be encrypted.",
    references: [{ framework: "FSBP", id: "EC2.7" }],
    remediation: "set encrypted: true and kmsKeyId to the volumes key",
    resourceTypes: ["aws:ebs/volume:Volume"],
    check: (volume, ctx) => {
        const encrypted = read(volume.props, "encrypted");
        if (ctx.isUnknown(encrypted, "encrypted")) {
            return;
        }
        if (asBoolean(encrypted) !== true) {
            ctx.violation(
                `EBS volume "${volume.name}" is not encrypted (encrypted is ${encrypted === undefined ? "unset, default false" : "false"})`,
            );
        }
    },
});
