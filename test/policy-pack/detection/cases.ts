/**
 * Case lists (see ../cases.ts) for the detection, DATA-1 and cluster policies: one
 * compliant resource or stack, one-field violations and unknowns. ../cases.ts spreads
 * DETECTION_CASES into CASES, so policies.test.ts runs them both ways, exemptions.test.ts
 * checks exemptions and fuzz.test.ts mutates the fixtures. Type-only imports from
 * ../cases keep the two modules free of an import cycle at run time.
 */
import type { Case } from "../case";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL } from "../runtime";
import { cloudtrailTrailHardened } from "../../../policy-pack/policies/cloud/cloudtrail-trail-hardened";
import { configDeliveryChannelS3 } from "../../../policy-pack/policies/cloud/config-delivery-channel-s3";
import { BASELINE_MANAGED_RULES, configManagedRules } from "../../../policy-pack/policies/cloud/config-managed-rules";
import { configRecorderAllResources } from "../../../policy-pack/policies/cloud/config-recorder-all-resources";
import { configRecorderEnabled } from "../../../policy-pack/policies/cloud/config-recorder-enabled";
import { configRecorderRunning } from "../../../policy-pack/policies/cloud/config-recorder-running";
import { configRemediationBounded } from "../../../policy-pack/policies/cloud/config-remediation-bounded";
import { ebsDefaultKmsKey } from "../../../policy-pack/policies/cloud/ebs-default-kms-key";
import { ebsEncryptionByDefaultEnabled } from "../../../policy-pack/policies/cloud/ebs-encryption-by-default-enabled";
import { ebsVolumeEncrypted } from "../../../policy-pack/policies/cloud/ebs-volume-encrypted";
import { guarddutyDetectorEnabled } from "../../../policy-pack/policies/cloud/guardduty-detector-enabled";
import { guarddutyDetectorFeatures } from "../../../policy-pack/policies/cloud/guardduty-detector-features";
import { guarddutyFeatureEnabled } from "../../../policy-pack/policies/cloud/guardduty-feature-enabled";
import { iamPolicyNoWildcardAction } from "../../../policy-pack/policies/cloud/iam-policy-no-wildcard-action";
import { snsTopicEncrypted } from "../../../policy-pack/policies/cloud/sns-topic-encrypted";
import { eksClusterAdminAllowlist } from "../../../policy-pack/policies/cluster/eks-cluster-admin-allowlist";
import { eksClusterUpgradePolicyStandard } from "../../../policy-pack/policies/cluster/eks-cluster-upgrade-policy-standard";
import { eksClusterVersionSupported } from "../../../policy-pack/policies/cluster/eks-cluster-version-supported";
import { eksIrsaTrustScoped } from "../../../policy-pack/policies/cluster/eks-irsa-trust-scoped";
import { eksPodIdentityTrustScoped } from "../../../policy-pack/policies/cluster/eks-pod-identity-trust-scoped";
import { eksNodeGroupAmiType } from "../../../policy-pack/policies/cluster/eks-node-group-ami-type";
import { eksNodeGroupLaunchTemplate } from "../../../policy-pack/policies/cluster/eks-node-group-launch-template";
import { eksVpcCniNetworkPolicy } from "../../../policy-pack/policies/cluster/eks-vpc-cni-network-policy";
import { eksVpcCniOwnRole } from "../../../policy-pack/policies/cluster/eks-vpc-cni-own-role";
import { iamNoAdminEquivalent } from "../../../policy-pack/policies/cloud/iam-no-admin-equivalent";
import { iamRoleTrustScoped } from "../../../policy-pack/policies/cloud/iam-role-trust-scoped";
import { eksAccessEntryAdminGroup } from "../../../policy-pack/policies/cluster/eks-access-entry-admin-group";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const MUST_BE_SET = "a must-be-set rule: an unknown value will be set, so no unknown changes the outcome";

/** A compliant aws.eks.Cluster, as the baseline builds it; shared with eks.test.ts. */
export const COMPLIANT_EKS_CLUSTER = {
    roleArn: "arn:aws:iam::123456789012:role/cluster",
    version: "1.34",
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], endpointPrivateAccess: true, endpointPublicAccess: false },
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    upgradePolicy: { supportType: "STANDARD" },
    tags: {},
};
const NODE_GROUP = {
    clusterName: "c",
    nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
    subnetIds: ["subnet-a"],
    scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 },
    amiType: "AL2023_x86_64_STANDARD",
    launchTemplate: { id: "lt-1", version: "1" },
    tags: {},
};
const VPC_CNI = {
    clusterName: "c",
    addonName: "vpc-cni",
    serviceAccountRoleArn: "arn:aws:iam::123456789012:role/vpc-cni",
    configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    tags: {},
};
// Object documents, so single fields can be made unknown (a JSON string is opaque text).
const IRSA_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:aws-node", [`${ISSUER}:aud`]: "sts.amazonaws.com" },
            },
        },
    ],
};
/** A Pod Identity trust as SecureCluster writes it (EKS-5). */
export const POD_IDENTITY_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": "123456789012",
                    "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/dev",
                    "aws:RequestTag/kubernetes-namespace": "kube-system",
                    "aws:RequestTag/kubernetes-service-account": "aws-node",
                },
            },
        },
    ],
};
const EQUALS = "assumeRolePolicy.Statement.0.Condition.StringEquals";
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const PERMISSIONS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" }] };

