import { asBoolean, resourcePolicy } from "../../lib";
import { EKS_CLUSTER, EKS_NODE_GROUP_V2, defaultNodeGroup, selfManagedLabel, selfManagedSetting } from "../shared/eks-component";

/**
 * EKS-6: @pulumi/eks self-managed nodes (a cluster's default node group, NodeGroupV2)
 * encrypt their root volume. The package leaves it unencrypted unless
 * nodeRootVolumeEncrypted (or the older encryptRootBlockDevice, read when the former is
 * unset) is true: it writes encrypted "false" for AL2, and nothing for other OSes, which
 * leaves it to the AMI and the account's EBS default. Launch templates written by hand
 * are judged by ec2-launch-template-encrypted-volumes.
 */
export const eksNodeRootVolumeEncrypted = resourcePolicy({
    name: "eks-node-root-volume-encrypted",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description:
        "@pulumi/eks self-managed nodes (a cluster's default node group, NodeGroupV2) must set nodeRootVolumeEncrypted: true (in nodeGroupOptions when the cluster uses it); the package's default is an unencrypted root volume.",
    references: [
        { framework: "FSBP", id: "EC2.7" },
        { framework: "FSBP", id: "EC2.181" },
    ],
    remediation:
        "set nodeRootVolumeEncrypted: true (and EBS encryption by default with the volumes key in the account), or skipDefaultNodeGroup: true and use managed node groups with a launch template",
    resourceTypes: [EKS_CLUSTER, EKS_NODE_GROUP_V2],
    check: (r, ctx) => {
        if (r.type === EKS_CLUSTER && defaultNodeGroup(r.props).built === "no") return;
        const primary = selfManagedSetting(r, "nodeRootVolumeEncrypted");
        const legacy = selfManagedSetting(r, "encryptRootBlockDevice");
        const setting = primary.value === undefined || primary.value === null ? legacy : primary;
        if (ctx.isUnknown(setting.value, setting.path)) return;
        if (asBoolean(setting.value) === true) return;
        const shown =
            setting.value === undefined || setting.value === null
                ? `${primary.path} unset, default false`
                : `${setting.path} ${JSON.stringify(setting.value)?.slice(0, 60)}`;
        ctx.violation(`${selfManagedLabel(r)} does not encrypt its nodes' root volumes (${shown})`, `set ${primary.path}: true`);
    },
});
