/**
 * Every policy of the pack, in catalogue order. Add a policy here and nowhere else;
 * the pack entry, the catalogue and the tests all read this list.
 */
import type { Policies } from "@pulumi/policy";
import type { SecurePolicy } from "../lib";
import { cloudwatchLogGroupEncrypted } from "./cloud/cloudwatch-log-group-encrypted";
import { ec2DefaultSecurityGroupNoRules } from "./cloud/ec2-default-security-group-no-rules";
import { ec2NaclNoPublicAdminPorts } from "./cloud/ec2-nacl-no-public-admin-ports";
import { ec2SecurityGroupNoPublicIngress } from "./cloud/ec2-security-group-no-public-ingress";
import { ec2SubnetNoPublicIpMapping } from "./cloud/ec2-subnet-no-public-ip-mapping";
import { ec2VpcFlowLogsEnabled } from "./cloud/ec2-vpc-flow-logs-enabled";
import { kmsKeyDeletionWindow } from "./cloud/kms-key-deletion-window";
import { kmsKeyPolicyNoWildcardPrincipal } from "./cloud/kms-key-policy-no-wildcard-principal";
import { kmsKeyRotationEnabled } from "./cloud/kms-key-rotation-enabled";
import { s3BucketHardened } from "./cloud/s3-bucket-hardened";
import { ec2LaunchTemplateEncryptedVolumes } from "./cluster/ec2-launch-template-encrypted-volumes";
import { ec2LaunchTemplateImdsv2 } from "./cluster/ec2-launch-template-imdsv2";
import { eksClusterAccessEntries } from "./cluster/eks-cluster-access-entries";
import { eksClusterControlPlaneLogging } from "./cluster/eks-cluster-control-plane-logging";
import { eksClusterEndpointPrivate } from "./cluster/eks-cluster-endpoint-private";
import { eksClusterSecretsEncrypted } from "./cluster/eks-cluster-secrets-encrypted";
import { eksNodeGroupNoRemoteAccess } from "./cluster/eks-node-group-no-remote-access";
import { eksNodesNoPublicIp } from "./cluster/eks-nodes-no-public-ip";
import { eksNodeRootVolumeEncrypted } from "./cluster/eks-node-root-volume-encrypted";
import { elbInternetFacingWaf } from "./code/elb-internet-facing-waf";
import { elbListenerTls } from "./code/elb-listener-tls";
import { opaqueResourcesAllowed } from "./code/opaque-resources-allowed";
import { secretsAccessTeamScoped } from "./cloud/secrets-access-team-scoped";
import { ecrRepositoryHardened } from "./container/ecr-repository-hardened";
import { AWS_FAMILY_POLICIES } from "./aws-families";
import { DETECTION_AND_CLUSTER_POLICIES } from "./detection";
import { KUBERNETES_POLICIES } from "./kubernetes";

export const PACK_NAME = "secure-baseline";

/** AWS policies (the cloud layer, then cluster, container and code). */
export const AWS_POLICIES: readonly SecurePolicy[] = [
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
];

export const ALL_POLICIES: readonly SecurePolicy[] = [
    ...AWS_POLICIES,
    ...DETECTION_AND_CLUSTER_POLICIES,
    ...KUBERNETES_POLICIES,
    ...AWS_FAMILY_POLICIES,
];

export function packPolicies(): Policies {
    return ALL_POLICIES.map((p) => p.policy);
}
