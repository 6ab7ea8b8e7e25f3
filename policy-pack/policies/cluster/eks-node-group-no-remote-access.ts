import { asRecord, asString, asArray, at, resourcePolicy } from "../../lib";

/** EKS-6: no SSH or other remote access into managed nodes. */
export const eksNodeGroupNoRemoteAccess = resourcePolicy({
    name: "eks-node-group-no-remote-access",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description: "Managed node groups must not configure remoteAccess (SSH key or source security groups).",
    references: [
        { framework: "BPG", id: "no SSH to nodes" },
        { framework: "FSBP", id: "AutoScaling.3" },
    ],
    remediation: "remove remoteAccess; reach nodes through SSM Session Manager when needed",
    resourceTypes: ["aws:eks/nodeGroup:NodeGroup", "eks:index:ManagedNodeGroup"],
    check: (ng, ctx) => {
        const remote = at(ng.props, "remoteAccess");
        if (ctx.isUnknown(remote, "remoteAccess")) return;
        if (remote === undefined || remote === null) return;
        const rec = asRecord(remote);
        const key = at(remote, "ec2SshKey");
        const groups = at(remote, "sourceSecurityGroupIds");
        if (ctx.isUnknown(key, "remoteAccess.ec2SshKey") || ctx.isUnknown(groups, "remoteAccess.sourceSecurityGroupIds")) return;
        // An empty block opens nothing; a malformed (non-object) one is reported.
        const configured = !rec || (asString(key) ?? "") !== "" || asArray(groups).length > 0;
        if (configured) {
            ctx.violation(`node group "${ng.name}" configures remoteAccess${(asString(key) ?? "") !== "" ? ` with SSH key "${String(key)}"` : ""}`);
        }
    },
});
