import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";
import { EKS_MANAGED_NODE_GROUP, readManagedNodeGroup } from "../shared/eks-component";
import { NODE_GROUP_TYPE } from "./eks-node-group";

const readNodeGroup = readerFor<aws.eks.NodeGroupArgs>();

/**
 * EKS-6 (advisory): without a launch template the node group gets EKS's default one,
 * whose IMDS settings (hop limit 2, IMDSv1 allowed on some AMIs) and root volume this
 * pack cannot check. The launch template itself is checked by ec2-launch-template-imdsv2
 * and ec2-launch-template-encrypted-volumes. A @pulumi/eks ManagedNodeGroup with
 * enableIMDSv2: true gets a launch template from the package that requires IMDSv2.
 */
export const eksNodeGroupLaunchTemplate = resourcePolicy({
    name: "eks-node-group-launch-template",
    control: "EKS-6",
    severity: "medium",
    layer: "cluster",
    description:
        "EKS managed node groups should use a launch template, so IMDSv2 and root volume encryption can be enforced and checked (a @pulumi/eks ManagedNodeGroup may instead set enableIMDSv2: true; the package's default is false).",
    references: [
        { framework: "FSBP", id: "EC2.8" },
        { framework: "FSBP", id: "AutoScaling.3" },
    ],
    remediation:
        "create an aws.ec2.LaunchTemplate with metadataOptions httpTokens required, hop limit 1 and an encrypted root volume, and set launchTemplate: { id, version } (or enableIMDSv2: true on a @pulumi/eks ManagedNodeGroup)",
    resourceTypes: [NODE_GROUP_TYPE, EKS_MANAGED_NODE_GROUP],
    check: (group, ctx) => {
        const component = group.type === EKS_MANAGED_NODE_GROUP;
        const lt = component ? readManagedNodeGroup(group.props, "launchTemplate") : readNodeGroup(group.props, "launchTemplate");
        if (lt !== undefined && lt !== null) return;
        if (!component) {
            ctx.violation(`EKS node group "${group.name}" has no launch template, so its IMDS and volume settings cannot be checked`);
            return;
        }
        const imds = readManagedNodeGroup(group.props, "enableIMDSv2");
        if (ctx.isUnknown(imds, "enableIMDSv2") || asBoolean(imds) === true) return;
        ctx.violation(
            `EKS node group "${group.name}" has no launch template and ${imds === undefined ? "leaves enableIMDSv2 unset (default false)" : `sets enableIMDSv2 ${JSON.stringify(imds)?.slice(0, 40)}`}, so its nodes may answer IMDSv1 and its volume settings cannot be checked`,
            "set enableIMDSv2: true, or pass a launchTemplate that requires IMDSv2 with hop limit 1 and encrypts the root volume",
        );
    },
});
