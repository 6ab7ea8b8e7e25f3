/**
 * The `detection` section: ThreatDetection arguments (DET-1..DET-7, DATA-1) from flat keys. Defaults come
 * from the component itself (resolveThreatDetectionArgs({})), so the stack cannot drift from them; the
 * component's validators check values, naming config keys (its argument names are the keys' names).
 */
import {
    AlertSubscription,
    ArgPath,
    Naming,
    CIS_VERSIONS,
    FINDING_PUBLISHING_FREQUENCIES,
    GUARDDUTY_FEATURES,
    LOG_RETENTION_DAYS,
    REMEDIABLE_RULES,
    REMEDIATION_MAX_ATTEMPTS_LIMIT,
    REMEDIATION_RETRY_SECONDS_LIMIT,
    ThreatDetectionArgs,
    resolveThreatDetectionArgs,
} from "../../components";
import { booleanField, integerField, numberOneOfField, oneOfField, oneOfListField, stringField, stringListField } from "./fields";
import { configNaming } from "./naming";
import { z } from "zod";

/** The component's defaults, applied once by the component and read here for the key defaults. */
const DEFAULTS = resolveThreatDetectionArgs({});

/**
 * Alert threshold as a whole GuardDuty severity: 7 = High, 4 = Medium, 1 = Low. Pulumi.yaml has no number
 * type, so fractional thresholds (which GuardDuty severities allow) are not offered.
 */
export const MIN_ALERT_SEVERITY = 1;
export const MAX_ALERT_SEVERITY = 8;

export const DETECTION_KEYS = {
    guardDutyFeatures: oneOfListField(GUARDDUTY_FEATURES, DEFAULTS.guardDutyFeatures),
    findingPublishingFrequency: oneOfField(FINDING_PUBLISHING_FREQUENCIES, DEFAULTS.findingPublishingFrequency),
    alertSeverityThreshold: integerField(MIN_ALERT_SEVERITY, MAX_ALERT_SEVERITY, DEFAULTS.alertSeverityThreshold),
    alertEmails: stringListField([]),
    alertHttpsEndpoints: stringListField([]),
    securityHub: booleanField(DEFAULTS.securityHub),
    securityHubCisVersion: oneOfField(CIS_VERSIONS, DEFAULTS.securityHubCisVersion),
    organizationMode: booleanField(DEFAULTS.organizationMode),
    /** Empty means none (only valid without organizationMode). */
    delegatedAdminAccountId: stringField(""),
    /** Empty means the region the stack deploys to. */
    configHomeRegion: stringField(""),
    configRules: booleanField(DEFAULTS.configRules),
    /** DET-8; with configRules false there is nothing to remediate, so it is off. */
    remediation: booleanField(DEFAULTS.remediation),
    remediationOptOut: oneOfListField(REMEDIABLE_RULES, []),
    remediationMaxAttempts: integerField(1, REMEDIATION_MAX_ATTEMPTS_LIMIT, DEFAULTS.remediationMaxAttempts),
    remediationRetrySeconds: integerField(1, REMEDIATION_RETRY_SECONDS_LIMIT, DEFAULTS.remediationRetrySeconds),
    cloudTrail: booleanField(DEFAULTS.cloudTrail),
    trailLogRetentionDays: numberOneOfField(LOG_RETENTION_DAYS, DEFAULTS.trailLogRetentionDays, "a CloudWatch Logs retention"),
    ebsEncryptionByDefault: booleanField(DEFAULTS.ebsEncryptionByDefault),
} as const;

type DetectionKey = keyof typeof DETECTION_KEYS;
type ParsedDetection = z.output<z.ZodObject<typeof DETECTION_KEYS>>;

/** ThreatDetection arguments from config (the program adds protect and, if it chose to, a volumes key). */
export type DetectionConfig = Required<
    Pick<
        ThreatDetectionArgs,
        | "guardDutyFeatures"
        | "findingPublishingFrequency"
        | "alertSeverityThreshold"
        | "alertSubscriptions"
        | "securityHub"
        | "securityHubCisVersion"
        | "organizationMode"
        | "configRules"
        | "remediation"
        | "remediationOptOut"
        | "remediationMaxAttempts"
        | "remediationRetrySeconds"
        | "cloudTrail"
        | "trailLogRetentionDays"
        | "ebsEncryptionByDefault"
    >
> &
    Pick<ThreatDetectionArgs, "delegatedAdminAccountId" | "configHomeRegion">;

export function detectionSection(v: ParsedDetection): DetectionConfig {
    const emails: AlertSubscription[] = v.alertEmails.map((endpoint) => ({ protocol: "email", endpoint }));
    const https: AlertSubscription[] = v.alertHttpsEndpoints.map((endpoint) => ({ protocol: "https", endpoint }));
    // Each list is checked on its own so the index in the message is the index in that key: subscription i's
    // endpoint is entry i of the list it came from.
    const fromList = (listKey: DetectionKey): Naming => ({
        ...configNaming({}),
        locate: (p: ArgPath): ArgPath => (p[0] === "alertSubscriptions" ? [listKey, p[1]] : p),
    });
    resolveThreatDetectionArgs({ alertSubscriptions: emails }, fromList("alertEmails"));
    resolveThreatDetectionArgs({ alertSubscriptions: https }, fromList("alertHttpsEndpoints"));

    const config: DetectionConfig = {
        guardDutyFeatures: v.guardDutyFeatures,
        findingPublishingFrequency: v.findingPublishingFrequency,
        alertSeverityThreshold: v.alertSeverityThreshold,
        alertSubscriptions: [...emails, ...https],
        securityHub: v.securityHub,
        securityHubCisVersion: v.securityHubCisVersion,
        organizationMode: v.organizationMode,
        delegatedAdminAccountId: v.delegatedAdminAccountId === "" ? undefined : v.delegatedAdminAccountId,
        configHomeRegion: v.configHomeRegion === "" ? undefined : v.configHomeRegion,
        configRules: v.configRules,
        remediation: v.configRules && v.remediation,
        remediationOptOut: v.remediationOptOut,
        remediationMaxAttempts: v.remediationMaxAttempts,
        remediationRetrySeconds: v.remediationRetrySeconds,
        cloudTrail: v.cloudTrail,
        trailLogRetentionDays: v.trailLogRetentionDays,
        ebsEncryptionByDefault: v.ebsEncryptionByDefault,
    };
    // ThreatDetection's argument names are the config keys' names.
    resolveThreatDetectionArgs(config, configNaming({}));
    return config;
}
