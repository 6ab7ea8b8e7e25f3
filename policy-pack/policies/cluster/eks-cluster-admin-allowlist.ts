import { asString, at, globToRegExp, resourcePolicy } from "../../lib";

/** Access policies that grant cluster-admin (AmazonEKSClusterAdminPolicy). */
const ADMIN_POLICY_SUFFIX = "/AmazonEKSClusterAdminPolicy";

/**
 * EKS-4: cluster-admin goes only to principals the pack config lists. The default list
 * is empty, so every cluster-admin association is a violation until the operator names
 * the break-glass principals (fail closed: an unlisted admin is exactly the risk).
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const eksClusterAdminAllowlist = resourcePolicy({
    name: "eks-cluster-admin-allowlist",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description: "AmazonEKSClusterAdminPolicy may be associated only with principals listed in the pack config (clusterAdminPrincipals).",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "BPG", id: "cluster access management (access entries)" },
    ],
    remediation:
        "grant teams namespace-scoped AmazonEKSViewPolicy plus a Kubernetes group on the access entry, bound to in-cluster Roles for any writes (not AmazonEKSEditPolicy: it reads Secrets and patches pods whatever RBAC says), or add the principal ARN to clusterAdminPrincipals in the pack config",
    config: {
        clusterAdminPrincipals: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "IAM role or user ARNs (* and ? wildcards) allowed to hold AmazonEKSClusterAdminPolicy. Empty: nobody.",
        },
    },
    resourceTypes: ["aws:eks/accessPolicyAssociation:AccessPolicyAssociation"],
    check: (association, ctx) => {
        const policyArn = at(association.props, "policyArn");
        if (ctx.isUnknown(policyArn, "policyArn")) {
            return;
        }
        if (!(asString(policyArn) ?? "").trim().endsWith(ADMIN_POLICY_SUFFIX)) {
            return;
        }
        const principal = at(association.props, "principalArn");
        if (ctx.isUnknown(principal, "principalArn")) {
            return;
        }
        const arn = (asString(principal) ?? "").trim();
        const allowed = ctx.configStrings("clusterAdminPrincipals");
        if (!allowed.some((p) => globToRegExp(p).test(arn))) {
            ctx.violation(
                `access policy association "${association.name}" gives cluster-admin to "${arn}", which is not in clusterAdminPrincipals (${allowed.length === 0 ? "empty" : allowed.join(", ")})`,
            );
        }
    },
});
