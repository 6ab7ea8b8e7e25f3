import { CheckContext, Data, ResourceView, asArray, asBoolean, asString, isUnknown, resourcePolicy } from "../../lib";
import { INSTANCE_TYPES, LAUNCH_CONFIGURATION, kindOf, readInstance, readLaunch, usesLaunchTemplate } from "../shared/ec2-instances";

function judgeVolume(r: ResourceView, path: string, encrypted: Data, key: Data, ctx: CheckContext): void {
    const label = `${kindOf(r)} "${r.name}"`;
    if (!ctx.isUnknown(encrypted, `${path}.encrypted`) && asBoolean(encrypted) !== true) {
        ctx.violation(
            `${label} has an unencrypted EBS volume (${path}.encrypted is ${encrypted === undefined ? "unset" : JSON.stringify(encrypted).slice(0, 40)})`,
            `set ${path}.encrypted: true${r.type === LAUNCH_CONFIGURATION ? "" : " with a kmsKeyId"}`,
        );
    }
    // Launch configurations have no kmsKeyId: their volumes take the region's default key (DATA-1).
    if (r.type === LAUNCH_CONFIGURATION || !ctx.configBoolean("requireCustomerKey", true)) return;
    if (!isUnknown(key) && (asString(key) ?? "").trim() === "") {
        ctx.violation(
            `${label} encrypts ${path} without a customer-managed key (${path}.kmsKeyId unset)`,
            `set ${path}.kmsKeyId to the volumes key ARN`,
        );
    }
}

/**
 * DATA-1: the root and EBS volumes an instance, spot request or launch configuration
 * declares are encrypted, with a customer-managed key where the type has one. A root
 * volume left undeclared takes the AMI's and the region's defaults and is reported,
 * unless the instance uses a launch template (judged by ec2-launch-template-encrypted-volumes).
 */
export const ec2InstanceEncryptedVolumes = resourcePolicy({
    name: "ec2-instance-encrypted-volumes",
    control: "DATA-1",
    severity: "high",
    layer: "cloud",
    description:
        "EC2 instances, spot instance requests and launch configurations must declare their root volume and every EBS volume with encrypted true and (instances, by default) a customer-managed kmsKeyId.",
    references: [
        { framework: "FSBP", id: "EC2.3" },
        { framework: "FSBP", id: "EC2.7" },
    ],
    remediation: "set rootBlockDevice { encrypted: true, kmsKeyId: <volumes key ARN> } and the same on every ebsBlockDevices entry",
    config: {
        requireCustomerKey: {
            type: "boolean",
            default: true,
            description: "Require kmsKeyId (a customer-managed key) on the volumes of instances and spot requests.",
        },
    },
    resourceTypes: INSTANCE_TYPES,
    check: (r, ctx) => {
        const root = readLaunch(r.props, "rootBlockDevice");
        if (ctx.isUnknown(root, "rootBlockDevice")) return;
        if (root === undefined || root === null) {
            if (!usesLaunchTemplate(r)) {
                ctx.violation(
                    `${kindOf(r)} "${r.name}" declares no rootBlockDevice, so its root volume's encryption is whatever the AMI and the region default say`,
                    "declare rootBlockDevice { encrypted: true, kmsKeyId: <volumes key ARN> }",
                );
            }
        } else {
            const key = r.type === LAUNCH_CONFIGURATION ? undefined : readInstance(r.props, "rootBlockDevice", "kmsKeyId");
            judgeVolume(r, "rootBlockDevice", readLaunch(r.props, "rootBlockDevice", "encrypted"), key, ctx);
        }
        const list = readLaunch(r.props, "ebsBlockDevices");
        if (ctx.isUnknown(list, "ebsBlockDevices")) return;
        asArray(list).forEach((_, i) => {
            const path = `ebsBlockDevices.${i}`;
            const key = r.type === LAUNCH_CONFIGURATION ? undefined : readInstance(r.props, "ebsBlockDevices", i, "kmsKeyId");
            judgeVolume(r, path, readLaunch(r.props, "ebsBlockDevices", i, "encrypted"), key, ctx);
        });
    },
});
