/** Cases of the RBAC policies (K8S-5): roles, bindings, effective grants, service accounts. */
import type { ResourceCase, StackCase, Variant } from "../../case";
import type { SecurePolicy } from "../../../../policy-pack/lib";
import { k8sRbacEffectiveGrants } from "../../../../policy-pack/policies/cluster/k8s-rbac-effective-grants";
import { k8sRbacNoBroadSubjects } from "../../../../policy-pack/policies/cluster/k8s-rbac-no-broad-subjects";
import { k8sRbacNoClusterAdminBinding } from "../../../../policy-pack/policies/cluster/k8s-rbac-no-cluster-admin-binding";
import { k8sRbacNoWildcards } from "../../../../policy-pack/policies/cluster/k8s-rbac-no-wildcards";
import { k8sRbacSensitivePermissions } from "../../../../policy-pack/policies/cluster/k8s-rbac-sensitive-permissions";
import { k8sServiceAccountNoAutomount } from "../../../../policy-pack/policies/cluster/k8s-service-account-no-automount";
import { BINDING_TYPES, ROLE_TYPES } from "../../../../policy-pack/policies/shared/rbac";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL } from "../../runtime";

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const roleCases = (policy: SecurePolicy, violation: Variant): ResourceCase[] =>
    ROLE_TYPES.map((type) => ({
        kind: "resource",
        policy,
        type,
        name: "deploy",
        compliant: {
            metadata: { name: "deploy", namespace: "team-a" },
            rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "patch"] }],
        },
        violations: [violation],
        unknowns: [{ what: "unknown verbs", path: "rules.0.verbs", value: UNKNOWN_ARRAY }],
    }));
const bindingCases = (policy: SecurePolicy, violation: Variant, unknown: Variant): ResourceCase[] =>
    BINDING_TYPES.map((type) => ({
        kind: "resource",
        policy,
        type,
        name: "team-a-deploy",
        compliant: {
            metadata: { name: "team-a-deploy", namespace: "team-a" },
            roleRef: { kind: "Role", name: "deploy" },
            subjects: [{ kind: "Group", name: "team:a:deploy" }],
        },
        violations: [violation],
        unknowns: [unknown],
    }));

export const serviceAccountCases: ResourceCase[] = ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceAccountPatch"].map(
    (type) => ({
        kind: "resource",
        policy: k8sServiceAccountNoAutomount,
        type,
        name: "default",
        compliant: { metadata: { name: "default", namespace: "team-a" }, automountServiceAccountToken: false },
        violations: [
            { what: "automount true", path: "automountServiceAccountToken", value: true, match: /sets automountServiceAccountToken: true/ },
        ],
        unknowns: [{ what: "unknown automount", path: "automountServiceAccountToken", value: UNKNOWN_BOOL }],
    }),
);

const rbacStack = [
    {
        type: `${RBAC}:Role`,
        name: "deploy",
        props: {
            metadata: { name: "deploy", namespace: "team-a" },
            rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "patch"] }],
        },
    },
    {
        type: `${RBAC}:RoleBinding`,
        name: "team-a-deploy",
        props: {
            metadata: { name: "team-a-deploy", namespace: "team-a" },
            roleRef: { kind: "Role", name: "deploy" },
            subjects: [{ kind: "Group", name: "team:a:deploy" }],
        },
    },
];

/** Wildcards and sensitive permissions on roles; cluster-admin and broad subjects on bindings. */
export const rbacCases: readonly ResourceCase[] = [
    ...roleCases(k8sRbacNoWildcards, { what: "verbs *", path: "rules.0.verbs", value: ["*"], match: /uses a wildcard in verbs/ }),
    ...roleCases(k8sRbacSensitivePermissions, {
        what: "impersonate",
        path: "rules.0.verbs",
        value: ["impersonate"],
        match: /privilege-escalation verbs \(impersonate\)/,
    }),
    ...bindingCases(
        k8sRbacNoClusterAdminBinding,
        { what: "cluster-admin", path: "roleRef", value: { kind: "ClusterRole", name: "cluster-admin" }, match: /binds cluster-admin/ },
        { what: "unknown subjects", path: "subjects", value: UNKNOWN_ARRAY },
    ),
    ...bindingCases(
        k8sRbacNoBroadSubjects,
        {
            what: "system:authenticated",
            path: "subjects",
            value: [{ kind: "Group", name: "system:authenticated" }],
            match: /to Group "system:authenticated"/,
        },
        { what: "unknown subjects", path: "subjects", value: UNKNOWN_ARRAY },
    ),
];

/** Effective grants of the roles a binding reaches. */
export const rbacStackCases: readonly StackCase[] = [
    {
        kind: "stack",
        policy: k8sRbacEffectiveGrants,
        subject: "team-a-deploy",
        compliant: rbacStack,
        violations: [
            {
                what: "bound to the built-in edit",
                resource: "team-a-deploy",
                path: "roleRef",
                value: { kind: "ClusterRole", name: "edit" },
                match: /grants .* to Group "team:a:deploy"/,
            },
        ],
        unknowns: [{ what: "unknown role name", resource: "team-a-deploy", path: "roleRef.name", value: UNKNOWN }],
    },
];
