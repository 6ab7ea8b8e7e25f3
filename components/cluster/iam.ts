/**
 * Pure IAM planning for SecureCluster: trust policies, the inline policies the
 * component writes, and the AWS managed policies it attaches. Every document
 * here is plain data so tests can evaluate it with an IAM simulator.
 */
import { PolicyDocument, policyDocument } from "../common/iam";

/** The audience the EKS Pod Identity webhook requests for IRSA tokens (EKS-5). */
export const IRSA_AUDIENCE = "sts.amazonaws.com";

/** Service accounts that run on their own IRSA roles (EKS-5). */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/**
 * AWS managed policies, by name and path. The node role gets only what a node
 * needs (EKS-6): no CNI policy (the VPC CNI has its own role, EKS-5) and no SSM
 * unless asked. `AmazonEC2ContainerRegistryPullOnly` (2024) replaces ReadOnly:
 * pull, without listing or describing every repository.
 */
export const MANAGED_POLICIES = {
    cluster: "AmazonEKSClusterPolicy",
    workerNode: "AmazonEKSWorkerNodePolicy",
    registryPull: "AmazonEC2ContainerRegistryPullOnly",
    ssmCore: "AmazonSSMManagedInstanceCore",
    cni: "AmazonEKS_CNI_Policy",
    ebsCsi: "service-role/AmazonEBSCSIDriverPolicy",
} as const;
export type ManagedPolicy = keyof typeof MANAGED_POLICIES;

export function managedPolicyArn(partition: string, policy: ManagedPolicy): string {
    return `arn:${partition}:iam::aws:policy/${MANAGED_POLICIES[policy]}`;
}

/** The node role's managed policies, in a stable order. */
export function nodeRolePolicies(ssmAccess: boolean): ManagedPolicy[] {
    return ssmAccess ? ["workerNode", "registryPull", "ssmCore"] : ["workerNode", "registryPull"];
}

/**
 * Trust for an AWS service principal. No `aws:SourceAccount` condition: neither
 * EKS (cluster role) nor EC2 (instance profile) documents sending it for these
 * role assumptions, and a condition the service does not send breaks the role.
 * Who may hand the role to the service is governed by `iam:PassRole`.
 */
export function serviceRoleTrust(servicePrincipal: string): PolicyDocument {
    return policyDocument([{ Sid: "AllowServiceAssumeRole", Effect: "Allow", Principal: { Service: servicePrincipal }, Action: "sts:AssumeRole" }]);
}

/** `https://oidc.eks.<region>.amazonaws.com/id/X` → `oidc.eks.<region>.amazonaws.com/id/X` (the condition-key prefix). */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/**
 * IRSA trust (EKS-5): only the named service account, only with the STS
 * audience, only through this cluster's OIDC provider. StringEquals, never
 * StringLike: a wildcard would let any service account in the namespace in.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, sa: { namespace: string; name: string }): PolicyDocument {
    const issuer = issuerHostPath(issuerUrl);
    return policyDocument([
        {
            Sid: "AllowServiceAccountWebIdentity",
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
                    [`${issuer}:aud`]: IRSA_AUDIENCE,
                },
            },
        },
    ]);
}

/**
 * EKS-2: what the cluster role needs to envelope-encrypt Secrets with the
 * secrets key, and nothing on any other key.
 */
export function clusterSecretsKeyPolicy(secretsKeyArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "EnvelopeEncryptSecrets",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            Resource: secretsKeyArn,
        },
    ]);
}

/**
 * The EBS CSI driver on a volumes key: data-key use, and grants only for AWS
 * resources (EC2 attaches encrypted volumes through a grant). Scoped to the key.
 */
export function ebsCsiKeyPolicy(volumesKeyArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "UseVolumesKey",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: volumesKeyArn,
        },
        {
            Sid: "GrantsForAwsResourcesOnly",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: volumesKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
    ]);
}
