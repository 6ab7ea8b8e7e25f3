import type * as aws from "@pulumi/aws";
import { asArray, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data } from "../../lib";
import { CLUSTER_ADMIN_CONFIG, adminAccessPolicy, principalAllowed } from "../shared/eks-access";

const read = readerFor<aws.eks.AccessPolicyAssociationArgs>();

/** Namespaces whose admin is cluster admin: the control plane's own and the node leases. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

/** EKS namespace scopes accept a trailing "*"; "kube-*" covers kube-system. */
function coversSystemNamespace(pattern: string): boolean {
    const p = pattern.trim().toLowerCase();
    return SYSTEM_NAMESPACES.some((ns) => (p.endsWith("*") ? ns.startsWith(p.slice(0, -1)) : p === ns));
}

/** Why the association's scope makes AmazonEKSAdminPolicy cluster admin, or undefined when it does not. */
function adminScope(ctx: CheckContext, props: Data): string | undefined | "unknown" {
    const scope = read(props, "accessScope");
    if (ctx.containsUnknown(scope, "accessScope")) return "unknown";
    const type = read(props, "accessScope", "type");
    const kind = typeof type === "string" ? type.trim().toLowerCase() : undefined;
    if (kind === "cluster") return "at cluster scope";
    const namespaces = read(props, "accessScope", "namespaces");
    if (kind !== "namespace" || !(Array.isArray(namespaces) && namespaces.every((n) => typeof n === "string"))) {
        return `with an access scope that cannot be read (accessScope: ${JSON.stringify(scope)?.slice(0, 60)})`;
    }
    const system = asArray(namespaces).filter((n): n is string => typeof n === "string" && coversSystemNamespace(n));
    return system.length > 0 ? `over the system namespace(s) ${system.join(", ")}` : undefined;
}

/**
 * EKS-4: cluster-admin goes only to principals the pack config lists: AmazonEKSClusterAdminPolicy
 * at any scope, and AmazonEKSAdminPolicy at cluster scope or over a system namespace. The
 * default list is empty (fail closed: an unlisted admin is exactly the risk).
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const eksClusterAdminAllowlist = resourcePolicy({
    name: "eks-cluster-admin-allowlist",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description:
        "AmazonEKSClusterAdminPolicy, and AmazonEKSAdminPolicy at cluster scope or over kube-system/kube-public/kube-node-lease, may be associated only with principals listed in the pack config (clusterAdminPrincipals).",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "BPG", id: "cluster access management (access entries)" },
    ],
    remediation:
        "grant teams namespace-scoped AmazonEKSViewPolicy plus a Kubernetes group on the access entry, bound to in-cluster Roles for any writes (not AmazonEKSEditPolicy: it reads Secrets and patches pods whatever RBAC says), or add the principal ARN to clusterAdminPrincipals in the pack config",
    config: CLUSTER_ADMIN_CONFIG,
    resourceTypes: ["aws:eks/accessPolicyAssociation:AccessPolicyAssociation"],
    check: (association, ctx) => {
        const policyArn = read(association.props, "policyArn");
        if (ctx.isUnknown(policyArn, "policyArn")) return;
        if (typeof policyArn !== "string") {
            ctx.violation(`access policy association "${association.name}" has a policyArn that is not a string`, "pass the access policy ARN");
            return;
        }
        const policy = adminAccessPolicy(policyArn);
        if (policy === undefined) return;
        let how = "at any scope";
        if (policy === "AmazonEKSAdminPolicy") {
            const scope = adminScope(ctx, association.props);
            if (scope === undefined || scope === "unknown") return;
            how = scope;
        }
        const principal = read(association.props, "principalArn");
        if (ctx.isUnknown(principal, "principalArn")) return;
        const arn = typeof principal === "string" ? principal.trim() : "";
        const allowed = ctx.configStrings("clusterAdminPrincipals");
        if (!principalAllowed(arn, allowed)) {
            ctx.violation(
                `access policy association "${association.name}" gives cluster-admin to "${arn}", which is not in clusterAdminPrincipals (${allowed.length === 0 ? "empty" : allowed.join(", ")}): ${policy} ${how}`,
            );
        }
    },
});
