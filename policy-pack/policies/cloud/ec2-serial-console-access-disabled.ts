import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ec2.SerialConsoleAccessArgs>();

/**
 * NET-6 (reachability): the EC2 serial console reaches an instance's console through the
 * EC2 API, past its security groups, NACLs and private subnets. It stays off for the
 * account. Medium severity (advisory by default): using it still needs an IAM permission
 * and an OS password, and it is a legitimate break-glass tool where an organisation
 * grants it deliberately (turn it on there by excluding the resource by name).
 */
export const ec2SerialConsoleAccessDisabled = resourcePolicy({
    name: "ec2-serial-console-access-disabled",
    control: "NET-6",
    severity: "medium",
    layer: "cloud",
    description: "EC2 serial console access must stay disabled for the account (aws.ec2.SerialConsoleAccess enabled false).",
    references: [],
    remediation:
        "set enabled: false (or remove the resource: the account default is off); reach instances through SSM Session Manager, which logs every session",
    resourceTypes: ["aws:ec2/serialConsoleAccess:SerialConsoleAccess"],
    check: (r, ctx) => {
        const enabled = read(r.props, "enabled");
        if (ctx.isUnknown(enabled, "enabled")) return;
        // The provider's default for an absent enabled is true: the resource exists to switch it on.
        const on = enabled === undefined || enabled === null ? true : asBoolean(enabled);
        if (on !== false) {
            ctx.violation(
                `serial console access "${r.name}" switches the EC2 serial console on for the account (enabled ${enabled === undefined || enabled === null ? "unset, default true" : JSON.stringify(enabled).slice(0, 20)}), a path to instances past security groups and private subnets`,
            );
        }
    },
});
