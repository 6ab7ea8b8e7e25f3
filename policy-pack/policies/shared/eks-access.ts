/** EKS access entries and access policies as EKS-4 judges them. Pure functions. */
import { globToRegExp } from "../../lib";
import type { ConfigProperties } from "../../lib";

/** arn:<partition>:eks::aws:cluster-access-policy/<name>, matched case-insensitively (fail closed). */
const ACCESS_POLICY = /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/(amazoneksclusteradminpolicy|amazoneksadminpolicy)$/i;

/** The canonical name of an admin-class EKS access policy, or undefined. */
export function adminAccessPolicy(arn: string): "AmazonEKSClusterAdminPolicy" | "AmazonEKSAdminPolicy" | undefined {
    const m = ACCESS_POLICY.exec(arn.trim());
    if (!m) return undefined;
    return m[1].toLowerCase() === "amazoneksclusteradminpolicy" ? "AmazonEKSClusterAdminPolicy" : "AmazonEKSAdminPolicy";
}

export function principalAllowed(arn: string, patterns: readonly string[]): boolean {
    return arn !== "" && patterns.some((p) => globToRegExp(p).test(arn));
}

/** The allowlist key both EKS-4 admin policies take (each under its own policy name in the pack config). */
export const CLUSTER_ADMIN_CONFIG: ConfigProperties = {
    clusterAdminPrincipals: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "IAM role or user ARNs (* and ? wildcards) allowed cluster-admin rights (access policies, or a group bound to cluster-admin). Empty: nobody.",
    },
};
