import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, resourcePolicy } from "../../lib";
import { subjectOf } from "../shared/podPolicy";
import { BINDING_TYPES, describeSubject, subjectsOf } from "../shared/rbac";

export const CLUSTER_ADMIN = "cluster-admin";
export const MASTERS_GROUP = "system:masters";

const bindingRead = readerFor<k8s.rbac.v1.RoleBindingArgs>();
/** K8S-5: no binding to cluster-admin or system:masters, except configured break-glass groups. */
export const k8sRbacNoClusterAdminBinding = resourcePolicy({
    name: "k8s-rbac-no-cluster-admin-binding",
    control: "K8S-5",
    severity: "critical",
    layer: "cluster",
    description:
        "RoleBindings and ClusterRoleBindings must not bind the cluster-admin ClusterRole nor name the system:masters group, except for the break-glass groups listed in the pack config.",
    references: [
        { framework: "CIS", id: "4.1.1" },
        { framework: "CIS", id: "4.1.7" },
    ],
    remediation:
        "bind a narrower role (a namespace Role such as edit or view); list a documented break-glass group in breakGlassGroups in the pack config",
    config: {
        breakGlassGroups: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Groups that may be bound to cluster-admin (or be system:masters): the documented break-glass path.",
        },
    },
    resourceTypes: BINDING_TYPES,
    check: (binding, ctx) => {
        const breakGlass = new Set(ctx.configStrings("breakGlassGroups"));
        const allowed = (kind: string, name: string): boolean => kind === "Group" && breakGlass.has(name);
        const subjects = subjectsOf(binding, ctx);
        for (const s of subjects) {
            if (s.kind === "Group" && s.name === MASTERS_GROUP && !allowed(s.kind, s.name)) {
                ctx.violation(`${subjectOf(binding)} names the group ${MASTERS_GROUP}, which bypasses RBAC entirely`);
            }
        }
        const roleName = bindingRead(binding.props, "roleRef", "name");
        if (ctx.isUnknown(roleName, "roleRef.name")) {
            return;
        }
        if (asString(roleName) !== CLUSTER_ADMIN) {
            return;
        }
        const outside = subjects.filter((s) => !allowed(s.kind, s.name));
        if (outside.length > 0) {
            ctx.violation(
                `${subjectOf(binding)} binds ${CLUSTER_ADMIN} to ${outside.map(describeSubject).join(", ")}, which ${outside.length === 1 ? "is" : "are"} not a break-glass group`,
            );
        }
    },
});
