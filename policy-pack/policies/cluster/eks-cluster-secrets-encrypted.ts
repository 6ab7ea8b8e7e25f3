import { asArray, asString, at, isUnknown, resourcePolicy } from "../../lib";
import { AWS_EKS_CLUSTER, CLUSTER_TYPES } from "../shared/eks";

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
    remediation: "set encryptionConfig { resources: [\"secrets\"], provider: { keyArn } } (aws.eks.Cluster) or encryptionConfigKeyArn (@pulumi/eks) to a rotating customer-managed key",
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        if (cluster.type !== AWS_EKS_CLUSTER) {
            const arn = at(cluster.props, "encryptionConfigKeyArn");
            // An unknown ARN (a key created in the same run) is set.
            if (!isUnknown(arn) && (asString(arn) ?? "").trim() === "") {
                ctx.violation(`cluster "${cluster.name}" does not encrypt Secrets (encryptionConfigKeyArn unset)`, "set encryptionConfigKeyArn to a customer-managed KMS key ARN");
            }
            return;
        }
        const config = at(cluster.props, "encryptionConfig");
        if (ctx.isUnknown(config, "encryptionConfig")) return;
        // Older provider versions took a list of configs; accept both shapes.
        const configs = Array.isArray(config) ? config : config === undefined || config === null ? [] : [config];
        let covered = false;
        configs.forEach((c, i) => {
            const resources = at(c, "resources");
            if (ctx.containsUnknown(resources, `encryptionConfig.${i}.resources`)) {
                covered = true;
                return;
            }
            const key = at(c, "provider", "keyArn");
            const hasKey = isUnknown(key) || (asString(key) ?? "").trim() !== "";
            if (hasKey && asArray(resources).includes("secrets")) covered = true;
        });
        if (!covered) {
            ctx.violation(`cluster "${cluster.name}" does not envelope-encrypt Secrets (no encryptionConfig with resources ["secrets"] and a provider keyArn)`);
        }
    },
});
