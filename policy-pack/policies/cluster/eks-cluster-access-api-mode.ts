import { asBoolean, asString, at, resourcePolicy } from "../../lib";
import { CLUSTER_TYPE } from "./eks-cluster";

const API = "API";

/**
 * EKS-4: access only through access entries. CONFIG_MAP and API_AND_CONFIG_MAP both keep
 * the aws-auth ConfigMap live, and anyone who can edit it grants themselves cluster
 * access outside IAM; so both are violations. An unset mode is the AWS default, which is
 * not API. The creator's implicit admin entry (provider default true) is a standing
 * cluster-admin nobody listed.
 */
export const eksClusterAccessApiMode = resourcePolicy({
    name: "eks-cluster-access-api-mode",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description: "EKS clusters must set accessConfig.authenticationMode API and bootstrapClusterCreatorAdminPermissions false.",
    references: [
        { framework: "CIS", id: "4.1.7" },
        { framework: "BPG", id: "cluster access management (access entries)" },
    ],
    remediation:
        'set accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } and grant admins through aws.eks.AccessEntry and AccessPolicyAssociation',
    resourceTypes: [CLUSTER_TYPE],
    check: (cluster, ctx) => {
        const mode = at(cluster.props, "accessConfig", "authenticationMode");
        if (!ctx.isUnknown(mode, "accessConfig.authenticationMode")) {
            const m = asString(mode)?.trim();
            if (m !== API) {
                const what = m === undefined ? "does not set accessConfig.authenticationMode (the default keeps the aws-auth ConfigMap)" : `uses authenticationMode "${m}", which keeps the aws-auth ConfigMap`;
                ctx.violation(`EKS cluster "${cluster.name}" ${what}`);
            }
        }
        const bootstrap = at(cluster.props, "accessConfig", "bootstrapClusterCreatorAdminPermissions");
        if (!ctx.isUnknown(bootstrap, "accessConfig.bootstrapClusterCreatorAdminPermissions") && asBoolean(bootstrap) !== false) {
            ctx.violation(
                `EKS cluster "${cluster.name}" gives its creator cluster-admin (bootstrapClusterCreatorAdminPermissions is ${bootstrap === undefined ? "unset, default true" : "true"})`,
                "set accessConfig.bootstrapClusterCreatorAdminPermissions: false and list admins explicitly as access entries",
            );
        }
    },
});
