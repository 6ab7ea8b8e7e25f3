/**
 * Pure planning for SecretsAccess (DATA-4): role names and ARNs known at preview, the IAM documents, the
 * SecretStore manifests and the reviewed Helm values. Plain data in, plain data out: the tests evaluate the
 * documents with an IAM simulator and send the manifests to a real API server.
 *
 * How a team reaches its secrets: the ESO controller runs as one Pod Identity role that may do nothing but
 * assume the team roles; each team namespace's SecretStore names its team's role (spec.provider.aws.role),
 * which reads only `secret:<prefix>/<team>/*` and decrypts only through Secrets Manager. Teams cannot create
 * SecretStores (their edit Role omits them), so no namespace can name another team's role.
 */
import { createHash } from "crypto";
import { AwsContext, accountRootArn, arn, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, policyDocument } from "../common/iam";
import { onKeyByAlias } from "../common/kms";
import { podIdentityTrustPolicy } from "../cluster/iam";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from "../guardrails/constants";
import { NetworkPolicyManifest } from "../guardrails/manifests";
import { notQuarantined, planNetworkPolicies } from "../guardrails/networkPlan";
import { ESO_API_VERSION, ESO_NAMESPACE, ESO_SERVICE_ACCOUNT, IAM_ROLE_NAME_MAX_LENGTH, TEAM_STORE_NAME } from "./constants";

/** What a team role may do on its secrets: read a value and its metadata, nothing else. */
export const TEAM_SECRET_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;

/**
 * An IAM role name from parts: joined with "-", and when longer than IAM allows, cut and suffixed with a
 * hash of the whole so two long names stay distinct. Changing it renames (replaces) the role.
 */
export function boundedRoleName(...parts: string[]): string {
    const full = parts.join("-");
    if (full.length <= IAM_ROLE_NAME_MAX_LENGTH) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    return `${full.slice(0, IAM_ROLE_NAME_MAX_LENGTH - 9)}-${hash}`;
}

export function controllerRoleName(clusterName: string): string {
    return boundedRoleName(clusterName, "eso-controller");
}

export function teamRoleName(clusterName: string, team: string): string {
    return boundedRoleName(clusterName, "eso-team", team);
}

export function roleArnOf(ctx: AwsContext, roleName: string): string {
    return arn(ctx, "iam", `role/${roleName}`, { global: true });
}

/** `<prefix>/<team>/`: where a team's secrets are named. */
export function teamSecretPath(prefix: string, team: string): string {
    return `${prefix}/${team}/`;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/<team>/*`. */
export function teamSecretsArn(ctx: AwsContext, prefix: string, team: string): string {
    return arn(ctx, "secretsmanager", `secret:${teamSecretPath(prefix, team)}*`);
}

/**
 * A team role's permissions: its secrets only, and kms:Decrypt on the Secrets Manager key only when
 * Secrets Manager asks on the caller's behalf (kms:ViaService), so the role cannot decrypt anything directly.
 */
export function teamSecretsPolicy(ctx: AwsContext, prefix: string, team: string, keyAlias: string): PolicyDocument {
    return policyDocument([
        { Sid: "ReadTeamSecrets", Effect: "Allow", Action: [...TEAM_SECRET_ACTIONS], Resource: teamSecretsArn(ctx, prefix, team) },
        onKeyByAlias(ctx, keyAlias, "DecryptThroughSecretsManager", ["kms:Decrypt"], {
            StringEquals: { "kms:ViaService": servicePrincipal(ctx, "secretsmanager", { regional: true }) },
        }),
    ]);
}

/**
 * A team role's trust: principals of this account, and only the controller's role among them
 * (aws:PrincipalArn). The account root as principal keeps the trust valid if the controller role is
 * replaced (a role ARN principal would turn into a stale unique id).
 */
export function teamRoleTrust(ctx: AwsContext, controllerRoleArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowExternalSecretsController",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(ctx) },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": controllerRoleArn } },
        },
    ]);
}

/** The controller's trust: EKS Pod Identity for the ESO service account of this cluster only (EKS-5). */
export function controllerTrust(ctx: AwsContext, clusterName: string): PolicyDocument {
    return podIdentityTrustPolicy(ctx, clusterName, { namespace: ESO_NAMESPACE, name: ESO_SERVICE_ACCOUNT });
}

/** The controller may only assume the team roles: no secret, no key of its own. */
export function controllerPolicy(teamRoleArns: readonly string[]): PolicyDocument {
    return policyDocument([{ Sid: "AssumeTeamRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...teamRoleArns] }]);
}

export interface SecretStoreManifest {
    readonly apiVersion: typeof ESO_API_VERSION;
    readonly kind: "SecretStore";
    readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
    readonly spec: {
        readonly provider: {
            readonly aws: { readonly service: "SecretsManager"; readonly region: string; readonly role: string; readonly prefix: string };
        };
    };
}

export function storeMetadata(namespace: string, team: string): SecretStoreManifest["metadata"] {
    return { name: TEAM_STORE_NAME, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, team } };
}

/**
 * The team's store in one of its namespaces. `prefix` makes `remoteRef.key: db` read `<prefix>/<team>/db`,
 * so a team never spells the shared prefix; the role, not the prefix, is what keeps other paths out.
 */
export function planSecretStore(
    namespace: string,
    team: string,
    region: string,
    roleArn: string,
    secretPrefix: string,
): SecretStoreManifest {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "SecretStore",
        metadata: storeMetadata(namespace, team),
        spec: { provider: { aws: { service: "SecretsManager", region, role: roleArn, prefix: teamSecretPath(secretPrefix, team) } } },
    };
}

/** The webhook's container port (the chart's default, the kubelet port EKS lets the control plane reach). */
export const ESO_WEBHOOK_PORT = 10250;
/** Interface endpoints the operator needs in the VPC: it has no route out of it. */
export const ESO_ENDPOINT_SERVICES = ["sts", "secretsmanager"] as const;

/**
 * K8S-2 for the operator's namespace: default deny, quarantine and DNS as every namespace, HTTPS to the
 * VPC only (the API server's private endpoint, the STS and Secrets Manager interface endpoints), and the
 * webhook port in from the VPC (the control plane's ENIs) only.
 */
export function planOperatorNetworkPolicies(vpcCidrs: readonly string[]): NetworkPolicyManifest[] {
    const webhookIngress: NetworkPolicyManifest = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-webhook-from-vpc", namespace: ESO_NAMESPACE, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
        spec: {
            podSelector: notQuarantined(),
            policyTypes: ["Ingress"],
            ingress: [{ from: vpcCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: ESO_WEBHOOK_PORT, protocol: "TCP" }] }],
        },
    };
    return [
        ...planNetworkPolicies(ESO_NAMESPACE, { egressTo: [{ name: "vpc-https", cidrs: [...vpcCidrs], ports: [{ port: 443 }] }] }),
        webhookIngress,
    ];
}
