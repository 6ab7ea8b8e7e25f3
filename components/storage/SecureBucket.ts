import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../common/awsContext";
import { PolicyStatement } from "../common/iam";
import { childName } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import { buildBucketPolicy } from "./bucketPolicy";

export const SECURE_BUCKET_TYPE = "secure-baseline:storage:SecureBucket";

/** Where the bucket's server access logs go (another bucket the caller owns). */
export interface BucketAccessLogging {
    /** Name of the target bucket. It must accept S3 log delivery (`logging.s3.amazonaws.com`). */
    readonly targetBucket: pulumi.Input<string>;
    /** Key prefix inside the target bucket. @default "<component name>/" */
    readonly targetPrefix?: string;
}

export interface SecureBucketArgs {
    /** ARN of the KMS key for SSE-KMS (DATA-2). Its policy must let every writer of this bucket use it. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * Extra bucket-policy statements, built from the bucket ARN and the account context, e.g. the service
     * delivery grants for CloudTrail or Config (scope them with aws:SourceArn / aws:SourceAccount).
     * The TLS-only deny is always first and cannot be removed. @default none
     */
    readonly policyStatements?: (bucketArn: string, ctx: AwsContext) => readonly PolicyStatement[];
    /**
     * Days after which noncurrent object versions are deleted. Shorter keeps less history to recover
     * from an overwrite or deletion. @default undefined (noncurrent versions are kept forever)
     */
    readonly noncurrentVersionExpirationDays?: number;
    /** Server access logging to another bucket. @default undefined (no access logs) */
    readonly accessLogging?: BucketAccessLogging;
    /**
     * Protects the bucket and its configuration from `pulumi destroy` and replacement, and retains the
     * bucket when it leaves the program. Audit stores should never lose this. @default true
     */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/** Validates bucket arguments before any resource exists. */
export function validateSecureBucketArgs(name: string, args: SecureBucketArgs): void {
    const days = args.noncurrentVersionExpirationDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        throw new Error(`SecureBucket "${name}": noncurrentVersionExpirationDays ${days} is not allowed; use a whole number of days, 1 or more`);
    }
    const prefix = args.accessLogging?.targetPrefix;
    if (prefix !== undefined && prefix.startsWith("/")) {
        throw new Error(`SecureBucket "${name}": accessLogging.targetPrefix "${prefix}" must not start with "/"`);
    }
}

/**
 * An S3 bucket hardened for DATA-2: all four public-access blocks, SSE-KMS with a bucket key, versioning,
 * owner-enforced object ownership (ACLs off), and a bucket policy that denies every non-TLS request.
 * Every side-by-side resource names the bucket through `bucket.id` (a property dependency), so a policy
 * pack can link them to the bucket even while the id is unknown at preview.
 */
export class SecureBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** The bucket policy; writers such as CloudTrail must wait for it (`dependsOn`). */
    public readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecureBucketArgs(name, args);
        super(SECURE_BUCKET_TYPE, name, {}, opts);

        const protect = args.protect ?? true;
        const ctx = awsContext(this);
        const childOpts = { parent: this, protect };

        // Renaming this child replaces the bucket (and, while protected, fails the update).
        const bucket = new aws.s3.Bucket(
            childName(name, "bucket"),
            { forceDestroy: false, tags: baselineTags(SECURE_BUCKET_TYPE, args.tags) },
            { ...childOpts, retainOnDelete: protect },
        );

        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            childName(name, "public-access"),
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            childOpts,
        );

        new aws.s3.BucketServerSideEncryptionConfiguration(
            childName(name, "encryption"),
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
            },
            childOpts,
        );

        const versioning = new aws.s3.BucketVersioning(
            childName(name, "versioning"),
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            childOpts,
        );

        new aws.s3.BucketOwnershipControls(childName(name, "ownership"), { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, childOpts);

        // After the public-access block, so S3 never sees the policy on a bucket without it.
        this.policy = new aws.s3.BucketPolicy(
            childName(name, "policy"),
            {
                bucket: bucket.id,
                policy: pulumi.all([bucket.arn, ctx]).apply(([bucketArn, c]) =>
                    JSON.stringify(buildBucketPolicy(bucketArn, args.policyStatements?.(bucketArn, c) ?? [])),
                ),
            },
            { ...childOpts, dependsOn: [publicAccess] },
        );

        if (args.noncurrentVersionExpirationDays !== undefined) {
            // Lifecycle rules on noncurrent versions only make sense once versioning is on.
            new aws.s3.BucketLifecycleConfiguration(
                childName(name, "lifecycle"),
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire-noncurrent-versions",
                            status: "Enabled",
                            filter: {},
                            noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays },
                        },
                    ],
                },
                { ...childOpts, dependsOn: [versioning] },
            );
        }

        if (args.accessLogging) {
            new aws.s3.BucketLogging(
                childName(name, "access-logging"),
                { bucket: bucket.id, targetBucket: args.accessLogging.targetBucket, targetPrefix: args.accessLogging.targetPrefix ?? `${name}/` },
                childOpts,
            );
        }

        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
