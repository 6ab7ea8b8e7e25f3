/**
 * SecureCluster's keys, control plane, OIDC provider and IAM roles: the builders its constructor calls
 * first, each creating its part with the component as parent. Child names are the component's (a rename replaces).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, arn, servicePrincipal } from "../common/awsContext";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { IAM_ROLE_NAME, boundedName } from "../common/physicalName";
import { SecureClusterArgs } from "./args";
import {
    EBS_CSI_SERVICE_ACCOUNT,
    IRSA_AUDIENCE,
    ManagedPolicy,
    VPC_CNI_SERVICE_ACCOUNT,
    clusterSecretsKeyPolicy,
    ebsCsiKeyPolicy,
    nodeRolePolicies,
    podIdentityTrustPolicy,
    serviceRoleTrust,
} from "./iam";
import { ClusterSecurityGroups, createSecurityGroups } from "./securityGroups";
import { DEFAULT_LOG_RETENTION_DAYS, KubernetesVersion } from "./validate";

/** The five control-plane log types (EKS-3). */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The node role's name: the cluster's name and region, cut with a hash to IAM's 64 characters. */
export function nodeRoleNameFor(clusterName: string, region: string): string {
    return boundedName(IAM_ROLE_NAME, clusterName, "node", region);
}

/** Where EKS writes control-plane logs; the group must exist first so EKS does not create an unencrypted one. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/** What every builder of the constructor needs: the component's name, its arguments and values derived once. */
export interface Build {
    readonly name: string;
    readonly args: SecureClusterArgs;
    readonly clusterName: string;
    readonly version: KubernetesVersion;
    readonly protect: boolean;
    readonly tags: Record<string, string>;
    readonly ctx: pulumi.Output<AwsContext>;
    readonly policyArn: (p: ManagedPolicy) => pulumi.Output<string>;
}

export interface ClusterKeys {
    readonly secretsKey: CustomerManagedKey;
    readonly logsKey: CustomerManagedKey;
    readonly volumesKey: CustomerManagedKey;
}

/** The Pod Identity roles of the baseline's own add-ons, and the attachments that must exist before each add-on. */
export interface AddonRoles {
    readonly cniRole: aws.iam.Role;
    readonly cniPolicy: aws.iam.RolePolicyAttachment;
    readonly ebsRole: aws.iam.Role;
    readonly ebsPolicies: pulumi.Resource[];
}

export const json = (doc: unknown) => JSON.stringify(doc);

/** The node role's ARN (known at preview) and its policy attachments, which node groups wait for. */
export interface NodeRole {
    readonly arn: pulumi.Output<string>;
    readonly policies: pulumi.Resource[];
}

/** Keys (KMS-1, EKS-2, EKS-10): one per purpose. */
export function createClusterKeys({ name, protect, args }: Build, parent: pulumi.Resource): ClusterKeys {
    const secretsKey = new CustomerManagedKey(childName(name, "secrets"), { purpose: "secrets", protect, tags: args.tags }, { parent });
    const logsKey = new CustomerManagedKey(
        childName(name, "logs"),
        { purpose: "logs", services: ["logs"], protect, tags: args.tags },
        { parent },
    );
    const volumesKey = new CustomerManagedKey(
        childName(name, "volumes"),
        { purpose: "volumes", services: ["autoscaling"], protect, tags: args.tags },
        { parent },
    );
    return { secretsKey, logsKey, volumesKey };
}

/** EKS-1, EKS-2, EKS-3, EKS-7, EKS-10: the log group, the cluster role, the security groups and the cluster itself. */
export function createControlPlane(
    b: Build,
    keys: ClusterKeys,
    parent: pulumi.Resource,
): { cluster: aws.eks.Cluster; sgs: ClusterSecurityGroups } {
    const { name, args, clusterName, protect, tags, ctx } = b;
    // EKS-3: the log group exists, encrypted and with retention, before the cluster writes to it.
    const logGroup = new aws.cloudwatch.LogGroup(
        childName(name, "control-plane-logs"),
        {
            name: controlPlaneLogGroupName(clusterName),
            retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
            kmsKeyId: keys.logsKey.arn,
            tags,
        },
        { parent, protect, retainOnDelete: protect },
    );

    // Cluster role: the EKS managed policy plus use of the secrets key only.
    const clusterRole = new aws.iam.Role(
        childName(name, "cluster-role"),
        { assumeRolePolicy: ctx.apply((c) => json(serviceRoleTrust(servicePrincipal(c, "eks")))), tags },
        { parent },
    );
    const clusterRolePolicies = [
        new aws.iam.RolePolicyAttachment(
            childName(name, "cluster-role", "eks"),
            { role: clusterRole.name, policyArn: b.policyArn("cluster") },
            { parent },
        ),
        // Through the key's alias, not its ARN: the document stays known at preview (EKS-2).
        new aws.iam.RolePolicy(
            childName(name, "cluster-role", "secrets-key"),
            {
                role: clusterRole.id,
                policy: pulumi.all([ctx, keys.secretsKey.aliasName]).apply(([c, alias]) => json(clusterSecretsKeyPolicy(c, alias))),
            },
            { parent },
        ),
    ];

    const sgs = createSecurityGroups(
        name,
        {
            vpcId: args.vpcId,
            vpcCidr: args.vpcCidr,
            internetEgress: args.nodeInternetEgress ?? false,
            s3PrefixListId: args.s3PrefixListId,
            clusterName,
            tags,
        },
        parent,
    );
    const publicCidrs = [...(args.publicAccessCidrs ?? [])];

    const cluster = new aws.eks.Cluster(
        childName(name, "cluster"),
        {
            name: clusterName,
            version: b.version,
            roleArn: clusterRole.arn,
            vpcConfig: {
                subnetIds: args.controlPlaneSubnetIds ?? args.privateSubnetIds,
                securityGroupIds: [sgs.clusterSecurityGroup.id],
                endpointPrivateAccess: true,
                endpointPublicAccess: publicCidrs.length > 0,
                ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
            },
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: keys.secretsKey.arn } },
            enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            upgradePolicy: { supportType: "STANDARD" },
            // The add-ons below are EKS managed add-ons; do not also install unmanaged copies.
            bootstrapSelfManagedAddons: false,
            deletionProtection: protect,
            tags,
        },
        // The secrets key's alias must exist before EKS uses the key through the cluster role.
        { parent, protect, dependsOn: [logGroup, keys.secretsKey, ...clusterRolePolicies, ...sgs.rules] },
    );
    return { cluster, sgs };
}

