/**
 * The registry: every policy of the pack, once, in catalogue order. Add a policy here and nowhere
 * else. The pack entry (policy-pack/index.ts), the catalogue, the offline check and the tests all
 * read ALL_POLICIES; the narrower lists below are views computed from it, never lists of their own.
 */
import type { Policies } from "@pulumi/policy";
import type { SecurePolicy } from "../lib";
import { cloudtrailEventDataStoreEncrypted } from "./cloud/cloudtrail-event-data-store-encrypted";
import { cloudtrailTrailHardened } from "./cloud/cloudtrail-trail-hardened";
import { cloudwatchLogGroupEncrypted } from "./cloud/cloudwatch-log-group-encrypted";
import { configDeliveryChannelS3 } from "./cloud/config-delivery-channel-s3";
import { configManagedRules } from "./cloud/config-managed-rules";
import { configRecorderAllResources } from "./cloud/config-recorder-all-resources";
import { configRecorderEnabled } from "./cloud/config-recorder-enabled";
import { configRecorderRunning } from "./cloud/config-recorder-running";
import { configRemediationBounded } from "./cloud/config-remediation-bounded";
import { ebsDefaultKmsKey } from "./cloud/ebs-default-kms-key";
import { ebsEncryptionByDefaultEnabled } from "./cloud/ebs-encryption-by-default-enabled";
import { ebsSnapshotEncrypted } from "./cloud/ebs-snapshot-encrypted";
import { ebsVolumeEncrypted } from "./cloud/ebs-volume-encrypted";
import { ec2DefaultSecurityGroupNoRules } from "./cloud/ec2-default-security-group-no-rules";
import { ec2ImageSnapshotNotShared } from "./cloud/ec2-image-snapshot-not-shared";
import { ec2InstanceEncryptedVolumes } from "./cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "./cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "./cloud/ec2-instance-no-public-ip";
import { ec2NaclNoPublicAdminPorts } from "./cloud/ec2-nacl-no-public-admin-ports";
import { ec2NetworkInterfacePermissionTrusted } from "./cloud/ec2-network-interface-permission-trusted";
import { ec2SecurityGroupNoPublicIngress } from "./cloud/ec2-security-group-no-public-ingress";
import { ec2SerialConsoleAccessDisabled } from "./cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "./cloud/ec2-spot-fleet-launch-template";
import { ec2SubnetNoPublicIpMapping } from "./cloud/ec2-subnet-no-public-ip-mapping";
import { ec2UserDataNoSecrets } from "./cloud/ec2-user-data-no-secrets";
import { ec2VpcEndpointServiceRestricted } from "./cloud/ec2-vpc-endpoint-service-restricted";
import { ec2VpcFlowLogsEnabled } from "./cloud/ec2-vpc-flow-logs-enabled";
import { guarddutyDetectorEnabled } from "./cloud/guardduty-detector-enabled";
import { guarddutyDetectorFeatures } from "./cloud/guardduty-detector-features";
import { guarddutyFeatureEnabled } from "./cloud/guardduty-feature-enabled";
import { guarddutyFilterNoArchiveHigh } from "./cloud/guardduty-filter-no-archive-high";
import { guarddutyIpsetTrustedAllowed } from "./cloud/guardduty-ipset-trusted-allowed";
import { iamNoAdminEquivalent } from "./cloud/iam-no-admin-equivalent";
import { iamPolicyNoWildcardAction } from "./cloud/iam-policy-no-wildcard-action";
import { iamRoleTrustScoped } from "./cloud/iam-role-trust-scoped";
import { iamUserNoAttachedPolicies } from "./cloud/iam-user-no-attached-policies";
import { iamUserNoCredentials } from "./cloud/iam-user-no-credentials";
import { kmsGrantTrustedPrincipal } from "./cloud/kms-grant-trusted-principal";
import { kmsKeyDeletionWindow } from "./cloud/kms-key-deletion-window";
import { kmsKeyPolicyNoWildcardPrincipal } from "./cloud/kms-key-policy-no-wildcard-principal";
import { kmsKeyRotationEnabled } from "./cloud/kms-key-rotation-enabled";
import { lambdaFunctionHardened } from "./cloud/lambda-function-hardened";
import { lambdaNotPublic } from "./cloud/lambda-not-public";
import { resourcePolicyNotPublic } from "./cloud/resource-policy-not-public";
import { s3BucketHardened } from "./cloud/s3-bucket-hardened";
import { secretsAccessTeamScoped } from "./cloud/secrets-access-team-scoped";
import { secretsmanagerSecretCustomerKey } from "./cloud/secretsmanager-secret-customer-key";
import { secretsmanagerSecretRotation } from "./cloud/secretsmanager-secret-rotation";
import { snsTopicEncrypted } from "./cloud/sns-topic-encrypted";
import { sqsQueueEncrypted } from "./cloud/sqs-queue-encrypted";
import { ec2LaunchTemplateEncryptedVolumes } from "./cluster/ec2-launch-template-encrypted-volumes";
import { ec2LaunchTemplateImdsv2 } from "./cluster/ec2-launch-template-imdsv2";
import { eksAccessEntryAdminGroup } from "./cluster/eks-access-entry-admin-group";
import { eksClusterAccessEntries } from "./cluster/eks-cluster-access-entries";
import { eksClusterAdminAllowlist } from "./cluster/eks-cluster-admin-allowlist";
import { eksClusterControlPlaneLogging } from "./cluster/eks-cluster-control-plane-logging";
import { eksClusterEndpointPrivate } from "./cluster/eks-cluster-endpoint-private";
import { eksClusterSecretsEncrypted } from "./cluster/eks-cluster-secrets-encrypted";
import { eksClusterUpgradePolicyStandard } from "./cluster/eks-cluster-upgrade-policy-standard";
import { eksClusterVersionSupported } from "./cluster/eks-cluster-version-supported";
import { eksIdentityProviderPrefixed } from "./cluster/eks-identity-provider-prefixed";
import { eksIrsaTrustScoped } from "./cluster/eks-irsa-trust-scoped";
import { eksNodeGroupAmiType } from "./cluster/eks-node-group-ami-type";
import { eksNodeGroupLaunchTemplate } from "./cluster/eks-node-group-launch-template";
import { eksNodeGroupNoRemoteAccess } from "./cluster/eks-node-group-no-remote-access";
import { eksNodeRootVolumeEncrypted } from "./cluster/eks-node-root-volume-encrypted";
import { eksNodesNoPublicIp } from "./cluster/eks-nodes-no-public-ip";
import { eksPodIdentityTrustScoped } from "./cluster/eks-pod-identity-trust-scoped";
import { eksVpcCniNetworkPolicy } from "./cluster/eks-vpc-cni-network-policy";
import { eksVpcCniOwnRole } from "./cluster/eks-vpc-cni-own-role";
import { k8sAdmissionWebhookScoped } from "./cluster/k8s-admission-webhook-scoped";
import { k8sApiVersionServed } from "./cluster/k8s-api-version-served";
import { k8sNamespaceBaselineUnverified } from "./cluster/k8s-namespace-baseline-unverified";
import { k8sNamespaceDefaultDeny } from "./cluster/k8s-namespace-default-deny";
import { k8sNamespacePodSecurity } from "./cluster/k8s-namespace-pod-security";
import { k8sNamespaceResourceQuota } from "./cluster/k8s-namespace-resource-quota";
import { k8sNetworkPolicyNoAllowAll } from "./cluster/k8s-network-policy-no-allow-all";
import { k8sNetworkPolicyQuarantine } from "./cluster/k8s-network-policy-quarantine";
import { k8sNoDefaultNamespace } from "./cluster/k8s-no-default-namespace";
import { k8sNoSystemNamespace } from "./cluster/k8s-no-system-namespace";
import { k8sRbacEffectiveGrants } from "./cluster/k8s-rbac-effective-grants";
import { k8sRbacNoBroadSubjects } from "./cluster/k8s-rbac-no-broad-subjects";
import { k8sRbacNoClusterAdminBinding } from "./cluster/k8s-rbac-no-cluster-admin-binding";
import { k8sRbacNoWildcards } from "./cluster/k8s-rbac-no-wildcards";
import { k8sRbacSensitivePermissions } from "./cluster/k8s-rbac-sensitive-permissions";
import { k8sServiceAccountNoAutomount } from "./cluster/k8s-service-account-no-automount";
import { elbClassicListenerTls } from "./code/elb-classic-listener-tls";
import { elbClassicSslPolicyModern } from "./code/elb-classic-ssl-policy-modern";
import { elbInternetFacingWaf } from "./code/elb-internet-facing-waf";
import { elbListenerRuleTls } from "./code/elb-listener-rule-tls";
import { elbListenerTls } from "./code/elb-listener-tls";
import { k8sIngressAlbTls } from "./code/k8s-ingress-alb-tls";
import { k8sIngressAlbWaf } from "./code/k8s-ingress-alb-waf";
import { k8sIngressTls } from "./code/k8s-ingress-tls";
import { k8sSecretNoLiteralData } from "./code/k8s-secret-no-literal-data";
import { k8sServiceNotExposed } from "./code/k8s-service-not-exposed";
import { opaqueResourcesAllowed } from "./code/opaque-resources-allowed";
import { snsSubscriptionHttps } from "./code/sns-subscription-https";
import { wafv2WebAclLogging } from "./code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "./code/wafv2-web-acl-managed-rules";
import { ecrPolicyRestricted } from "./container/ecr-policy-restricted";
import { ecrRepositoryHardened } from "./container/ecr-repository-hardened";
import { k8sImageSignatureVerified } from "./container/k8s-image-signature-verified";
import { k8sPersistentVolumeNoHostPath } from "./container/k8s-persistent-volume-no-host-path";
import { k8sPodCapabilities } from "./container/k8s-pod-capabilities";
import { k8sPodHostNamespaces } from "./container/k8s-pod-host-namespaces";
import { k8sPodHostPathAndPorts } from "./container/k8s-pod-host-path-and-ports";
import { k8sPodHostProbes } from "./container/k8s-pod-host-probes";
import { k8sPodImageTag } from "./container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "./container/k8s-pod-privilege";
import { k8sPodReadOnlyRootFs } from "./container/k8s-pod-read-only-root-fs";
import { k8sPodResourceLimits } from "./container/k8s-pod-resource-limits";
import { k8sPodRunAsNonRoot } from "./container/k8s-pod-run-as-non-root";
import { k8sPodSeccomp } from "./container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "./container/k8s-pod-security-options";
import { k8sPodServiceAccountToken } from "./container/k8s-pod-service-account-token";
import { k8sPodVolumeTypes } from "./container/k8s-pod-volume-types";

