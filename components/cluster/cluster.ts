import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { arn, awsContext, servicePrincipal } from "../common/awsContext";
import { CustomerManagedKey } from "../common/kms";
// The same default group ClusterGuardrails binds to cluster-admin, so the two meet without configuration.
import { DEFAULT_BREAK_GLASS_GROUP } from "../guardrails/constants";
import { childName } from "../common/naming";
import { IAM_ROLE_NAME, boundedName } from "../common/physicalName";
import { Tags, baselineTags } from "../common/tags";
import { TeamAccess, createAccess, planAccess } from "./access";
import { AddonName, AddonVersions, RESOLVE_CONFLICTS, addonVersionsFor, defaultStorageClass, vpcCniConfiguration } from "./addons";
import {
    EBS_CSI_SERVICE_ACCOUNT,
    IRSA_AUDIENCE,
    ManagedPolicy,
    VPC_CNI_SERVICE_ACCOUNT,
    clusterSecretsKeyPolicy,
    ebsCsiKeyPolicy,
    managedPolicyArn,
    nodeRolePolicies,
    podIdentityTrustPolicy,
    serviceRoleTrust,
} from "./iam";
import { buildKubeconfig } from "./kubeconfig";
import { DEFAULT_NODE_GROUP, NodeGroupSpec, createNodeGroups } from "./nodes";
import { createSecurityGroups } from "./securityGroups";
import { DEFAULT_KUBERNETES_VERSION, DEFAULT_LOG_RETENTION_DAYS, KubernetesVersion, validateSecureClusterArgs } from "./validate";

export const SECURE_CLUSTER_TYPE = "secure-baseline:cluster:SecureCluster";

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

export interface SecureClusterArgs {
    /** The VPC (e.g. HardenedVpc's `vpcId`). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 CIDR: node egress to interface endpoints and the resolver is limited to it (EKS-7). */
    readonly vpcCidr: pulumi.Input<string>;
    /** Private subnets for nodes, in at least two AZs (EKS-6, NET-1). */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Subnets for the control-plane ENIs (e.g. isolated subnets). @default privateSubnetIds */
    readonly controlPlaneSubnetIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Whether nodes may reach 443 outside the VPC. Set true when the VPC has NAT (its NAT strategy is not
     * `none`) and workloads pull from public registries. False keeps node egress inside the VPC (interface
     * endpoints, S3 gateway endpoint, resolver). @default false
     */
    readonly nodeInternetEgress?: boolean;
    /**
     * Prefix list of the VPC's S3 gateway endpoint (e.g. HardenedVpc's S3 endpoint `prefixListId`). Nodes
     * get 443 egress to it, because ECR serves image layers from S3. Required when nodeInternetEgress is
     * false (a private VPC cannot pull images without it); optional otherwise.
     */
    readonly s3PrefixListId?: pulumi.Input<string>;
    /** EKS cluster name; part of the log group name. Changing it replaces the cluster. @default the component name */
    readonly clusterName?: string;
    /** Pinned Kubernetes version (EKS-9). @default "1.35" */
    readonly kubernetesVersion?: KubernetesVersion;
    /**
     * Admin networks allowed to reach a public API endpoint (EKS-1). Empty or unset keeps the endpoint
     * private only. Never 0.0.0.0/0, ::/0 or any /0. @default [] (private endpoint only)
     */
    readonly publicAccessCidrs?: readonly string[];
    /**
     * IAM role or user ARNs granted cluster-admin through access entries (EKS-4). Non-empty. The principal
     * running `pulumi up` must be one of them, or in-cluster resources (the StorageClass) cannot be created.
     * For IAM Identity Center roles, give the role ARN without its path.
     */
    readonly adminPrincipalArns: readonly string[];
    /**
     * IAM role or user ARNs that may act as cluster-admin in an emergency (break-glass). Each gets an access
     * entry mapping it to `breakGlassGroup` and NO access policy: the rights come from ClusterGuardrails'
     * ClusterRoleBinding of that group to cluster-admin, so without that binding these principals can do
     * nothing. Use a role that nobody assumes day to day (assumption shows in CloudTrail, every request in
     * the EKS audit log). @default [] (nobody is in the break-glass group)
     */
    readonly breakGlassPrincipalArns?: readonly string[];
    /**
     * The Kubernetes group break-glass principals are mapped to; must be the group ClusterGuardrails binds
     * (its `breakGlassGroup`). Not a `system:`, `eks:`, `aws:`, `amazon:` or `iam:` group (EKS reserves them).
     * @default DEFAULT_BREAK_GLASS_GROUP ("secure-baseline:break-glass", ClusterGuardrails' default)
     */
    readonly breakGlassGroup?: string;
    /** Teams with namespace-scoped view/edit access (EKS-4). @default [] */
    readonly teams?: readonly TeamAccess[];
    /** Managed node groups (EKS-6). @default one "system" group: 2-4 × m7i.large, AL2023 */
    readonly nodeGroups?: readonly NodeGroupSpec[];
    /** Give nodes AmazonSSMManagedInstanceCore (Session Manager shell). Off: nodes need no interactive access. @default false */
    readonly nodeSsmAccess?: boolean;
    /** Control-plane log retention in days (EKS-3, DATA-3). @default 365 */
    readonly logRetentionDays?: number;
    /** Add-on builds to use instead of the pinned table (EKS-8). @default the table for kubernetesVersion */
    readonly addonVersions?: Partial<AddonVersions>;
    /**
     * Protect the cluster, its keys and its log group from `pulumi destroy` and replacement, and turn on EKS
     * deletion protection (EKS-10). Turning it off lets one destroy remove the cluster and schedule its keys
     * for deletion. @default true
     */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/**
 * A private, encrypted EKS cluster built from `@pulumi/aws` resources (EKS-1..EKS-10): private endpoint,
 * KMS envelope encryption of Secrets, all control-plane logs to an encrypted log group, access entries only,
 * IRSA and Pod Identity, hardened managed node groups, minimal security groups, network policy enforcement,
 * pinned add-ons and an encrypted default StorageClass.
 */
export class SecureCluster extends pulumi.ComponentResource {
    public readonly clusterName: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    public readonly endpoint: pulumi.Output<string>;
    /** Base64 CA bundle of the API server. */
    public readonly certificateAuthority: pulumi.Output<string>;
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The issuer URL (`https://oidc.eks...`). */
    public readonly oidcIssuer: pulumi.Output<string>;
    public readonly nodeRoleArn: pulumi.Output<string>;
    public readonly nodeSecurityGroupId: pulumi.Output<string>;
    /** The additional cluster security group this component manages. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    public readonly volumesKeyArn: pulumi.Output<string>;
    public readonly secretsKeyArn: pulumi.Output<string>;
    /** Kubeconfig JSON (secret) authenticating with `aws eks get-token`. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A Kubernetes provider bound to this cluster, for in-cluster resources. */
    public readonly provider: k8s.Provider;

