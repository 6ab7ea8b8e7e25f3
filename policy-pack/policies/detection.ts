/**
 * Detection (DET-*), DATA-1 and cluster (EKS-4/5/6/8/9) policies, in catalogue order.
 * policies/index.ts spreads this list into ALL_POLICIES. EKS-4's authentication mode and
 * creator-admin checks are the base pack's eks-cluster-access-entries.
 */
import type { SecurePolicy } from "../lib";
import { cloudtrailTrailHardened } from "./cloud/cloudtrail-trail-hardened";
import { configDeliveryChannelS3 } from "./cloud/config-delivery-channel-s3";
import { configManagedRules } from "./cloud/config-managed-rules";
import { configRecorderAllResources } from "./cloud/config-recorder-all-resources";
import { configRecorderEnabled } from "./cloud/config-recorder-enabled";
import { configRecorderRunning } from "./cloud/config-recorder-running";
import { configRemediationBounded } from "./cloud/config-remediation-bounded";
import { ebsDefaultKmsKey } from "./cloud/ebs-default-kms-key";
import { ebsEncryptionByDefaultEnabled } from "./cloud/ebs-encryption-by-default-enabled";
import { ebsVolumeEncrypted } from "./cloud/ebs-volume-encrypted";
import { guarddutyDetectorEnabled } from "./cloud/guardduty-detector-enabled";
import { guarddutyDetectorFeatures } from "./cloud/guardduty-detector-features";
import { guarddutyFeatureEnabled } from "./cloud/guardduty-feature-enabled";
import { iamPolicyNoWildcardAction } from "./cloud/iam-policy-no-wildcard-action";
import { iamNoAdminEquivalent } from "./cloud/iam-no-admin-equivalent";
import { iamRoleTrustScoped } from "./cloud/iam-role-trust-scoped";
import { lambdaFunctionHardened } from "./cloud/lambda-function-hardened";
import { eksAccessEntryAdminGroup } from "./cluster/eks-access-entry-admin-group";
import { snsTopicEncrypted } from "./cloud/sns-topic-encrypted";
import { eksClusterAdminAllowlist } from "./cluster/eks-cluster-admin-allowlist";
import { eksClusterUpgradePolicyStandard } from "./cluster/eks-cluster-upgrade-policy-standard";
import { eksClusterVersionSupported } from "./cluster/eks-cluster-version-supported";
import { eksIrsaTrustScoped } from "./cluster/eks-irsa-trust-scoped";
import { eksNodeGroupAmiType } from "./cluster/eks-node-group-ami-type";
import { eksNodeGroupLaunchTemplate } from "./cluster/eks-node-group-launch-template";
import { eksVpcCniNetworkPolicy } from "./cluster/eks-vpc-cni-network-policy";
import { eksVpcCniOwnRole } from "./cluster/eks-vpc-cni-own-role";
import { eksPodIdentityTrustScoped } from "./cluster/eks-pod-identity-trust-scoped";

export const DETECTION_AND_CLUSTER_POLICIES: readonly SecurePolicy[] = [
    // DATA-1
    ebsEncryptionByDefaultEnabled,
    ebsVolumeEncrypted,
    ebsDefaultKmsKey,
    // DET-1
    guarddutyDetectorEnabled,
    guarddutyFeatureEnabled,
    guarddutyDetectorFeatures,
    // DET-2
    configRecorderAllResources,
    configRecorderEnabled,
    configDeliveryChannelS3,
    configRecorderRunning,
    // DET-3
    configManagedRules,
    // DET-4
    cloudtrailTrailHardened,
    // DET-6
    snsTopicEncrypted,
    // DET-8
    configRemediationBounded,
    // DET-9
    lambdaFunctionHardened,
    // EKS-4
    eksClusterAdminAllowlist,
    iamPolicyNoWildcardAction,
    eksAccessEntryAdminGroup,
    // EKS-5
    eksIrsaTrustScoped,
    eksVpcCniOwnRole,
    eksPodIdentityTrustScoped,
    // EKS-6
    eksNodeGroupAmiType,
    eksNodeGroupLaunchTemplate,
    // EKS-8
    eksVpcCniNetworkPolicy,
    // EKS-9
    eksClusterVersionSupported,
    eksClusterUpgradePolicyStandard,
    // IAM-1
    iamNoAdminEquivalent,
    iamRoleTrustScoped,
];
