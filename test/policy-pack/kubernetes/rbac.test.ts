/** K8S-5 RBAC policies on Role, ClusterRole, RoleBinding and ClusterRoleBinding (and Patch kinds). */
import { strict as assert } from "assert";
import { k8sRbacNoBroadSubjects } from "../../../policy-pack/policies/cluster/k8s-rbac-no-broad-subjects";
import { k8sRbacNoClusterAdminBinding } from "../../../policy-pack/policies/cluster/k8s-rbac-no-cluster-admin-binding";
import { k8sRbacNoWildcards } from "../../../policy-pack/policies/cluster/k8s-rbac-no-wildcards";
import { k8sRbacSensitivePermissions } from "../../../policy-pack/policies/cluster/k8s-rbac-sensitive-permissions";
import { k8sServiceAccountNoAutomount } from "../../../policy-pack/policies/cluster/k8s-service-account-no-automount";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, analyze, of } from "../runtime";
import { APPROVED, FUTURE, JsonObject, clone } from "./fixtures";

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const ROLE_KINDS = ["Role", "ClusterRole", "RolePatch", "ClusterRolePatch"];
const BINDING_KINDS = ["RoleBinding", "ClusterRoleBinding", "RoleBindingPatch", "ClusterRoleBindingPatch"];
const RBAC_POLICIES = [k8sRbacNoWildcards, k8sRbacSensitivePermissions, k8sRbacNoClusterAdminBinding, k8sRbacNoBroadSubjects];

/** The baseline's "deploy" role: explicit verbs and resources, no Secrets read. */
const COMPLIANT_RULES: JsonObject[] = [
    {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets"],
        verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
    },
    { apiGroups: [""], resources: ["configmaps", "services", "pods"], verbs: ["get", "list", "watch"] },
    { apiGroups: [""], resources: ["secrets"], verbs: ["create", "update"] },
];

function role(kind: string, rules: JsonObject[] | string, annotations?: Record<string, string>): TestResource {
    const metadata: JsonObject = { name: "deploy", namespace: "team-a" };
    if (annotations) metadata.annotations = annotations;
    return {
        type: `${RBAC}:${kind}`,
        name: "deploy",
        props: { apiVersion: "rbac.authorization.k8s.io/v1", kind: kind.replace(/Patch$/, ""), metadata, rules },
    };
}

function binding(
    kind: string,
    roleName: string | JsonObject,
    subjects: JsonObject[] | string,
    annotations?: Record<string, string>,
): TestResource {
    const metadata: JsonObject = { name: "team-a-deploy", namespace: "team-a" };
    if (annotations) metadata.annotations = annotations;
    const roleRef =
        typeof roleName === "string" ? { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName } : roleName;
    return {
        type: `${RBAC}:${kind}`,
        name: "team-a-deploy",
        props: { apiVersion: "rbac.authorization.k8s.io/v1", kind: kind.replace(/Patch$/, ""), metadata, roleRef, subjects },
    };
}

const group = (name: string): JsonObject => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });

interface RuleCase {
    readonly title: string;
    readonly rule: JsonObject;
    readonly policy: typeof k8sRbacNoWildcards;
    readonly expect: RegExp;
}

