import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, ResourceView } from "../../lib";
import { EKS_CLUSTER, EKS_NODE_GROUP_V2, defaultNodeGroup, selfManagedLabel, selfManagedSetting } from "../shared/eks-component";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const readTemplate = readerFor<aws.ec2.LaunchTemplateArgs>();

/**
 * @pulumi/eks self-managed nodes (the Cluster's default node group, NodeGroupV2): the
 * package writes associatePublicIpAddress String(nodeAssociatePublicIpAddress ?? true)
 * into its launch template, so only an explicit false keeps nodes off the internet.
 */
function checkSelfManaged(r: ResourceView, ctx: CheckContext): void {
    const assoc = selfManagedSetting(r, "nodeAssociatePublicIpAddress");
    if (ctx.isUnknown(assoc.value, assoc.path)) return;
    if (asBoolean(assoc.value) === false) return;
    if (r.type === EKS_CLUSTER) {
        const group = defaultNodeGroup(r.props);
        if (group.built === "no") return;
        if (group.built === "unknown" && ctx.isUnknown(group.value, group.path)) return;
    }
    ctx.violation(
        `${selfManagedLabel(r)} gives nodes public IPs (${assoc.path} ${assoc.value === undefined ? "unset, default true" : JSON.stringify(assoc.value)})`,
        r.type === EKS_CLUSTER
            ? `set ${assoc.path}: false, or skipDefaultNodeGroup: true and use managed node groups in private subnets`
            : `set ${assoc.path}: false and place the nodes in private subnets`,
    );
}

/** NET-1: nodes never get public IPs (launch templates, @pulumi/eks self-managed node groups). */
export const eksNodesNoPublicIp = resourcePolicy({
    name: "eks-nodes-no-public-ip",
    control: "NET-1",
    severity: "high",
    layer: "cluster",
    description:
        'Nodes must not get public IPs: no launch-template network interface with associatePublicIpAddress "true"; @pulumi/eks clusters with a default node group, and NodeGroupV2 node groups, must set nodeAssociatePublicIpAddress: false (in nodeGroupOptions when the cluster uses it; the package\'s default is true).',
    references: [
        { framework: "FSBP", id: "EC2.9" },
        { framework: "CIS", id: "5.4.3" },
    ],
    remediation:
        'set associatePublicIpAddress: "false" (launch template) or nodeAssociatePublicIpAddress: false / skipDefaultNodeGroup: true (@pulumi/eks), and place nodes in private subnets',
    resourceTypes: [LAUNCH_TEMPLATE, EKS_CLUSTER, EKS_NODE_GROUP_V2],
    check: (r, ctx) => {
        if (r.type !== LAUNCH_TEMPLATE) {
            checkSelfManaged(r, ctx);
            return;
        }
        const nics = readTemplate(r.props, "networkInterfaces");
        if (ctx.isUnknown(nics, "networkInterfaces")) return;
        asArray(nics).forEach((_, i) => {
            const assoc = readTemplate(r.props, "networkInterfaces", i, "associatePublicIpAddress");
            if (ctx.isUnknown(assoc, `networkInterfaces.${i}.associatePublicIpAddress`)) return;
            if (asBoolean(assoc) === true) {
                ctx.violation(
                    `launch template "${r.name}" gives networkInterfaces.${i} a public IP (associatePublicIpAddress "true")`,
                    `set networkInterfaces.${i}.associatePublicIpAddress: "false"`,
                );
            }
        });
    },
});
