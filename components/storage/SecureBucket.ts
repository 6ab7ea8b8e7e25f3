import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../common/awsContext";
import { PolicyStatement } from "../common/iam";
import { childName } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import { secureBucketName, validateBucketName, validateBucketNamePart } from "./bucketName";
import { buildBucketPolicy, s3BucketArn } from "./bucketPolicy";
import { reporter } from "../common/validation";

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
    /**
     * The physical bucket name. By default it is `secureBucketName({ name, accountId, region })`,
     * i.e. `<component name>-<account>-<region>`, computed from values known at preview, so the
     * bucket ARN and the bucket policy are known at preview too and a policy pack can check the
     * TLS deny (DATA-2) before the bucket exists.
     *
     * The name is fixed, not random: because the bucket is protected and retained, a destroy and
     * re-create of the stack finds the retained bucket under the same name and the create fails.
     * That is intended (nothing is lost): import the retained bucket, or delete it deliberately.
     * Two stacks deploying a SecureBucket of the same component name into one account and region
     * would collide the same way: give one of them a `bucketName`. Buckets created before names
     * were fixed keep their old name only if it is passed here (otherwise the bucket is replaced,
     * which protection refuses). @default `<name>-<accountId>-<region>`
     */
    readonly bucketName?: string;
    readonly tags?: Tags;
}

/**
 * Checks that a SecureBucket named `name` gets a valid physical name: `bucketName` when given, else
 * the generated one (whose account and region part is checked once known). Components that create a
 * SecureBucket call it before their own `super`, so a bad name registers nothing.
 */
export function validateSecureBucketName(name: string, bucketName: string | undefined): void {
    if (bucketName !== undefined) {
        validateBucketName(bucketName, "bucketName");
    } else {
        validateBucketNamePart(name, "name");
    }
}

/** Validates bucket arguments before any resource exists. */
export function validateSecureBucketArgs(name: string, args: SecureBucketArgs): void {
    validateSecureBucketName(name, args.bucketName);
    const days = args.noncurrentVersionExpirationDays;
    const r = reporter(`SecureBucket "${name}"`);
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        r.fail({
            path: ["noncurrentVersionExpirationDays"],
            value: days,
            problem: "is not allowed",
            allowed: "use a whole number of days, 1 or more",
        });
    }
    const prefix = args.accessLogging?.targetPrefix;
    if (prefix !== undefined && prefix.startsWith("/")) {
        r.fail({
            path: ["accessLogging", "targetPrefix"],
            value: prefix,
            problem: 'must not start with "/"',
            allowed: 'use a prefix such as "logs/audit/"',
        });
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
    /** `arn:<partition>:s3:::<name>`, known at preview. */
    public readonly arn: pulumi.Output<string>;
    /** The bucket policy; writers such as CloudTrail must wait for it (`dependsOn`). */
    public readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecureBucketArgs(name, args);
        super(SECURE_BUCKET_TYPE, name, {}, opts);

        const protect = args.protect ?? true;
        const ctx = awsContext(this);
        const childOpts = { parent: this, protect };
        // Known at preview (invokes only), unlike the bucket's own outputs.
        const physicalName =
            args.bucketName !== undefined
                ? pulumi.output(args.bucketName)
                : ctx.apply((c) => secureBucketName({ name, accountId: c.accountId, region: c.region }));

        // Renaming this child replaces the bucket (and, while protected, fails the update).
        const bucket = new aws.s3.Bucket(
            childName(name, "bucket"),
            { bucket: physicalName, forceDestroy: false, tags: baselineTags(SECURE_BUCKET_TYPE, args.tags) },
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
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            childOpts,
        );

        const versioning = new aws.s3.BucketVersioning(
            childName(name, "versioning"),
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            childOpts,
        );

        new aws.s3.BucketOwnershipControls(
            childName(name, "ownership"),
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            childOpts,
        );

        // After the public-access block, so S3 never sees the policy on a bucket without it. The
        // document is built from the planned name, never from `bucket.arn`: a new bucket's ARN is
        // unknown at preview, which would hide the TLS deny from the policy pack (DATA-2).
        this.policy = new aws.s3.BucketPolicy(
            childName(name, "policy"),
            {
                bucket: bucket.id,
                policy: pulumi.all([physicalName, ctx]).apply(([bucketName, c]) => {
                    const bucketArn = s3BucketArn(c.partition, bucketName);
                    return JSON.stringify(buildBucketPolicy(bucketArn, args.policyStatements?.(bucketArn, c) ?? []));
                }),
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
                {
                    bucket: bucket.id,
                    targetBucket: args.accessLogging.targetBucket,
                    targetPrefix: args.accessLogging.targetPrefix ?? `${name}/`,
                },
                childOpts,
            );
        }

        this.bucketName = bucket.bucket;
        // From the planned name, as the bucket policy: known at preview (identity policies written from it
        // stay judgeable); the bucket's URN carries the dependency on the bucket.
        this.arn = pulumi.all([bucket.urn, physicalName, ctx]).apply(([, bucketName, c]) => s3BucketArn(c.partition, bucketName));
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
