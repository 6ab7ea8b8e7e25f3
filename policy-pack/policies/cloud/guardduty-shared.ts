/**
 * DET-1 constants shared by the GuardDuty policies: the features the baseline requires and
 * the runtime-monitoring rules GuardDuty itself imposes.
 */
export const DETECTOR_TYPE = "aws:guardduty/detector:Detector";
export const DETECTOR_FEATURE_TYPE = "aws:guardduty/detectorFeature:DetectorFeature";

/** Features DET-1 requires on every detector (default of the `requiredFeatures` config key). */
export const REQUIRED_FEATURES: readonly string[] = ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"];

/** The two runtime-monitoring features; GuardDuty refuses both on one detector. */
export const RUNTIME_MONITORING = "RUNTIME_MONITORING";
export const EKS_RUNTIME_MONITORING = "EKS_RUNTIME_MONITORING";
export const RUNTIME_FEATURES: readonly string[] = [RUNTIME_MONITORING, EKS_RUNTIME_MONITORING];

/** Without it, runtime monitoring has no agent on EKS nodes and sees nothing there. */
export const EKS_ADDON_MANAGEMENT = "EKS_ADDON_MANAGEMENT";

export const ENABLED = "ENABLED";
export const DISABLED = "DISABLED";

export const GUARDDUTY_REFERENCES = [
    { framework: "FSBP", id: "GuardDuty.1" },
    { framework: "FSBP", id: "GuardDuty.5" },
    { framework: "FSBP", id: "GuardDuty.7" },
    { framework: "FSBP", id: "GuardDuty.11" },
] as const;

export const REQUIRED_FEATURES_CONFIG = {
    requiredFeatures: {
        type: "array",
        items: { type: "string" },
        default: [...REQUIRED_FEATURES],
        description: "GuardDuty detector features (DetectorFeature names) that must be present and ENABLED on every detector.",
    },
} as const;
