/**
 * Pure key-policy planning (KMS-1): the account root administers the key
 * (delegating to IAM, as AWS's default key policy does, so the key can never
 * become unmanageable); each named service gets only the actions it needs,
 * scoped by a condition to this account or to its own resources. No statement
 * has a wildcard principal.
 */
import { AwsContext, accountRootArn, arn, servicePrincipal } from "../awsContext";
import { PolicyDocument, PolicyStatement, policyDocument } from "../iam";
import { reporter } from "../validation";

/** Services a key can be shared with. Each maps to one least-privilege statement set below. */
export const KEY_SERVICES = ["logs", "cloudtrail", "events", "sns", "config", "autoscaling", "s3"] as const;
export type KeyService = (typeof KEY_SERVICES)[number];

/** What a key protects: one key per purpose (KMS-1). Part of the alias. */
export const KEY_PURPOSES = ["secrets", "logs", "volumes", "storage", "alerts", "audit", "response"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export const DEFAULT_DELETION_WINDOW_DAYS = 30;
export const MIN_DELETION_WINDOW_DAYS = 7;
export const MAX_DELETION_WINDOW_DAYS = 30;

const ENCRYPT_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

function sourceAccount(ctx: AwsContext) {
    return { StringEquals: { "aws:SourceAccount": ctx.accountId } };
}

/** One entry per service: the statements that service needs, and nothing more. */
const SERVICE_STATEMENTS: Readonly<Record<KeyService, (ctx: AwsContext) => PolicyStatement[]>> = {
    // CloudWatch Logs binds every use to a log group of this account through the encryption context.
    logs: (ctx) => [
        {
            Sid: "AllowCloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "logs", { regional: true }) },
            Action: ENCRYPT_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn(ctx, "logs", "log-group:*") } },
        },
    ],
    // CloudTrail encrypts log files for trails of this account only, and may describe the key.
    cloudtrail: (ctx) => [
        {
            Sid: "AllowCloudTrailEncrypt",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "cloudtrail") },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${ctx.partition}:cloudtrail:*:${ctx.accountId}:trail/*` },
                StringEquals: { "aws:SourceAccount": ctx.accountId },
            },
        },
        {
            Sid: "AllowCloudTrailDescribe",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "cloudtrail") },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: sourceAccount(ctx),
        },
    ],
    // EventBridge publishes to an encrypted SNS topic.
    events: (ctx) => [
        {
            Sid: "AllowEventBridgePublish",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "events") },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: sourceAccount(ctx),
        },
    ],
    // SNS itself, for topics that other services in this account publish to.
    sns: (ctx) => [
        {
            Sid: "AllowSnsUse",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "sns") },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: sourceAccount(ctx),
        },
    ],
    // AWS Config delivers snapshots and history to an SSE-KMS bucket.
    config: (ctx) => [
        {
            Sid: "AllowConfigDelivery",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "config") },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: sourceAccount(ctx),
        },
    ],
    // EC2 Auto Scaling (managed node groups) launches instances whose volumes use this key.
    // The service-linked role is a principal of this account, so no wildcard is needed.
    autoscaling: (ctx) => {
        const role = arn(ctx, "iam", "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", { global: true });
        return [
            {
                Sid: "AllowAutoScalingVolumes",
                Effect: "Allow",
                Principal: { AWS: role },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
            },
            {
                Sid: "AllowAutoScalingGrants",
                Effect: "Allow",
                Principal: { AWS: role },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
        ];
    },
    // S3 server-side encryption for log deliveries that S3 itself writes (e.g. server access logs).
    s3: (ctx) => [
        {
            Sid: "AllowS3Use",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "s3") },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: sourceAccount(ctx),
        },
    ],
};

/** The key policy for a key shared with `services`. Order is stable so previews show no spurious diffs. */
export function buildKeyPolicy(ctx: AwsContext, services: readonly KeyService[]): PolicyDocument {
    const root: PolicyStatement = {
        Sid: "AccountRootAdministers",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(ctx) },
        Action: "kms:*",
        Resource: "*",
    };
    const unique = KEY_SERVICES.filter((s) => services.includes(s));
    return policyDocument([root, ...unique.flatMap((s) => SERVICE_STATEMENTS[s](ctx))]);
}

/** Validates key arguments before any resource exists; the message names the argument and the allowed values. */
export function validateKeyArgs(
    name: string,
    args: { purpose: string; services?: readonly string[]; deletionWindowInDays?: number },
): void {
    const r = reporter(`CustomerManagedKey "${name}"`);
    if (!(KEY_PURPOSES as readonly string[]).includes(args.purpose)) {
        r.fail({ path: ["purpose"], value: args.purpose, problem: "is not allowed", allowed: `use one of ${KEY_PURPOSES.join(", ")}` });
    }
    (args.services ?? []).forEach((s, i) => {
        if (!(KEY_SERVICES as readonly string[]).includes(s)) {
            r.fail({
                path: ["services", i],
                value: s,
                problem: "is not a service the key serves",
                allowed: `allowed: ${KEY_SERVICES.join(", ")}`,
            });
        }
    });
    const w = args.deletionWindowInDays;
    if (w !== undefined && (!Number.isInteger(w) || w < MIN_DELETION_WINDOW_DAYS || w > MAX_DELETION_WINDOW_DAYS)) {
        r.fail({
            path: ["deletionWindowInDays"],
            value: w,
            problem: "is not allowed",
            allowed: `use a whole number from ${MIN_DELETION_WINDOW_DAYS} to ${MAX_DELETION_WINDOW_DAYS}`,
        });
    }
}
