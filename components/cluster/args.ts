/** SecureCluster's arguments: what each sets, its default and what loosening it costs. */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../common/tags";
import { TeamAccess } from "./access";
import { AddonVersions } from "./addons";
import { NodeGroupSpec } from "./nodes";
import { KubernetesVersion } from "./validate";

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
