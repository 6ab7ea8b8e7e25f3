import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";
import { AWS_EKS_CLUSTER, CLUSTER_TYPES, authenticationMode } from "../shared/eks";

const API_MODE = "API";
const read = readerFor<aws.eks.ClusterArgs>();

/** EKS-4: access through EKS access entries only; no implicit cluster-creator admin. */
export const eksClusterAccessEntries = resourcePolicy({
    name: "eks-cluster-access-entries",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description:
        "EKS clusters must use authenticationMode API (access entries, no aws-auth ConfigMap) and must not grant the cluster creator admin implicitly.",
    references: [
        { framework: "CIS", id: "4.1.7" },
        { framework: "BPG", id: "access entries" },
    ],
    remediation:
        'set accessConfig { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } (aws.eks.Cluster) or authenticationMode: "API" (@pulumi/eks) and grant admins through access entries',
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        const mode = authenticationMode(cluster);
        if (!ctx.isUnknown(mode.value, mode.path) && mode.value !== API_MODE) {
            ctx.violation(
                `cluster "${cluster.name}" uses ${mode.path} ${mode.value === undefined ? "unset (CONFIG_MAP)" : JSON.stringify(mode.value)}, so the aws-auth ConfigMap grants access`,
                `set ${mode.path}: "API"`,
            );
        }
        if (cluster.type === AWS_EKS_CLUSTER) {
            const bootstrap = read(cluster.props, "accessConfig", "bootstrapClusterCreatorAdminPermissions");
            if (!ctx.isUnknown(bootstrap, "accessConfig.bootstrapClusterCreatorAdminPermissions") && asBoolean(bootstrap) !== false) {
                ctx.violation(
                    `cluster "${cluster.name}" grants its creator cluster admin (accessConfig.bootstrapClusterCreatorAdminPermissions ${bootstrap === undefined ? "unset, default true" : JSON.stringify(bootstrap)})`,
                    "set accessConfig.bootstrapClusterCreatorAdminPermissions: false and add admin access entries from config",
                );
            }
        }
    },
});
