import type * as aws from "@pulumi/aws";
import { asArray, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";
import { ADDON_TYPE, VPC_CNI_ADDON, VPC_CNI_SERVICE_ACCOUNT, isVpcCni } from "./vpc-cni";

const read = readerFor<aws.eks.AddonArgs>();

/** A role ARN that names a role: a non-empty string, or unknown at preview (as an unknown serviceAccountRoleArn). */
const namesRole = (v: unknown) => isUnknown(v) || (asString(v) ?? "").trim() !== "";

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
    remediation: `give ${VPC_CNI_SERVICE_ACCOUNT} its own role with AmazonEKS_CNI_Policy (podIdentityAssociations { serviceAccount: "${VPC_CNI_SERVICE_ACCOUNT}", roleArn }, or serviceAccountRoleArn to an IRSA role trusted only by system:serviceaccount:kube-system:${VPC_CNI_SERVICE_ACCOUNT}), and remove that policy from the node role`,
    resourceTypes: [ADDON_TYPE],
    check: (addon, ctx) => {
        if (!isVpcCni(addon, ctx)) {
            return;
        }
        if (namesRole(read(addon.props, "serviceAccountRoleArn"))) {
            return;
        }
        const associations = read(addon.props, "podIdentityAssociations");
        // A role ARN unknown at preview (a role created in the same run) is a role, as for serviceAccountRoleArn;
        // the service account it is bound to must be known.
        const ownRole = asArray(associations).some(
            (_, i) =>
                asString(read(addon.props, "podIdentityAssociations", i, "serviceAccount"))?.trim() === VPC_CNI_SERVICE_ACCOUNT &&
                namesRole(read(addon.props, "podIdentityAssociations", i, "roleArn")),
        );
        if (ownRole || ctx.containsUnknown(associations, "podIdentityAssociations")) {
            return;
        }
        ctx.violation(
            `${VPC_CNI_ADDON} add-on "${addon.name}" has no serviceAccountRoleArn or pod identity association, so the CNI runs on the node role`,
        );
    },
});
