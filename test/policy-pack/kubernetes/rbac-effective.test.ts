/** K8S-5 effective grants: bindings resolved through program roles, built-ins and aggregation (property-based). */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sRbacEffectiveGrants } from "../../../policy-pack/policies/cluster/k8s-rbac-effective-grants";
import { k8sRbacSensitivePermissions } from "../../../policy-pack/policies/cluster/k8s-rbac-sensitive-permissions";
import { TestResource, UNKNOWN, analyze, analyzeStack, of } from "../runtime";
import { JsonObject } from "./fixtures";

const NAME = "k8s-rbac-effective-grants";
const VERSIONS = ["v1", "v1beta1", "v1alpha1"];
const RUNS = { numRuns: 40 };

function role(kind: "Role" | "ClusterRole", name: string, rules: unknown, extra: JsonObject = {}, version = "v1"): TestResource {
    const metadata: JsonObject = { name, ...(kind === "Role" ? { namespace: "team-a" } : {}), ...((extra.metadata as JsonObject) ?? {}) };
    return {
        type: `kubernetes:rbac.authorization.k8s.io/${version}:${kind}`,
        name: `${kind}-${name}`,
        props: { kind, rules, ...extra, metadata } as JsonObject,
    };
}

function binding(
    kind: "RoleBinding" | "ClusterRoleBinding",
    roleKind: string,
    roleName: string,
    subjects: JsonObject[] = [group("team-a-devs")],
    version = "v1",
): TestResource {
    const metadata: JsonObject = { name: "b", ...(kind === "RoleBinding" ? { namespace: "team-a" } : {}) };
    return {
        type: `kubernetes:rbac.authorization.k8s.io/${version}:${kind}`,
        name: `binding-${kind}`,
        props: { kind, metadata, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName }, subjects },
    };
}

const group = (name: string): JsonObject => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
const effective = async (resources: TestResource[], config: JsonObject = {}) =>
    of(await analyzeStack([k8sRbacEffectiveGrants], resources, { [NAME]: config }), NAME);

/** Dangerous permissions as (group, resource, verb), each spelled several ways below. */
const DANGEROUS: readonly [string, string, string][] = [
    ["rbac.authorization.k8s.io", "clusterroles", "escalate"],
    ["rbac.authorization.k8s.io", "roles", "bind"],
    ["", "serviceaccounts", "impersonate"],
    ["authentication.k8s.io", "uids", "impersonate"],
    ["", "pods/exec", "create"],
    ["", "pods/attach", "create"],
    ["", "pods/portforward", "get"],
    ["", "pods/ephemeralcontainers", "patch"],
    ["", "serviceaccounts/token", "create"],
    ["", "nodes/proxy", "get"],
    ["", "secrets", "list"],
    ["admissionregistration.k8s.io", "mutatingwebhookconfigurations", "update"],
    ["certificates.k8s.io", "certificatesigningrequests/approval", "update"],
    ["certificates.k8s.io", "signers", "approve"],
];

const spelledRule = fc
    .record({
        d: fc.constantFrom(...DANGEROUS),
        groupStar: fc.boolean(),
        resourceForm: fc.constantFrom("exact", "star", "subStar"),
        verbStar: fc.boolean(),
        noise: fc.boolean(),
        asString: fc.boolean(),
    })
    .map(({ d: [g, r, v], groupStar, resourceForm, verbStar, noise, asString }) => {
        const sub = r.split("/")[1];
        const resource =
            resourceForm === "star" || (resourceForm === "subStar" && sub === undefined)
                ? "*"
                : resourceForm === "subStar"
                  ? `*/${sub}`
                  : r;
        const verb = verbStar ? "*" : v;
        const list = (x: string): string | string[] => (asString && !noise ? x : noise ? ["configmaps", x] : [x]);
        return { apiGroups: list(groupStar ? "*" : g), resources: list(resource), verbs: list(verb) };
    });

/** Where the role lives and how the binding reaches it. */
const shape = fc.record({
    roleKind: fc.constantFrom<"Role" | "ClusterRole">("Role", "ClusterRole"),
    clusterBinding: fc.boolean(),
    roleVersion: fc.constantFrom(...VERSIONS),
    bindingVersion: fc.constantFrom(...VERSIONS),
});

function placed(
    s: { roleKind: "Role" | "ClusterRole"; clusterBinding: boolean; roleVersion: string; bindingVersion: string },
    rules: unknown,
): TestResource[] {
    // A ClusterRoleBinding can only reference a ClusterRole.
    const bindingKind = s.roleKind === "Role" || !s.clusterBinding ? "RoleBinding" : "ClusterRoleBinding";
    return [
        role(s.roleKind, "custom", rules, {}, s.roleVersion),
        binding(bindingKind, s.roleKind, "custom", [group("team-a-devs")], s.bindingVersion),
    ];
}

