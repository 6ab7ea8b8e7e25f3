/**
 * The AWS resource families of issue 12 that no policy judged before (instances, disk copies
 * and sharing, resource policies, ECR, KMS grants, IAM users, listener rules, classic load
 * balancers, GuardDuty filters, queue and secret keys). policies/index.ts spreads this list
 * into ALL_POLICIES; docs/coverage.md maps every in-scope type to a policy or a reason.
 */
import type { SecurePolicy } from "../lib";
import { ebsSnapshotEncrypted } from "./cloud/ebs-snapshot-encrypted";
import { ec2ImageSnapshotNotShared } from "./cloud/ec2-image-snapshot-not-shared";
import { ec2InstanceEncryptedVolumes } from "./cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "./cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "./cloud/ec2-instance-no-public-ip";
import { ec2UserDataNoSecrets } from "./cloud/ec2-user-data-no-secrets";
import { guarddutyFilterNoArchiveHigh } from "./cloud/guardduty-filter-no-archive-high";
import { iamUserNoAttachedPolicies } from "./cloud/iam-user-no-attached-policies";
import { iamUserNoCredentials } from "./cloud/iam-user-no-credentials";
import { kmsGrantTrustedPrincipal } from "./cloud/kms-grant-trusted-principal";
import { lambdaNotPublic } from "./cloud/lambda-not-public";
import { resourcePolicyNotPublic } from "./cloud/resource-policy-not-public";
import { secretsmanagerSecretCustomerKey } from "./cloud/secretsmanager-secret-customer-key";
import { secretsmanagerSecretRotation } from "./cloud/secretsmanager-secret-rotation";
import { sqsQueueEncrypted } from "./cloud/sqs-queue-encrypted";
import { elbClassicListenerTls } from "./code/elb-classic-listener-tls";
import { elbListenerRuleTls } from "./code/elb-listener-rule-tls";
import { snsSubscriptionHttps } from "./code/sns-subscription-https";
import { ecrPolicyRestricted } from "./container/ecr-policy-restricted";
import { cloudtrailEventDataStoreEncrypted } from "./cloud/cloudtrail-event-data-store-encrypted";
import { ec2NetworkInterfacePermissionTrusted } from "./cloud/ec2-network-interface-permission-trusted";
import { ec2SerialConsoleAccessDisabled } from "./cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "./cloud/ec2-spot-fleet-launch-template";
import { ec2VpcEndpointServiceRestricted } from "./cloud/ec2-vpc-endpoint-service-restricted";
import { guarddutyIpsetTrustedAllowed } from "./cloud/guardduty-ipset-trusted-allowed";
import { eksIdentityProviderPrefixed } from "./cluster/eks-identity-provider-prefixed";
import { elbClassicSslPolicyModern } from "./code/elb-classic-ssl-policy-modern";
import { wafv2WebAclLogging } from "./code/wafv2-web-acl-logging";
import { wafv2WebAclManagedRules } from "./code/wafv2-web-acl-managed-rules";

export const AWS_FAMILY_POLICIES: readonly SecurePolicy[] = [
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
