import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../common/awsContext";
import { CustomerManagedKey } from "../common/kms";
// The same default group ClusterGuardrails binds to cluster-admin, so the two meet without configuration.
import { DEFAULT_BREAK_GLASS_GROUP } from "../guardrails/constants";
import { childName } from "../common/naming";
import { baselineTags } from "../common/tags";
import { createAccess, planAccess } from "./access";
import { AddonName, RESOLVE_CONFLICTS, addonVersionsFor, defaultStorageClass, vpcCniConfiguration } from "./addons";
import { SecureClusterArgs } from "./args";
import {
    AddonRoles,
    Build,
    ClusterKeys,
    NodeRole,
    createAddonRoles,
    createClusterKeys,
    createControlPlane,
    createNodeRole,
    createOidcProvider,
} from "./controlPlane";
import { EBS_CSI_SERVICE_ACCOUNT, ManagedPolicy, VPC_CNI_SERVICE_ACCOUNT, managedPolicyArn } from "./iam";
import { buildKubeconfig } from "./kubeconfig";
import { DEFAULT_NODE_GROUP, createNodeGroups } from "./nodes";
import { ClusterSecurityGroups } from "./securityGroups";
import { DEFAULT_KUBERNETES_VERSION, validateSecureClusterArgs } from "./validate";

export { SecureClusterArgs } from "./args";
export { CLUSTER_LOG_TYPES, controlPlaneLogGroupName, nodeRoleNameFor } from "./controlPlane";

export const SECURE_CLUSTER_TYPE = "secure-baseline:cluster:SecureCluster";

/**
 * A private, encrypted EKS cluster built from `@pulumi/aws` resources (EKS-1..EKS-10): private endpoint,
 * KMS envelope encryption of Secrets, all control-plane logs to an encrypted log group, access entries only,
 * IRSA and Pod Identity, hardened managed node groups, minimal security groups, network policy enforcement,
 * pinned add-ons and an encrypted default StorageClass. The constructor calls one builder per part, in the
 * order the parts depend on each other; child names are unchanged by that split (a rename replaces).
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

        const ctx = awsContext(this);
        const b: Build = {
            name,
            args,
            clusterName,
            version: args.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
            protect: args.protect ?? true,
            tags: baselineTags(SECURE_CLUSTER_TYPE, args.tags),
            ctx,
            policyArn: (p: ManagedPolicy) => ctx.partition.apply((part) => managedPolicyArn(part, p)),
        };
        const keys = createClusterKeys(b, this);
        const { cluster, sgs } = createControlPlane(b, keys, this);
        const { oidc, issuer } = createOidcProvider(b, cluster, this);
        const roles = createAddonRoles(b, keys, this);
        const node = createNodeRole(b, this);
        const ebsCsi = this.addonsAndNodes(b, { cluster, sgs, keys, roles, node });
        const associations = this.access(b, cluster);
        this.kubeconfig = this.kubeconfigFor(b, cluster, associations);
        this.provider = new k8s.Provider(
            childName(name, "k8s"),
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            { parent: this },
        );
        this.storageClass(b, keys.volumesKey, [ebsCsi, ...associations]);

        this.clusterName = cluster.name;
        this.clusterArn = cluster.arn;
        this.endpoint = cluster.endpoint;
        this.certificateAuthority = cluster.certificateAuthority.apply((ca) => ca.data ?? "");
        this.oidcProviderArn = oidc.arn;
        this.oidcIssuer = issuer;
        this.nodeRoleArn = node.arn;
        this.nodeSecurityGroupId = sgs.nodeSecurityGroup.id;
        this.clusterSecurityGroupId = sgs.clusterSecurityGroup.id;
        this.volumesKeyArn = keys.volumesKey.arn;
        this.secretsKeyArn = keys.secretsKey.arn;
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

    /** EKS-8 add-ons (pinned) and the EKS-6 node groups, in the order nodes need them. Returns the EBS CSI add-on. */
    private addonsAndNodes(
        b: Build,
        parts: {
            cluster: aws.eks.Cluster;
            sgs: ClusterSecurityGroups;
            keys: ClusterKeys;
            roles: AddonRoles;
            node: NodeRole;
        },
    ): aws.eks.Addon {
        const { name, args, tags } = b;
        const { cluster, roles } = parts;
        const versions = addonVersionsFor(b.version, args.addonVersions);
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
                podIdentityAssociations: [{ roleArn: roles.cniRole.arn, serviceAccount: VPC_CNI_SERVICE_ACCOUNT.name }],
                configurationValues: vpcCniConfiguration(),
            },
            [roles.cniPolicy, podIdentity],
        );
        const kubeProxy = addon("kube-proxy", {}, []);

        const nodeGroups = createNodeGroups(
            name,
            args.nodeGroups ?? [DEFAULT_NODE_GROUP],
            {
                clusterName: cluster.name,
                kubernetesVersion: b.version,
                subnetIds: args.privateSubnetIds,
                nodeRoleArn: parts.node.arn,
                nodeSecurityGroupId: parts.sgs.nodeSecurityGroup.id,
                volumesKeyArn: parts.keys.volumesKey.arn,
                tags,
                dependsOn: [...parts.node.policies, vpcCni, kubeProxy, podIdentity],
            },
            this,
        );
        // Deployments need nodes to become ACTIVE.
        const ebsCsi = addon(
            "aws-ebs-csi-driver",
            { podIdentityAssociations: [{ roleArn: roles.ebsRole.arn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name }] },
            [...roles.ebsPolicies, parts.keys.volumesKey, ...nodeGroups],
        );
        addon("coredns", {}, nodeGroups);
        return ebsCsi;
    }

    /**
     * EKS-4: access entries and policy associations; no cluster-creator admin. Break-glass principals get
     * an entry with only the break-glass group (no access policy, see the argument).
     */
    private access({ name, args, ctx, tags }: Build, cluster: aws.eks.Cluster) {
        const breakGlass = { principalArns: args.breakGlassPrincipalArns ?? [], group: args.breakGlassGroup ?? DEFAULT_BREAK_GLASS_GROUP };
        return createAccess(name, planAccess(args.adminPrincipalArns, args.teams, breakGlass), cluster.name, ctx.partition, this, tags);
    }

    /** The kubeconfig resolves only once admin access exists, so nothing uses it too early. */
    private kubeconfigFor({ ctx }: Build, cluster: aws.eks.Cluster, associations: readonly pulumi.CustomResource[]): pulumi.Output<string> {
        return pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, ctx, pulumi.all(associations.map((a) => a.id))])
                .apply(([n, endpoint, ca, c]) =>
                    JSON.stringify(
                        buildKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca.data ?? "", region: c.region }),
                    ),
                ),
        );
    }

    /** EKS-8: the default StorageClass encrypts volumes with the volumes key. */
    private storageClass({ name }: Build, volumesKey: CustomerManagedKey, dependsOn: pulumi.Resource[]): void {
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
            { parent: this, provider: this.provider, dependsOn },
        );
    }
}
