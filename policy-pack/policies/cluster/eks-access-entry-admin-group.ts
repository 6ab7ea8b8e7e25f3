import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import { Unknown, asArray, findUnknown, readerFor, stackPolicy } from "../../lib";
import type { StackResourceView } from "../../lib";
import { withOlderVersions } from "../shared/apiVersions";
import { CLUSTER_ADMIN_CONFIG, principalAllowed } from "../shared/eks-access";

const readEntry = readerFor<aws.eks.AccessEntryArgs>();
const readBinding = readerFor<k8s.rbac.v1.ClusterRoleBindingArgs>();

/** ClusterRoleBinding in every apiVersion the SDK offers. */
const BINDING_TYPES = withOlderVersions(["kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"]);
/** Built-in ClusterRoles that make a cluster-wide binding cluster admin ("admin" bound cluster-wide covers kube-system). */
const ADMIN_ROLES = ["cluster-admin", "admin"];
/** The group the API server itself treats as admin, whatever the bindings. */
const MASTERS = "system:masters";

/** Groups bound cluster-wide to an admin role, with the binding's name; unknown subjects fail closed. */
function adminGroups(bindings: readonly StackResourceView[]): { groups: Map<string, string>; unknown?: string } {
    const groups = new Map<string, string>();
    for (const b of bindings) {
        const roleName = readBinding(b.props, "roleRef", "name");
        const kind = readBinding(b.props, "roleRef", "kind");
        if (findUnknown(roleName) || findUnknown(kind)) return { groups, unknown: `${b.name}: roleRef` };
        if (typeof roleName !== "string" || !ADMIN_ROLES.includes(roleName.trim()) || kind !== "ClusterRole") continue;
        const subjects = readBinding(b.props, "subjects");
        if (findUnknown(subjects)) return { groups, unknown: `${b.name}: subjects` };
        asArray(subjects).forEach((_, i) => {
            const subjectKind = readBinding(b.props, "subjects", i, "kind");
            const name = readBinding(b.props, "subjects", i, "name");
            if (subjectKind === "Group" && typeof name === "string") groups.set(name, b.name);
        });
    }
    return { groups };
}

/**
 * EKS-4: an access entry whose Kubernetes groups are bound to cluster-admin in the same
 * program (the break-glass group) makes its principal a cluster admin without any access
 * policy; only principals on the pack config's allowlist may have one.
 */
export const eksAccessEntryAdminGroup = stackPolicy({
    name: "eks-access-entry-admin-group",
    control: "EKS-4",
    severity: "high",
    layer: "cluster",
    description:
        "EKS access entries whose kubernetesGroups are bound cluster-wide to cluster-admin or admin in the same program (or include system:masters) must belong to principals listed in the pack config (clusterAdminPrincipals).",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "BPG", id: "cluster access management (access entries)" },
    ],
    remediation:
        "map the principal to a group bound to namespace-scoped Roles, or add its ARN to clusterAdminPrincipals of eks-access-entry-admin-group in the pack config (the break-glass principals)",
    config: CLUSTER_ADMIN_CONFIG,
    subjectTypes: ["aws:eks/accessEntry:AccessEntry"],
    check: (entry, stack, ctx) => {
        const groupsValue = readEntry(entry.props, "kubernetesGroups");
        const bindings = stack.resources.filter((r) => BINDING_TYPES.includes(r.type));
        const admin = adminGroups(bindings);
        if (ctx.containsUnknown(groupsValue, "kubernetesGroups")) return;
        const groups = asArray(groupsValue)
            .filter((g): g is string => typeof g === "string")
            .map((g) => g.trim());
        if (groups.length === 0) return;
        if (admin.unknown !== undefined) {
            // Which groups are admin depends on a binding unknown at preview.
            ctx.isUnknown(new Unknown("kubernetesGroups"), `kubernetesGroups (bound by ${admin.unknown})`);
            return;
        }
        const hits = groups.filter((g) => g === MASTERS || admin.groups.has(g));
        if (hits.length === 0) return;
        const principal = readEntry(entry.props, "principalArn");
        if (ctx.isUnknown(principal, "principalArn")) return;
        const arn = typeof principal === "string" ? principal.trim() : "";
        const allowed = ctx.configStrings("clusterAdminPrincipals");
        if (!principalAllowed(arn, allowed)) {
            const via = hits
                .map((g) =>
                    g === MASTERS
                        ? `"${g}" (admin in the API server itself)`
                        : `"${g}" (bound to cluster-admin by "${admin.groups.get(g)}")`,
                )
                .join(", ");
            ctx.violation(
                `access entry "${entry.name}" makes "${arn}" a cluster admin through group ${via}, and it is not in clusterAdminPrincipals (${allowed.length === 0 ? "empty" : allowed.join(", ")})`,
            );
        }
    },
});
