/**
 * EC2 instances and the three shapes that launch them outside launch templates:
 * `ec2.Instance`, `ec2.SpotInstanceRequest` and `ec2.LaunchConfiguration`. Their IMDS,
 * public-address and volume settings have the same names; the readers here check each
 * path against every input type that has it, so a misspelt or missing property fails
 * the build. Launch templates keep their own policies (ec2-launch-template-*).
 */
import type * as aws from "@pulumi/aws";
import { CheckContext, Data, ResourceView, asNumber, asString, readerForEach } from "../../lib";

export const INSTANCE = "aws:ec2/instance:Instance";
export const SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const INSTANCE_TYPES = [INSTANCE, SPOT_INSTANCE_REQUEST, LAUNCH_CONFIGURATION];

type InstanceLike = aws.ec2.InstanceArgs & aws.ec2.SpotInstanceRequestArgs;

/** A read whose path exists on Instance, SpotInstanceRequest and LaunchConfiguration. */
export const readLaunch = readerForEach<InstanceLike, aws.ec2.LaunchConfigurationArgs>();
/** A read whose path exists on Instance and SpotInstanceRequest (not on launch configurations). */
export const readInstance = readerForEach<aws.ec2.InstanceArgs, aws.ec2.SpotInstanceRequestArgs>();

/** "instance", "spot instance request" or "launch configuration", for messages. */
export function kindOf(r: ResourceView): string {
    return r.type === LAUNCH_CONFIGURATION
        ? "launch configuration"
        : r.type === SPOT_INSTANCE_REQUEST
          ? "spot instance request"
          : r.type === LAUNCH_TEMPLATE
            ? "launch template"
            : "instance";
}

/**
 * True when an instance takes its settings from a launch template: then an unset setting
 * is the template's, which the ec2-launch-template-* policies judge.
 */
export function usesLaunchTemplate(r: ResourceView): boolean {
    if (r.type === LAUNCH_CONFIGURATION) return false;
    const lt = readInstance(r.props, "launchTemplate");
    return lt !== undefined && lt !== null;
}

/** Hop limit 1 keeps containers (one hop further) away from the instance's credentials; 2 is opt-in. */
export const DEFAULT_MAX_HOP_LIMIT = 1;
export const ALLOWED_MAX_HOP_LIMIT = 2;

/**
 * IMDS options, the same for launch templates, instances and launch configurations:
 * IMDSv2 required unless the endpoint is disabled, hop limit at most `max` (AWS default 1).
 */
export function judgeMetadataOptions(
    label: string,
    options: { endpoint: Data; tokens: Data; hop: Data },
    ctx: CheckContext,
    max: number,
): void {
    if (ctx.isUnknown(options.endpoint, "metadataOptions.httpEndpoint")) return;
    if (asString(options.endpoint) === "disabled") return; // no metadata service at all
    const tokens = options.tokens;
    if (!ctx.isUnknown(tokens, "metadataOptions.httpTokens") && tokens !== "required") {
        ctx.violation(
            `${label} does not require IMDSv2 (metadataOptions.httpTokens is ${tokens === undefined ? "unset, default optional" : JSON.stringify(tokens)})`,
            'set metadataOptions.httpTokens: "required"',
        );
    }
    const hop = options.hop;
    if (ctx.isUnknown(hop, "metadataOptions.httpPutResponseHopLimit")) return;
    if (hop === undefined || hop === null) return; // AWS default 1
    const value = asNumber(hop);
    if (value === undefined || value > max || value < 1) {
        ctx.violation(
            `${label} sets metadataOptions.httpPutResponseHopLimit ${JSON.stringify(hop)}; the pack allows at most ${max}`,
            `set httpPutResponseHopLimit: 1${max < ALLOWED_MAX_HOP_LIMIT ? " (or configure maximumHopLimit: 2 for this policy if containers must reach IMDS)" : ""}`,
        );
    }
}

export const HOP_LIMIT_CONFIG = {
    maximumHopLimit: {
        type: "integer" as const,
        minimum: 1,
        maximum: ALLOWED_MAX_HOP_LIMIT,
        default: DEFAULT_MAX_HOP_LIMIT,
        description: "The highest httpPutResponseHopLimit accepted (1, or 2 for workloads that must reach IMDS from a container).",
    },
};
