import { SecureCluster, SecureClusterArgs } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RecordedResource, TEST_STACK, runPulumi } from "../support/harness";

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

/** Expected values the SecureCluster tests compare against. */
export type Props = Record<string, unknown>;
export const obj = (v: unknown): Props => v as Props;
export const keyArn = (component: string) => `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/dev-${component}-key-id`;
export const roleArn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
/** Keys are named in IAM through their fixed aliases (their ARNs are unknown at preview). */
export const keyAlias = (purpose: string) => `alias/secure-baseline/${TEST_STACK}/${purpose}/dev-${purpose}`;
export const ANY_KEY = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/*`;
export const byAlias = (purpose: string) => ({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": keyAlias(purpose) } });
export const policyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
export const TYPE = "secure-baseline:cluster:SecureCluster";

export function attachedTo(resources: readonly RecordedResource[], role: string): string[] {
    return resources
        .filter((r) => r.type === ATTACH && r.inputs.role === role)
        .map((r) => String(r.inputs.policyArn))
        .sort();
}
