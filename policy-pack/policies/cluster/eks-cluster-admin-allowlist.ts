import type * as aws from "@pulumi/aws";
import { asArray, asRecord, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data, ResourceView } from "../../lib";
import { EKS_CLUSTER, readCluster } from "../shared/eks-component";
import { CLUSTER_ADMIN_CONFIG, adminAccessPolicy, principalAllowed } from "../shared/eks-access";

const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const read = readerFor<aws.eks.AccessPolicyAssociationArgs>();
const readScope = readerFor<aws.types.input.eks.AccessPolicyAssociationAccessScope>();

/** Namespaces whose admin is cluster admin: the control plane's own and the node leases. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];
/** The group the API server itself treats as admin, whatever the bindings. */
const MASTERS = "system:masters";

/** EKS namespace scopes accept a trailing "*"; "kube-*" covers kube-system. */
function coversSystemNamespace(pattern: string): boolean {
    const p = pattern.trim().toLowerCase();
    return SYSTEM_NAMESPACES.some((ns) => (p.endsWith("*") ? ns.startsWith(p.slice(0, -1)) : p === ns));
}

/** Why an access scope makes AmazonEKSAdminPolicy cluster admin, or undefined when it does not. */
function adminScope(ctx: CheckContext, scope: Data, path: string): string | undefined | "unknown" {
    if (ctx.containsUnknown(scope, path)) return "unknown";
    const type = readScope(scope, "type");
    const kind = typeof type === "string" ? type.trim().toLowerCase() : undefined;
    if (kind === "cluster") return "at cluster scope";
    const namespaces = readScope(scope, "namespaces");
    if (kind !== "namespace" || !(Array.isArray(namespaces) && namespaces.every((n) => typeof n === "string"))) {
        return `with an access scope that cannot be read (${path}: ${JSON.stringify(scope)?.slice(0, 60)})`;
    }
    const system = asArray(namespaces).filter((n): n is string => typeof n === "string" && coversSystemNamespace(n));
    return system.length > 0 ? `over the system namespace(s) ${system.join(", ")}` : undefined;
}

/** How one policy association (its ARN and scope) grants cluster-admin, undefined when it does not, "unknown" when that depends on a preview unknown. */
function adminGrant(ctx: CheckContext, policyArn: Data, scope: Data, where: string, describe: string): string | undefined | "unknown" {
    if (ctx.isUnknown(policyArn, `${where}policyArn`)) return "unknown";
    if (typeof policyArn !== "string") {
        ctx.violation(
            `${describe} has a ${where}policyArn that is not a string (${JSON.stringify(policyArn)?.slice(0, 60)})`,
            "pass the access policy ARN",
        );
        return undefined;
    }
    const policy = adminAccessPolicy(policyArn);
    if (policy === undefined) return undefined;
    if (policy === "AmazonEKSClusterAdminPolicy") return `${policy} at any scope`;
    const how = adminScope(ctx, scope, `${where}accessScope`);
    return how === undefined || how === "unknown" ? how : `${policy} ${how}`;
}

function reportUnlisted(ctx: CheckContext, principal: Data, principalPath: string, describe: string, how: string): void {
    if (ctx.isUnknown(principal, principalPath)) return;
    const arn = typeof principal === "string" ? principal.trim() : "";
    const allowed = ctx.configStrings("clusterAdminPrincipals");
    if (!principalAllowed(arn, allowed)) {
        ctx.violation(
            `${describe} gives cluster-admin to "${arn.slice(0, 200)}", which is not in clusterAdminPrincipals (${allowed.length === 0 ? "empty" : allowed.join(", ")}): ${how}`,
        );
    }
}

/**
 * @pulumi/eks Cluster accessEntries: each entry's access policies are associations the
 * package creates at deployment, and kubernetesGroups with system:masters is admin in
 * the API server itself. Judged here, as the inputs say.
 */
