import type * as aws from "@pulumi/aws";
import { asArray, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";
import { AWS_EKS_CLUSTER, CLUSTER_TYPES } from "../shared/eks";
import { readCluster } from "../shared/eks-component";

const readAwsCluster = readerFor<aws.eks.ClusterArgs>();
const readEncryption = readerFor<aws.types.input.eks.ClusterEncryptionConfig>();

/** EKS-2: Kubernetes Secrets are envelope-encrypted with a customer-managed key. */
export const eksClusterSecretsEncrypted = resourcePolicy({
    name: "eks-cluster-secrets-encrypted",
    control: "EKS-2",
    severity: "high",
    layer: "cluster",
    description: "EKS clusters must envelope-encrypt Kubernetes Secrets with a customer-managed KMS key.",
    references: [
        { framework: "FSBP", id: "EKS.3" },
        { framework: "CIS", id: "5.3.1" },
    ],
    remediation:
        'set encryptionConfig { resources: ["secrets"], provider: { keyArn } } (aws.eks.Cluster) or encryptionConfigKeyArn (@pulumi/eks) to a rotating customer-managed key',
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        if (cluster.type !== AWS_EKS_CLUSTER) {
            // @pulumi/eks turns encryptionConfigKeyArn into encryptionConfig { resources: ["secrets"] }; unset means none.
            const arn = readCluster(cluster.props, "encryptionConfigKeyArn");
            // An unknown ARN (a key created in the same run) is set.
            if (!isUnknown(arn) && (asString(arn) ?? "").trim() === "") {
                const shown = arn === undefined || arn === null ? "unset" : `${JSON.stringify(arn)?.slice(0, 60)}, not a key ARN`;
                ctx.violation(
                    `cluster "${cluster.name}" does not encrypt Secrets (encryptionConfigKeyArn ${shown})`,
                    "set encryptionConfigKeyArn to a customer-managed KMS key ARN",
                );
            }
            return;
        }
        const config = readAwsCluster(cluster.props, "encryptionConfig");
        if (ctx.isUnknown(config, "encryptionConfig")) return;
        // Older provider versions took a list of configs; accept both shapes.
        const configs = Array.isArray(config) ? config : config === undefined || config === null ? [] : [config];
        let covered = false;
        configs.forEach((c, i) => {
            // Each element has the shape of aws.eks.ClusterArgs["encryptionConfig"].
            const resources = readEncryption(c, "resources");
            if (ctx.containsUnknown(resources, `encryptionConfig.${i}.resources`)) {
                covered = true;
                return;
            }
            const key = readEncryption(c, "provider", "keyArn");
            const hasKey = isUnknown(key) || (asString(key) ?? "").trim() !== "";
            if (hasKey && asArray(resources).includes("secrets")) covered = true;
        });
        if (!covered) {
            ctx.violation(
                `cluster "${cluster.name}" does not envelope-encrypt Secrets (no encryptionConfig with resources ["secrets"] and a provider keyArn)`,
            );
        }
    },
});
