/**
 * Pure RBAC planners (K8S-5). Every rule names its API groups, resources and verbs: no "*", so a new
 * resource type added to the cluster later is never granted by accident. No role touches RBAC objects,
 * NetworkPolicies, quotas or LimitRanges (that would let a team undo its own baseline), nor has
 * escalate, bind or impersonate, nor pods/exec, attach or port-forward.
 */
import {
    BREAK_GLASS_BINDING,
    CLUSTER_ADMIN_ROLE,
    CLUSTER_READ_ONLY_ROLE,
    DEFAULT_SERVICE_ACCOUNT,
    FIELD_MANAGER,
    MANAGED_BY_LABEL,
    MANAGED_BY_VALUE,
    RBAC_API_GROUP,
    ROLE_NAME_PREFIX,
    TEAM_ROLES,
    TeamRole,
} from "./constants";
import {
    ClusterRoleBindingManifest,
    ClusterRoleManifest,
    PolicyRule,
    RoleBindingManifest,
    RoleManifest,
    ServiceAccountPatchManifest,
} from "./manifests";

export const READ_VERBS = ["get", "list", "watch"] as const;
export const WRITE_VERBS = ["create", "update", "patch", "delete"] as const;
const DEPLOY_VERBS = ["create", "update", "patch"] as const;

/** Resources a team may read, by API group. Secrets are deliberately absent. */
const READABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
    [
        "",
        [
            "pods",
            "pods/log",
            "services",
            "endpoints",
            "configmaps",
            "persistentvolumeclaims",
            "events",
            "serviceaccounts",
            "resourcequotas",
            "limitranges",
        ],
    ],
    ["apps", ["deployments", "statefulsets", "daemonsets", "replicasets"]],
    ["batch", ["jobs", "cronjobs"]],
    ["autoscaling", ["horizontalpodautoscalers"]],
    ["policy", ["poddisruptionbudgets"]],
    ["networking.k8s.io", ["ingresses", "networkpolicies"]],
    ["discovery.k8s.io", ["endpointslices"]],
    // DATA-4: a team sees its ExternalSecrets and the store the baseline gave it (no secret values in either).
    ["external-secrets.io", ["externalsecrets", "secretstores"]],
];

/** Workload objects `edit` may change and `deploy` may roll out. Pods themselves are left to controllers. */
const WORKLOADS: ReadonlyArray<readonly [string, readonly string[]]> = [
    ["", ["services", "configmaps", "persistentvolumeclaims", "serviceaccounts"]],
    ["apps", ["deployments", "statefulsets", "daemonsets"]],
    ["batch", ["jobs", "cronjobs"]],
    ["autoscaling", ["horizontalpodautoscalers"]],
    ["policy", ["poddisruptionbudgets"]],
    ["networking.k8s.io", ["ingresses"]],
    // DATA-4: ExternalSecrets, never SecretStores: a store names an IAM role, so only the baseline makes them.
    ["external-secrets.io", ["externalsecrets"]],
];

function rules(table: ReadonlyArray<readonly [string, readonly string[]]>, verbs: readonly string[]): PolicyRule[] {
    return table.map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: [...verbs] }));
}

export function roleName(role: TeamRole): string {
    return `${ROLE_NAME_PREFIX}${role}`;
}

/** The rules of each namespace role. */
export function roleRules(role: TeamRole, editCanAccessSecrets = false): PolicyRule[] {
    const view = rules(READABLE, READ_VERBS);
    switch (role) {
        case "view":
            return view;
        case "deploy":
            return [...view, ...rules(WORKLOADS, DEPLOY_VERBS)];
        case "edit":
            return [
                ...view,
                ...rules(WORKLOADS, WRITE_VERBS),
                // Deleting a pod restarts it; patching pods is withheld so a team cannot lift a quarantine label (K8S-3).
                { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
                ...(editCanAccessSecrets ? [{ apiGroups: [""], resources: ["secrets"], verbs: [...READ_VERBS, ...WRITE_VERBS] }] : []),
            ];
    }
}

function meta(name: string, namespace?: string) {
    return { name, ...(namespace === undefined ? {} : { namespace }), labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } };
}

export function planRoles(namespace: string, editCanAccessSecrets = false): RoleManifest[] {
    return TEAM_ROLES.map((role) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: meta(roleName(role), namespace),
        rules: roleRules(role, editCanAccessSecrets),
    }));
}

/** One RoleBinding per role that has groups; a role without groups stays unbound. */
export function planRoleBindings(namespace: string, groups: Partial<Record<TeamRole, readonly string[]>> = {}): RoleBindingManifest[] {
    return TEAM_ROLES.filter((role) => (groups[role] ?? []).length > 0).map((role) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: meta(roleName(role), namespace),
        roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name: roleName(role) },
        subjects: [...new Set(groups[role])].map((g) => ({ apiGroup: RBAC_API_GROUP, kind: "Group", name: g })),
    }));
}

/**
 * The namespace's `default` ServiceAccount, patched (server-side apply) so it does not automount its
 * token. A patch rather than a ServiceAccount resource: the service-account controller creates `default`
 * in every namespace, and the provider (4.29+) refuses to create an object that already exists. The fixed
 * field manager keeps ownership stable; patchForce takes the field over if another manager set it.
 */
export function planDefaultServiceAccountPatch(namespace: string): ServiceAccountPatchManifest {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: {
            name: DEFAULT_SERVICE_ACCOUNT,
            namespace,
            annotations: { "pulumi.com/patchFieldManager": FIELD_MANAGER, "pulumi.com/patchForce": "true" },
        },
        automountServiceAccountToken: false,
    };
}

/** Cluster side of K8S-5: list and read namespaces and nodes, nothing else. */
export function planClusterReadOnlyRole(): ClusterRoleManifest {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: meta(CLUSTER_READ_ONLY_ROLE),
        rules: [{ apiGroups: [""], resources: ["namespaces", "nodes"], verbs: [...READ_VERBS] }],
    };
}

export function planClusterReadOnlyBinding(groups: readonly string[]): ClusterRoleBindingManifest {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: meta(CLUSTER_READ_ONLY_ROLE),
        roleRef: { apiGroup: RBAC_API_GROUP, kind: "ClusterRole", name: CLUSTER_READ_ONLY_ROLE },
        subjects: [...new Set(groups)].map((g) => ({ apiGroup: RBAC_API_GROUP, kind: "Group", name: g })),
    };
}

/** The single binding to cluster-admin: one break-glass group, for incident response. */
export function planBreakGlassBinding(group: string): ClusterRoleBindingManifest {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: meta(BREAK_GLASS_BINDING),
        roleRef: { apiGroup: RBAC_API_GROUP, kind: "ClusterRole", name: CLUSTER_ADMIN_ROLE },
        subjects: [{ apiGroup: RBAC_API_GROUP, kind: "Group", name: group }],
    };
}
