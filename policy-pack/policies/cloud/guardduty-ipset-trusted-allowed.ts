import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.guardduty.IPSetArgs>();

/**
 * DET-1: findings reach people. An active GuardDuty trusted IP list (aws.guardduty.IPSet)
 * makes the detector raise no finding for traffic from the addresses it lists, whatever
 * the threat, like an archive filter with no severity bound. Its contents live in an S3
 * object the preview cannot read, so the list itself is what is judged: an active one is
 * allowed only by name in allowedIpSets, after a review of what it holds. Threat lists
 * (ThreatIntelSet) only add findings and are not judged.
 */
export const guarddutyIpsetTrustedAllowed = resourcePolicy({
    name: "guardduty-ipset-trusted-allowed",
    control: "DET-1",
    severity: "medium",
    layer: "cloud",
    description:
        "Active GuardDuty trusted IP lists (aws.guardduty.IPSet activate true) silence every finding for the addresses they list: each must be named in allowedIpSets.",
    references: [],
    remediation:
        "remove the trusted IP list (or set activate: false), or review what its S3 object lists and add the resource name to allowedIpSets with the reason in your change",
    config: {
        allowedIpSets: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Resource names of GuardDuty trusted IP lists that were reviewed and may be active (exact names).",
        },
    },
    resourceTypes: ["aws:guardduty/iPSet:IPSet"],
    check: (set, ctx) => {
        const activate = read(set.props, "activate");
        if (ctx.isUnknown(activate, "activate")) return;
        if (asBoolean(activate) === false) return;
        if (ctx.configStrings("allowedIpSets").includes(set.name)) return;
        ctx.violation(
            `GuardDuty trusted IP list "${set.name}" is active (activate ${JSON.stringify(activate ?? null).slice(0, 20)}): GuardDuty raises no finding for any address it lists, and it is not named in allowedIpSets`,
        );
    },
});