/**
 * For users' IRSA roles. No thumbprint: IAM verifies the EKS issuer against its own trusted CAs
 * (thumbprintLists is optional in v7). The baseline's own roles use Pod Identity (addonRoles).
 */
export function createOidcProvider({ name, tags }: Build, cluster: aws.eks.Cluster, parent: pulumi.Resource) {
    const issuer = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? "");
    const oidc = new aws.iam.OpenIdConnectProvider(
        childName(name, "oidc"),
        { url: issuer, clientIdLists: [IRSA_AUDIENCE], tags },
        { parent },
    );
    return { oidc, issuer };
}

/**
 * EKS-5: Pod Identity, not IRSA, for the baseline's own workload roles: an IRSA trust names the
 * OIDC issuer EKS assigns at create, so a policy pack could not judge it at preview.
 */
export function createAddonRoles(b: Build, keys: ClusterKeys, parent: pulumi.Resource): AddonRoles {
    const { name, clusterName, tags, ctx } = b;
    const podRole = (role: string, sa: { namespace: string; name: string }) =>
        new aws.iam.Role(
            childName(name, role),
            { assumeRolePolicy: ctx.apply((c) => json(podIdentityTrustPolicy(c, clusterName, sa))), tags },
            { parent },
        );

    // EKS-5: the VPC CNI runs on its own role, with the CNI policy there and not on the node role.
    const cniRole = podRole("vpc-cni-role", VPC_CNI_SERVICE_ACCOUNT);
    const cniPolicy = new aws.iam.RolePolicyAttachment(
        childName(name, "vpc-cni-role", "cni"),
        { role: cniRole.name, policyArn: b.policyArn("cni") },
        { parent },
    );
    const ebsRole = podRole("ebs-csi-role", EBS_CSI_SERVICE_ACCOUNT);
    const ebsPolicies = [
        new aws.iam.RolePolicyAttachment(
            childName(name, "ebs-csi-role", "ebs"),
            { role: ebsRole.name, policyArn: b.policyArn("ebsCsi") },
            { parent },
        ),
        new aws.iam.RolePolicy(
            childName(name, "ebs-csi-role", "volumes-key"),
            {
                role: ebsRole.id,
                policy: pulumi.all([ctx, keys.volumesKey.aliasName]).apply(([c, alias]) => json(ebsCsiKeyPolicy(c, alias))),
            },
            { parent },
        ),
    ];
    return { cniRole, cniPolicy, ebsRole, ebsPolicies };
}

/**
 * EKS-6: node role with only what nodes need. A fixed name (IAM is global: the region is part of
 * it) makes its ARN known at preview, so the registry's pull policy naming it is judged there.
 */
export function createNodeRole(b: Build, parent: pulumi.Resource): NodeRole {
    const { name, clusterName, tags, ctx } = b;
    const nodeRoleName = ctx.apply((c) => nodeRoleNameFor(clusterName, c.region));
    const nodeRole = new aws.iam.Role(
        childName(name, "node-role"),
        { name: nodeRoleName, assumeRolePolicy: ctx.apply((c) => json(serviceRoleTrust(servicePrincipal(c, "ec2")))), tags },
        { parent },
    );
    const nodeRoleArn = pulumi.all([nodeRole.urn, ctx, nodeRoleName]).apply(([, c, n]) => arn(c, "iam", `role/${n}`, { global: true }));
    const policies = nodeRolePolicies(b.args.nodeSsmAccess ?? false).map(
        (p) =>
            new aws.iam.RolePolicyAttachment(
                childName(name, "node-role", p),
                { role: nodeRole.name, policyArn: b.policyArn(p) },
                { parent },
            ),
    );
    return { arn: nodeRoleArn, policies };
}
