/**
 * Pure IAM planning for SecureCluster: trust policies, the inline policies the
 * component writes, and the AWS managed policies it attaches. Every document
 * here is plain data so tests can evaluate it with an IAM simulator.
 */
import { AwsContext, arn, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, policyDocument } from "../common/iam";
import { onKeyByAlias } from "../common/kms";

/** The audience the EKS Pod Identity webhook requests for IRSA tokens (EKS-5). */
export const IRSA_AUDIENCE = "sts.amazonaws.com";

/** Service accounts that run on their own Pod Identity roles (EKS-5). */
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
    return policyDocument([
        { Sid: "AllowServiceAssumeRole", Effect: "Allow", Principal: { Service: servicePrincipal }, Action: "sts:AssumeRole" },
    ]);
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

/** The actions EKS Pod Identity needs on a role it hands to pods: assume it, and pass session tags. */
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"] as const;

/** `arn:<partition>:eks:<region>:<account>:cluster/<name>`: known at preview, the cluster name is ours. */
export function clusterArnOf(ctx: AwsContext, clusterName: string): string {
    return arn(ctx, "eks", `cluster/${clusterName}`);
}

/**
 * Pod Identity trust (EKS-5): only the EKS Pod Identity service, only for this account, and only for the
 * one service account of the one cluster, through the session tags EKS sets on every assumption
 * (`eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`). Unlike an IRSA trust, every
 * value here is known at preview (no OIDC issuer assigned at create). An association that turns session
 * tags off cannot use the role: the conditions then fail closed.
 */
export function podIdentityTrustPolicy(ctx: AwsContext, clusterName: string, sa: { namespace: string; name: string }): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowEksPodIdentity",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "pods.eks") },
            Action: [...POD_IDENTITY_ACTIONS],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": ctx.accountId,
                    "aws:RequestTag/eks-cluster-arn": clusterArnOf(ctx, clusterName),
                    "aws:RequestTag/kubernetes-namespace": sa.namespace,
                    "aws:RequestTag/kubernetes-service-account": sa.name,
                },
            },
        },
    ]);
}

/**
 * EKS-2: what the cluster role needs to envelope-encrypt Secrets with the secrets key, and nothing on
 * any other key. The key is named through its alias (`onKeyByAlias`): its ARN is unknown at preview.
 */
export function clusterSecretsKeyPolicy(ctx: AwsContext, secretsKeyAlias: string): PolicyDocument {
    return policyDocument([
        onKeyByAlias(ctx, secretsKeyAlias, "EnvelopeEncryptSecrets", ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"]),
    ]);
}

/**
 * The EBS CSI driver on a volumes key: data-key use, and grants only for AWS resources (EC2 attaches
 * encrypted volumes through a grant). Scoped to the key through its alias.
 */
export function ebsCsiKeyPolicy(ctx: AwsContext, volumesKeyAlias: string): PolicyDocument {
    return policyDocument([
        onKeyByAlias(ctx, volumesKeyAlias, "UseVolumesKey", [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey",
        ]),
        onKeyByAlias(ctx, volumesKeyAlias, "GrantsForAwsResourcesOnly", ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], {
            Bool: { "kms:GrantIsForAWSResource": true },
        }),
    ]);
}
