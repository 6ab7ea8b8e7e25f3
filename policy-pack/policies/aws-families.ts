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
];
