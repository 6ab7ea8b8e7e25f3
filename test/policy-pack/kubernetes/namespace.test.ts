/**
 * K8S-1 (no default namespace, PSA restricted), K8S-2 (default-deny NetworkPolicy) and
 * K8S-4 (ResourceQuota): namespaces resolved on the resource, through the Kubernetes
 * provider's `namespace`, and linked in the stack by name or by property dependency.
 */
import { strict as assert } from "assert";
import { k8sNamespaceDefaultDeny } from "../../../policy-pack/policies/cluster/k8s-namespace-default-deny";
import { k8sNamespacePodSecurity } from "../../../policy-pack/policies/cluster/k8s-namespace-pod-security";
import { k8sNamespaceResourceQuota } from "../../../policy-pack/policies/cluster/k8s-namespace-resource-quota";
import { NAMESPACED_TYPES, k8sNoDefaultNamespace } from "../../../policy-pack/policies/cluster/k8s-no-default-namespace";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, analyze, analyzeStack, of } from "../runtime";
import { FUTURE, JsonObject, PAST, WORKLOAD_KINDS, compliantPodSpec, workload } from "./fixtures";
import { PROVIDER_TYPE, TestProvider, providerUrn, withProvider, withProviders } from "./provider";

const NS = "kubernetes:core/v1:Namespace";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const QUOTA = "kubernetes:core/v1:ResourceQuota";
const RESTRICTED = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.31" };

function namespace(name: string, labels: Record<string, string> = RESTRICTED, annotations?: Record<string, string>): TestResource {
    return {
        type: NS,
        name,
        props: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels, ...(annotations ? { annotations } : {}) } },
    };
}

function denyAll(name: string, namespace: string | undefined, deps?: string[], spec?: JsonObject): TestResource {
    const metadata: JsonObject = { name: "default-deny" };
    if (namespace !== undefined) metadata.namespace = namespace;
    return {
        type: NETPOL,
        name,
        props: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata,
            spec: spec ?? { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        },
        propertyDependencies: deps ? { metadata: deps } : undefined,
    };
}

function quota(
    name: string,
    namespace: string | undefined,
    deps?: string[],
    hard: JsonObject | string = { "limits.cpu": "8", "limits.memory": "16Gi", pods: "50" },
): TestResource {
    const metadata: JsonObject = { name: "quota" };
    if (namespace !== undefined) metadata.namespace = namespace;
    return {
        type: QUOTA,
        name,
        props: { apiVersion: "v1", kind: "ResourceQuota", metadata, spec: { hard } },
        propertyDependencies: deps ? { metadata: deps } : undefined,
    };
}

const STACK_POLICIES = [k8sNamespaceDefaultDeny, k8sNamespaceResourceQuota];

