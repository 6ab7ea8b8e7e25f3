/**
 * Pure add-on planning (EKS-5, EKS-8): pinned versions per Kubernetes
 * version, the VPC CNI configuration that turns on network-policy
 * enforcement, and the default StorageClass manifest.
 */
import { KubernetesVersion } from "./validate";

export const ADDON_NAMES = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver"] as const;
export type AddonName = (typeof ADDON_NAMES)[number];
export type AddonVersions = Readonly<Record<AddonName, string>>;

/**
 * Pinned add-on builds per Kubernetes version. Pinning (rather than "latest")
 * makes an add-on upgrade a reviewed change in this file. These builds were
 * taken from published EKS documentation and public usage; no AWS API could be
 * reached here, so confirm each with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <a>`
 * when adding a version, and override per stack with `addonVersions` if needed.
 *
 * A version with no entry (1.35 and 1.36: no build of theirs could be confirmed
 * here) gets no `addonVersion`, so EKS installs its default build for that
 * Kubernetes version: a valid, AWS-validated build, but chosen at create time.
 * Pin them with the component's `addonVersions` argument once confirmed.
 */
const VPC_CNI = "v1.20.4-eksbuild.2";
const POD_IDENTITY_AGENT = "v1.3.10-eksbuild.2";
const EBS_CSI = "v1.41.0-eksbuild.1";

export const ADDON_VERSIONS: Readonly<Partial<Record<KubernetesVersion, AddonVersions>>> = {
    "1.34": {
        "vpc-cni": VPC_CNI,
        "kube-proxy": "v1.34.0-eksbuild.2",
        "eks-pod-identity-agent": POD_IDENTITY_AGENT,
        coredns: "v1.12.3-eksbuild.1",
        "aws-ebs-csi-driver": EBS_CSI,
    },
};

/** The versions to install: the pinned table, with per-stack overrides on top; an add-on absent here takes EKS's default build. */
export function addonVersionsFor(version: KubernetesVersion, overrides: Partial<AddonVersions> = {}): Partial<AddonVersions> {
    return { ...ADDON_VERSIONS[version], ...overrides };
}

/**
 * The VPC CNI add-on configuration (EKS-8). `enableNetworkPolicy` is a
 * top-level key of the add-on's configuration schema and takes the string
 * "true": without it the network-policy agent is off and NetworkPolicy objects
 * are accepted by the API server but enforce nothing.
 */
export function vpcCniConfiguration(): string {
    return JSON.stringify({ enableNetworkPolicy: "true" });
}

/**
 * Conflict resolution on update: OVERWRITE. The add-on configuration declared
 * here is the security setting (network policy on); PRESERVE would keep an
 * in-cluster edit that turned it off. OVERWRITE re-asserts it on every update.
 */
export const RESOLVE_CONFLICTS = "OVERWRITE";

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
export const DEFAULT_STORAGE_CLASS_NAME = "gp3-encrypted";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export interface StorageClassSpec {
    readonly metadata: { readonly name: string; readonly annotations: Readonly<Record<string, string>> };
    readonly provisioner: string;
    readonly parameters: Readonly<Record<string, string>>;
    readonly reclaimPolicy: "Delete" | "Retain";
    readonly volumeBindingMode: "WaitForFirstConsumer";
    readonly allowVolumeExpansion: boolean;
}

/**
 * The default StorageClass (EKS-8, DATA-1 inside the cluster): gp3, encrypted
 * with the volumes key. WaitForFirstConsumer creates the volume in the zone of
 * the pod that uses it.
 */
export function defaultStorageClass(volumesKeyArn: string): StorageClassSpec {
    return {
        metadata: { name: DEFAULT_STORAGE_CLASS_NAME, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
        provisioner: EBS_CSI_PROVISIONER,
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: volumesKeyArn },
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}
