import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ec2.LaunchTemplateArgs>();

/** EKS-6: node volumes are encrypted, with a customer-managed key by default. */
export const ec2LaunchTemplateEncryptedVolumes = resourcePolicy({
    name: "ec2-launch-template-encrypted-volumes",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description:
        'Launch templates must declare their EBS volumes with encrypted "true" and (by default) a customer-managed kmsKeyId; a template with no EBS mapping leaves the root volume to the AMI and is reported.',
    references: [
        { framework: "FSBP", id: "EC2.181" },
        { framework: "FSBP", id: "EC2.7" },
    ],
    remediation:
        'add blockDeviceMappings [{ deviceName: <root device>, ebs: { encrypted: "true", kmsKeyId: <volumes key ARN>, volumeType: "gp3" } }]',
    config: {
        requireCustomerKey: {
            type: "boolean",
            default: true,
            description: "Require ebs.kmsKeyId (a customer-managed key) on every EBS mapping.",
        },
    },
    resourceTypes: ["aws:ec2/launchTemplate:LaunchTemplate"],
    check: (lt, ctx) => {
        const mappings = read(lt.props, "blockDeviceMappings");
        if (ctx.isUnknown(mappings, "blockDeviceMappings")) return;
        const ebs = asArray(mappings)
            .map((_, i) => ({ i, ebs: read(lt.props, "blockDeviceMappings", i, "ebs") }))
            .filter((m) => m.ebs !== undefined && m.ebs !== null);
        if (ebs.length === 0) {
            ctx.violation(
                `launch template "${lt.name}" declares no EBS volume, so the root volume's encryption is whatever the AMI and account default say`,
            );
            return;
        }
        const requireKey = ctx.configBoolean("requireCustomerKey", true);
        for (const { i, ebs: volume } of ebs) {
            const path = `blockDeviceMappings.${i}.ebs`;
            if (ctx.isUnknown(volume, path)) continue;
            const encrypted = read(lt.props, "blockDeviceMappings", i, "ebs", "encrypted");
            if (!ctx.isUnknown(encrypted, `${path}.encrypted`) && asBoolean(encrypted) !== true) {
                ctx.violation(
                    `launch template "${lt.name}" has an unencrypted EBS volume (${path}.encrypted is ${encrypted === undefined ? "unset" : JSON.stringify(encrypted)})`,
                    `set ${path}.encrypted: "true" with a kmsKeyId`,
                );
            }
            const key = read(lt.props, "blockDeviceMappings", i, "ebs", "kmsKeyId");
            if (requireKey && !isUnknown(key) && (asString(key) ?? "").trim() === "") {
                ctx.violation(
                    `launch template "${lt.name}" encrypts ${path} without a customer-managed key (kmsKeyId unset)`,
                    `set ${path}.kmsKeyId to the volumes key ARN`,
                );
            }
        }
    },
});
