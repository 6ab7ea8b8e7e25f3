import * as pulumi from "@pulumi/pulumi";
import { Naming, reporter } from "../common/validation";
import { Tags } from "../common/tags";
import { AlertSubscription, validateSubscriptions } from "./alertingPlan";
import { validateHomeRegion } from "./configPlan";
import { DEFAULT_LOG_RETENTION_DAYS, validateLogRetention } from "./cloudTrailPlan";
import {
    DEFAULT_ALERT_SEVERITY,
    DEFAULT_FINDING_PUBLISHING_FREQUENCY,
    DEFAULT_GUARDDUTY_FEATURES,
    FindingPublishingFrequency,
    GuardDutyFeature,
    RuntimeAgentManagement,
    validateAlertSeverity,
    validateFindingPublishingFrequency,
    validateGuardDutyFeatures,
} from "./guardDutyPlan";
import { validateOrganizationArgs } from "./organizationPlan";
import { CisVersion, DEFAULT_CIS_VERSION, validateCisVersion } from "./securityHubPlan";
import { DEFAULT_REMEDIATION_MAX_ATTEMPTS, DEFAULT_REMEDIATION_RETRY_SECONDS, validateRemediationArgs } from "./remediationPlan";

export interface ThreatDetectionArgs {
    /**
     * DET-1: GuardDuty detector features. Never list both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING.
     * Dropping one removes that visibility (e.g. without EKS_AUDIT_LOGS, Kubernetes API abuse goes unseen).
     * @default ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"]
     */
    readonly guardDutyFeatures?: readonly GuardDutyFeature[];
    /** DET-1: which workloads get the runtime agent automatically. @default { eksAddon: true, ecsFargate: false, ec2: false } */
    readonly runtimeAgentManagement?: RuntimeAgentManagement;
    /** DET-1: how often GuardDuty exports updated findings. @default "FIFTEEN_MINUTES" */
    readonly findingPublishingFrequency?: FindingPublishingFrequency;
    /**
     * DET-2: the one region whose recorder also records global resource types (IAM). Set it when the
     * baseline is deployed to several regions, or global resources are recorded (and billed) in each.
     * @default the region this component is deployed to
     */
    readonly configHomeRegion?: string;
    /** DET-3: create the managed Config rules. @default true */
    readonly configRules?: boolean;
    /**
     * DET-8: remediate the DET-3 rules that have a safe AWS-managed SSM Automation document automatically
     * (REMEDIATIONS: default-sg-closed, restricted-ssh, key-rotation, bucket-public-access-blocked). Off, a
     * non-compliant resource is only alerted (DET-6) and waits for a human. Needs configRules.
     * @default configRules
     */
    readonly remediation?: boolean;
    /** DET-8: rule keys (from REMEDIABLE_RULES) left to manual remediation. @default [] */
    readonly remediationOptOut?: readonly string[];
    /** DET-8: attempts per non-compliant resource within remediationRetrySeconds (1–25). @default 3 */
    readonly remediationMaxAttempts?: number;
    /** DET-8: the window, in seconds, that remediationMaxAttempts counts over (1–2678000). @default 300 */
    readonly remediationRetrySeconds?: number;
    /**
     * DET-4: create the CloudTrail trail. The trail is multi-region, so an account needs exactly one:
     * turn it off in every additional region this component is deployed to. @default true
     */
    readonly cloudTrail?: boolean;
    /** DET-4: retention of the trail's CloudWatch log group, in days (a CloudWatch Logs value). @default 365 */
    readonly trailLogRetentionDays?: number;
    /** DET-2/DET-4: days after which noncurrent versions in the audit bucket expire. @default undefined (kept) */
    readonly auditBucketNoncurrentVersionExpirationDays?: number;
    /**
     * Physical name of the audit bucket (DATA-2). Set it to keep the name of an audit bucket created
     * before names were fixed, or when the generated name does not fit.
     * @default `<name>-audit-<accountId>-<region>` (see SecureBucketArgs.bucketName)
     */
    readonly auditBucketName?: string;
    /**
     * DET-5: Security Hub with the FSBP and CIS standards. On by default: it is the one place that scores
     * the account against most of this catalogue. Turning it off loses those checks, not the alerts.
     * @default true
     */
    readonly securityHub?: boolean;
    /** DET-5: CIS AWS Foundations Benchmark version. @default "3.0.0" */
    readonly securityHubCisVersion?: CisVersion;
    /** DET-6: GuardDuty findings at or above this severity (1–8.9) are sent to the alert topic. @default 7 (High) */
    readonly alertSeverityThreshold?: number;
    /** DET-6: who receives alerts (email addresses, https endpoints). Each must be confirmed. @default [] */
    readonly alertSubscriptions?: readonly AlertSubscription[];
    /**
     * DET-7: organization mode. This component then runs in the delegated administrator (security)
     * account; the delegations are made with `managementAccountProvider`. @default false
     */
    readonly organizationMode?: boolean;
    /** DET-7: 12-digit id of the delegated administrator account. Required when organizationMode is on. */
    readonly delegatedAdminAccountId?: string;
    /**
     * DET-7: provider for the organization's management account, which alone may name a delegated
     * administrator. @default the component's own provider (right only if this stack runs there)
     */
    readonly managementAccountProvider?: pulumi.ProviderResource;
    /** DATA-1: EBS encryption by default in this region. @default true */
    readonly ebsEncryptionByDefault?: boolean;
    /** DATA-1: key for EBS default encryption. @default a new "volumes" CustomerManagedKey (auto scaling may use it) */
    readonly volumesKeyArn?: pulumi.Input<string>;
    /**
     * Protects keys, the audit bucket, the trail, the log group and the detector from destroy/replace.
     * @default true
     */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/** Arguments with every default applied once. */
export interface ResolvedDetectionArgs {
    readonly guardDutyFeatures: readonly GuardDutyFeature[];
    readonly runtimeAgentManagement: RuntimeAgentManagement;
    readonly findingPublishingFrequency: FindingPublishingFrequency;
    readonly configHomeRegion?: string;
    readonly configRules: boolean;
    readonly remediation: boolean;
    readonly remediationOptOut: readonly string[];
    readonly remediationMaxAttempts: number;
    readonly remediationRetrySeconds: number;
    readonly cloudTrail: boolean;
    readonly trailLogRetentionDays: number;
    readonly securityHub: boolean;
    readonly securityHubCisVersion: CisVersion;
    readonly alertSeverityThreshold: number;
    readonly alertSubscriptions: readonly AlertSubscription[];
    readonly organizationMode: boolean;
    readonly delegatedAdminAccountId?: string;
    readonly ebsEncryptionByDefault: boolean;
    readonly protect: boolean;
}

/**
 * Validates every argument before any resource exists, and applies defaults. Messages name paths by `naming`
 * (a stack's config keys) when given, else as ThreatDetection's arguments.
 */
export function resolveThreatDetectionArgs(args: ThreatDetectionArgs, naming?: Naming): ResolvedDetectionArgs {
    const r: ResolvedDetectionArgs = {
        guardDutyFeatures: args.guardDutyFeatures ?? DEFAULT_GUARDDUTY_FEATURES,
        runtimeAgentManagement: args.runtimeAgentManagement ?? {},
        findingPublishingFrequency: args.findingPublishingFrequency ?? DEFAULT_FINDING_PUBLISHING_FREQUENCY,
        configHomeRegion: args.configHomeRegion,
        configRules: args.configRules ?? true,
        remediation: args.remediation ?? args.configRules ?? true,
        remediationOptOut: args.remediationOptOut ?? [],
        remediationMaxAttempts: args.remediationMaxAttempts ?? DEFAULT_REMEDIATION_MAX_ATTEMPTS,
        remediationRetrySeconds: args.remediationRetrySeconds ?? DEFAULT_REMEDIATION_RETRY_SECONDS,
        cloudTrail: args.cloudTrail ?? true,
        trailLogRetentionDays: args.trailLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        securityHub: args.securityHub ?? true,
        securityHubCisVersion: args.securityHubCisVersion ?? DEFAULT_CIS_VERSION,
        alertSeverityThreshold: args.alertSeverityThreshold ?? DEFAULT_ALERT_SEVERITY,
        alertSubscriptions: args.alertSubscriptions ?? [],
        organizationMode: args.organizationMode ?? false,
        delegatedAdminAccountId: args.delegatedAdminAccountId,
        ebsEncryptionByDefault: args.ebsEncryptionByDefault ?? true,
        protect: args.protect ?? true,
    };
    const report = reporter("ThreatDetection", naming);
    validateGuardDutyFeatures(r.guardDutyFeatures, report);
    validateFindingPublishingFrequency(r.findingPublishingFrequency, report);
    if (r.configHomeRegion !== undefined) validateHomeRegion(r.configHomeRegion, report);
    validateRemediationArgs(r, report);
    validateLogRetention(r.trailLogRetentionDays, report);
    validateCisVersion(r.securityHubCisVersion, report);
    validateAlertSeverity(r.alertSeverityThreshold, report);
    validateSubscriptions(r.alertSubscriptions, report);
    validateOrganizationArgs(r.organizationMode, r.delegatedAdminAccountId, report);
    return r;
}