const feature = (name: string): TestResource => ({
    type: "aws:guardduty/detectorFeature:DetectorFeature",
    name: `f-${name.toLowerCase()}`,
    props: { detectorId: UNKNOWN, name, status: "ENABLED" },
    propertyDependencies: { detectorId: ["detector"] },
});

export const DETECTION_CASES: readonly Case[] = [
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
    {
        kind: "resource",
        policy: cloudtrailTrailHardened,
        type: "aws:cloudtrail/trail:Trail",
        name: "trail",
        compliant: {
            s3BucketName: "trail-logs",
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: KEY_ARN,
            cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*",
            cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail",
            eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
            tags: {},
        },
        violations: [
            {
                what: "single-region",
                path: "isMultiRegionTrail",
                value: false,
                match: /\[DET-4\] CloudTrail trail "trail" has isMultiRegionTrail false/,
            },
            {
                what: "no log file validation",
                path: "enableLogFileValidation",
                value: undefined,
                match: /enableLogFileValidation false \(the default\)/,
            },
            { what: "no KMS key", path: "kmsKeyId", value: undefined, match: /has no kmsKeyId/ },
            { what: "no CloudWatch Logs", path: "cloudWatchLogsGroupArn", value: "", match: /has no cloudWatchLogsGroupArn/ },
            {
                what: "write-only management events",
                path: "eventSelectors.0.readWriteType",
                value: "WriteOnly",
                match: /does not log both read and write management events/,
            },
        ],
        alsoCompliant: [{ what: "no selectors (all management events)", path: "eventSelectors", value: undefined }],
        unknowns: [
            { what: "unknown isMultiRegionTrail", path: "isMultiRegionTrail", value: UNKNOWN_BOOL },
            { what: "unknown readWriteType", path: "eventSelectors.0.readWriteType", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: snsTopicEncrypted,
        type: "aws:sns/topic:Topic",
        name: "alerts",
        compliant: { kmsMasterKeyId: KEY_ARN, tags: {} },
        violations: [
            {
                what: "no kmsMasterKeyId",
                path: "kmsMasterKeyId",
                value: undefined,
                match: /\[DET-6\] SNS topic "alerts" has no kmsMasterKeyId/,
            },
        ],
        alsoCompliant: [{ what: "an unknown key id", path: "kmsMasterKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
    {
        kind: "resource",
        policy: eksClusterAdminAllowlist,
        type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        name: "admin",
        compliant: {
            clusterName: "c",
            principalArn: ADMIN,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "namespace", namespaces: ["a"] },
        },
        violations: [
            {
                what: "cluster-admin for an unlisted principal",
                path: "policyArn",
                value: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                match: /\[EKS-4\] access policy association "admin" gives cluster-admin to/,
            },
        ],
        alsoCompliant: [
            {
                what: "cluster-admin for a listed principal",
                path: "policyArn",
                value: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                config: { clusterAdminPrincipals: [ADMIN] },
            },
        ],
        unknowns: [{ what: "unknown policy ARN", path: "policyArn", value: UNKNOWN }],
    },
    ...(
        [
            "aws:iam/policy:Policy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
        ] as const
    ).map((type): Case => ({
        kind: "resource",
        policy: iamPolicyNoWildcardAction,
        type,
        name: "permissions",
        compliant: { policy: PERMISSIONS },
        violations: [
            {
                what: 'Action "*"',
                path: "policy.Statement.0.Action",
                value: "*",
                match: /\[EKS-4\] statement 0 of policy in "permissions" allows Action "\*"/,
            },
        ],
        alsoCompliant: [{ what: 'Deny Action "*"', path: "policy.Statement.0.Effect", value: "Deny" }],
        unknowns: [{ what: "unknown action", path: "policy.Statement.0.Action", value: UNKNOWN }],
    })),
    {
        kind: "resource",
        policy: iamPolicyNoWildcardAction,
        type: "aws:iam/role:Role",
        name: "role",
        compliant: {
            assumeRolePolicy: JSON.stringify(IRSA_TRUST),
            inlinePolicies: [{ name: "inline", policy: JSON.stringify(PERMISSIONS) }],
            tags: {},
        },
        violations: [
            {
                what: 'an inline policy with Action "*"',
                path: "inlinePolicies.0.policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
                match: /inlinePolicies.0.policy in "role" allows Action "\*"/,
            },
        ],
        unknowns: [{ what: "unknown inline policy", path: "inlinePolicies.0.policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksIrsaTrustScoped,
        type: "aws:iam/role:Role",
        name: "vpc-cni",
        compliant: { assumeRolePolicy: IRSA_TRUST, tags: {} },
        violations: [
            // Whole StringEquals maps: the issuer's dots would split a field path.
            {
                what: "no sub condition",
                path: EQUALS,
                value: { [AUD]: "sts.amazonaws.com" },
                match: /\[EKS-5\] trust statement 0 of role "vpc-cni" lets any service account/,
            },
            {
                what: "a wildcard service account",
                path: EQUALS,
                value: { [SUB]: "system:serviceaccount:kube-system:*", [AUD]: "sts.amazonaws.com" },
                match: /not one exact service account/,
            },
            {
                what: "no audience",
                path: EQUALS,
                value: { [SUB]: "system:serviceaccount:kube-system:aws-node" },
                match: /does not require StringEquals .*:aud/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
        ],
        unknowns: [
            { what: "unknown trust policy", path: "assumeRolePolicy", value: UNKNOWN },
            { what: "unknown condition", path: "assumeRolePolicy.Statement.0.Condition", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: eksPodIdentityTrustScoped,
        type: "aws:iam/role:Role",
        name: "vpc-cni",
        compliant: { assumeRolePolicy: POD_IDENTITY_TRUST, tags: {} },
        violations: [
            {
                what: "no condition",
                path: "assumeRolePolicy.Statement.0.Condition",
                value: undefined,
                match: /\[EKS-5\] trust statement 0 of role "vpc-cni" lets EKS Pod Identity assume it for any account's clusters/,
            },
            { what: "a wildcard account", path: EQUALS, value: { "aws:SourceAccount": "*" }, match: /for any account's clusters/ },
            {
                what: "another principal beside Pod Identity",
                path: "assumeRolePolicy.Statement.0.Principal",
                value: { Service: "pods.eks.amazonaws.com", AWS: "arn:aws:iam::123456789012:root" },
                match: /together with AWS "arn:aws:iam::123456789012:root"/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
            {
                what: "the cluster ARN alone",
                path: EQUALS,
                value: { "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/dev" },
            },
        ],
        unknowns: [
            { what: "unknown trust policy", path: "assumeRolePolicy", value: UNKNOWN },
            { what: "unknown condition", path: "assumeRolePolicy.Statement.0.Condition", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: eksVpcCniOwnRole,
        type: "aws:eks/addon:Addon",
        name: "vpc-cni",
        compliant: VPC_CNI,
        violations: [
            {
                what: "no own role",
                path: "serviceAccountRoleArn",
                value: undefined,
                match: /\[EKS-5\] vpc-cni add-on "vpc-cni" has no serviceAccountRoleArn/,
            },
        ],
        alsoCompliant: [{ what: "another add-on", path: "addonName", value: "coredns" }],
        unknowns: [{ what: "unknown add-on name", path: "addonName", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksVpcCniNetworkPolicy,
        type: "aws:eks/addon:Addon",
        name: "vpc-cni",
        compliant: VPC_CNI,
        violations: [
            {
                what: "network policy off",
                path: "configurationValues",
                value: JSON.stringify({ enableNetworkPolicy: "false" }),
                match: /\[EKS-8\] vpc-cni add-on "vpc-cni": configurationValues.enableNetworkPolicy is "false"/,
            },
            { what: "malformed JSON", path: "configurationValues", value: "{enableNetworkPolicy", match: /not valid JSON/ },
        ],
        unknowns: [{ what: "unknown configurationValues", path: "configurationValues", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksNodeGroupAmiType,
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "nodes",
        compliant: NODE_GROUP,
        violations: [
            {
                what: "an AL2 AMI",
                path: "amiType",
                value: "AL2_x86_64",
                match: /\[EKS-6\] EKS node group "nodes" uses amiType "AL2_x86_64"/,
            },
            { what: "no amiType", path: "amiType", value: undefined, match: /does not set amiType/ },
        ],
        alsoCompliant: [{ what: "Bottlerocket", path: "amiType", value: "BOTTLEROCKET_ARM_64" }],
        unknowns: [{ what: "unknown amiType", path: "amiType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksNodeGroupLaunchTemplate,
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "nodes",
        compliant: NODE_GROUP,
        violations: [
            {
                what: "no launch template",
                path: "launchTemplate",
                value: undefined,
                match: /\[EKS-6\] EKS node group "nodes" has no launch template/,
            },
        ],
        alsoCompliant: [{ what: "an unknown launch template id", path: "launchTemplate.id", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
    ...(["aws:eks/cluster:Cluster", "eks:index:Cluster"] as const).map((type): Case => ({
        kind: "resource",
        policy: eksClusterVersionSupported,
        type,
        name: "cluster",
        compliant: type === "eks:index:Cluster" ? { version: "1.34", authenticationMode: "API", tags: {} } : COMPLIANT_EKS_CLUSTER,
        violations: [
            {
                what: "an unsupported version",
                path: "version",
                value: "1.27",
                match: /\[EKS-9\] EKS cluster "cluster" runs Kubernetes "1.27"/,
            },
            { what: "no version", path: "version", value: undefined, match: /does not pin version/ },
        ],
        alsoCompliant: [
            {
                what: "a version added to supportedVersions",
                path: "version",
                value: "1.37",
                config: { supportedVersions: ["1.34", "1.37"] },
            },
        ],
        unknowns: [{ what: "unknown version", path: "version", value: UNKNOWN }],
    })),
    {
        kind: "resource",
        policy: eksClusterUpgradePolicyStandard,
        type: "aws:eks/cluster:Cluster",
        name: "cluster",
        compliant: COMPLIANT_EKS_CLUSTER,
        violations: [
            {
                what: "extended support",
                path: "upgradePolicy.supportType",
                value: "EXTENDED",
                match: /\[EKS-9\] EKS cluster "cluster" has upgrade support type "EXTENDED"/,
            },
            { what: "no upgrade policy", path: "upgradePolicy", value: undefined, match: /unset \(EXTENDED\)/ },
        ],
        unknowns: [{ what: "unknown support type", path: "upgradePolicy.supportType", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: iamNoAdminEquivalent,
        subject: "app",
        compliant: [
            {
                type: "aws:iam/role:Role",
                name: "app",
                props: { assumeRolePolicy: JSON.stringify(IRSA_TRUST), managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
            },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "app-inline",
                props: { role: UNKNOWN, policy: PERMISSIONS },
                propertyDependencies: { role: ["app"] },
            },
        ],
        violations: [
            {
                what: "AdministratorAccess in managedPolicyArns",
                resource: "app",
                path: "managedPolicyArns",
                value: ["arn:aws-cn:iam::aws:policy/AdministratorAccess"],
                match: /\[IAM-1\] role "app" attaches the AWS-managed policy AdministratorAccess/,
            },
            {
                what: "iam:Put*Policy on all resources",
                resource: "app-inline",
                path: "policy.Statement.0.Action",
                value: "iam:Put*Policy",
                match: /\[IAM-1\] inline policy "app-inline" is admin-equivalent: it allows privilege escalation through iam:putuserpolicy/,
            },
        ],
        unknowns: [{ what: "an unknown inline document", resource: "app-inline", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: iamRoleTrustScoped,
        type: "aws:iam/role:Role",
        name: "ci",
        compliant: { assumeRolePolicy: IRSA_TRUST, tags: {} },
        violations: [
            {
                what: "Principal *",
                path: "assumeRolePolicy.Statement.0.Principal",
                value: "*",
                match: /\[IAM-1\] trust statement 0 of role "ci" lets any AWS account assume it/,
            },
            {
                what: "no sub condition",
                path: EQUALS,
                value: { [AUD]: "sts.amazonaws.com" },
                match: /has no StringEquals or StringLike condition on <issuer>:sub/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
        ],
        unknowns: [{ what: "an unknown action", path: "assumeRolePolicy.Statement.0.Action", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: eksAccessEntryAdminGroup,
        subject: "ops-entry",
        compliant: [
            {
                type: "aws:eks/accessEntry:AccessEntry",
                name: "ops-entry",
                props: { clusterName: "c", principalArn: "arn:aws:iam::123456789012:role/ops", kubernetesGroups: ["team-a-view"] },
            },
            {
                type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                name: "break-glass",
                props: {
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                    subjects: [{ kind: "Group", name: "break-glass" }],
                },
            },
        ],
        violations: [
            {
                what: "the entry carries the break-glass group",
                resource: "ops-entry",
                path: "kubernetesGroups",
                value: ["break-glass"],
                match: /\[EKS-4\] access entry "ops-entry" makes "arn:aws:iam::123456789012:role\/ops" a cluster admin through group "break-glass"/,
            },
        ],
        alsoCompliant: [{ what: "a view group", resource: "ops-entry", path: "kubernetesGroups", value: ["team-a-edit"] }],
        unknowns: [{ what: "unknown groups", resource: "ops-entry", path: "kubernetesGroups", value: UNKNOWN_ARRAY }],
    },
];