describe("K8S-5 k8s-rbac-effective-grants", () => {
    it("a dangerous permission, however spelled and wherever the role and binding live, is a violation naming the subject", async () => {
        await fc.assert(
            fc.asyncProperty(spelledRule, shape, async (rule, s) => {
                const ds = await effective(placed(s, [rule]));
                assert.equal(ds.length, 1, JSON.stringify({ rule, s }));
                assert.match(ds[0].message, /\[K8S-5\] .* grants .* to Group "team-a-devs", not on the allowedSubjects list/);
                assert.equal(ds[0].enforcementLevel, "mandatory");
            }),
            RUNS,
        );
    });
    it("the same role without the dangerous part passes (compliant neighbours)", async () => {
        await fc.assert(
            fc.asyncProperty(
                shape,
                fc.constantFrom("configmaps", "deployments", "pods/log", "services"),
                fc.constantFrom("get", "list", "create", "update"),
                async (s, resource, verb) => {
                    const ds = await effective(placed(s, [{ apiGroups: ["", "apps"], resources: [resource], verbs: [verb] }]));
                    assert.deepEqual(ds, []);
                },
            ),
            RUNS,
        );
    });
    it("Secrets reads limited to named Secrets with resourceNames pass; without names they do not", async () => {
        const rule = { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] };
        assert.deepEqual(
            await effective([role("Role", "custom", [{ ...rule, resourceNames: ["app-tls"] }]), binding("RoleBinding", "Role", "custom")]),
            [],
        );
        assert.equal((await effective([role("Role", "custom", [rule]), binding("RoleBinding", "Role", "custom")])).length, 1);
        assert.deepEqual(
            (await analyze([k8sRbacSensitivePermissions], role("Role", "custom", [{ ...rule, resourceNames: ["app-tls"] }]))).diagnostics,
            [],
        );
    });
    for (const name of [
        "cluster-admin",
        "admin",
        "edit",
        "system:kube-controller-manager",
        "system:node",
        "system:kubelet-api-admin",
        "system:controller:generic-garbage-collector",
        "system:controller:clusterrole-aggregation-controller",
        "system:controller:certificate-controller",
    ]) {
        it(`the built-in ClusterRole ${name} is dangerous through a ClusterRoleBinding and a RoleBinding`, async () => {
            for (const kind of ["ClusterRoleBinding", "RoleBinding"] as const) {
                const ds = await effective([binding(kind, "ClusterRole", name)]);
                assert.equal(ds.length, 1, `${kind} → ${name}`);
                assert.match(ds[0].message, new RegExp(`built-in ClusterRole "${name}"`));
            }
        });
    }
    for (const name of ["view", "system:basic-user", "system:discovery", "system:aggregate-to-view"]) {
        it(`the built-in ClusterRole ${name} passes`, async () => {
            assert.deepEqual(await effective([binding("ClusterRoleBinding", "ClusterRole", name)]), []);
        });
    }
    it("a kube-system built-in Role (token-cleaner) is reached only from kube-system", async () => {
        const b = binding("RoleBinding", "Role", "system:controller:token-cleaner");
        (b.props.metadata as JsonObject).namespace = "kube-system";
        assert.equal((await effective([b])).length, 1);
    });
    it("a ClusterRole labelled aggregate-to-edit/-view with a dangerous rule reaches every holder above it", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("edit", "view", "admin"),
                spelledRule,
                fc.constantFrom("admin", "edit", "view"),
                async (to, rule, bound) => {
                    const sneaky = role("ClusterRole", "sneaky", [rule], {
                        metadata: { labels: { [`rbac.authorization.k8s.io/aggregate-to-${to}`]: "true" } },
                    });
                    const ds = await effective([sneaky, binding("RoleBinding", "ClusterRole", bound)]);
                    const order = ["view", "edit", "admin"];
                    const reaches = order.indexOf(bound) >= order.indexOf(to);
                    // edit and admin hold dangerous built-in rules anyway; view only through the sneaky role.
                    if (bound === "view") {
                        assert.equal(ds.length, reaches ? 1 : 0);
                        if (reaches) assert.match(ds[0].message, /built-in ClusterRole "view" ← .*ClusterRole "sneaky"/);
                    } else {
                        assert.equal(ds.length, 1);
                        if (reaches) assert.match(ds[0].message, /ClusterRole "sneaky"/);
                    }
                },
            ),
            RUNS,
        );
    });
    it("a program ClusterRole aggregating by label is judged on what it selects, built-ins included", async () => {
        const parts = role("ClusterRole", "parts", [{ apiGroups: [""], resources: ["secrets"], verbs: ["watch"] }], {
            metadata: { labels: { "example.com/agg": "yes" } },
        });
        const agg = (selectors: unknown[]): TestResource =>
            role("ClusterRole", "agg", [], { aggregationRule: { clusterRoleSelectors: selectors } } as JsonObject);
        assert.equal(
            (
                await effective([
                    parts,
                    agg([{ matchLabels: { "example.com/agg": "yes" } }]),
                    binding("ClusterRoleBinding", "ClusterRole", "agg"),
                ])
            ).length,
            1,
        );
        assert.deepEqual(
            await effective([
                parts,
                agg([{ matchLabels: { "example.com/agg": "no" } }]),
                binding("ClusterRoleBinding", "ClusterRole", "agg"),
            ]),
            [],
        );
        // An empty selector or one on the bootstrap label reaches cluster-admin.
        for (const sel of [
            {},
            { matchExpressions: [{ key: "kubernetes.io/bootstrapping", operator: "Exists" }] },
            { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
        ]) {
            const ds = await effective([agg([sel]), binding("ClusterRoleBinding", "ClusterRole", "agg")]);
            assert.equal(ds.length, 1, JSON.stringify(sel));
        }
    });
    it("subjects on allowedSubjects (exact or pattern) may hold dangerous permissions; others in the same binding may not", async () => {
        const sa = { kind: "ServiceAccount", name: "labeller", namespace: "guardrails" };
        assert.deepEqual(
            await effective([binding("ClusterRoleBinding", "ClusterRole", "cluster-admin", [sa])], {
                allowedSubjects: ["ServiceAccount:guardrails/labeller"],
            }),
            [],
        );
        assert.deepEqual(
            await effective([binding("ClusterRoleBinding", "ClusterRole", "edit", [group("ops:oncall")])], {
                allowedSubjects: ["Group:ops:*"],
            }),
            [],
        );
        const ds = await effective([binding("ClusterRoleBinding", "ClusterRole", "edit", [group("ops:oncall"), group("devs")])], {
            allowedSubjects: ["Group:ops:*"],
        });
        assert.equal(ds.length, 1);
        assert.match(ds[0].message, /to Group "devs", not/);
    });
    it("a role neither in the program nor built in gets an advisory note; unknown roleRef fails closed", async () => {
        const note = await effective([binding("ClusterRoleBinding", "ClusterRole", "from-another-stack")]);
        assert.equal(note.length, 1);
        assert.equal(note[0].enforcementLevel, "advisory");
        assert.match(note[0].message, /cannot be verified/);
        const b = binding("ClusterRoleBinding", "ClusterRole", "x");
        (b.props.roleRef as JsonObject).name = UNKNOWN;
        assert.match((await effective([b]))[0].message, /roleRef\.name.*unknown/);
    });
    it("malformed rules, selectors and roleRefs give a violation naming the resource and property, never a throw", async () => {
        await fc.assert(
            fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (rules, selector, roleRef) => {
                const agg = role("ClusterRole", "agg", [], { aggregationRule: { clusterRoleSelectors: [selector] } } as JsonObject);
                const custom = role("ClusterRole", "custom", rules);
                const b = binding("ClusterRoleBinding", "ClusterRole", "custom");
                const weird = { ...binding("RoleBinding", "ClusterRole", "agg"), name: "weird" };
                (weird.props as JsonObject).roleRef = roleRef as JsonObject;
                const r = await analyzeStack(
                    [k8sRbacEffectiveGrants],
                    [agg, custom, b, weird, binding("ClusterRoleBinding", "ClusterRole", "agg")],
                );
                for (const d of r.diagnostics) assert.doesNotMatch(d.message, /could not evaluate/);
            }),
            { numRuns: 60 },
        );
        const ds = await effective([
            role("ClusterRole", "custom", [{ apiGroups: [""], resources: ["secrets"], verbs: [7] }]),
            binding("ClusterRoleBinding", "ClusterRole", "custom"),
        ]);
        assert.match(ds[0].message, /ClusterRole "custom" rules\.0\.verbs, which is malformed/);
        const role2 = await analyze([k8sRbacSensitivePermissions], role("Role", "custom", "not a list"));
        assert.match(role2.diagnostics[0].message, /Role "custom" rules is malformed/);
    });
});