function checkComponentEntries(cluster: ResourceView, ctx: CheckContext): void {
    const entries = readCluster(cluster.props, "accessEntries");
    if (ctx.isUnknown(entries, "accessEntries") || entries === undefined || entries === null) return;
    const record = asRecord(entries);
    if (!record) {
        ctx.violation(
            `cluster "${cluster.name}" has accessEntries that are not a map of entries (${JSON.stringify(entries)?.slice(0, 60)}); treated as non-compliant`,
            "pass accessEntries as { <name>: { principalArn, accessPolicies } }",
        );
        return;
    }
    for (const key of Object.keys(record)) {
        const base = `accessEntries.${key}`;
        const describe = `cluster "${cluster.name}" access entry "${key}"`;
        const principal = readCluster(cluster.props, "accessEntries", key, "principalArn");
        const groups = readCluster(cluster.props, "accessEntries", key, "kubernetesGroups");
        if (
            !ctx.containsUnknown(groups, `${base}.kubernetesGroups`) &&
            asArray(groups).some((g) => typeof g === "string" && g.trim() === MASTERS)
        ) {
            reportUnlisted(
                ctx,
                principal,
                `${base}.principalArn`,
                describe,
                `Kubernetes group "${MASTERS}" (admin in the API server itself)`,
            );
        }
        const policies = readCluster(cluster.props, "accessEntries", key, "accessPolicies");
        if (ctx.isUnknown(policies, `${base}.accessPolicies`)) continue;
        for (const p of Object.keys(asRecord(policies) ?? {})) {
            const where = `${base}.accessPolicies.${p}.`;
            const how = adminGrant(
                ctx,
                readCluster(cluster.props, "accessEntries", key, "accessPolicies", p, "policyArn"),
                readCluster(cluster.props, "accessEntries", key, "accessPolicies", p, "accessScope"),
                where,
                describe,
            );
            if (how !== undefined && how !== "unknown") reportUnlisted(ctx, principal, `${base}.principalArn`, describe, how);
        }
    }
}

/**
 * EKS-4: cluster-admin goes only to principals the pack config lists: AmazonEKSClusterAdminPolicy
 * at any scope, and AmazonEKSAdminPolicy at cluster scope or over a system namespace; on a
 * @pulumi/eks Cluster also the system:masters group of an access entry. The default list is
 * empty (fail closed: an unlisted admin is exactly the risk).
 * No tags on the association type: exempt a resource with the pack config's `exclude` key.
 */
export const eksClusterAdminAllowlist = resourcePolicy({
    name: "eks-cluster-admin-allowlist",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description:
        "AmazonEKSClusterAdminPolicy, and AmazonEKSAdminPolicy at cluster scope or over kube-system/kube-public/kube-node-lease, may be associated only with principals listed in the pack config (clusterAdminPrincipals); the same holds for the accessEntries of a @pulumi/eks Cluster, where the system:masters group also counts as cluster-admin.",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "BPG", id: "cluster access management (access entries)" },
    ],
    remediation:
        "grant teams namespace-scoped AmazonEKSViewPolicy plus a Kubernetes group on the access entry, bound to in-cluster Roles for any writes (not AmazonEKSEditPolicy: it reads Secrets and patches pods whatever RBAC says), or add the principal ARN to clusterAdminPrincipals in the pack config",
    config: CLUSTER_ADMIN_CONFIG,
    resourceTypes: [ASSOCIATION, EKS_CLUSTER],
    check: (association, ctx) => {
        if (association.type === EKS_CLUSTER) {
            checkComponentEntries(association, ctx);
            return;
        }
        const describe = `access policy association "${association.name}"`;
        const how = adminGrant(ctx, read(association.props, "policyArn"), read(association.props, "accessScope"), "", describe);
        if (how === undefined || how === "unknown") return;
        reportUnlisted(ctx, read(association.props, "principalArn"), "principalArn", describe, how);
    },
});
