/** Shared fixtures of the detection and cluster cases: a key, an OIDC issuer, the cluster, node group, add-on and trusts as the baseline writes them. */

export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
export const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
export const MUST_BE_SET = "a must-be-set rule: an unknown value will be set, so no unknown changes the outcome";

/** A compliant aws.eks.Cluster, as the baseline builds it; shared with eks.test.ts. */
export const COMPLIANT_EKS_CLUSTER = {
    roleArn: "arn:aws:iam::123456789012:role/cluster",
    version: "1.34",
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    upgradePolicy: { supportType: "STANDARD" },
    tags: {},
};
export const NODE_GROUP = {
    clusterName: "c",
    nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
    subnetIds: ["subnet-a"],
    scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 },
    amiType: "AL2023_x86_64_STANDARD",
    launchTemplate: { id: "lt-1", version: "1" },
    tags: {},
};
export const VPC_CNI = {
    clusterName: "c",
    addonName: "vpc-cni",
    serviceAccountRoleArn: "arn:aws:iam::123456789012:role/vpc-cni",
    configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    tags: {},
};
// Object documents, so single fields can be made unknown (a JSON string is opaque text).
export const IRSA_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:aws-node", [`${ISSUER}:aud`]: "sts.amazonaws.com" },
            },
        },
    ],
};
/** A Pod Identity trust as SecureCluster writes it (EKS-5). */
export const POD_IDENTITY_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": "123456789012",
                    "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/dev",
                    "aws:RequestTag/kubernetes-namespace": "kube-system",
                    "aws:RequestTag/kubernetes-service-account": "aws-node",
                },
            },
        },
    ],
};
export const EQUALS = "assumeRolePolicy.Statement.0.Condition.StringEquals";
export const SUB = `${ISSUER}:sub`;
export const AUD = `${ISSUER}:aud`;
export const PERMISSIONS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" }] };