    constructor(name: string, args: SecureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const clusterName = args.clusterName ?? name;
        validateSecureClusterArgs(name, { ...args, clusterName });
        super(SECURE_CLUSTER_TYPE, name, {}, opts);

        const protect = args.protect ?? true;
        const version = args.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
        const tags = baselineTags(SECURE_CLUSTER_TYPE, args.tags);
        const ctx = awsContext(this);
        const partition = ctx.partition;
        const policyArn = (p: ManagedPolicy) => partition.apply((part) => managedPolicyArn(part, p));
        const json = (doc: unknown) => JSON.stringify(doc);

        // Keys (KMS-1, EKS-2, EKS-10): one per purpose.
        const secretsKey = new CustomerManagedKey(
            childName(name, "secrets"),
            { purpose: "secrets", protect, tags: args.tags },
            { parent: this },
        );
        const logsKey = new CustomerManagedKey(
            childName(name, "logs"),
            { purpose: "logs", services: ["logs"], protect, tags: args.tags },
            { parent: this },
        );
        const volumesKey = new CustomerManagedKey(
            childName(name, "volumes"),
            { purpose: "volumes", services: ["autoscaling"], protect, tags: args.tags },
            { parent: this },
        );

        // EKS-3: the log group exists, encrypted and with retention, before the cluster writes to it.
        const logGroup = new aws.cloudwatch.LogGroup(
            childName(name, "control-plane-logs"),
            {
                name: controlPlaneLogGroupName(clusterName),
                retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
                kmsKeyId: logsKey.arn,
                tags,
            },
            { parent: this, protect, retainOnDelete: protect },
        );

        // Cluster role: the EKS managed policy plus use of the secrets key only.
        const clusterRole = new aws.iam.Role(
            childName(name, "cluster-role"),
            { assumeRolePolicy: ctx.apply((c) => json(serviceRoleTrust(servicePrincipal(c, "eks")))), tags },
            { parent: this },
        );
        const clusterRolePolicies = [
            new aws.iam.RolePolicyAttachment(
                childName(name, "cluster-role", "eks"),
                { role: clusterRole.name, policyArn: policyArn("cluster") },
                { parent: this },
            ),
            // Through the key's alias, not its ARN: the document stays known at preview (EKS-2).
            new aws.iam.RolePolicy(
                childName(name, "cluster-role", "secrets-key"),
                {
                    role: clusterRole.id,
                    policy: pulumi.all([ctx, secretsKey.aliasName]).apply(([c, alias]) => json(clusterSecretsKeyPolicy(c, alias))),
                },
                { parent: this },
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
            this,
        );
        const publicCidrs = [...(args.publicAccessCidrs ?? [])];

        const cluster = new aws.eks.Cluster(
            childName(name, "cluster"),
            {
                name: clusterName,
                version,
                roleArn: clusterRole.arn,
                vpcConfig: {
                    subnetIds: args.controlPlaneSubnetIds ?? args.privateSubnetIds,
                    securityGroupIds: [sgs.clusterSecurityGroup.id],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicCidrs.length > 0,
                    ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
                },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
                enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                upgradePolicy: { supportType: "STANDARD" },
                // The add-ons below are EKS managed add-ons; do not also install unmanaged copies.
                bootstrapSelfManagedAddons: false,
                deletionProtection: protect,
                tags,
            },
            // The secrets key's alias must exist before EKS uses the key through the cluster role.
            { parent: this, protect, dependsOn: [logGroup, secretsKey, ...clusterRolePolicies, ...sgs.rules] },
        );

        const issuer = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? "");
        // For users' IRSA roles. No thumbprint: IAM verifies the EKS issuer against its own trusted CAs
        // (thumbprintLists is optional in v7). The baseline's own roles use Pod Identity (below).
        const oidc = new aws.iam.OpenIdConnectProvider(
            childName(name, "oidc"),
            { url: issuer, clientIdLists: [IRSA_AUDIENCE], tags },
            { parent: this },
        );
        // EKS-5: Pod Identity, not IRSA, for the baseline's own workload roles: an IRSA trust names the
        // OIDC issuer EKS assigns at create, so a policy pack could not judge it at preview.
        const podRole = (role: string, sa: { namespace: string; name: string }) =>
            new aws.iam.Role(
                childName(name, role),
                { assumeRolePolicy: ctx.apply((c) => json(podIdentityTrustPolicy(c, clusterName, sa))), tags },
                { parent: this },
            );

        // EKS-5: the VPC CNI runs on its own role, with the CNI policy there and not on the node role.
        const cniRole = podRole("vpc-cni-role", VPC_CNI_SERVICE_ACCOUNT);
        const cniPolicy = new aws.iam.RolePolicyAttachment(
            childName(name, "vpc-cni-role", "cni"),
            { role: cniRole.name, policyArn: policyArn("cni") },
            { parent: this },
        );
        const ebsRole = podRole("ebs-csi-role", EBS_CSI_SERVICE_ACCOUNT);
        const ebsPolicies = [
            new aws.iam.RolePolicyAttachment(
                childName(name, "ebs-csi-role", "ebs"),
                { role: ebsRole.name, policyArn: policyArn("ebsCsi") },
                { parent: this },
            ),
            new aws.iam.RolePolicy(
                childName(name, "ebs-csi-role", "volumes-key"),
                {
                    role: ebsRole.id,
                    policy: pulumi.all([ctx, volumesKey.aliasName]).apply(([c, alias]) => json(ebsCsiKeyPolicy(c, alias))),
                },
                { parent: this },
            ),
        ];

        // EKS-6: node role with only what nodes need. A fixed name (IAM is global: the region is part of
        // it) makes its ARN known at preview, so the registry's pull policy naming it is judged there.
        const nodeRoleName = ctx.apply((c) => nodeRoleNameFor(clusterName, c.region));
        const nodeRole = new aws.iam.Role(
            childName(name, "node-role"),
            { name: nodeRoleName, assumeRolePolicy: ctx.apply((c) => json(serviceRoleTrust(servicePrincipal(c, "ec2")))), tags },
            { parent: this },
        );
        const nodeRoleArn = pulumi.all([nodeRole.urn, ctx, nodeRoleName]).apply(([, c, n]) => arn(c, "iam", `role/${n}`, { global: true }));
        const nodePolicies = nodeRolePolicies(args.nodeSsmAccess ?? false).map(
            (p) =>
                new aws.iam.RolePolicyAttachment(
                    childName(name, "node-role", p),
                    { role: nodeRole.name, policyArn: policyArn(p) },
                    { parent: this },
                ),
        );

        const versions = addonVersionsFor(version, args.addonVersions);
        const addon = (addonName: AddonName, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
            new aws.eks.Addon(
                childName(name, addonName),
                {
                    clusterName: cluster.name,
                    addonName,
                    addonVersion: versions[addonName],
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: RESOLVE_CONFLICTS,
                    tags,
                    ...extra,
                },
                { parent: this, dependsOn },
            );
        // Daemon sets first: nodes become Ready only once the CNI runs. The Pod Identity agent (host
        // network, so it needs no CNI) hands the CNI its credentials, so it comes first.
        const podIdentity = addon("eks-pod-identity-agent", {}, []);
        const vpcCni = addon(
            "vpc-cni",
            {
                podIdentityAssociations: [{ roleArn: cniRole.arn, serviceAccount: VPC_CNI_SERVICE_ACCOUNT.name }],
                configurationValues: vpcCniConfiguration(),
            },
            [cniPolicy, podIdentity],
        );
        const kubeProxy = addon("kube-proxy", {}, []);

        const nodeGroups = createNodeGroups(
            name,
            args.nodeGroups ?? [DEFAULT_NODE_GROUP],
            {
                clusterName: cluster.name,
                kubernetesVersion: version,
                subnetIds: args.privateSubnetIds,
                nodeRoleArn,
                nodeSecurityGroupId: sgs.nodeSecurityGroup.id,
                volumesKeyArn: volumesKey.arn,
                tags,
                dependsOn: [...nodePolicies, vpcCni, kubeProxy, podIdentity],
            },
            this,
        );
        // Deployments need nodes to become ACTIVE.
        const ebsCsi = addon(
            "aws-ebs-csi-driver",
            { podIdentityAssociations: [{ roleArn: ebsRole.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name }] },
            [...ebsPolicies, volumesKey, ...nodeGroups],
        );
        addon("coredns", {}, nodeGroups);

        // EKS-4: access entries and policy associations; no cluster-creator admin.
        // Break-glass principals get an entry with only the break-glass group (no access policy, see the arg).
        const breakGlass = { principalArns: args.breakGlassPrincipalArns ?? [], group: args.breakGlassGroup ?? DEFAULT_BREAK_GLASS_GROUP };
        const associations = createAccess(
            name,
            planAccess(args.adminPrincipalArns, args.teams, breakGlass),
            cluster.name,
            partition,
            this,
            tags,
        );

        // The kubeconfig resolves only once admin access exists, so nothing uses it too early.
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, ctx, pulumi.all(associations.map((a) => a.id))])
                .apply(([n, endpoint, ca, c]) =>
                    JSON.stringify(
                        buildKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca.data ?? "", region: c.region }),
                    ),
                ),
        );
        this.provider = new k8s.Provider(
            childName(name, "k8s"),
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            { parent: this },
        );

        // EKS-8: the default StorageClass encrypts volumes with the volumes key.
        const sc = volumesKey.arn.apply((k) => defaultStorageClass(k));
        new k8s.storage.v1.StorageClass(
            childName(name, "default-storage-class"),
            {
                metadata: sc.metadata,
                provisioner: sc.provisioner,
                parameters: sc.parameters,
                reclaimPolicy: sc.reclaimPolicy,
                volumeBindingMode: sc.volumeBindingMode,
                allowVolumeExpansion: sc.allowVolumeExpansion,
            },
            { parent: this, provider: this.provider, dependsOn: [ebsCsi, ...associations] },
        );

        this.clusterName = cluster.name;
        this.clusterArn = cluster.arn;
        this.endpoint = cluster.endpoint;
        this.certificateAuthority = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
        this.oidcProviderArn = oidc.arn;
        this.oidcIssuer = issuer;
        this.nodeRoleArn = nodeRoleArn;
        this.nodeSecurityGroupId = sgs.nodeSecurityGroup.id;
        this.clusterSecurityGroupId = sgs.clusterSecurityGroup.id;
        this.volumesKeyArn = volumesKey.arn;
        this.secretsKeyArn = secretsKey.arn;
        this.registerOutputs({
            clusterName: this.clusterName,
            clusterArn: this.clusterArn,
            endpoint: this.endpoint,
            certificateAuthority: this.certificateAuthority,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuer: this.oidcIssuer,
            nodeRoleArn: this.nodeRoleArn,
            nodeSecurityGroupId: this.nodeSecurityGroupId,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            volumesKeyArn: this.volumesKeyArn,
            secretsKeyArn: this.secretsKeyArn,
            kubeconfig: this.kubeconfig,
            provider: this.provider,
        });
    }
}
