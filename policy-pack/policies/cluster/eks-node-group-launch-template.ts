import { at, resourcePolicy } from "../../lib";
import { NODE_GROUP_TYPE } from "./eks-node-group";

/**
 * EKS-6 (advisory): without a launch template the node group gets EKS's default one,
 * whose IMDS settings (hop limit 2, IMDSv1 allowed on some AMIs) and root volume this
 * pack cannot check. The launch template itself is checked by ec2-launch-template-imdsv2
 * and ec2-launch-template-encrypted-volumes.
 */
export const eksNodeGroupLaunchTemplate = resourcePolicy({
    name: "eks-node-group-launch-template",
    control: "EKS-6",
    severity: "medium",
    layer: "cluster",
    description: "EKS managed node groups should use a launch template, so IMDSv2 and root volume encryption can be enforced and checked.",
    references: [
        { framework: "FSBP", id: "EC2.8" },
        { framework: "FSBP", id: "AutoScaling.3" },
    ],
    remediation: "create an aws.ec2.LaunchTemplate with metadataOptions httpTokens required, hop limit 1 and an encrypted root volume, and set launchTemplate: { id, version }",
    resourceTypes: [NODE_GROUP_TYPE],
    check: (group, ctx) => {
        const lt = at(group.props, "launchTemplate");
        if (lt === undefined || lt === null) {
            ctx.violation(`EKS node group "${group.name}" has no launch template, so its IMDS and volume settings cannot be checked`);
        }
    },
});
