/**
 * The built-in ClusterRoles (and kube-system Roles) of Kubernetes 1.34 to 1.36 that matter to K8S-5:
 * each with its bootstrap labels, its aggregation selectors, and only those of its rules that grant
 * something on the dangerous list (shared/rbacGrants.ts). Written from the upstream bootstrap policy
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy) of those releases; a role absent here grants
 * nothing dangerous, or is not a built-in.
 *
 * Aggregation is modelled as upstream does it: `admin`, `edit` and `view` own no rules and select
 * by label; `system:aggregate-to-*` carry the rules; `edit` is labelled aggregate-to-admin and
 * `view` aggregate-to-edit, so admin ⊇ edit ⊇ view.
 */
export interface BuiltinRule {
    readonly apiGroups: readonly string[];
    readonly resources: readonly string[];
    readonly verbs: readonly string[];
    readonly resourceNames?: readonly string[];
}

export interface BuiltinRole {
    readonly name: string;
    /** Set for the namespaced Roles the control plane creates in kube-system. */
    readonly namespace?: string;
    readonly labels: Readonly<Record<string, string>>;
    /** matchLabels of each aggregationRule.clusterRoleSelectors entry. */
    readonly selectors?: readonly Readonly<Record<string, string>>[];
    readonly rules: readonly BuiltinRule[];
}

export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = ["1.34", "1.35", "1.36"];
export const AGGREGATE_PREFIX = "rbac.authorization.k8s.io/aggregate-to-";
const BOOTSTRAP = { "kubernetes.io/bootstrapping": "rbac-defaults" } as const;
const CORE = "";
const RBAC = "rbac.authorization.k8s.io";
const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "patch", "update"];
const ANY = ["*"];

function rule(apiGroups: string[], resources: string[], verbs: string[]): BuiltinRule {
    return { apiGroups, resources, verbs };
}

function role(name: string, rules: BuiltinRule[], extra: Partial<BuiltinRole> = {}): BuiltinRole {
    return { name, rules, ...extra, labels: { ...BOOTSTRAP, ...(extra.labels ?? {}) } };
}

const aggregated = (to: string): Readonly<Record<string, string>> => ({ [`${AGGREGATE_PREFIX}${to}`]: "true" });

/** Built-in ClusterRoles with nothing on the dangerous list (known, so a binding to them is judged, not "unverified"). */
const BENIGN: readonly string[] = [
    ...[
        "basic-user",
        "discovery",
        "public-info-viewer",
        "monitoring",
        "auth-delegator",
        "heapster",
        "kube-aggregator",
        "kube-dns",
        "kube-scheduler",
    ],
    ...[
        "node-bootstrapper",
        "node-problem-detector",
        "node-proxier",
        "persistent-volume-provisioner",
        "volume-scheduler",
        "service-account-issuer-discovery",
    ],
    ...["certificates.k8s.io:certificatesigningrequests:nodeclient", "certificates.k8s.io:certificatesigningrequests:selfnodeclient"],
    ...[
        "attachdetach-controller",
        "cronjob-controller",
        "daemon-set-controller",
        "deployment-controller",
        "disruption-controller",
        "endpoint-controller",
        "endpointslice-controller",
        "endpointslicemirroring-controller",
        "ephemeral-volume-controller",
        "horizontal-pod-autoscaler",
        "job-controller",
        "node-controller",
        "pod-garbage-collector",
        "pv-protection-controller",
        "pvc-protection-controller",
        "replicaset-controller",
        "replication-controller",
        "root-ca-cert-publisher",
        "route-controller",
        "service-account-controller",
        "service-controller",
        "statefulset-controller",
        "ttl-after-finished-controller",
        "ttl-controller",
        "validatingadmissionpolicy-status-controller",
    ].map((c) => `controller:${c}`),
].map((n) => `system:${n}`);

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
    role("cluster-admin", [rule(ANY, ANY, ANY)]),
    role("admin", [], { selectors: [aggregated("admin")] }),
    role("edit", [], { labels: aggregated("admin"), selectors: [aggregated("edit")] }),
    role("view", [], { labels: aggregated("edit"), selectors: [aggregated("view")] }),
    role("system:aggregate-to-admin", [rule([RBAC], ["rolebindings", "roles"], [...READ, ...WRITE])], { labels: aggregated("admin") }),
    role(
        "system:aggregate-to-edit",
        [
            rule([CORE], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
            rule([CORE], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets"], READ),
            rule([CORE], ["secrets", "serviceaccounts"], WRITE),
            rule([CORE], ["serviceaccounts"], ["impersonate"]),
        ],
        { labels: aggregated("edit") },
    ),
    role("system:aggregate-to-view", [], { labels: aggregated("view") }),
    role("system:node", [rule([CORE], ["secrets"], ["get"]), rule([CORE], ["serviceaccounts/token"], ["create"])]),
    role("system:kube-controller-manager", [
        rule([CORE], ["secrets"], ["create", "delete", "get", "update"]),
        rule([CORE], ["serviceaccounts/token"], ["create"]),
        rule(ANY, ANY, ["list", "watch"]),
    ]),
    role("system:kubelet-api-admin", [rule([CORE], ["nodes/proxy", "nodes/log", "nodes/stats", "nodes/metrics"], ANY)]),
    role("system:controller:clusterrole-aggregation-controller", [
        rule([RBAC], ["clusterroles"], ["escalate", "get", "list", "patch", "update", "watch"]),
    ]),
    role("system:controller:certificate-controller", [
        rule(["certificates.k8s.io"], ["certificatesigningrequests/approval", "certificatesigningrequests/status"], ["update"]),
        rule(["certificates.k8s.io"], ["signers"], ["approve", "sign"]),
    ]),
    role("system:controller:generic-garbage-collector", [rule(ANY, ANY, ["delete", "get", "list", "patch", "update", "watch"])]),
    role("system:controller:namespace-controller", [rule(ANY, ANY, ["delete", "deletecollection", "get", "list"])]),
    role("system:controller:resourcequota-controller", [rule(ANY, ANY, ["list", "watch"])]),
    role("system:controller:expand-controller", [rule([CORE], ["secrets"], ["get"])]),
    role("system:controller:persistent-volume-binder", [rule([CORE], ["secrets"], ["get"])]),
    role("system:controller:legacy-service-account-token-cleaner", [rule([CORE], ["secrets"], ["delete"])]),
    ...[
        "kube-apiserver-client-approver",
        "kube-apiserver-client-kubelet-approver",
        "kubelet-serving-approver",
        "legacy-unknown-approver",
    ].map((signer) => role(`system:certificates.k8s.io:${signer}`, [rule(["certificates.k8s.io"], ["signers"], ["approve"])])),
    ...BENIGN.map((name) => role(name, [])),
    role("system:controller:bootstrap-signer", [rule([CORE], ["secrets"], READ)], { namespace: "kube-system" }),
    role("system:controller:token-cleaner", [rule([CORE], ["secrets"], ["delete", ...READ])], { namespace: "kube-system" }),
];

/** Built-in ClusterRoles (no namespace) and Roles (kube-system) by name. */
export function builtinRole(name: string, namespace?: string): BuiltinRole | undefined {
    return BUILTIN_ROLES.find((r) => r.name === name && r.namespace === namespace);
}
