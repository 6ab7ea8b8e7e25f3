import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ec2.SpotFleetRequestArgs>();

/**
 * EKS-6 (its IMDS promise, applied to every instance): an inline launch specification of
 * a spot fleet has no metadata options, so its instances answer IMDSv1 unless the account
 * default says otherwise; it also spells public addresses and volume encryption outside
 * the launch templates the ec2-launch-template-* policies judge. Fleets launch from
 * launch templates (launchTemplateConfigs) only, like aws.ec2.Fleet, which has no other way.
 */
export const ec2SpotFleetLaunchTemplate = resourcePolicy({
    name: "ec2-spot-fleet-launch-template",
    control: "EKS-6",
    severity: "high",
    layer: "cloud",
    description:
        "Spot fleet requests must launch from launch templates (launchTemplateConfigs), not inline launchSpecifications, which cannot require IMDSv2.",
    references: [{ framework: "FSBP", id: "EC2.8" }],
    remediation:
        'move each launch specification into an aws.ec2.LaunchTemplate (metadataOptions.httpTokens "required", hop limit 1, encrypted volumes, no public address) and reference it in launchTemplateConfigs',
    resourceTypes: ["aws:ec2/spotFleetRequest:SpotFleetRequest"],
    check: (fleet, ctx) => {
        const specs = read(fleet.props, "launchSpecifications");
        if (ctx.isUnknown(specs, "launchSpecifications") || specs === undefined || specs === null) return;
        if (!Array.isArray(specs)) {
            ctx.violation(
                `spot fleet request "${fleet.name}" has launchSpecifications that is not a list (${JSON.stringify(specs).slice(0, 30)})`,
            );
            return;
        }
        asArray(specs).forEach((_, i) => {
            const extra: string[] = [];
            if (asBoolean(read(fleet.props, "launchSpecifications", i, "associatePublicIpAddress")) === true)
                extra.push("a public IP address");
            const root = asArray(read(fleet.props, "launchSpecifications", i, "rootBlockDevices")).map((_, j) =>
                read(fleet.props, "launchSpecifications", i, "rootBlockDevices", j, "encrypted"),
            );
            const ebs = asArray(read(fleet.props, "launchSpecifications", i, "ebsBlockDevices")).map((_, j) =>
                read(fleet.props, "launchSpecifications", i, "ebsBlockDevices", j, "encrypted"),
            );
            if ([...root, ...ebs].some((encrypted) => asBoolean(encrypted) !== true)) extra.push("an unencrypted volume");
            ctx.violation(
                `spot fleet request "${fleet.name}" launches from an inline specification (launchSpecifications.${i}), which has no metadataOptions and cannot require IMDSv2${extra.length ? `; it also asks for ${extra.join(" and ")}` : ""}`,
            );
        });
    },
});
