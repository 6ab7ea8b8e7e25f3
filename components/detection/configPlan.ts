/**
 * Pure AWS Config planning (DET-2, DET-3): the recording scope, the delivery grants on the bucket and the
 * role, and the table of managed rules with the control each one watches.
 */
import { AwsContext, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { onKeyByAlias } from "../common/kms";
import { Reporter, reporter } from "../common/validation";

/** AWS managed policy for a configuration recorder's role (the service-role path is part of its ARN). */
export const CONFIG_ROLE_MANAGED_POLICY = "service-role/AWS_ConfigRole";
/** AWS managed policy that lets an organization aggregator read the organization (DET-7). */
export const CONFIG_ORG_AGGREGATOR_MANAGED_POLICY = "service-role/AWSConfigRoleForOrganizations";

export function awsManagedPolicyArn(partition: string, policy: string): string {
    return `arn:${partition}:iam::aws:policy/${policy}`;
}

/** Prefix Config writes under; the bucket grants reach only this path. */
export const CONFIG_KEY_PREFIX = "config";

/**
 * DET-2: record every supported resource type; global types (IAM) only in the home region, so a
 * multi-region deployment records them once.
 */
export function recordingGroup(region: string, homeRegion: string): { allSupported: true; includeGlobalResourceTypes: boolean } {
    return { allSupported: true, includeGlobalResourceTypes: region === homeRegion };
}

/** Objects Config writes: `<prefix>/AWSLogs/<account>/Config/*`. */
export function configObjectsArn(bucketArn: string, accountId: string): string {
    return `${bucketArn}/${CONFIG_KEY_PREFIX}/AWSLogs/${accountId}/Config/*`;
}

/**
 * Bucket-policy grants for Config delivery through the service principal (used when Config delivers
 * with its service-linked role), each scoped to this account (confused-deputy protection).
 */
export function configBucketStatements(bucketArn: string, ctx: AwsContext): PolicyStatement[] {
    const principal = { Service: servicePrincipal(ctx, "config") };
    const account = { "aws:SourceAccount": ctx.accountId };
    return [
        {
            Sid: "AWSConfigBucketPermissionsCheck",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: account },
        },
        {
            Sid: "AWSConfigBucketExistenceCheck",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:ListBucket",
            Resource: bucketArn,
            Condition: { StringEquals: account },
        },
        {
            Sid: "AWSConfigBucketDelivery",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: configObjectsArn(bucketArn, ctx.accountId),
            Condition: { StringEquals: { ...account, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    ];
}

/**
 * Identity policy for the recorder's role: deliver to this bucket path and use the bucket's key, named
 * through its alias (the key's ARN is unknown at preview; the alias and the bucket ARN are not).
 */
export function configDeliveryPolicy(ctx: AwsContext, bucketArn: string, keyAlias: string): PolicyDocument {
    return policyDocument([
        { Sid: "CheckBucket", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn },
        {
            Sid: "Deliver",
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: configObjectsArn(bucketArn, ctx.accountId),
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        onKeyByAlias(ctx, keyAlias, "EncryptDeliveries", ["kms:GenerateDataKey", "kms:Decrypt"]),
    ]);
}

/** One managed rule: the AWS identifier, the control it watches, and its parameters. */
export interface ManagedRulePlan {
    /** Short key, part of the child's logical name (renaming it replaces the rule). */
    readonly key: string;
    readonly sourceIdentifier: string;
    readonly controlId: string;
    readonly description: string;
    readonly inputParameters?: Readonly<Record<string, string>>;
}

/** DET-3: the managed rules, one per control of the catalogue that Config can evaluate. */
export const MANAGED_RULES: readonly ManagedRulePlan[] = [
    {
        key: "eks-endpoint-private",
        sourceIdentifier: "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
        controlId: "EKS-1",
        description: "EKS API endpoints are not publicly accessible",
    },
    {
        key: "eks-secrets-encrypted",
        sourceIdentifier: "EKS_SECRETS_ENCRYPTED",
        controlId: "EKS-2",
        description: "EKS clusters encrypt Kubernetes Secrets with KMS",
    },
    {
        key: "eks-logging",
        sourceIdentifier: "EKS_CLUSTER_LOGGING_ENABLED",
        controlId: "EKS-3",
        description: "EKS control-plane logging is enabled",
    },
    {
        key: "default-sg-closed",
        sourceIdentifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
        controlId: "NET-2",
        description: "Default security groups allow no traffic",
    },
    {
        key: "flow-logs",
        sourceIdentifier: "VPC_FLOW_LOGS_ENABLED",
        controlId: "NET-4",
        description: "Every VPC has flow logs for all traffic",
        inputParameters: { trafficType: "ALL" },
    },
    {
        key: "restricted-ssh",
        sourceIdentifier: "INCOMING_SSH_DISABLED",
        controlId: "NET-6",
        description: "No security group admits SSH from anywhere",
    },
    {
        key: "key-rotation",
        sourceIdentifier: "CMK_BACKING_KEY_ROTATION_ENABLED",
        controlId: "KMS-1",
        description: "Customer-managed KMS keys rotate",
    },
    { key: "imdsv2", sourceIdentifier: "EC2_IMDSV2_CHECK", controlId: "EKS-6", description: "EC2 instances require IMDSv2" },
    {
        key: "ebs-default-encryption",
        sourceIdentifier: "EC2_EBS_ENCRYPTION_BY_DEFAULT",
        controlId: "DATA-1",
        description: "EBS encryption by default is on",
    },
    {
        key: "bucket-tls-only",
        sourceIdentifier: "S3_BUCKET_SSL_REQUESTS_ONLY",
        controlId: "DATA-2",
        description: "Buckets deny requests without TLS",
    },
    // DET-8 remediates this one automatically (bucket-level public access block); see remediationPlan.ts.
    {
        key: "bucket-public-access-blocked",
        sourceIdentifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        controlId: "DATA-2",
        description: "Buckets block public access at the bucket level",
    },
];

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function validateHomeRegion(value: string, r: Reporter = reporter("ThreatDetection")): void {
    if (!REGION_PATTERN.test(value)) {
        r.fail({ path: ["configHomeRegion"], value, problem: "is not an AWS region name", allowed: 'use one such as "us-east-1"' });
    }
}
