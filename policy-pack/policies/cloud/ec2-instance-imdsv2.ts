import type * as aws from "@pulumi/aws";
import { CheckContext, ResourceView, asNumber, readerFor, resourcePolicy } from "../../lib";
import {
    DEFAULT_MAX_HOP_LIMIT,
    HOP_LIMIT_CONFIG,
    INSTANCE_TYPES,
    judgeMetadataOptions,
    kindOf,
    readLaunch,
    usesLaunchTemplate,
} from "../shared/ec2-instances";

const ACCOUNT_DEFAULTS = "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults";
const defaults = readerFor<aws.ec2.InstanceMetadataDefaultsArgs>();

/** Account defaults may leave the choice to the AMI ("no-preference", hop -1), never weaken it. */
function judgeAccountDefaults(r: ResourceView, ctx: CheckContext): void {
    const tokens = defaults(r.props, "httpTokens");
    if (
        !ctx.isUnknown(tokens, "httpTokens") &&
        tokens !== undefined &&
        tokens !== null &&
        !(typeof tokens === "string" && ["required", "no-preference"].includes(tokens.trim().toLowerCase()))
    ) {
        ctx.violation(
            `instance metadata defaults "${r.name}" set httpTokens ${JSON.stringify(tokens).slice(0, 30)}, which lets instances use IMDSv1`,
            'set httpTokens: "required" (or "no-preference")',
        );
    }
    const hop = defaults(r.props, "httpPutResponseHopLimit");
    if (ctx.isUnknown(hop, "httpPutResponseHopLimit") || hop === undefined || hop === null) return;
    const max = ctx.configNumber("maximumHopLimit", DEFAULT_MAX_HOP_LIMIT);
    const value = asNumber(hop);
    if (value !== -1 && !(value !== undefined && value >= 1 && value <= max)) {
        ctx.violation(
            `instance metadata defaults "${r.name}" set httpPutResponseHopLimit ${JSON.stringify(hop).slice(0, 20)}; the pack allows at most ${max}`,
            "set httpPutResponseHopLimit: 1 (or -1, no preference)",
        );
    }
}

/**
 * EKS-6 (its IMDS promise, applied to every instance, not only nodes): instances, spot
 * requests and launch configurations require IMDSv2 with a hop limit of 1. An instance
 * launched from a template with no metadataOptions of its own takes the template's,
 * which ec2-launch-template-imdsv2 judges. The account's instance metadata defaults may
 * say "no-preference" (the AMI decides) but never "optional" or a larger hop limit.
 */
export const ec2InstanceImdsv2 = resourcePolicy({
    name: "ec2-instance-imdsv2",
    control: "EKS-6",
    severity: "high",
    layer: "cloud",
    description:
        'EC2 instances, spot instance requests and launch configurations must require IMDSv2 (metadataOptions.httpTokens "required") with httpPutResponseHopLimit at most 1 (2 when configured); an instance with a launchTemplate and no metadataOptions takes the template\'s. Account instance metadata defaults must not set httpTokens "optional" or a larger hop limit.',
    references: [
        { framework: "FSBP", id: "EC2.8" },
        { framework: "FSBP", id: "AutoScaling.3" },
        { framework: "FSBP", id: "AutoScaling.4" },
    ],
    remediation: 'set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }',
    config: HOP_LIMIT_CONFIG,
    resourceTypes: [...INSTANCE_TYPES, ACCOUNT_DEFAULTS],
    check: (r, ctx) => {
        if (r.type === ACCOUNT_DEFAULTS) {
            judgeAccountDefaults(r, ctx);
            return;
        }
        const options = readLaunch(r.props, "metadataOptions");
        if (ctx.isUnknown(options, "metadataOptions")) return;
        if ((options === undefined || options === null) && usesLaunchTemplate(r)) return;
        const read = {
            endpoint: readLaunch(r.props, "metadataOptions", "httpEndpoint"),
            tokens: readLaunch(r.props, "metadataOptions", "httpTokens"),
            hop: readLaunch(r.props, "metadataOptions", "httpPutResponseHopLimit"),
        };
        judgeMetadataOptions(`${kindOf(r)} "${r.name}"`, read, ctx, ctx.configNumber("maximumHopLimit", DEFAULT_MAX_HOP_LIMIT));
    },
});
