import { strict as assert } from "assert";
import { NamespaceBaseline, NamespaceBaselineArgs } from "../../components";
import { K8sRun, runExpectingError, runWithCluster } from "./support/run";
import { validateManifest } from "./support/schema";

const NB = "secure-baseline:guardrails:NamespaceBaseline";
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const full: NamespaceBaselineArgs = {
    namespace: "payments",
    labels: { team: "payments" },
    network: {
        allowSameNamespace: true,
        ingressFrom: [{ namespace: "ingress-nginx", ports: [{ port: 8080 }] }],
        egressTo: [{ name: "db", cidrs: ["10.50.0.0/16"], ports: [{ port: 5432 }] }],
    },
    groups: { view: ["payments-viewers"], edit: ["payments-devs"], deploy: ["payments-ci"] },
};

async function build(args: NamespaceBaselineArgs = full): Promise<K8sRun<NamespaceBaseline>> {
    return runWithCluster((provider) => new NamespaceBaseline("payments", args, { provider }));
}

describe("NamespaceBaseline (K8S-1..K8S-5)", () => {
    let run: K8sRun<NamespaceBaseline>;
    before(async () => {
        run = await build();
    });

    it("K8S-1: the Namespace carries enforce/audit/warn=restricted with the pinned version", () => {
        const ns = run.one("kubernetes:core/v1:Namespace");
        const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
            assert.equal(labels[`pod-security.kubernetes.io/${mode}-version`], "v1.33");
        }
        assert.equal(labels.team, "payments");
        assert.equal((ns.inputs.metadata as { name: string }).name, "payments");
    });

    it("K8S-1: user labels cannot override the Pod Security labels", async () => {
        const r = await build({ namespace: "x", labels: { "pod-security.kubernetes.io/enforce": "privileged" } });
        const labels = (r.one("kubernetes:core/v1:Namespace").inputs.metadata as { labels: Record<string, string> }).labels;
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
    });

    it("K8S-2/K8S-3: registers default-deny, quarantine, DNS and the configured allow policies", () => {
        const names = run.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => (r.inputs.metadata as { name: string }).name);
        assert.deepEqual(names, [
            "default-deny-all",
            "quarantine-deny-all",
            "allow-dns-egress",
            "allow-same-namespace",
            "allow-ingress-from-ingress-nginx",
            "allow-egress-db",
        ]);
        const deny = run.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "default-deny-all");
        assert.deepEqual(deny.inputs.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("K8S-2: the DNS policy allows UDP and TCP 53 to kube-dns pods in kube-system", () => {
        const spec = run.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "allow-dns-egress").inputs.spec as Record<string, unknown>;
        assert.deepEqual(spec.egress, [
            {
                to: [
                    {
                        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { port: 53, protocol: "UDP" },
                    { port: 53, protocol: "TCP" },
                ],
            },
        ]);
    });

    it("K8S-3: every allow policy excludes quarantined pods, and the deny policy selects them", () => {
        const policies = run.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy");
        for (const p of policies) {
            const spec = p.inputs.spec as { podSelector: unknown; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] };
            const name = (p.inputs.metadata as { name: string }).name;
            if (name === "default-deny-all") continue;
            if (name === "quarantine-deny-all") {
                assert.deepEqual(spec, {
                    podSelector: { matchExpressions: [{ key: "quarantine", operator: "Exists" }] },
                    policyTypes: ["Ingress", "Egress"],
                });
                continue;
            }
            assert.deepEqual(spec.podSelector, { matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] }, name);
        }
    });

    it("K8S-4: ResourceQuota with compute, counts, and no LoadBalancer/NodePort by default; LimitRange defaults", () => {
        const q = run.one("kubernetes:core/v1:ResourceQuota");
        assert.deepEqual((q.inputs.spec as { hard: unknown }).hard, {
            "requests.cpu": "4",
            "requests.memory": "8Gi",
            "limits.cpu": "8",
            "limits.memory": "16Gi",
            pods: "50",
            services: "20",
            persistentvolumeclaims: "10",
            "services.loadbalancers": "0",
            "services.nodeports": "0",
        });
        const lr = run.one("kubernetes:core/v1:LimitRange");
        assert.deepEqual((lr.inputs.spec as { limits: unknown }).limits, [
            {
                type: "Container",
                defaultRequest: { cpu: "100m", memory: "128Mi" },
                default: { cpu: "500m", memory: "512Mi" },
            },
        ]);
    });

    it("K8S-4: sizes come from args", async () => {
        const r = await build({
            namespace: "big",
            quota: { requestsCpu: "16", limitsCpu: "32", loadBalancers: 1 },
            containerDefaults: { defaultLimit: { cpu: "1", memory: "1Gi" } },
        });
        const hard = (r.one("kubernetes:core/v1:ResourceQuota").inputs.spec as { hard: Record<string, string> }).hard;
        assert.equal(hard["requests.cpu"], "16");
        assert.equal(hard["limits.cpu"], "32");
        assert.equal(hard["services.loadbalancers"], "1");
        assert.equal(hard["requests.memory"], "8Gi");
        const lr = (r.one("kubernetes:core/v1:LimitRange").inputs.spec as { limits: Array<{ default: unknown }> }).limits[0];
        assert.deepEqual(lr.default, { cpu: "1", memory: "1Gi" });
    });

    it("K8S-5: view, edit and deploy Roles with explicit verbs and resources, no wildcards, no Secrets", () => {
        const roles = run.ofType("kubernetes:rbac.authorization.k8s.io/v1:Role");
        assert.deepEqual(
            roles.map((r) => (r.inputs.metadata as { name: string }).name),
            ["secure-baseline-view", "secure-baseline-edit", "secure-baseline-deploy"],
        );
        for (const r of roles) {
            for (const rule of r.inputs.rules as Rule[]) {
                for (const x of [...rule.apiGroups, ...rule.resources, ...rule.verbs])
                    assert.ok(!x.includes("*"), `wildcard in ${JSON.stringify(rule)}`);
                assert.ok(!rule.resources.includes("secrets"), "no secrets by default");
                assert.ok(!rule.verbs.some((v) => ["escalate", "bind", "impersonate"].includes(v)));
                assert.ok(
                    !rule.resources.some((res) =>
                        ["roles", "rolebindings", "networkpolicies", "resourcequotas", "limitranges", "pods/exec"].includes(res),
                    ) || rule.verbs.every((v) => ["get", "list", "watch"].includes(v)),
                    "baseline objects are read-only",
                );
            }
        }
        const view = roles[0].inputs.rules as Rule[];
        assert.ok(
            view.every((rule) => rule.verbs.every((v) => ["get", "list", "watch"].includes(v))),
            "view only reads",
        );
        const edit = roles[1].inputs.rules as Rule[];
        assert.ok(
            !edit.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("patch")),
            "edit cannot relabel pods (lifting a quarantine)",
        );
    });

    it("K8S-5: edit reads Secrets only when editCanAccessSecrets is set", async () => {
        const r = await build({ namespace: "x", editCanAccessSecrets: true });
        const edit = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "role-secure-baseline-edit").inputs.rules as Rule[];
        assert.ok(edit.some((rule) => rule.resources.includes("secrets") && rule.verbs.includes("get")));
        const view = r.one("kubernetes:rbac.authorization.k8s.io/v1:Role", "role-secure-baseline-view").inputs.rules as Rule[];
        assert.ok(!view.some((rule) => rule.resources.includes("secrets")));
    });

    it("K8S-5: RoleBindings bind each role to its groups; roles without groups stay unbound", async () => {
        const bindings = run.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
        assert.deepEqual(
            bindings.map((b) => [
                (b.inputs.roleRef as { name: string }).name,
                (b.inputs.subjects as Array<{ kind: string; name: string }>).map((s) => `${s.kind}:${s.name}`),
            ]),
            [
                ["secure-baseline-view", ["Group:payments-viewers"]],
                ["secure-baseline-edit", ["Group:payments-devs"]],
                ["secure-baseline-deploy", ["Group:payments-ci"]],
            ],
        );
        const r = await build({ namespace: "x", groups: { view: ["v"] } });
        assert.equal(r.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").length, 1);
    });

    it("K8S-5: the default ServiceAccount is patched to not automount its token, with a fixed field manager", () => {
        const sa = run.one("kubernetes:core/v1:ServiceAccountPatch");
        assert.equal(sa.inputs.automountServiceAccountToken, false);
        const meta = sa.inputs.metadata as { name: string; namespace: string; annotations: Record<string, string> };
        assert.equal(meta.name, "default");
        assert.equal(meta.namespace, "payments");
        assert.equal(meta.annotations["pulumi.com/patchFieldManager"], "secure-baseline");
    });

    it("K8S-1..K8S-5: every child uses the cluster's provider passed in opts, is parented, and namespaced children wait for the Namespace", () => {
        const children = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.equal(children.length, 1 + 6 + 2 + 3 + 3 + 1);
        for (const c of children) {
            assert.equal(run.providerOf.get(c.name), run.provider, `${c.name} uses the cluster provider`);
            assert.equal(c.parentType, NB);
            if (c.type !== "kubernetes:core/v1:Namespace") {
                assert.ok(c.dependsOn.includes("kubernetes:core/v1:Namespace::payments-namespace"), `${c.name} depends on the namespace`);
                assert.equal((c.inputs.metadata as { namespace: string }).namespace, "payments");
            }
        }
    });

    it("K8S-1..K8S-5: every registered input validates against the Kubernetes schemas", () => {
        for (const c of run.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            validateManifest(c.inputs as { apiVersion?: string; kind?: string });
        }
    });

    it("K8S-1..K8S-5: accepts the provider through opts.providers too", async () => {
        const r = await runWithCluster((provider) => new NamespaceBaseline("n", { namespace: "n" }, { providers: [provider] }));
        assert.equal(r.providerOf.get("n-namespace"), r.provider);
    });

    describe("bad input: a clear error and nothing registered", () => {
        const cases: Array<[string, (p: NamespaceBaselineArgs) => NamespaceBaselineArgs, RegExp]> = [
            ["namespace not a DNS-1123 label", () => ({ namespace: "Team_A" }), /namespace "Team_A" is not a DNS-1123 label/],
            ["namespace too long", () => ({ namespace: "a".repeat(64) }), /is not a DNS-1123 label; use 1 to 63/],
            [
                "reserved namespace default",
                () => ({ namespace: "default" }),
                /namespace "default" is reserved; a team namespace may not be any of default, kube-system, kube-public, kube-node-lease/,
            ],
            ["reserved namespace kube-system", () => ({ namespace: "kube-system" }), /namespace "kube-system" is reserved/],
            ["reserved namespace kube-public", () => ({ namespace: "kube-public" }), /namespace "kube-public" is reserved/],
            ["reserved namespace kube-node-lease", () => ({ namespace: "kube-node-lease" }), /namespace "kube-node-lease" is reserved/],
            [
                "quantity '2 cores'",
                () => ({ namespace: "a", quota: { requestsCpu: "2 cores" } }),
                /quota.requestsCpu "2 cores" is not a Kubernetes quantity/,
            ],
            ["quantity '-1Gi'", () => ({ namespace: "a", quota: { limitsMemory: "-1Gi" } }), /quota.limitsMemory "-1Gi" is negative/],
            [
                "container default not a quantity",
                () => ({ namespace: "a", containerDefaults: { defaultRequest: { cpu: "1 core", memory: "1Gi" } } }),
                /containerDefaults.defaultRequest.cpu "1 core" is not a Kubernetes quantity/,
            ],
            [
                "quota limit below request",
                () => ({ namespace: "a", quota: { requestsMemory: "4Gi", limitsMemory: "3500Mi" } }),
                /quota.limitsMemory "3500Mi" is below quota.requestsMemory "4Gi"; a limit must be at least its request/,
            ],
            [
                "quota cpu limit below request",
                () => ({ namespace: "a", quota: { requestsCpu: "2", limitsCpu: "1500m" } }),
                /quota.limitsCpu "1500m" is below quota.requestsCpu "2"/,
            ],
            [
                "default limit below default request",
                () => ({ namespace: "a", containerDefaults: { defaultLimit: { cpu: "50m", memory: "512Mi" } } }),
                /containerDefaults.defaultLimit.cpu "50m" is below containerDefaults.defaultRequest.cpu "100m"/,
            ],
            [
                "container default above the quota",
                () => ({
                    namespace: "a",
                    quota: { limitsMemory: "1Gi", requestsMemory: "512Mi" },
                    containerDefaults: { defaultLimit: { cpu: "500m", memory: "2Gi" } },
                }),
                /containerDefaults.defaultLimit.memory "2Gi" exceeds quota.limitsMemory "1Gi"/,
            ],
            [
                "negative count",
                () => ({ namespace: "a", quota: { pods: -1 } }),
                /quota.pods -1 is not allowed; use a whole number of zero or more/,
            ],
            ["empty group name", () => ({ namespace: "a", groups: { edit: ["devs", ""] } }), /groups\.edit\[1\] "" is an empty group name/],
            ["blank group name", () => ({ namespace: "a", groups: { view: ["  "] } }), /groups\.view\[0\] " {2}" is an empty group name/],
            [
                "system: group",
                () => ({ namespace: "a", groups: { view: ["system:masters"] } }),
                /groups\.view\[0\] "system:masters" is a reserved system: group/,
            ],
            [
                "invalid CIDR",
                () => ({ namespace: "a", network: { egressTo: [{ name: "db", cidrs: ["10.0.0.0/33"], ports: [{ port: 5432 }] }] } }),
                /network.egressTo\[0\].cidrs\[0\] "10.0.0.0\/33" is not a CIDR/,
            ],
            [
                "CIDR with host bits",
                () => ({ namespace: "a", network: { egressTo: [{ name: "db", cidrs: ["10.0.0.1/16"], ports: [{ port: 5432 }] }] } }),
                /"10.0.0.1\/16" has host bits set/,
            ],
            [
                "CIDR not an address",
                () => ({ namespace: "a", network: { egressTo: [{ name: "db", cidrs: ["db.internal"], ports: [{ port: 5432 }] }] } }),
                /"db.internal" is not a CIDR/,
            ],
            [
                "egress without ports",
                () => ({ namespace: "a", network: { egressTo: [{ name: "db", cidrs: ["10.0.0.0/16"], ports: [] }] } }),
                /network.egressTo\[0\].ports is empty/,
            ],
            [
                "bad port",
                () => ({ namespace: "a", network: { ingressFrom: [{ namespace: "ingress", ports: [{ port: 70000 }] }] } }),
                /network.ingressFrom\[0\].ports\[0\].port 70000 is not a port/,
            ],
            [
                "bad ingress namespace",
                () => ({ namespace: "a", network: { ingressFrom: [{ namespace: "Ingress" }] } }),
                /network.ingressFrom\[0\].namespace "Ingress" is not a DNS-1123 label/,
            ],
            [
                "bad PSA version",
                () => ({ namespace: "a", podSecurityVersion: "latest" }),
                /podSecurityVersion "latest" is not a Pod Security version/,
            ],
        ];
        for (const [label, make, message] of cases) {
            it(`rejects ${label}`, async () => {
                const r = await runExpectingError((provider) => new NamespaceBaseline("t", make(full), { provider }));
                assert.match(r.message, message);
                assert.match(r.message, /^NamespaceBaseline "t": /);
                assert.deepEqual(r.registered, []);
            });
        }
        it("rejects a missing Kubernetes provider instead of using the ambient kubeconfig", async () => {
            const r = await runExpectingError(() => new NamespaceBaseline("t", { namespace: "a" }));
            assert.match(r.message, /opts.provider \(or opts.providers\) must include the cluster's Kubernetes provider/);
            assert.deepEqual(r.registered, []);
        });
    });
});
