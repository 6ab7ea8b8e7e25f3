import type * as aws from "@pulumi/aws";
import { isUnknown, readerFor, resourcePolicy } from "../../lib";
import { DEFAULT_MAX_HOP_LIMIT, HOP_LIMIT_CONFIG, LAUNCH_TEMPLATE, judgeMetadataOptions } from "../shared/ec2-instances";

const read = readerFor<aws.ec2.LaunchTemplateArgs>();

/** EKS-6: launch templates require IMDSv2 with a hop limit of 1 (2 only by configuration). */
export const ec2LaunchTemplateImdsv2 = resourcePolicy({
    name: "ec2-launch-template-imdsv2",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description:
        'Launch templates must require IMDSv2 (metadataOptions.httpTokens "required") with httpPutResponseHopLimit at most 1 (2 when configured).',
    references: [
        { framework: "FSBP", id: "EC2.8" },
        { framework: "FSBP", id: "EC2.170" },
    ],
    remediation: 'set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }',
    config: HOP_LIMIT_CONFIG,
    resourceTypes: [LAUNCH_TEMPLATE],
    check: (lt, ctx) => {
        const options = {
            endpoint: read(lt.props, "metadataOptions", "httpEndpoint"),
            tokens: read(lt.props, "metadataOptions", "httpTokens"),
            hop: read(lt.props, "metadataOptions", "httpPutResponseHopLimit"),
        };
        judgeMetadataOptions(`launch template "${lt.name}"`, options, ctx, ctx.configNumber("maximumHopLimit", DEFAULT_MAX_HOP_LIMIT));
    },
    remediate: (lt) => {
        const options = read(lt.props, "metadataOptions");
        const tokens = read(lt.props, "metadataOptions", "httpTokens");
        return !isUnknown(options) && !isUnknown(tokens) && tokens !== "required"
            ? [{ path: ["metadataOptions", "httpTokens"], value: "required" }]
            : [];
    },
});
