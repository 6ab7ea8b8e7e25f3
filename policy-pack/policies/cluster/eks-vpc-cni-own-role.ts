import { asArray, asString, at, isUnknown, resourcePolicy } from "../../lib";
import { ADDON_TYPE, VPC_CNI_ADDON, VPC_CNI_SERVICE_ACCOUNT, isVpcCni } from "./vpc-cni";

/**
 * EKS-5: the VPC CNI needs EC2 network-interface rights. Without its own role
 * (IRSA serviceAccountRoleArn, or an EKS Pod Identity association for aws-node) it uses
 * the node role, so every pod that reaches the instance profile holds those rights.
 */
export const eksVpcCniOwnRole = resourcePolicy({
    name: "eks-vpc-cni-own-role",
    control: "EKS-5",
    severity: "high",
    layer: "cluster",
    description: `The ${VPC_CNI_ADDON} EKS add-on must run on its own IAM role (serviceAccountRoleArn or a pod identity association for ${VPC_CNI_SERVICE_ACCOUNT}), not the node role.`,
    references: [{ framework: "BPG", id: "IRSA for the VPC CNI (aws-node)" }],
    remediation: `set serviceAccountRoleArn to an IRSA role trusted only by system:serviceaccount:kube-system:${VPC_CNI_SERVICE_ACCOUNT} with AmazonEKS_CNI_Policy, and remove that policy from the node role`,
    resourceTypes: [ADDON_TYPE],
    check: (addon, ctx) => {
        if (!isVpcCni(addon, ctx)) {
            return;
        }
        const roleArn = at(addon.props, "serviceAccountRoleArn");
        if (isUnknown(roleArn) || (asString(roleArn) ?? "").trim() !== "") {
            return;
        }
        const associations = at(addon.props, "podIdentityAssociations");
        if (ctx.containsUnknown(associations, "podIdentityAssociations")) {
            return;
        }
        const ownRole = asArray(associations).some((a) => asString(at(a, "serviceAccount"))?.trim() === VPC_CNI_SERVICE_ACCOUNT);
        if (!ownRole) {
            ctx.violation(`${VPC_CNI_ADDON} add-on "${addon.name}" has no serviceAccountRoleArn or pod identity association, so the CNI runs on the node role`);
        }
    },
});
