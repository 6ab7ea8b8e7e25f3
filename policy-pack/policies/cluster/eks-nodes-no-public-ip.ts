import { asArray, asBoolean, at, resourcePolicy } from "../../lib";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const EKS_COMPONENT_CLUSTER = "eks:index:Cluster";

/** NET-1: nodes never get public IPs (launch templates, @pulumi/eks default node group). */
export const eksNodesNoPublicIp = resourcePolicy({
    name: "eks-nodes-no-public-ip",
    control: "NET-1",
    severity: "high",
    layer: "cluster",
    description:
        "Nodes must not get public IPs: no launch-template network interface with associatePublicIpAddress \"true\", and @pulumi/eks clusters with a default node group must set nodeAssociatePublicIpAddress: false (its default is true).",
    references: [
        { framework: "FSBP", id: "EC2.9" },
        { framework: "CIS", id: "5.4.3" },
    ],
    remediation: "set associatePublicIpAddress: \"false\" (launch template) or nodeAssociatePublicIpAddress: false / skipDefaultNodeGroup: true (@pulumi/eks), and place nodes in private subnets",
    resourceTypes: [LAUNCH_TEMPLATE, EKS_COMPONENT_CLUSTER],
    check: (r, ctx) => {
        if (r.type === EKS_COMPONENT_CLUSTER) {
            const skip = at(r.props, "skipDefaultNodeGroup");
            if (ctx.isUnknown(skip, "skipDefaultNodeGroup")) return;
            if (asBoolean(skip) === true) return;
            const assoc = at(r.props, "nodeAssociatePublicIpAddress");
            if (ctx.isUnknown(assoc, "nodeAssociatePublicIpAddress")) return;
            if (asBoolean(assoc) !== false) {
                ctx.violation(`cluster "${r.name}" gives its default node group public IPs (nodeAssociatePublicIpAddress ${assoc === undefined ? "unset, default true" : JSON.stringify(assoc)})`, "set nodeAssociatePublicIpAddress: false, or skipDefaultNodeGroup: true and use managed node groups in private subnets");
            }
            return;
        }
        const nics = at(r.props, "networkInterfaces");
        if (ctx.isUnknown(nics, "networkInterfaces")) return;
        asArray(nics).forEach((nic, i) => {
            const assoc = at(nic, "associatePublicIpAddress");
            if (ctx.isUnknown(assoc, `networkInterfaces.${i}.associatePublicIpAddress`)) return;
            if (asBoolean(assoc) === true) {
                ctx.violation(`launch template "${r.name}" gives networkInterfaces.${i} a public IP (associatePublicIpAddress "true")`, `set networkInterfaces.${i}.associatePublicIpAddress: "false"`);
            }
        });
    },
});
