import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import { asString, readerForEach, resourcePolicy } from "../../lib";
import { CLUSTER_TYPE, EKS_COMPONENT_CLUSTER_TYPE } from "./eks-cluster";

/**
 * Kubernetes versions in EKS standard support on 2026-11-23 (the cluster component
 * validates against the same list, and a test keeps the two equal). Update with each EKS
 * release; a stack can widen or narrow it with the pack config's supportedVersions.
 */
/** `version` is spelt the same on aws.eks.Cluster and the @pulumi/eks Cluster. */
const readVersion = readerForEach<aws.eks.ClusterArgs, eks.ClusterArgs>();

export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ["1.34", "1.35", "1.36"];

/**
 * EKS-9: the version is pinned (an unset version takes whatever EKS defaults to on create
 * and drifts from what was tested) and in the supported list.
 */
export const eksClusterVersionSupported = resourcePolicy({
    name: "eks-cluster-version-supported",
    control: "EKS-9",
    severity: "high",
    layer: "cluster",
    description:
        "EKS clusters (aws.eks.Cluster and the @pulumi/eks Cluster component) must pin version to a supported Kubernetes version (pack config supportedVersions).",
    references: [{ framework: "FSBP", id: "EKS.2" }],
    remediation: `set version to one of the supported versions (default ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}) and upgrade before standard support ends`,
    config: {
        supportedVersions: {
            type: "array",
            items: { type: "string" },
            default: [...SUPPORTED_KUBERNETES_VERSIONS],
            description: 'Kubernetes minor versions ("1.35") an EKS cluster may run.',
        },
    },
    // Both shapes call the input `version`.
    resourceTypes: [CLUSTER_TYPE, EKS_COMPONENT_CLUSTER_TYPE],
    check: (cluster, ctx) => {
        const version = readVersion(cluster.props, "version");
        if (ctx.isUnknown(version, "version")) {
            return;
        }
        const v = asString(version)?.trim();
        const supported = ctx.configStrings("supportedVersions");
        if (v === undefined || v === "") {
            ctx.violation(`EKS cluster "${cluster.name}" does not pin version, so it gets whatever EKS defaults to`);
        } else if (!supported.includes(v)) {
            ctx.violation(
                `EKS cluster "${cluster.name}" runs Kubernetes "${v}", which is not in the supported list (${supported.join(", ")})`,
            );
        }
    },
});
