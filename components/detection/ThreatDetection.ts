import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../common/awsContext";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { baselineTags } from "../common/tags";
import { EbsEncryptionByDefault, SecureBucket, validateSecureBucketName } from "../storage";
import { ThreatDetectionArgs, resolveThreatDetectionArgs } from "./args";
import { cloudTrailBucketStatements } from "./cloudTrailPlan";
import { configBucketStatements } from "./configPlan";
import { createAlerting } from "./wire/alerting";
import { createCloudTrail } from "./wire/cloudTrail";
import { createConfig } from "./wire/config";
import { createGuardDuty } from "./wire/guardDuty";
import { createOrganization } from "./wire/organization";
import { createRemediation } from "./wire/remediation";
import { createSecurityHub } from "./wire/securityHub";
import { validateRemediationRoleName } from "./remediationPlan";

export const THREAT_DETECTION_TYPE = "secure-baseline:detection:ThreatDetection";

/**
 * Account-and-region-wide detection and response (DET-1..DET-8) plus EBS default encryption (DATA-1).
 * Deploy one per account and region (GuardDuty, Config and Security Hub allow one of each per region);
 * the trail is multi-region, so deploy it once per account (`configHomeRegion` names that region for
 * global resource types).
 */
export class ThreatDetection extends pulumi.ComponentResource {
    public readonly detectorId: pulumi.Output<string>;
    public readonly auditBucketName: pulumi.Output<string>;
    public readonly auditBucketArn: pulumi.Output<string>;
    public readonly auditKeyArn: pulumi.Output<string>;
    /** Undefined when `cloudTrail` is false. */
    public readonly trailArn: pulumi.Output<string | undefined>;
    /** Undefined when `cloudTrail` is false. */
    public readonly trailLogGroupName: pulumi.Output<string | undefined>;
    public readonly configRecorderName: pulumi.Output<string>;
    public readonly alertTopicArn: pulumi.Output<string>;
    /** The topic's name, known at preview (auto-named): policies that must name the topic use it (DET-9). */
    public readonly alertTopicName: pulumi.Output<string>;
    public readonly alertsKeyArn: pulumi.Output<string>;
    /** The alert key's fixed alias, known at preview: publishers reach the key through it. */
    public readonly alertsKeyAliasName: pulumi.Output<string>;
    /** The key EBS uses by default; undefined when `ebsEncryptionByDefault` is false. */
    public readonly volumesKeyArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: ThreatDetectionArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const r = resolveThreatDetectionArgs(args);
        // The remediation role's and the audit bucket's names derive from ours: refuse a bad one before anything is registered.
        if (r.remediation) validateRemediationRoleName(name);
        validateSecureBucketName(childName(name, "audit"), args.auditBucketName);
        super(THREAT_DETECTION_TYPE, name, {}, opts);

        const ctx = awsContext(this);
        const tags = baselineTags(THREAT_DETECTION_TYPE, args.tags);
        const trailName = childName(name, "trail");

        // One audit key for the trail, its log group and Config deliveries (KMS-1: one key per purpose).
        const auditKey = new CustomerManagedKey(
            childName(name, "audit-key"),
            { purpose: "audit", services: ["cloudtrail", "logs", "config"], protect: r.protect, tags: args.tags },
            { parent: this },
        );
        const bucket = new SecureBucket(
            childName(name, "audit"),
            {
                kmsKeyArn: auditKey.arn,
                policyStatements: (bucketArn, c) => [
                    ...(r.cloudTrail ? cloudTrailBucketStatements(bucketArn, c, trailName) : []),
                    ...configBucketStatements(bucketArn, c),
                ],
                noncurrentVersionExpirationDays: args.auditBucketNoncurrentVersionExpirationDays,
                bucketName: args.auditBucketName,
                protect: r.protect,
                tags: args.tags,
            },
            { parent: this },
        );

        const guardDuty = createGuardDuty(name, this, r, tags);
        const config = createConfig(name, this, ctx, r, bucket, auditKey, tags);
        if (r.remediation) createRemediation(name, this, ctx, r, config.rules, tags);
        const cloudTrail = r.cloudTrail ? createCloudTrail(name, trailName, this, ctx, r, bucket, auditKey.arn, tags) : undefined;
        const securityHubAccount = r.securityHub ? createSecurityHub(name, this, ctx, r) : undefined;

        const alertsKey = new CustomerManagedKey(
            childName(name, "alerts-key"),
            { purpose: "alerts", services: ["events"], protect: r.protect, tags: args.tags },
            { parent: this },
        );
        const alerting = createAlerting(name, this, ctx, r, alertsKey.arn, tags);

        if (r.organizationMode) {
            createOrganization(
                name,
                this,
                ctx,
                r,
                { ...guardDuty, securityHubAccount, managementAccountProvider: args.managementAccountProvider },
                tags,
            );
        }

        const ebs = r.ebsEncryptionByDefault
            ? new EbsEncryptionByDefault(
                  childName(name, "ebs"),
                  { keyArn: args.volumesKeyArn, protect: r.protect, tags: args.tags },
                  { parent: this },
              )
            : undefined;

        this.detectorId = guardDuty.detector.id;
        this.auditBucketName = bucket.bucketName;
        this.auditBucketArn = bucket.arn;
        this.auditKeyArn = auditKey.arn;
        this.trailArn = cloudTrail ? cloudTrail.trail.arn : pulumi.output(undefined);
        this.trailLogGroupName = cloudTrail ? cloudTrail.logGroup.name : pulumi.output(undefined);
        this.configRecorderName = config.recorder.name;
        this.alertTopicArn = alerting.topicArn;
        this.alertTopicName = alerting.topic.name;
        this.alertsKeyArn = alertsKey.arn;
        this.alertsKeyAliasName = alertsKey.aliasName;
        this.volumesKeyArn = ebs ? ebs.keyArn : pulumi.output(undefined);
        this.registerOutputs({
            detectorId: this.detectorId,
            auditBucketName: this.auditBucketName,
            auditBucketArn: this.auditBucketArn,
            auditKeyArn: this.auditKeyArn,
            trailArn: this.trailArn,
            trailLogGroupName: this.trailLogGroupName,
            configRecorderName: this.configRecorderName,
            alertTopicArn: this.alertTopicArn,
            alertTopicName: this.alertTopicName,
            alertsKeyArn: this.alertsKeyArn,
            alertsKeyAliasName: this.alertsKeyAliasName,
            volumesKeyArn: this.volumesKeyArn,
        });
    }
}
