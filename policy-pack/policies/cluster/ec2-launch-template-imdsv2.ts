import { asNumber, asString, at, isUnknown, resourcePolicy } from "../../lib";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
/** Hop limit 1 keeps pods (one hop further) away from the node's credentials; 2 is opt-in. */
const DEFAULT_MAX_HOP_LIMIT = 1;
const ALLOWED_MAX_HOP_LIMIT = 2;

/** EKS-6: launch templates require IMDSv2 with a hop limit of 1 (2 only by configuration). */
export const ec2LaunchTemplateImdsv2 = resourcePolicy({
    name: "ec2-launch-template-imdsv2",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description: "Launch templates must require IMDSv2 (metadataOptions.httpTokens \"required\") with httpPutResponseHopLimit at most 1 (2 when configured).",
    references: [
        { framework: "FSBP", id: "EC2.8" },
        { framework: "FSBP", id: "EC2.170" },
    ],
    remediation: "set metadataOptions { httpTokens: \"required\", httpPutResponseHopLimit: 1 }",
    config: {
        maximumHopLimit: {
            type: "integer",
            minimum: 1,
            maximum: ALLOWED_MAX_HOP_LIMIT,
            default: DEFAULT_MAX_HOP_LIMIT,
            description: "The highest httpPutResponseHopLimit accepted (1, or 2 for workloads that must reach IMDS from a pod).",
        },
    },
    resourceTypes: [LAUNCH_TEMPLATE],
    check: (lt, ctx) => {
        const endpoint = at(lt.props, "metadataOptions", "httpEndpoint");
        if (ctx.isUnknown(endpoint, "metadataOptions.httpEndpoint")) return;
        if (asString(endpoint) === "disabled") return; // no metadata service at all
        const tokens = at(lt.props, "metadataOptions", "httpTokens");
        if (!ctx.isUnknown(tokens, "metadataOptions.httpTokens") && tokens !== "required") {
            ctx.violation(`launch template "${lt.name}" does not require IMDSv2 (metadataOptions.httpTokens is ${tokens === undefined ? "unset, default optional" : JSON.stringify(tokens)})`, "set metadataOptions.httpTokens: \"required\"");
        }
        const hop = at(lt.props, "metadataOptions", "httpPutResponseHopLimit");
        if (ctx.isUnknown(hop, "metadataOptions.httpPutResponseHopLimit")) return;
        if (hop === undefined || hop === null) return; // AWS default 1
        const max = ctx.configNumber("maximumHopLimit", DEFAULT_MAX_HOP_LIMIT);
        const value = asNumber(hop);
        if (value === undefined || value > max || value < 1) {
            ctx.violation(
                `launch template "${lt.name}" sets metadataOptions.httpPutResponseHopLimit ${JSON.stringify(hop)}; the pack allows at most ${max}`,
                `set httpPutResponseHopLimit: 1${max < ALLOWED_MAX_HOP_LIMIT ? " (or configure maximumHopLimit: 2 for this policy if pods must reach IMDS)" : ""}`,
            );
        }
    },
    remediate: (lt) => {
        const options = at(lt.props, "metadataOptions");
        const tokens = at(options, "httpTokens");
        return !isUnknown(options) && !isUnknown(tokens) && tokens !== "required" ? [{ path: ["metadataOptions", "httpTokens"], value: "required" }] : [];
    },
});
