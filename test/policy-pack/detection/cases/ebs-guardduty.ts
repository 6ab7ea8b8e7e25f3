/** Cases of the EBS encryption (DATA-1) and GuardDuty (DET-1) policies. */
import type { Case } from "../../case";
import { TestResource, UNKNOWN, UNKNOWN_BOOL } from "../../runtime";
import { ebsDefaultKmsKey } from "../../../../policy-pack/policies/cloud/ebs-default-kms-key";
import { ebsEncryptionByDefaultEnabled } from "../../../../policy-pack/policies/cloud/ebs-encryption-by-default-enabled";
import { ebsVolumeEncrypted } from "../../../../policy-pack/policies/cloud/ebs-volume-encrypted";
import { guarddutyDetectorEnabled } from "../../../../policy-pack/policies/cloud/guardduty-detector-enabled";
import { guarddutyDetectorFeatures } from "../../../../policy-pack/policies/cloud/guardduty-detector-features";
import { guarddutyFeatureEnabled } from "../../../../policy-pack/policies/cloud/guardduty-feature-enabled";
import { KEY_ARN, MUST_BE_SET } from "./fixtures";

const feature = (name: string): TestResource => ({
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    name: `f-${name.toLowerCase()}`,
    props: { detectorId: UNKNOWN, name, status: "ENABLED" },
    propertyDependencies: { detectorId: ["detector"] },
});

/** EBS encryption by default, volumes and the default key (DATA-1). */
export const EBS_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ebsEncryptionByDefaultEnabled,
        type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
        name: "ebs-default",
        compliant: { enabled: true },
        violations: [
            {
                what: "enabled false",
                path: "enabled",
                value: false,
                match: /\[DATA-1\] EBS encryption by default "ebs-default" sets enabled: false/,
            },
        ],
        alsoCompliant: [{ what: "enabled unset (default true)", path: "enabled", value: undefined }],
        unknowns: [{ what: "unknown enabled", path: "enabled", value: UNKNOWN_BOOL }],
    },
    {
        kind: "resource",
        policy: ebsVolumeEncrypted,
        type: "aws:ebs/volume:Volume",
        name: "data",
        compliant: { availabilityZone: "us-east-1a", size: 20, encrypted: true, kmsKeyId: KEY_ARN, tags: {} },
        violations: [
            { what: "encrypted false", path: "encrypted", value: false, match: /\[DATA-1\] EBS volume "data" is not encrypted/ },
            { what: "encrypted unset", path: "encrypted", value: undefined, match: /unset, default false/ },
        ],
        unknowns: [{ what: "unknown encrypted", path: "encrypted", value: UNKNOWN_BOOL }],
    },
    {
        kind: "stack",
        policy: ebsDefaultKmsKey,
        subject: "ebs-default",
        compliant: [
            { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "ebs-default", props: { enabled: true } },
            { type: "aws:ebs/defaultKmsKey:DefaultKmsKey", name: "ebs-key", props: { keyArn: KEY_ARN } },
        ],
        violations: [
            { what: "no DefaultKmsKey", resource: "ebs-key", path: "", value: "DROP", match: /\[DATA-1\] .*has no aws.ebs.DefaultKmsKey/ },
        ],
        alsoCompliant: [{ what: "an unknown key ARN", resource: "ebs-key", path: "keyArn", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
];

/** The GuardDuty detector and its features (DET-1). */
export const GUARDDUTY_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: guarddutyDetectorEnabled,
        type: "aws:guardduty/detector:Detector",
        name: "detector",
        compliant: { enable: true, tags: {} },
        violations: [
            { what: "enable false", path: "enable", value: false, match: /\[DET-1\] GuardDuty detector "detector" sets enable: false/ },
        ],
        unknowns: [{ what: "unknown enable", path: "enable", value: UNKNOWN_BOOL }],
    },
    {
        kind: "resource",
        policy: guarddutyFeatureEnabled,
        type: "aws:guardduty/detectorFeature:DetectorFeature",
        name: "runtime",
        compliant: {
            detectorId: "d-1",
            name: "RUNTIME_MONITORING",
            status: "ENABLED",
            additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }],
        },
        violations: [
            {
                what: "status DISABLED",
                path: "status",
                value: "DISABLED",
                match: /\[DET-1\] GuardDuty feature RUNTIME_MONITORING on "runtime" has status "DISABLED"/,
            },
            {
                what: "EKS add-on management off",
                path: "additionalConfigurations.0.status",
                value: "DISABLED",
                match: /does not enable EKS_ADDON_MANAGEMENT/,
            },
        ],
        unknowns: [
            { what: "unknown status", path: "status", value: UNKNOWN },
            { what: "unknown feature name", path: "name", value: UNKNOWN },
        ],
    },
    {
        kind: "stack",
        policy: guarddutyDetectorFeatures,
        subject: "detector",
        compliant: [
            { type: "aws:guardduty/detector:Detector", name: "detector", props: { enable: true } },
            ...["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"].map(feature),
        ],
        violations: [
            {
                what: "no S3 data events feature",
                resource: "f-s3_data_events",
                path: "",
                value: "DROP",
                match: /\[DET-1\] GuardDuty detector "detector" has no DetectorFeature for S3_DATA_EVENTS/,
            },
            {
                what: "both runtime features",
                resource: "f-eks_audit_logs",
                path: "name",
                value: "EKS_RUNTIME_MONITORING",
                match: /has both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING/,
            },
        ],
        unknowns: [{ what: "an unknown feature name", resource: "f-ebs_malware_protection", path: "name", value: UNKNOWN }],
    },
];
