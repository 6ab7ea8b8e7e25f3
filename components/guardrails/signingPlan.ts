/**
 * Pure planners for CTR-2: the policy-controller's Helm values and namespace, the KMS signing key's
 * policies (signer and verifier), and the ClusterImagePolicies. Plain data in, plain data out.
 */
import { AwsContext, arn } from "../common/awsContext";
import { PolicyDocument, policyDocument } from "../common/iam";
import { onKeyByAlias } from "../common/kms/alias";
import { buildKeyPolicy } from "../common/kms/keyPolicy";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "./constants";
import { NetworkPolicyManifest } from "./manifests";
import { notQuarantined, planNetworkPolicies } from "./networkPlan";
import {
    DEFAULT_CONTROLLER_IMAGE_PREFIX,
    DEFAULT_CONTROLLER_REPLICAS,
    DEFAULT_SYSTEM_NODE_GROUP,
    ImageSigningArgs,
    NODE_GROUP_LABEL,
    POD_IDENTITY_AGENT_CIDR,
    POD_IDENTITY_AGENT_PORT,
    POLICY_CONTROLLER_NAMESPACE,
    POLICY_CONTROLLER_SERVICE_ACCOUNT,
    POLICY_CONTROLLER_WEBHOOK_PORT,
    SIGNATURE_OPT_IN_LABEL,
    SIGNER_ACTIONS,
    TrustedRegistry,
    UPSTREAM_CONTROLLER_IMAGE,
    VERIFIER_ACTIONS,
} from "./signingArgs";

/** The container and pod security contexts: Pod Security `restricted` (the namespace enforces it). */
const CONTAINER_SECURITY = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65532,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};
const POD_SECURITY = {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Values for the policy-controller chart (keys as its values.yaml names them). Reviewed: the webhook fails
 * closed (failurePolicy Fail) but only for namespaces labelled to opt in, so system namespaces and the
 * controller's own keep working when it is down; images matching no ClusterImagePolicy are denied there;
 * restricted security contexts; two replicas on the system nodes with a disruption budget.
 */
export function planControllerValues(args: ImageSigningArgs, ecrHost: string, region: string): Record<string, unknown> {
    const prefix = args.controllerImagePrefix ?? DEFAULT_CONTROLLER_IMAGE_PREFIX;
    return {
        installCRDs: true,
        cosign: { webhookName: "policy.sigstore.dev" },
        webhook: {
            replicaCount: args.replicas ?? DEFAULT_CONTROLLER_REPLICAS,
            failurePolicy: "Fail",
            namespaceSelector: { matchExpressions: [{ key: SIGNATURE_OPT_IN_LABEL, operator: "In", values: ["true"] }] },
            configData: { "no-match-policy": "deny" },
            // Only the repository moves to the account's ECR; the chart's digest pin is kept.
            image: { repository: `${ecrHost}/${prefix}/${UPSTREAM_CONTROLLER_IMAGE}` },
            // awskms:// key references resolve in this region; credentials come from Pod Identity.
            env: { AWS_REGION: region },
            podSecurityContext: { enabled: true, ...CONTAINER_SECURITY },
            securityContext: { enabled: true, ...POD_SECURITY },
            podDisruptionBudget: { enabled: true, minAvailable: 1 },
            serviceAccount: { create: true, name: POLICY_CONTROLLER_SERVICE_ACCOUNT },
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        },
        commonNodeSelector: { [NODE_GROUP_LABEL]: args.systemNodeGroup ?? DEFAULT_SYSTEM_NODE_GROUP },
    };
}

/**
 * K8S-2 for the controller's namespace: default deny, DNS, the control plane's calls to the webhook port
 * from the VPC, HTTPS to the VPC (API server ENIs, the KMS, STS and ECR endpoints), and the Pod Identity
 * agent. Registries outside the VPC are not reachable: a trusted registry out there needs an egress rule.
 */
export function planControllerNetworkPolicies(vpcCidr: string): NetworkPolicyManifest[] {
    const ns = POLICY_CONTROLLER_NAMESPACE;
    const webhook: NetworkPolicyManifest = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-webhook-from-control-plane", namespace: ns, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            podSelector: notQuarantined(),
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ ipBlock: { cidr: vpcCidr } }], ports: [{ port: POLICY_CONTROLLER_WEBHOOK_PORT, protocol: "TCP" }] }],
        },
    };
    return [
        ...planNetworkPolicies(ns, {
            egressTo: [
                { name: "vpc-https", cidrs: [vpcCidr], ports: [{ port: 443 }] },
                { name: "pod-identity-agent", cidrs: [POD_IDENTITY_AGENT_CIDR], ports: [{ port: POD_IDENTITY_AGENT_PORT }] },
            ],
        }),
        webhook,
    ];
}

/** The key policy: the account root administers it through IAM; no service and no wildcard principal. */
export function planSigningKeyPolicy(ctx: AwsContext): PolicyDocument {
    return buildKeyPolicy(ctx, []);
}

/** Who may assume the signer role: exactly the configured roles (CI). */
export function planSignerTrustPolicy(principalArns: readonly string[]): PolicyDocument {
    return policyDocument([
        { Sid: "AllowSignerPrincipals", Effect: "Allow", Principal: { AWS: [...principalArns] }, Action: "sts:AssumeRole" },
    ]);
}

/** CI signs and reads the public key, on the one key that carries the alias; nothing else. */
export function planSignerPolicy(ctx: AwsContext, aliasName: string): PolicyDocument {
    return policyDocument([onKeyByAlias(ctx, aliasName, "SignImages", SIGNER_ACTIONS)]);
}

/** The verifier reads the public key only. */
export function planVerifierPolicy(ctx: AwsContext, aliasName: string): PolicyDocument {
    return policyDocument([onKeyByAlias(ctx, aliasName, "VerifyImages", VERIFIER_ACTIONS)]);
}

/** `awskms:///arn:...:alias/...`: the alias ARN names the region, so cosign and the verifier need no other hint. */
export function kmsKeyReference(ctx: AwsContext, aliasName: string): string {
    return `awskms:///${arn(ctx, "kms", aliasName)}`;
}

export type ClusterImagePolicyManifest = {
    apiVersion: "policy.sigstore.dev/v1beta1";
    kind: "ClusterImagePolicy";
    metadata: { name: string; labels: Record<string, string> };
    spec: {
        mode: "enforce";
        images: Array<{ glob: string }>;
        authorities: Array<{ name: string; key: { kms: string } | { data: string } }>;
    };
};

function imagePolicy(name: string, glob: string, key: { kms: string } | { data: string }): ClusterImagePolicyManifest {
    return {
        apiVersion: "policy.sigstore.dev/v1beta1",
        kind: "ClusterImagePolicy",
        metadata: { name, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: { mode: "enforce", images: [{ glob }], authorities: [{ name: "key", key }] },
    };
}

/** One policy for the account's ECR (every repository) trusting the KMS key, and one per trusted registry with its key. */
export function planClusterImagePolicies(
    ecrHost: string,
    keyReference: string,
    trusted: readonly TrustedRegistry[] = [],
): ClusterImagePolicyManifest[] {
    return [
        imagePolicy("secure-baseline-account-ecr", `${ecrHost}/**`, { kms: keyReference }),
        ...trusted.map((t, i) =>
            imagePolicy(`secure-baseline-trusted-${i}`, t.glob, t.key.startsWith("awskms://") ? { kms: t.key } : { data: t.key }),
        ),
    ];
}
