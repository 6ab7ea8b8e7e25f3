/** Shared fixtures of the core AWS cases: a policy by name, a key, the clusters as the baseline writes them. */
import type { SecurePolicy } from "../../../../policy-pack/lib";
import { ALL_POLICIES } from "../../../../policy-pack/policies";

export function policy(name: string): SecurePolicy {
    const p = ALL_POLICIES.find((x) => x.meta.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
export const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const awsCluster = {
    name: "prod",
    roleArn: "arn:aws:iam::123456789012:role/eks",
    version: "1.33",
    vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
    enabledClusterLogTypes: ALL_LOG_TYPES,
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    tags: {},
};
export const eksComponentCluster = {
    vpcId: "vpc-1",
    privateSubnetIds: ["subnet-1"],
    endpointPrivateAccess: true,
    endpointPublicAccess: false,
    encryptionConfigKeyArn: KEY_ARN,
    enabledClusterLogTypes: ALL_LOG_TYPES,
    authenticationMode: "API",
    skipDefaultNodeGroup: true,
    nodeAssociatePublicIpAddress: false,
    tags: {},
};
