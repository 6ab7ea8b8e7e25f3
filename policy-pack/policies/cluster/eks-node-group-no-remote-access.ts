import type * as aws from "@pulumi/aws";
import { asArray, asRecord, asString, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data, ResourceView } from "../../lib";
import {
    EKS_CLUSTER,
    EKS_MANAGED_NODE_GROUP,
    EKS_NODE_GROUP_V2,
    defaultNodeGroup,
    readManagedNodeGroup,
    selfManagedLabel,
    selfManagedSetting,
} from "../shared/eks-component";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const readNodeGroup = readerFor<aws.eks.NodeGroupArgs>();

/** remoteAccess of a managed node group (provider resource or @pulumi/eks ManagedNodeGroup: the same shape). */
function checkRemoteAccess(ng: ResourceView, ctx: CheckContext): void {
    const read = (...path: ["remoteAccess"] | ["remoteAccess", "ec2SshKey"] | ["remoteAccess", "sourceSecurityGroupIds"]): Data =>
        ng.type === NODE_GROUP ? readNodeGroup(ng.props, ...path) : readManagedNodeGroup(ng.props, ...path);
    const remote = read("remoteAccess");
    if (ctx.isUnknown(remote, "remoteAccess")) return;
    if (remote === undefined || remote === null) return;
    const key = read("remoteAccess", "ec2SshKey");
    const groups = read("remoteAccess", "sourceSecurityGroupIds");
    if (ctx.isUnknown(key, "remoteAccess.ec2SshKey") || ctx.isUnknown(groups, "remoteAccess.sourceSecurityGroupIds")) return;
    // An empty block opens nothing; a malformed (non-object) one is reported.
    const configured = !asRecord(remote) || (asString(key) ?? "") !== "" || asArray(groups).length > 0;
    if (configured) {
        ctx.violation(
            `node group "${ng.name}" configures remoteAccess${(asString(key) ?? "") !== "" ? ` with SSH key "${String(key).slice(0, 80)}"` : ""}`,
        );
    }
}

/** @pulumi/eks self-managed nodes get an SSH key pair from nodePublicKey (a new key) or keyName (an existing one). */
function checkSelfManagedKeys(r: ResourceView, ctx: CheckContext): void {
    if (r.type === EKS_CLUSTER && defaultNodeGroup(r.props).built === "no") return;
    for (const setting of [selfManagedSetting(r, "nodePublicKey"), selfManagedSetting(r, "keyName")]) {
        // An unknown key is still a key: "must be unset" fails on anything but absent or "".
        const v = setting.value;
        if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) continue;
        ctx.violation(
            `${selfManagedLabel(r)} enables SSH to its nodes (${setting.path} is set${typeof v === "string" ? `: "${v.slice(0, 40)}${v.length > 40 ? "…" : ""}"` : ""})`,
            `remove ${setting.path}; reach nodes through SSM Session Manager when needed`,
        );
    }
}

/** EKS-6: no SSH or other remote access into nodes. */
export const eksNodeGroupNoRemoteAccess = resourcePolicy({
    name: "eks-node-group-no-remote-access",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description:
        "Managed node groups must not configure remoteAccess (SSH key or source security groups); @pulumi/eks self-managed nodes (a cluster's default node group, NodeGroupV2) must not set nodePublicKey or keyName.",
    references: [
        { framework: "BPG", id: "no SSH to nodes" },
        { framework: "FSBP", id: "AutoScaling.3" },
    ],
    remediation: "remove remoteAccess (or nodePublicKey / keyName); reach nodes through SSM Session Manager when needed",
    resourceTypes: [NODE_GROUP, EKS_MANAGED_NODE_GROUP, EKS_CLUSTER, EKS_NODE_GROUP_V2],
    check: (r, ctx) => {
        if (r.type === NODE_GROUP || r.type === EKS_MANAGED_NODE_GROUP) checkRemoteAccess(r, ctx);
        else checkSelfManagedKeys(r, ctx);
    },
});
