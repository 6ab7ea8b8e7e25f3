export { ThreatDetection, THREAT_DETECTION_TYPE } from "./ThreatDetection";
export { ThreatDetectionArgs, ResolvedDetectionArgs, resolveThreatDetectionArgs } from "./args";
export { GUARDDUTY_FEATURES, GuardDutyFeature, DEFAULT_GUARDDUTY_FEATURES, FINDING_PUBLISHING_FREQUENCIES, FindingPublishingFrequency, RuntimeAgentManagement, planGuardDutyFeatures } from "./guardDutyPlan";
export { MANAGED_RULES, ManagedRulePlan, recordingGroup } from "./configPlan";
export { CIS_VERSIONS, CisVersion } from "./securityHubPlan";
export { AlertSubscription, SUBSCRIPTION_PROTOCOLS, SubscriptionProtocol, guardDutyFindingPattern, configNonCompliantPattern, alertTopicPolicy } from "./alertingPlan";