describe("K8S-1 k8s-no-default-namespace", () => {
    const p = k8sNoDefaultNamespace;
    for (const kind of WORKLOAD_KINDS) {
        it(`K8S-1: ${kind.kind} in a named namespace passes; in "default" or with none it is reported`, async () => {
            assert.deepEqual(of(await analyze([p], workload(kind, compliantPodSpec())), p.meta.name), []);
            const inDefault = of(await analyze([p], workload(kind, compliantPodSpec(), { namespace: "default" })), p.meta.name);
            assert.equal(inDefault.length, 1);
            assert.equal(inDefault[0].enforcementLevel, "advisory");
            assert.match(
                inDefault[0].message,
                new RegExp(`\\[K8S-1\\] ${kind.kind} "web" is placed in the "default" namespace by metadata.namespace`),
            );
            const none = of(await analyze([p], workload(kind, compliantPodSpec(), { namespace: null })), p.meta.name);
            assert.match(none[0].message, /sets no namespace \(neither metadata.namespace nor its Kubernetes provider's namespace\)/);
        });
    }
    it("K8S-1: covers Services, ConfigMaps, Secrets, RBAC and Ingresses, not Patch kinds", () => {
        for (const t of [
            "kubernetes:core/v1:Service",
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "kubernetes:networking.k8s.io/v1:Ingress",
        ]) {
            assert.ok(NAMESPACED_TYPES.includes(t), t);
        }
        assert.ok(!NAMESPACED_TYPES.some((t) => t.endsWith("Patch")));
    });
    const cm = (namespace?: string): TestResource => ({
        type: "kubernetes:core/v1:ConfigMap",
        name: "settings",
        props: { metadata: namespace ? { name: "settings", namespace } : { name: "settings" }, data: { a: "b" } },
    });
    const provider = (namespace?: string): TestProvider => ({
        name: "team-a-k8s",
        props: namespace === undefined ? { kubeconfig: "{}" } : { kubeconfig: "{}", namespace },
    });
    it("K8S-1: a namespace set on the Kubernetes provider counts (args.provider, as in @pulumi/policy 1.21)", async () => {
        assert.deepEqual((await analyze([withProvider(p, provider("team-a"))], cm())).diagnostics, []);
    });
    it("K8S-1: a provider whose namespace is default is reported, naming the provider", async () => {
        const d = (await analyze([withProvider(p, provider("default"))], cm())).diagnostics;
        assert.equal(d.length, 1);
        assert.match(
            d[0].message,
            /ConfigMap "settings" is placed in the "default" namespace by the namespace of its provider "team-a-k8s"/,
        );
    });
    it("K8S-1: a provider without namespace leaves the resource in default", async () => {
        const d = (await analyze([withProvider(p, provider())], cm())).diagnostics;
        assert.match(d[0].message, /sets no namespace/);
    });
    it("K8S-1: the resource's own namespace wins over the provider's", async () => {
        assert.deepEqual((await analyze([withProvider(p, provider("default"))], cm("team-a"))).diagnostics, []);
        assert.equal((await analyze([withProvider(p, provider("team-a"))], cm("default"))).diagnostics.length, 1);
    });
    it("K8S-1: an unknown namespace (resource or provider) fails closed", async () => {
        const own = (await analyze([p], cm(UNKNOWN))).diagnostics;
        assert.equal(own.length, 1);
        assert.match(own[0].message, /metadata.namespace .*unknown at preview/);
        const viaProvider = (await analyze([withProvider(p, provider(UNKNOWN))], cm())).diagnostics;
        assert.match(viaProvider[0].message, /provider "team-a-k8s" namespace .*unknown at preview/);
    });
    it("K8S-1: exemption by annotation", async () => {
        const r = await analyze([p], {
            ...cm("default"),
            props: {
                metadata: {
                    name: "s",
                    namespace: "default",
                    annotations: { "secure-baseline.io/exempt-k8s-no-default-namespace": `cluster-wide settings; expires=${FUTURE}` },
                },
            },
        });
        assert.match(r.diagnostics[0].message, /\[note\].*exempted/);
    });
});

describe("K8S-1 k8s-namespace-pod-security", () => {
    const p = k8sNamespacePodSecurity;
    it("K8S-1: enforce=restricted passes", async () => {
        assert.deepEqual((await analyze([p], namespace("team-a"))).diagnostics, []);
    });
    it("K8S-1: no PSA label, or a weaker level, is a mandatory violation", async () => {
        const none = (await analyze([p], namespace("team-a", {}))).diagnostics;
        assert.equal(none[0].enforcementLevel, "mandatory");
        assert.match(none[0].message, /\[K8S-1\] Namespace "team-a" has no pod-security.kubernetes.io\/enforce label/);
        const baseline = (await analyze([p], namespace("team-a", { "pod-security.kubernetes.io/enforce": "baseline" }))).diagnostics;
        assert.match(baseline[0].message, /sets pod-security.kubernetes.io\/enforce: "baseline" instead of "restricted"/);
    });
    it("K8S-1: a NamespacePatch is judged on the label only when it sets it", async () => {
        assert.deepEqual((await analyze([p], { ...namespace("team-a", { team: "a" }), type: `${NS}Patch` })).diagnostics, []);
        const weak = (
            await analyze([p], { ...namespace("team-a", { "pod-security.kubernetes.io/enforce": "privileged" }), type: `${NS}Patch` })
        ).diagnostics;
        assert.equal(weak.length, 1);
    });
    it("K8S-1: unknown labels fail closed", async () => {
        const d = (await analyze([p], { type: NS, name: "n", props: { metadata: { name: "n", labels: UNKNOWN_OBJECT } } })).diagnostics;
        assert.match(d[0].message, /metadata.labels .*unknown at preview/);
        assert.equal(d[0].enforcementLevel, "mandatory");
    });
    it("K8S-1: a system namespace is exempted with a reason; an expired exemption is reported", async () => {
        const ok = (
            await analyze(
                [p],
                namespace(
                    "monitoring",
                    { "pod-security.kubernetes.io/enforce": "privileged" },
                    { "secure-baseline.io/exempt-k8s-namespace-pod-security": `node exporter needs hostPath; expires=${FUTURE}` },
                ),
            )
        ).diagnostics;
        assert.equal(ok.length, 1);
        assert.equal(ok[0].enforcementLevel, "advisory");
        const expired = (
            await analyze(
                [p],
                namespace("monitoring", {}, { "secure-baseline.io/exempt-k8s-namespace-pod-security": `x; expires=${PAST}` }),
            )
        ).diagnostics;
        assert.equal(expired.filter((d) => d.enforcementLevel === "mandatory").length, 2);
    });
});

describe("K8S-2 k8s-namespace-default-deny and K8S-4 k8s-namespace-resource-quota (stack policies)", () => {
    const nsUrn = (name: string) => `urn:pulumi:test::secure-baseline::${NS}::${name}`;
    const names = (ds: { policyName: string }[]) => ds.map((d) => d.policyName).sort();

    it("K8S-2/K8S-4: a namespace with a default deny and a quota, linked by literal name, passes", async () => {
        const r = await analyzeStack(STACK_POLICIES, [namespace("team-a"), denyAll("deny", "team-a"), quota("q", "team-a")]);
        assert.deepEqual(r.diagnostics, []);
    });
    it("K8S-2/K8S-4: linked by property dependency when the namespace is unknown at preview", async () => {
        const r = await analyzeStack(STACK_POLICIES, [namespace("ns"), denyAll("deny", UNKNOWN, ["ns"]), quota("q", UNKNOWN, ["ns"])]);
        assert.deepEqual(r.diagnostics, []);
    });
    it("K8S-2/K8S-4: a namespace without either is reported by both, on the Namespace", async () => {
        const r = await analyzeStack(STACK_POLICIES, [namespace("team-a"), denyAll("deny", "team-b"), quota("q", "team-b")]);
        assert.deepEqual(names(r.diagnostics), ["k8s-namespace-default-deny", "k8s-namespace-resource-quota"]);
        const deny = of(r, "k8s-namespace-default-deny")[0];
        assert.equal(deny.enforcementLevel, "mandatory");
        assert.equal(deny.urn, nsUrn("team-a"));
        assert.match(
            deny.message,
            /\[K8S-2\] Namespace "team-a" has no default-deny NetworkPolicy for Ingress and Egress \(0 NetworkPolicies found in it\)/,
        );
        const q = of(r, "k8s-namespace-resource-quota")[0];
        assert.equal(q.enforcementLevel, "advisory");
        assert.match(q.message, /\[K8S-4\] Namespace "team-a" has no ResourceQuota/);
    });
    it("K8S-2/K8S-4: an unknown namespace computed from no Namespace of the stack fails closed (it may be this one)", async () => {
        const r = await analyzeStack(STACK_POLICIES, [namespace("team-a"), denyAll("deny", UNKNOWN), quota("q", UNKNOWN)]);
        assert.deepEqual(names(r.diagnostics), ["k8s-namespace-default-deny", "k8s-namespace-resource-quota"]);
        assert.match(
            of(r, "k8s-namespace-default-deny")[0].message,
            /metadata.namespace of NetworkPolicy "deny", which may be Namespace "team-a", .*unknown at preview.*fail closed/,
        );
        assert.equal(of(r, "k8s-namespace-default-deny")[0].enforcementLevel, "mandatory");
        // Computed from another Namespace of the stack: decided, not here.
        const elsewhere = await analyzeStack(STACK_POLICIES, [
            namespace("team-a"),
            namespace("team-b"),
            denyAll("deny", UNKNOWN, ["team-b"]),
            quota("q", UNKNOWN, ["team-b"]),
        ]);
        const teamA = elsewhere.diagnostics.filter((d) => d.urn === nsUrn("team-a"));
        assert.equal(teamA.length, 2);
        assert.ok(teamA.every((d) => /has no /.test(d.message)));
        assert.deepEqual(
            elsewhere.diagnostics.filter((d) => d.urn === nsUrn("team-b")),
            [],
        );
    });
    it("K8S-2/K8S-4: a known namespace that differs is not linked even if metadata depends on the Namespace", async () => {
        const r = await analyzeStack(STACK_POLICIES, [
            namespace("team-a"),
            denyAll("deny", "other", ["team-a"]),
            quota("q", "other", ["team-a"]),
        ]);
        assert.equal(r.diagnostics.length, 2);
    });
    it("K8S-2/K8S-4: resources without any namespace are not in the Namespace", async () => {
        const r = await analyzeStack(STACK_POLICIES, [namespace("team-a"), denyAll("deny", undefined), quota("q", undefined)]);
        assert.equal(r.diagnostics.length, 2);
    });
    it("K8S-2/K8S-4: a namespace set on the resources' Kubernetes provider links them (by name and by the provider's dependency)", async () => {
        const byName: TestProvider = { name: "team-a-k8s", props: { namespace: "team-a" } };
        const byDep: TestProvider = { name: "team-a-k8s", props: { namespace: UNKNOWN } };
        for (const provider of [byName, byDep]) {
            const providerResource: TestResource = {
                type: PROVIDER_TYPE,
                name: provider.name,
                props: provider.props,
                propertyDependencies: { namespace: ["team-a"] },
            };
            const resources = [namespace("team-a"), providerResource, denyAll("deny", undefined), quota("q", undefined)];
            const policies = STACK_POLICIES.map((p) => withProviders(p, { deny: provider, q: provider }));
            const r = await analyzeStack(policies, resources);
            assert.deepEqual(r.diagnostics, [], `provider namespace ${JSON.stringify(provider.props)}`);
            assert.ok(providerUrn(provider).endsWith(`::${PROVIDER_TYPE}::team-a-k8s`));
        }
        const otherProvider: TestProvider = { name: "other", props: { namespace: "team-b" } };
        const r = await analyzeStack(
            STACK_POLICIES.map((p) => withProviders(p, { deny: otherProvider, q: otherProvider })),
            [namespace("team-a"), denyAll("deny", undefined), quota("q", undefined)],
        );
        assert.equal(r.diagnostics.length, 2);
    });
    it("K8S-2: one deny policy per direction also counts", async () => {
        const r = await analyzeStack(
            [k8sNamespaceDefaultDeny],
            [
                namespace("team-a"),
                denyAll("deny-in", "team-a", undefined, { podSelector: {}, policyTypes: ["Ingress"] }),
                denyAll("deny-out", "team-a", undefined, { podSelector: { matchLabels: {} }, policyTypes: ["Egress"] }),
            ],
        );
        assert.deepEqual(r.diagnostics, []);
    });
    const notDeny: [string, JsonObject, string][] = [
        ["a pod selector", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress", "Egress"] }, "Ingress and Egress"],
        ["an allow-all ingress rule", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}] }, "Ingress"],
        ["egress rules", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: [{ namespaceSelector: {} }] }] }, "Egress"],
        ["no policyTypes and no egress (ingress only by API default)", { podSelector: {} }, "Egress"],
        ["policyTypes Ingress only", { podSelector: {}, policyTypes: ["Ingress"] }, "Egress"],
    ];
    for (const [title, spec, missing] of notDeny) {
        it(`K8S-2: a NetworkPolicy with ${title} is not a default deny for ${missing}`, async () => {
            const d = (await analyzeStack([k8sNamespaceDefaultDeny], [namespace("team-a"), denyAll("np", "team-a", undefined, spec)]))
                .diagnostics;
            assert.equal(d.length, 1);
            assert.match(d[0].message, new RegExp(`no default-deny NetworkPolicy for ${missing} \\(1 NetworkPolicies`));
        });
    }
    it("K8S-2: a linked NetworkPolicy whose spec is unknown fails closed (it may be the deny)", async () => {
        const d = (
            await analyzeStack(
                [k8sNamespaceDefaultDeny],
                [namespace("team-a"), denyAll("np", "team-a", undefined, { podSelector: UNKNOWN_OBJECT, policyTypes: UNKNOWN_ARRAY })],
            )
        ).diagnostics;
        assert.equal(d.length, 1);
        assert.equal(d[0].enforcementLevel, "mandatory");
        assert.match(d[0].message, /spec.podSelector of NetworkPolicy "np".* unknown at preview/);
    });
    it("K8S-2: an unknown policy does not matter when another one already denies", async () => {
        const d = (
            await analyzeStack(
                [k8sNamespaceDefaultDeny],
                [namespace("team-a"), denyAll("deny", "team-a"), denyAll("np", "team-a", undefined, { podSelector: UNKNOWN_OBJECT })],
            )
        ).diagnostics;
        assert.deepEqual(d, []);
    });
    it("K8S-4: a quota without hard limits does not count; an unknown one does", async () => {
        const empty = (await analyzeStack([k8sNamespaceResourceQuota], [namespace("team-a"), quota("q", "team-a", undefined, {})]))
            .diagnostics;
        assert.match(empty[0].message, /has ResourceQuotas with no hard limits \("q"\)/);
        assert.deepEqual(
            (await analyzeStack([k8sNamespaceResourceQuota], [namespace("team-a"), quota("q", "team-a", undefined, UNKNOWN_OBJECT)]))
                .diagnostics,
            [],
        );
    });
    it("K8S-2/K8S-4: exemption by annotation on the Namespace, per policy", async () => {
        const ns = namespace("sandbox", RESTRICTED, {
            "secure-baseline.io/exempt-k8s-namespace-resource-quota": `short-lived sandbox; expires=${FUTURE}`,
        });
        const r = await analyzeStack(STACK_POLICIES, [ns]);
        assert.equal(of(r, "k8s-namespace-resource-quota")[0].enforcementLevel, "advisory");
        assert.match(of(r, "k8s-namespace-resource-quota")[0].message, /\[note\].*short-lived sandbox/);
        assert.equal(of(r, "k8s-namespace-default-deny")[0].enforcementLevel, "mandatory");
    });
    it("K8S-2/K8S-4: a stack without Namespaces is not applicable", async () => {
        const r = await analyzeStack(STACK_POLICIES, [denyAll("deny", "team-a")]);
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(r.notApplicable.map((n) => n.policyName).sort(), ["k8s-namespace-default-deny", "k8s-namespace-resource-quota"]);
    });
});
