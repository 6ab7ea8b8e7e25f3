/**
 * Pulumi program entry (Pulumi.yaml `main`). Reads and validates the whole stack config first, then
 * builds the baseline; the named exports below are the stack outputs, typed.
 */
import { readConfig } from "./config";
import { buildBaseline } from "./program";

const outputs = buildBaseline(readConfig());

// Network
export const vpcId = outputs.vpcId;
export const vpcCidr = outputs.vpcCidr;
export const availabilityZones = outputs.availabilityZones;
export const publicSubnetIds = outputs.publicSubnetIds;
export const privateSubnetIds = outputs.privateSubnetIds;
export const isolatedSubnetIds = outputs.isolatedSubnetIds;
export const endpointSecurityGroupId = outputs.endpointSecurityGroupId;
export const flowLogGroupName = outputs.flowLogGroupName;
export const logsKeyArn = outputs.logsKeyArn;
// Cluster
export const clusterName = outputs.clusterName;
export const clusterEndpoint = outputs.clusterEndpoint;
export const oidcProviderArn = outputs.oidcProviderArn;
export const nodeRoleArn = outputs.nodeRoleArn;
export const kubeconfig = outputs.kubeconfig;
// Detection
export const detectorId = outputs.detectorId;
export const alertTopicArn = outputs.alertTopicArn;
export const auditBucketName = outputs.auditBucketName;
// Registry
export const repositoryUrls = outputs.repositoryUrls;
// In-cluster guardrails
export const teamNamespaces = outputs.teamNamespaces;
export const admissionPolicyNames = outputs.admissionPolicyNames;
// Image signing (CTR-2): CI assumes signerRoleArn and runs cosign sign --key <signingKeyReference>
export const signingKeyReference = outputs.signingKeyReference;
export const signerRoleArn = outputs.signerRoleArn;
// Edge protection (CODE-3): name it in the alb.ingress.kubernetes.io/wafv2-acl-arn annotation of internet-facing Ingresses
export const webAclArn = outputs.webAclArn;
// Application secrets (DATA-4): create secrets as <secretNamePrefix>/<team>/<name> with this key
export const secretsKeyArn = outputs.secretsKeyArn;
export const secretsTeamRoleArns = outputs.secretsTeamRoleArns;
