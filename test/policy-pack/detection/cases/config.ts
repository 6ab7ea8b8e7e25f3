/** Cases of the AWS Config policies: recorder, delivery, managed rules, remediation (DET-2, DET-3, DET-8). */
import type { Case } from "../../case";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL } from "../../runtime";
import { configDeliveryChannelS3 } from "../../../../policy-pack/policies/cloud/config-delivery-channel-s3";
import { BASELINE_MANAGED_RULES, configManagedRules } from "../../../../policy-pack/policies/cloud/config-managed-rules";
import { configRecorderAllResources } from "../../../../policy-pack/policies/cloud/config-recorder-all-resources";
import { configRecorderEnabled } from "../../../../policy-pack/policies/cloud/config-recorder-enabled";
import { configRecorderRunning } from "../../../../policy-pack/policies/cloud/config-recorder-running";
import { configRemediationBounded } from "../../../../policy-pack/policies/cloud/config-remediation-bounded";
import { KEY_ARN, MUST_BE_SET } from "./fixtures";

/** AWS Config recorders, delivery channels, managed rules and remediations. */
export const CONFIG_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: configRecorderAllResources,
        type: "aws:cfg/recorder:Recorder",
        name: "recorder",
        compliant: {
            roleArn: "arn:aws:iam::123456789012:role/config",
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
        violations: [
            {
                what: "allSupported false",
                path: "recordingGroup.allSupported",
                value: false,
                match: /\[DET-2\] Config recorder "recorder" sets recordingGroup.allSupported: false/,
            },
            {
                what: "global types off where required",
                path: "recordingGroup.includeGlobalResourceTypes",
                value: false,
                match: /does not record global resource types/,
                config: { requireGlobalResourceTypes: true },
            },
        ],
        alsoCompliant: [
            { what: "global types off outside the home region", path: "recordingGroup.includeGlobalResourceTypes", value: false },
        ],
        unknowns: [
            { what: "unknown allSupported", path: "recordingGroup.allSupported", value: UNKNOWN_BOOL },
            { what: "unknown exclusions", path: "recordingGroup.exclusionByResourceTypes", value: UNKNOWN_ARRAY },
        ],
    },
    {
        kind: "resource",
        policy: configRecorderEnabled,
        type: "aws:cfg/recorderStatus:RecorderStatus",
        name: "status",
        compliant: { name: "default", isEnabled: true },
        violations: [
            {
                what: "isEnabled false",
                path: "isEnabled",
                value: false,
                match: /\[DET-2\] Config recorder status "status" does not set isEnabled: true/,
            },
        ],
        unknowns: [{ what: "unknown isEnabled", path: "isEnabled", value: UNKNOWN_BOOL }],
    },
    {
        kind: "resource",
        policy: configDeliveryChannelS3,
        type: "aws:cfg/deliveryChannel:DeliveryChannel",
        name: "channel",
        compliant: { s3BucketName: "config-history", s3KmsKeyArn: KEY_ARN },
        violations: [
            {
                what: "no bucket",
                path: "s3BucketName",
                value: undefined,
                match: /\[DET-2\] Config delivery channel "channel" has no s3BucketName/,
            },
            {
                what: "no KMS key where required",
                path: "s3KmsKeyArn",
                value: "",
                match: /has no s3KmsKeyArn/,
                config: { requireKmsKey: true },
            },
        ],
        alsoCompliant: [{ what: "an unknown bucket name", path: "s3BucketName", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
    {
        kind: "resource",
        policy: configRemediationBounded,
        type: "aws:cfg/remediationConfiguration:RemediationConfiguration",
        name: "sg-fix",
        compliant: {
            configRuleName: "default-sg-closed",
            targetType: "SSM_DOCUMENT",
            targetId: "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules",
            parameters: [
                { name: "AutomationAssumeRole", staticValue: "arn:aws:iam::123456789012:role/remediation" },
                { name: "GroupId", resourceValue: "RESOURCE_ID" },
            ],
            automatic: true,
            maximumAutomaticAttempts: 3,
            retryAttemptSeconds: 300,
        },
        violations: [
            {
                what: "no retry limit",
                path: "maximumAutomaticAttempts",
                value: undefined,
                match: /\[DET-8\] Config remediation "sg-fix" is automatic but sets no maximumAutomaticAttempts/,
            },
            { what: "no retry window", path: "retryAttemptSeconds", value: undefined, match: /sets no retryAttemptSeconds/ },
            {
                what: "no automation role",
                path: "parameters",
                value: [{ name: "GroupId", resourceValue: "RESOURCE_ID" }],
                match: /with no AutomationAssumeRole static parameter/,
            },
        ],
        alsoCompliant: [{ what: "a manual remediation", path: "automatic", value: false }],
        unknowns: [
            { what: "unknown automatic", path: "automatic", value: UNKNOWN_BOOL },
            { what: "unknown attempts", path: "maximumAutomaticAttempts", value: UNKNOWN },
        ],
    },
    {
        kind: "stack",
        policy: configRecorderRunning,
        subject: "recorder",
        compliant: [
            { type: "aws:cfg/recorder:Recorder", name: "recorder", props: { roleArn: "arn:aws:iam::123456789012:role/config" } },
            {
                type: "aws:cfg/recorderStatus:RecorderStatus",
                name: "status",
                props: { name: UNKNOWN, isEnabled: true },
                propertyDependencies: { name: ["recorder"] },
            },
            { type: "aws:cfg/deliveryChannel:DeliveryChannel", name: "channel", props: { s3BucketName: "b" } },
        ],
        violations: [
            {
                what: "no recorder status",
                resource: "status",
                path: "",
                value: "DROP",
                match: /\[DET-2\] Config recorder "recorder" has no RecorderStatus/,
            },
            { what: "no delivery channel", resource: "channel", path: "", value: "DROP", match: /has no delivery channel in this stack/ },
        ],
        unknowns: [],
        unknownsNeverMatter: "links are property dependencies, which are known at preview; no property value is compared",
    },
    {
        kind: "stack",
        policy: configManagedRules,
        subject: "recorder",
        compliant: [
            { type: "aws:cfg/recorder:Recorder", name: "recorder", props: { roleArn: "arn:aws:iam::123456789012:role/config" } },
            ...BASELINE_MANAGED_RULES.map((id): TestResource => ({
                type: "aws:cfg/rule:Rule",
                name: `rule-${id}`,
                props: { name: id.toLowerCase(), source: { owner: "AWS", sourceIdentifier: id } },
            })),
        ],
        violations: [
            {
                what: "a baseline managed rule missing",
                resource: "rule-EC2_IMDSV2_CHECK",
                path: "",
                value: "DROP",
                match: /\[DET-3\] Config recorder "recorder" has no AWS managed rule EC2_IMDSV2_CHECK in this stack/,
            },
            {
                what: "a rule of that name that is not AWS-owned",
                resource: "rule-EKS_SECRETS_ENCRYPTED",
                path: "source.owner",
                value: "CUSTOM_LAMBDA",
                match: /has no AWS managed rule EKS_SECRETS_ENCRYPTED/,
            },
        ],
        alsoCompliant: [
            {
                what: "a rule with a custom parameter set",
                resource: "rule-VPC_FLOW_LOGS_ENABLED",
                path: "inputParameters",
                value: '{"trafficType":"ALL"}',
            },
        ],
        unknowns: [
            {
                what: "an unknown identifier where a rule would be missing",
                resource: "rule-EC2_IMDSV2_CHECK",
                path: "source.sourceIdentifier",
                value: UNKNOWN,
            },
            {
                what: "an unknown owner where a rule would be missing",
                resource: "rule-S3_BUCKET_SSL_REQUESTS_ONLY",
                path: "source.owner",
                value: UNKNOWN,
            },
        ],
    },
];
