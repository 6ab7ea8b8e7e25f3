import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";
import { INSTANCE_TYPES, LAUNCH_TEMPLATE, kindOf, readLaunch } from "../shared/ec2-instances";
import { secretInUserData } from "../shared/secret-shapes";

const template = readerFor<aws.ec2.LaunchTemplateArgs>();

/**
 * DATA-4: no secret values in programs. User data is readable by anyone who can describe
 * the instance or template (and from inside it, through IMDS), so a credential there is
 * a leaked credential. Medium severity (advisory by default): the shapes are heuristics.
 */
export const ec2UserDataNoSecrets = resourcePolicy({
    name: "ec2-user-data-no-secrets",
    control: "DATA-4",
    severity: "medium",
    layer: "cloud",
    description:
        "User data of instances, spot instance requests, launch configurations and launch templates must not carry secrets-shaped strings (AWS access keys, private keys, tokens, values assigned to password/secret/token names), in plain text, base64 or gzip+base64.",
    references: [],
    remediation:
        "keep the secret in AWS Secrets Manager and fetch it at boot with the instance role (aws secretsmanager get-secret-value), then rotate the exposed value",
    resourceTypes: [...INSTANCE_TYPES, LAUNCH_TEMPLATE],
    check: (r, ctx) => {
        const data = r.type === LAUNCH_TEMPLATE ? template(r.props, "userData") : readLaunch(r.props, "userData");
        // Unknown user data is computed at deployment; nothing to read at preview.
        if (typeof data !== "string" || data === "") return;
        const found = secretInUserData(data);
        if (found) {
            ctx.violation(`${kindOf(r)} "${r.name}" has ${found} in its userData`);
        }
    },
});
