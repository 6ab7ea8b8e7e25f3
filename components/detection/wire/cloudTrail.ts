import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, servicePrincipal } from "../../common/awsContext";
import { serviceTrustPolicy } from "../../common/iam";
import { childName } from "../../common/naming";
import { SecureBucket } from "../../storage";
import { ResolvedDetectionArgs } from "../args";
import { TRAIL_KEY_PREFIX, cloudTrailLogsPolicy, logGroupStreamsArn, managementEventSelectors, trailLogGroupName } from "../cloudTrailPlan";

export interface CloudTrailResources {
    readonly trail: aws.cloudtrail.Trail;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * DET-4: a multi-region trail with log-file validation, KMS encryption, delivery to the audit bucket and
 * to a KMS-encrypted log group through a role limited to that group.
 */
export function createCloudTrail(
    name: string,
    trailName: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    bucket: SecureBucket,
    keyArn: pulumi.Output<string>,
    tags: Record<string, string>,
): CloudTrailResources {
    const logGroupName = trailLogGroupName(pulumi.getStack(), name);
    const logGroup = new aws.cloudwatch.LogGroup(
        childName(name, "trail-logs"),
        { name: logGroupName, kmsKeyId: keyArn, retentionInDays: r.trailLogRetentionDays, tags },
        { parent, protect: r.protect, retainOnDelete: r.protect },
    );
    const role = new aws.iam.Role(
        childName(name, "trail-logs-role"),
        { assumeRolePolicy: ctx.apply((c) => JSON.stringify(serviceTrustPolicy(servicePrincipal(c, "cloudtrail"), c.accountId))), tags },
        { parent },
    );
    const rolePolicy = new aws.iam.RolePolicy(
        childName(name, "trail-logs-policy"),
        { role: role.name, policy: ctx.apply((c) => JSON.stringify(cloudTrailLogsPolicy(c, logGroupName))) },
        { parent },
    );

    // The name is fixed because the bucket policy names the trail's ARN before the trail exists.
    const trail = new aws.cloudtrail.Trail(
        childName(name, "trail"),
        {
            name: trailName,
            s3BucketName: bucket.bucketName,
            s3KeyPrefix: TRAIL_KEY_PREFIX,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: keyArn,
            eventSelectors: managementEventSelectors(),
            cloudWatchLogsGroupArn: pulumi.all([ctx, logGroup.urn]).apply(([c]) => logGroupStreamsArn(c, logGroupName)),
            cloudWatchLogsRoleArn: role.arn,
            tags,
        },
        { parent, protect: r.protect, dependsOn: [bucket.policy, rolePolicy] },
    );
    return { trail, logGroup };
}
