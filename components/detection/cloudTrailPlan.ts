/**
 * Pure CloudTrail planning (DET-4): the trail's ARN (known before the trail exists, so the bucket policy
 * can name it without a dependency cycle), the bucket grants scoped to that ARN, the event selector for
 * read and write management events, and the least-privilege role CloudTrail uses for CloudWatch Logs.
 */
import { AwsContext, arn, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../common/logs";
import { Reporter, reporter } from "../common/validation";

/** Prefix CloudTrail writes under; the bucket grant reaches only `<prefix>/AWSLogs/<account>/*`. */
export const TRAIL_KEY_PREFIX = "cloudtrail";
export { DEFAULT_LOG_RETENTION_DAYS } from "../common/logs";

export function trailArn(ctx: AwsContext, trailName: string): string {
    return arn(ctx, "cloudtrail", `trail/${trailName}`);
}

/** Bucket grants for CloudTrail delivery, both bound to this one trail by aws:SourceArn. */
export function cloudTrailBucketStatements(bucketArn: string, ctx: AwsContext, trailName: string): PolicyStatement[] {
    const principal = { Service: servicePrincipal(ctx, "cloudtrail") };
    const source = { "aws:SourceArn": trailArn(ctx, trailName) };
    return [
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: source },
        },
        {
            Sid: "AWSCloudTrailWrite",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: `${bucketArn}/${TRAIL_KEY_PREFIX}/AWSLogs/${ctx.accountId}/*`,
            Condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    ];
}

/** DET-4: all management events, read and write. (Data events are left to the caller: they are billed per event.) */
export function managementEventSelectors(): Array<{ readWriteType: "All"; includeManagementEvents: true }> {
    return [{ readWriteType: "All", includeManagementEvents: true }];
}

/** `arn:…:log-group:<name>:*`, the form CloudTrail's cloudWatchLogsGroupArn wants. */
/**
 * The trail's log group name: fixed, like the flow-log group's, so the delivery role's policy (written
 * from it) and the trail's log group ARN are known at preview.
 */
export function trailLogGroupName(stack: string, name: string): string {
    return `/secure-baseline/${stack}/${name}/cloudtrail`;
}

export function logGroupStreamsArn(ctx: AwsContext, logGroupName: string): string {
    return arn(ctx, "logs", `log-group:${logGroupName}:*`);
}

/** The role CloudTrail assumes may create streams and put events in this one log group, nothing else. */
export function cloudTrailLogsPolicy(ctx: AwsContext, logGroupName: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "DeliverTrailEvents",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: arn(ctx, "logs", `log-group:${logGroupName}:log-stream:*`),
        },
    ]);
}

export function validateLogRetention(days: number, r: Reporter = reporter("ThreatDetection")): void {
    if (!isLogRetentionDays(days)) {
        r.fail({
            path: ["trailLogRetentionDays"],
            value: days,
            problem: "is not a CloudWatch Logs retention",
            allowed: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
        });
    }
}
