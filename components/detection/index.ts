export { ThreatDetection, THREAT_DETECTION_TYPE } from "./ThreatDetection";
export { ThreatDetectionArgs, ResolvedDetectionArgs, resolveThreatDetectionArgs } from "./args";
export {
    GUARDDUTY_FEATURES,
    GuardDutyFeature,
    DEFAULT_GUARDDUTY_FEATURES,
    FINDING_PUBLISHING_FREQUENCIES,
    FindingPublishingFrequency,
    RuntimeAgentManagement,
    planGuardDutyFeatures,
} from "./guardDutyPlan";
export { MANAGED_RULES, ManagedRulePlan, recordingGroup } from "./configPlan";
export { CIS_VERSIONS, CisVersion } from "./securityHubPlan";
export {
    AlertSubscription,
    SUBSCRIPTION_PROTOCOLS,
    SubscriptionProtocol,
    guardDutyFindingPattern,
    configNonCompliantPattern,
    alertTopicPolicy,
} from "./alertingPlan";
export {
    REMEDIATIONS,
    REMEDIABLE_RULES,
    RemediationPlan,
    RemediableRule,
    DEFAULT_REMEDIATION_MAX_ATTEMPTS,
    DEFAULT_REMEDIATION_RETRY_SECONDS,
    REMEDIATION_MAX_ATTEMPTS_LIMIT,
    REMEDIATION_RETRY_SECONDS_LIMIT,
    remediationRolePolicy,
    remediationTrustPolicy,
} from "./remediationPlan";
