/**
 * Pure GuardDuty planning (DET-1): which detector features to enable and with which agent-management
 * settings. GuardDuty refuses EKS_RUNTIME_MONITORING and RUNTIME_MONITORING together (the latter
 * supersedes the former), so the plan rejects that pair instead of letting the API fail at `up`.
 */
import { Reporter, reporter } from "../common/validation";

/** Detector features GuardDuty accepts (closed set; an unknown name is a validation error). */
export const GUARDDUTY_FEATURES = [
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "EKS_RUNTIME_MONITORING",
    "LAMBDA_NETWORK_LOGS",
    "RUNTIME_MONITORING",
] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/** DET-1 defaults: EKS audit logs, runtime monitoring (with EKS add-on management), S3 data events, EBS malware scans. */
export const DEFAULT_GUARDDUTY_FEATURES: readonly GuardDutyFeature[] = [
    "EKS_AUDIT_LOGS",
    "RUNTIME_MONITORING",
    "S3_DATA_EVENTS",
    "EBS_MALWARE_PROTECTION",
];

export const FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingPublishingFrequency = (typeof FINDING_PUBLISHING_FREQUENCIES)[number];
/** Fastest export to EventBridge, so alerts (DET-6) are not held back for hours. */
export const DEFAULT_FINDING_PUBLISHING_FREQUENCY: FindingPublishingFrequency = "FIFTEEN_MINUTES";

/** Agent management for runtime monitoring: which workloads get the GuardDuty security agent automatically. */
export interface RuntimeAgentManagement {
    /** The EKS add-on on every cluster (needed for EKS runtime findings). @default true */
    readonly eksAddon?: boolean;
    /** The sidecar on ECS Fargate tasks. @default false (this baseline runs no ECS) */
    readonly ecsFargate?: boolean;
    /** The SSM-managed agent on EC2 instances. @default false (EKS nodes are covered by the add-on) */
    readonly ec2?: boolean;
}

export interface FeatureAdditionalConfiguration {
    readonly name: "EKS_ADDON_MANAGEMENT" | "ECS_FARGATE_AGENT_MANAGEMENT" | "EC2_AGENT_MANAGEMENT";
    readonly status: "ENABLED" | "DISABLED";
}

export interface PlannedFeature {
    readonly name: GuardDutyFeature;
    readonly status: "ENABLED";
    readonly additionalConfigurations: readonly FeatureAdditionalConfiguration[];
}

const RUNTIME_FEATURES: readonly GuardDutyFeature[] = ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"];

function status(on: boolean): "ENABLED" | "DISABLED" {
    return on ? "ENABLED" : "DISABLED";
}

/** Validates the feature list: known names only, never both runtime-monitoring features. */
export function validateGuardDutyFeatures(
    features: readonly string[],
    r: Reporter = reporter("ThreatDetection"),
): asserts features is readonly GuardDutyFeature[] {
    features.forEach((f, i) => {
        if (!(GUARDDUTY_FEATURES as readonly string[]).includes(f)) {
            r.fail({
                path: ["guardDutyFeatures", i],
                value: f,
                problem: "is not a GuardDuty feature",
                allowed: `use one of ${GUARDDUTY_FEATURES.join(", ")}`,
            });
        }
    });
    if (RUNTIME_FEATURES.every((f) => features.includes(f))) {
        r.fail({
            path: ["guardDutyFeatures"],
            value: features,
            shown: "",
            problem: 'lists both "EKS_RUNTIME_MONITORING" and "RUNTIME_MONITORING"; GuardDuty refuses both at once',
            allowed: 'keep "RUNTIME_MONITORING" (it covers EKS)',
        });
    }
}

/** The features to enable, in the catalogue's order (stable diffs), each with its agent-management settings. */
export function planGuardDutyFeatures(features: readonly string[], agents: RuntimeAgentManagement = {}): PlannedFeature[] {
    validateGuardDutyFeatures(features);
    return GUARDDUTY_FEATURES.filter((f) => features.includes(f)).map((name) => {
        let additionalConfigurations: FeatureAdditionalConfiguration[] = [];
        if (name === "RUNTIME_MONITORING") {
            additionalConfigurations = [
                { name: "EKS_ADDON_MANAGEMENT", status: status(agents.eksAddon ?? true) },
                { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: status(agents.ecsFargate ?? false) },
                { name: "EC2_AGENT_MANAGEMENT", status: status(agents.ec2 ?? false) },
            ];
        } else if (name === "EKS_RUNTIME_MONITORING") {
            additionalConfigurations = [{ name: "EKS_ADDON_MANAGEMENT", status: status(agents.eksAddon ?? true) }];
        }
        return { name, status: "ENABLED", additionalConfigurations };
    });
}

/** GuardDuty severities run from 1.0 (low) to 8.9 (high); 7.0 and up is "High". */
export const MIN_GUARDDUTY_SEVERITY = 1;
export const MAX_GUARDDUTY_SEVERITY = 8.9;
/** Alert on High findings by default: they page someone; Low/Medium stay visible in GuardDuty and Security Hub. */
export const DEFAULT_ALERT_SEVERITY = 7;

export function validateAlertSeverity(severity: number, r: Reporter = reporter("ThreatDetection")): void {
    if (!Number.isFinite(severity) || severity < MIN_GUARDDUTY_SEVERITY || severity > MAX_GUARDDUTY_SEVERITY) {
        r.fail({
            path: ["alertSeverityThreshold"],
            value: severity,
            problem: "is not a GuardDuty severity",
            allowed: `use a number from ${MIN_GUARDDUTY_SEVERITY} to ${MAX_GUARDDUTY_SEVERITY} (7 = High, 4 = Medium)`,
        });
    }
}

export function validateFindingPublishingFrequency(value: string, r: Reporter = reporter("ThreatDetection")): void {
    if (!(FINDING_PUBLISHING_FREQUENCIES as readonly string[]).includes(value)) {
        r.fail({
            path: ["findingPublishingFrequency"],
            value,
            problem: "is not allowed",
            allowed: `use one of ${FINDING_PUBLISHING_FREQUENCIES.join(", ")}`,
        });
    }
}
