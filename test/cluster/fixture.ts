import { SecureCluster, SecureClusterArgs } from "../../components";
import { MOCK_ACCOUNT_ID } from "../../tools/check/canned";
import { runPulumi } from "../support/harness";

export const ADMIN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-admin`;
export const VIEWER = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/payments-dev`;
export const EDITOR = `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/payments-lead`;

export const BASE_ARGS: SecureClusterArgs = {
    vpcId: "vpc-0abc",
    vpcCidr: "10.20.0.0/16",
    privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"],
    s3PrefixListId: "pl-63a5400a",
    adminPrincipalArns: [ADMIN],
};

export const CLUSTER = "aws:eks/cluster:Cluster";
export const ADDON = "aws:eks/addon:Addon";
export const ROLE = "aws:iam/role:Role";
export const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
export const INLINE = "aws:iam/rolePolicy:RolePolicy";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

/** Builds a SecureCluster "dev" under mocks with the base args plus `extra`. */
export function runCluster(extra: Partial<SecureClusterArgs> = {}) {
    return runPulumi(() => new SecureCluster("dev", { ...BASE_ARGS, ...extra }));
}