export const PACK_NAME = "secure-baseline";

export const ALL_POLICIES: readonly SecurePolicy[] = [
    // AWS: the cloud layer's network, keys, logs and storage, then cluster, container and code (NET, KMS, DATA, EKS, CTR, CODE).
    ec2SecurityGroupNoPublicIngress,
    ec2DefaultSecurityGroupNoRules,
    ec2NaclNoPublicAdminPorts,
    ec2SubnetNoPublicIpMapping,
    ec2VpcFlowLogsEnabled,
    kmsKeyRotationEnabled,
    kmsKeyDeletionWindow,
    kmsKeyPolicyNoWildcardPrincipal,
    cloudwatchLogGroupEncrypted,
    s3BucketHardened,
    eksClusterEndpointPrivate,
    eksClusterSecretsEncrypted,
    eksClusterControlPlaneLogging,
    eksClusterAccessEntries,
    ec2LaunchTemplateImdsv2,
    ec2LaunchTemplateEncryptedVolumes,
    eksNodeGroupNoRemoteAccess,
    eksNodesNoPublicIp,
    eksNodeRootVolumeEncrypted,
    ecrRepositoryHardened,
    elbListenerTls,
    elbInternetFacingWaf,
    opaqueResourcesAllowed,
    secretsAccessTeamScoped,
    // Detection (DET-*), DATA-1, and the cluster's identity, nodes and versions (EKS-4/5/6/8/9), IAM-1.
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
    // Kubernetes: the Pod Security Standards on every workload kind (resource policies).
    k8sPodPrivilege,
    k8sPodRunAsNonRoot,
    k8sPodReadOnlyRootFs,
    k8sPodCapabilities,
    k8sPodSeccomp,
    k8sPodSecurityOptions,
    k8sPodHostNamespaces,
    k8sPodHostPathAndPorts,
    k8sPodResourceLimits,
    k8sPodImageTag,
    k8sPodVolumeTypes,
    k8sPodHostProbes,
    // Kubernetes: namespaces, network policies, RBAC, services, ingresses, admission, signing and secrets (CTR-3, K8S-*, CODE-1/2).
    // A stack policy: it reads the pod's ServiceAccount too.
    k8sPodServiceAccountToken,
    k8sNoDefaultNamespace,
    k8sNamespacePodSecurity,
    k8sNamespaceDefaultDeny,
    k8sNetworkPolicyNoAllowAll,
    k8sNetworkPolicyQuarantine,
    k8sNamespaceResourceQuota,
    k8sRbacNoWildcards,
    k8sRbacSensitivePermissions,
    k8sRbacNoClusterAdminBinding,
    k8sRbacNoBroadSubjects,
    k8sRbacEffectiveGrants,
    k8sServiceAccountNoAutomount,
    k8sServiceNotExposed,
    k8sIngressTls,
    k8sIngressAlbTls,
    k8sIngressAlbWaf,
    k8sApiVersionServed,
    k8sPersistentVolumeNoHostPath,
    k8sNoSystemNamespace,
    k8sNamespaceBaselineUnverified,
    k8sAdmissionWebhookScoped,
    k8sImageSignatureVerified,
    k8sSecretNoLiteralData,
    // AWS resource families judged since the coverage map (instances, snapshots, resource policies, ECR, KMS grants, IAM users, listener rules, classic load balancers, GuardDuty filters, queues, secrets, WAF).
    ec2InstanceImdsv2,
    ec2InstanceNoPublicIp,
    ec2InstanceEncryptedVolumes,
    ec2UserDataNoSecrets,
    ebsSnapshotEncrypted,
    iamUserNoCredentials,
    iamUserNoAttachedPolicies,
    ecrPolicyRestricted,
    elbListenerRuleTls,
    elbClassicListenerTls,
    guarddutyFilterNoArchiveHigh,
    kmsGrantTrustedPrincipal,
    resourcePolicyNotPublic,
    sqsQueueEncrypted,
    secretsmanagerSecretCustomerKey,
    secretsmanagerSecretRotation,
    snsSubscriptionHttps,
    ec2ImageSnapshotNotShared,
    lambdaNotPublic,
    // The coverage map's last gaps (docs/coverage.md).
    cloudtrailEventDataStoreEncrypted,
    ec2NetworkInterfacePermissionTrusted,
    ec2SerialConsoleAccessDisabled,
    ec2SpotFleetLaunchTemplate,
    ec2VpcEndpointServiceRestricted,
    eksIdentityProviderPrefixed,
    elbClassicSslPolicyModern,
    guarddutyIpsetTrustedAllowed,
    wafv2WebAclManagedRules,
    wafv2WebAclLogging,
];

/** What the pack entry hands to CrossGuard's PolicyPack. */
export function packPolicies(): Policies {
    return ALL_POLICIES.map((p) => p.policy);
}

/** The policies that judge Kubernetes objects only. */
export const KUBERNETES_POLICIES: readonly SecurePolicy[] = ALL_POLICIES.filter((p) => p.types.every((t) => t.startsWith("kubernetes:")));

/** Every other policy: AWS resources, @pulumi/eks components, and stacks of them (some, like the opaque-resources gate, judge Kubernetes objects too). */
export const AWS_POLICIES: readonly SecurePolicy[] = ALL_POLICIES.filter((p) => !KUBERNETES_POLICIES.includes(p));

/** The Pod Security Standards and their neighbours: the container layer's resource policies on the pod spec of every workload kind. */
export const POD_POLICIES: readonly SecurePolicy[] = ALL_POLICIES.filter(
    (p) => p.kind === "resource" && p.meta.layer === "container" && p.types.includes("kubernetes:core/v1:Pod"),
);
