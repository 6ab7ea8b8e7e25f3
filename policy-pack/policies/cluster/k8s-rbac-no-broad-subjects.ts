import type * as k8s from "@pulumi/kubernetes";
import { asString, readerFor, resourcePolicy } from "../../lib";
import { subjectOf } from "../shared/podPolicy";
import { BINDING_TYPES, SubjectView, describeSubject, subjectsOf } from "../shared/rbac";

const bindingRead = readerFor<k8s.rbac.v1.RoleBindingArgs>();
/** Groups (and the anonymous user) that stand for "everyone" or "every workload". */
export const BROAD_GROUPS: readonly string[] = ["system:authenticated", "system:unauthenticated", "system:serviceaccounts"];
export const ANONYMOUS_USER = "system:anonymous";
const NAMESPACE_SERVICE_ACCOUNTS_PREFIX = "system:serviceaccounts:";
/** The discovery roles Kubernetes itself binds to system:authenticated. */
export const DEFAULT_BROAD_ALLOWED_ROLES: readonly string[] = ["system:basic-user", "system:discovery", "system:public-info-viewer"];

export function isBroadSubject(s: SubjectView): boolean {
    if (s.kind === "User") {
        return s.name === ANONYMOUS_USER;
    }
    return s.kind === "Group" && (BROAD_GROUPS.includes(s.name) || s.name.startsWith(NAMESPACE_SERVICE_ACCOUNTS_PREFIX));
}

/** K8S-5: broad subjects (everyone, every service account) are bound to discovery roles only. */
export const k8sRbacNoBroadSubjects = resourcePolicy({
    name: "k8s-rbac-no-broad-subjects",
    control: "K8S-5",
    severity: "high",
    layer: "cluster",
    description:
        "RoleBindings and ClusterRoleBindings must not grant roles to system:authenticated, system:unauthenticated, system:anonymous or all service accounts (system:serviceaccounts[:<namespace>]), except the discovery roles in the allowlist.",
    references: [
        { framework: "CIS", id: "4.1.2" },
        { framework: "CIS", id: "4.1.8" },
    ],
    remediation: "bind the role to the specific groups or service accounts that need it",
    config: {
        allowedRoles: {
            type: "array",
            items: { type: "string" },
            default: [...DEFAULT_BROAD_ALLOWED_ROLES],
            description: "Role names that may be bound to broad subjects (by default the Kubernetes discovery roles).",
        },
    },
    resourceTypes: BINDING_TYPES,
    check: (binding, ctx) => {
        const broad = subjectsOf(binding, ctx).filter(isBroadSubject);
        if (broad.length === 0) {
            return;
        }
        const roleName = bindingRead(binding.props, "roleRef", "name");
        if (ctx.isUnknown(roleName, "roleRef.name")) {
            return;
        }
        const role = asString(roleName) ?? "";
        if (ctx.configStrings("allowedRoles").includes(role)) {
            return;
        }
        ctx.violation(
            `${subjectOf(binding)} grants role "${role}" to ${broad.map(describeSubject).join(", ")}, i.e. to everyone of that kind`,
        );
    },
});