const RULE_CASES: RuleCase[] = [
    {
        title: "wildcard verbs",
        rule: { apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] },
        policy: k8sRbacNoWildcards,
        expect: /uses a wildcard in verbs/,
    },
    {
        title: "wildcard resources",
        rule: { apiGroups: ["apps"], resources: ["*"], verbs: ["get"] },
        policy: k8sRbacNoWildcards,
        expect: /uses a wildcard in resources/,
    },
    {
        title: "subresource wildcard",
        rule: { apiGroups: [""], resources: ["pods/*"], verbs: ["get"] },
        policy: k8sRbacNoWildcards,
        expect: /uses a wildcard in resources/,
    },
    {
        title: "wildcard apiGroups",
        rule: { apiGroups: ["*"], resources: ["deployments"], verbs: ["get"] },
        policy: k8sRbacNoWildcards,
        expect: /uses a wildcard in apiGroups/,
    },
    {
        title: "escalate",
        rule: { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["escalate"] },
        policy: k8sRbacSensitivePermissions,
        expect: /grants privilege-escalation verbs \(escalate\)/,
    },
    {
        title: "bind",
        rule: { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"] },
        policy: k8sRbacSensitivePermissions,
        expect: /privilege-escalation verbs \(bind\)/,
    },
    {
        title: "impersonate",
        rule: { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
        policy: k8sRbacSensitivePermissions,
        expect: /privilege-escalation verbs \(impersonate\)/,
    },
    {
        title: "get secrets",
        rule: { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
        policy: k8sRbacSensitivePermissions,
        expect: /read access to Secrets \(get\)/,
    },
    {
        title: "list and watch secrets",
        rule: { apiGroups: [""], resources: ["secrets", "configmaps"], verbs: ["list", "watch"] },
        policy: k8sRbacSensitivePermissions,
        expect: /read access to Secrets \(list, watch\)/,
    },
];

describe("K8S-5 RBAC policies", () => {
    for (const kind of ROLE_KINDS) {
        describe(`${RBAC}:${kind}`, () => {
            it("K8S-5: explicit rules without sensitive grants pass every RBAC policy", async () => {
                const r = await analyze(RBAC_POLICIES, role(kind, COMPLIANT_RULES));
                assert.deepEqual(r.diagnostics, []);
            });
            for (const c of RULE_CASES) {
                it(`K8S-5 ${c.policy.meta.name}: ${c.title} → violation`, async () => {
                    const r = await analyze([c.policy], role(kind, [...clone(COMPLIANT_RULES), c.rule]));
                    const d = of(r, c.policy.meta.name);
                    assert.equal(d.length, 1, JSON.stringify(d));
                    assert.equal(d[0].enforcementLevel, "mandatory");
                    assert.match(d[0].message, new RegExp(`\\[K8S-5\\] ${kind} "deploy" rule rules\\.3 `));
                    assert.match(d[0].message, c.expect);
                });
            }
            it("K8S-5: an unknown rules list fails closed in both role policies", async () => {
                const r = await analyze([k8sRbacNoWildcards, k8sRbacSensitivePermissions], role(kind, UNKNOWN_ARRAY));
                assert.equal(r.diagnostics.length, 2);
                assert.ok(r.diagnostics.every((d) => /rules .*unknown at preview/.test(d.message) && d.enforcementLevel === "mandatory"));
            });
            it("K8S-5: an unknown verb list fails closed", async () => {
                const r = await analyze([k8sRbacNoWildcards], role(kind, [{ apiGroups: [""], resources: ["pods"], verbs: UNKNOWN_ARRAY }]));
                assert.match(of(r, "k8s-rbac-no-wildcards")[0].message, /rules\.0\.verbs .*unknown/);
            });
        });
    }
    it("K8S-5: verbs * on secrets is both a wildcard and a Secrets read", async () => {
        const r = await analyze(RBAC_POLICIES, role("Role", [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }]));
        assert.deepEqual(r.diagnostics.map((d) => d.policyName).sort(), ["k8s-rbac-no-wildcards", "k8s-rbac-sensitive-permissions"]);
    });
    it("K8S-5: Secrets read in a non-core API group is not Secrets read", async () => {
        const r = await analyze(
            [k8sRbacSensitivePermissions],
            role("Role", [{ apiGroups: ["example.com"], resources: ["secrets"], verbs: ["get"] }]),
        );
        assert.deepEqual(r.diagnostics, []);
    });
    it("K8S-5: an aggregated ClusterRole is judged through the roles it aggregates", async () => {
        const r = await analyze(RBAC_POLICIES, {
            type: `${RBAC}:ClusterRole`,
            name: "monitoring",
            props: {
                metadata: { name: "monitoring" },
                aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-monitoring": "true" } }] },
                rules: [],
            },
        });
        assert.deepEqual(r.diagnostics, []);
    });
    it("K8S-5: exemption by annotation on a controller's role", async () => {
        const r = await analyze(
            [k8sRbacSensitivePermissions],
            role("ClusterRole", [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }], {
                "secure-baseline.io/exempt-k8s-rbac-sensitive-permissions": `external-secrets controller; expires=${FUTURE}`,
            }),
        );
        assert.equal(r.diagnostics.length, 1);
        assert.equal(r.diagnostics[0].enforcementLevel, "advisory");
        assert.match(r.diagnostics[0].message, /external-secrets controller/);
    });

    for (const kind of BINDING_KINDS) {
        describe(`${RBAC}:${kind}`, () => {
            it("K8S-5: a team group bound to a namespace role passes every RBAC policy", async () => {
                const r = await analyze(
                    RBAC_POLICIES,
                    binding(kind, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deploy" }, [group("team:a:deploy")]),
                );
                assert.deepEqual(r.diagnostics, []);
            });
            it("K8S-5 k8s-rbac-no-cluster-admin-binding: cluster-admin to a team group → critical violation", async () => {
                const d = of(
                    await analyze(RBAC_POLICIES, binding(kind, "cluster-admin", [group("team:a:deploy")])),
                    "k8s-rbac-no-cluster-admin-binding",
                );
                assert.equal(d.length, 1);
                assert.equal(d[0].enforcementLevel, "mandatory");
                assert.match(d[0].message, /\[K8S-5\] .*binds cluster-admin to Group "team:a:deploy", which is not a break-glass group/);
            });
            it("K8S-5 k8s-rbac-no-cluster-admin-binding: system:masters → violation", async () => {
                const d = of(
                    await analyze(RBAC_POLICIES, binding(kind, "view", [group("system:masters")])),
                    "k8s-rbac-no-cluster-admin-binding",
                );
                assert.match(d[0].message, /names the group system:masters/);
            });
            it("K8S-5 k8s-rbac-no-cluster-admin-binding: a break-glass group from config is allowed", async () => {
                const config = { "k8s-rbac-no-cluster-admin-binding": { breakGlassGroups: ["platform:break-glass"] } };
                assert.deepEqual(
                    (await analyze(RBAC_POLICIES, binding(kind, "cluster-admin", [group("platform:break-glass")]), config)).diagnostics,
                    [],
                );
                const mixed = await analyze(
                    RBAC_POLICIES,
                    binding(kind, "cluster-admin", [group("platform:break-glass"), { kind: "User", name: "alice" }]),
                    config,
                );
                assert.match(of(mixed, "k8s-rbac-no-cluster-admin-binding")[0].message, /to User "alice"/);
            });
            for (const subject of [
                group("system:authenticated"),
                group("system:unauthenticated"),
                group("system:serviceaccounts"),
                group("system:serviceaccounts:team-a"),
                { kind: "User", name: "system:anonymous" },
            ]) {
                it(`K8S-5 k8s-rbac-no-broad-subjects: ${String(subject.name)} → violation`, async () => {
                    const d = of(await analyze(RBAC_POLICIES, binding(kind, "secret-reader", [subject])), "k8s-rbac-no-broad-subjects");
                    assert.equal(d.length, 1);
                    assert.equal(d[0].enforcementLevel, "mandatory");
                    assert.match(
                        d[0].message,
                        new RegExp(`grants role "secret-reader" to ${String(subject.kind)} "${String(subject.name)}"`),
                    );
                });
            }
            it("K8S-5 k8s-rbac-no-broad-subjects: the discovery roles may go to system:authenticated", async () => {
                assert.deepEqual(
                    (await analyze(RBAC_POLICIES, binding(kind, "system:discovery", [group("system:authenticated")]))).diagnostics,
                    [],
                );
            });
            it("K8S-5: unknown subjects or roleRef fail closed", async () => {
                const subjects = of(
                    await analyze(RBAC_POLICIES, binding(kind, "cluster-admin", UNKNOWN_ARRAY)),
                    "k8s-rbac-no-cluster-admin-binding",
                );
                assert.match(subjects[0].message, /subjects .*unknown at preview/);
                const ref = of(
                    await analyze(RBAC_POLICIES, binding(kind, UNKNOWN, [group("system:authenticated")])),
                    "k8s-rbac-no-broad-subjects",
                );
                assert.match(ref[0].message, /roleRef.name .*unknown at preview/);
            });
        });
    }
    it("K8S-5: exemption by annotation on a binding", async () => {
        const r = await analyze(
            [k8sRbacNoClusterAdminBinding],
            binding("ClusterRoleBinding", "cluster-admin", [group("ops")], {
                "secure-baseline.io/exempt-k8s-rbac-no-cluster-admin-binding": `migration window; expires=${FUTURE}`,
            }),
            { [k8sRbacNoClusterAdminBinding.meta.name]: APPROVED },
        );
        assert.equal(r.diagnostics.length, 1);
        assert.equal(r.diagnostics[0].enforcementLevel, "advisory");
    });
});

describe("K8S-5 k8s-service-account-no-automount", () => {
    const p = k8sServiceAccountNoAutomount;
    const sa = (props: JsonObject, type = "kubernetes:core/v1:ServiceAccount"): TestResource => ({
        type,
        name: "default",
        props: { metadata: { name: "default", namespace: "team-a" }, ...props },
    });
    it("K8S-5: a ServiceAccount with automountServiceAccountToken: false passes", async () => {
        assert.deepEqual((await analyze([p], sa({ automountServiceAccountToken: false }))).diagnostics, []);
    });
    it("K8S-5: unset (defaults to true) or true is an advisory violation", async () => {
        const unset = of(await analyze([p], sa({})), p.meta.name);
        assert.equal(unset[0].enforcementLevel, "advisory");
        assert.match(unset[0].message, /\[K8S-5\] ServiceAccount "default" does not set automountServiceAccountToken: false/);
        assert.match(
            of(await analyze([p], sa({ automountServiceAccountToken: true })), p.meta.name)[0].message,
            /sets automountServiceAccountToken: true/,
        );
    });
    it("K8S-5: a ServiceAccountPatch is judged only when it sets the field", async () => {
        assert.deepEqual((await analyze([p], sa({}, "kubernetes:core/v1:ServiceAccountPatch"))).diagnostics, []);
        assert.equal(
            (await analyze([p], sa({ automountServiceAccountToken: true }, "kubernetes:core/v1:ServiceAccountPatch"))).diagnostics.length,
            1,
        );
    });
    it("K8S-5: an allowlisted account may automount", async () => {
        const r = await analyze([p], sa({ automountServiceAccountToken: true }), {
            [p.meta.name]: { allowedServiceAccounts: ["default"] },
        });
        assert.deepEqual(r.diagnostics, []);
    });
    it("K8S-5: an unknown automount fails closed", async () => {
        assert.match(
            of(await analyze([p], sa({ automountServiceAccountToken: UNKNOWN })), p.meta.name)[0].message,
            /automountServiceAccountToken .*unknown at preview/,
        );
    });
});
