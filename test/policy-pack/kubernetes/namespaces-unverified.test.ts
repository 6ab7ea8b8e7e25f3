/**
 * Issue 12 item 4: workloads in the system namespaces (k8s-no-system-namespace) and in
 * namespaces the stack does not create (k8s-namespace-baseline-unverified); the cluster's own
 * objects in `default` (k8s-no-default-namespace).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sNamespaceBaselineUnverified } from "../../../policy-pack/policies/cluster/k8s-namespace-baseline-unverified";
import { SYSTEM_NAMESPACES, k8sNoSystemNamespace } from "../../../policy-pack/policies/cluster/k8s-no-system-namespace";
import { k8sNoDefaultNamespace } from "../../../policy-pack/policies/cluster/k8s-no-default-namespace";
import { TestResource, UNKNOWN, analyze, analyzeStack, of } from "../runtime";
import { withProviders } from "./provider";
import { OLDER_WORKLOAD_KINDS, WORKLOAD_KINDS, compliantPodSpec, manifest } from "./fixtures";

const ALL_KINDS = [...WORKLOAD_KINDS, ...OLDER_WORKLOAD_KINDS];
const workload = (kindIndex: number, namespace: string | null, name = "web"): TestResource => {
    const kind = ALL_KINDS[kindIndex];
    return { type: kind.type, name, props: manifest(kind, compliantPodSpec(), { name, namespace }) };
};
const CLUSTER: TestResource = { type: "aws:eks/cluster:Cluster", name: "main", props: { version: "1.35" } };
const EKS_COMPONENT: TestResource = { type: "eks:index:Cluster", name: "main", props: { version: "1.35" } };
const NS = (name: string): TestResource => ({ type: "kubernetes:core/v1:Namespace", name, props: { metadata: { name } } });
const deny = (ns: string): TestResource => ({
    type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    name: `deny-${ns}`,
    props: { metadata: { name: "deny", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
});
const quota = (ns: string): TestResource => ({
    type: "kubernetes:core/v1:ResourceQuota",
    name: `quota-${ns}`,
    props: { metadata: { name: "q", namespace: ns }, spec: { hard: { pods: "10" } } },
});

describe("K8S-1 k8s-no-system-namespace", () => {
    it("any workload kind in any system namespace from a program without the cluster is a mandatory violation (property)", async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 0, max: ALL_KINDS.length - 1 }), fc.constantFrom(...SYSTEM_NAMESPACES), async (k, ns) => {
                const r = await analyzeStack([k8sNoSystemNamespace], [workload(k, ns)]);
                const own = of(r, "k8s-no-system-namespace");
                assert.equal(own.length, 1);
                assert.equal(own[0].enforcementLevel, "mandatory");
                assert.match(own[0].message, new RegExp(`system namespace "${ns}"`));
            }),
            { numRuns: 40 },
        );
    });
    it("a system namespace set on the Kubernetes provider counts the same", async () => {
        const r = await analyzeStack(
            [withProviders(k8sNoSystemNamespace, { web: { name: "k8s", props: { namespace: "kube-system" } } })],
            [workload(2, null)],
        );
        assert.equal(of(r, "k8s-no-system-namespace").length, 1);
    });
    it("the cluster's own program (aws.eks.Cluster or the @pulumi/eks component) may install add-ons there", async () => {
        for (const cluster of [CLUSTER, EKS_COMPONENT]) {
            const r = await analyzeStack([k8sNoSystemNamespace], [cluster, workload(2, "kube-system")]);
            assert.deepEqual(of(r, "k8s-no-system-namespace"), []);
        }
    });
    it("other namespaces (look-alikes included) pass", async () => {
        for (const ns of ["team-a", "kube-systems", "kube", "system"]) {
            const r = await analyzeStack([k8sNoSystemNamespace], [workload(2, ns)]);
            assert.deepEqual(of(r, "k8s-no-system-namespace"), [], ns);
        }
    });
});

describe("K8S-2/K8S-4 k8s-namespace-baseline-unverified", () => {
    it("a workload in a namespace the stack does not create gets an advisory naming both checks", async () => {
        const r = await analyzeStack([k8sNamespaceBaselineUnverified], [workload(2, "team-x")]);
        const own = of(r, "k8s-namespace-baseline-unverified");
        assert.equal(own.length, 1);
        assert.equal(own[0].enforcementLevel, "advisory");
        assert.match(
            own[0].message,
            /namespace "team-x", which this stack does not create: the pack cannot verify a default-deny NetworkPolicy \(K8S-2\) or a ResourceQuota \(K8S-4\)/,
        );
    });
    it("the stack's own deny and quota in that namespace verify it; either alone leaves the other unverified", async () => {
        assert.deepEqual(
            of(
                await analyzeStack([k8sNamespaceBaselineUnverified], [workload(2, "team-x"), deny("team-x"), quota("team-x")]),
                "k8s-namespace-baseline-unverified",
            ),
            [],
        );
        const onlyDeny = of(
            await analyzeStack([k8sNamespaceBaselineUnverified], [workload(2, "team-x"), deny("team-x")]),
            "k8s-namespace-baseline-unverified",
        );
        assert.equal(onlyDeny.length, 1);
        assert.doesNotMatch(onlyDeny[0].message, /cannot verify a default-deny/);
        const onlyQuota = of(
            await analyzeStack([k8sNamespaceBaselineUnverified], [workload(2, "team-x"), quota("team-x")]),
            "k8s-namespace-baseline-unverified",
        );
        assert.match(onlyQuota[0].message, /default-deny NetworkPolicy \(K8S-2\)/);
        assert.doesNotMatch(onlyQuota[0].message, /or a ResourceQuota/);
    });
    it("a workload in a Namespace of the stack (by name or computed from it) is left to K8S-2 and K8S-4", async () => {
        assert.deepEqual(
            of(
                await analyzeStack([k8sNamespaceBaselineUnverified], [NS("team-a"), workload(2, "team-a")]),
                "k8s-namespace-baseline-unverified",
            ),
            [],
        );
        const computed = { ...workload(2, UNKNOWN), propertyDependencies: { metadata: ["team-a"] } };
        const ns = { ...NS("team-a"), props: { metadata: { name: UNKNOWN } } };
        assert.deepEqual(of(await analyzeStack([k8sNamespaceBaselineUnverified], [ns, computed]), "k8s-namespace-baseline-unverified"), []);
    });
    it("default and system namespaces are left to their own policies", async () => {
        for (const ns of [null, "default", ...SYSTEM_NAMESPACES]) {
            assert.deepEqual(
                of(await analyzeStack([k8sNamespaceBaselineUnverified], [workload(2, ns)]), "k8s-namespace-baseline-unverified"),
                [],
                String(ns),
            );
        }
    });
    it("every workload kind and apiVersion is judged (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 0, max: ALL_KINDS.length - 1 }),
                fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
                async (k, ns) => {
                    fc.pre(ns !== "default" && !SYSTEM_NAMESPACES.includes(ns));
                    const own = of(
                        await analyzeStack([k8sNamespaceBaselineUnverified], [workload(k, ns)]),
                        "k8s-namespace-baseline-unverified",
                    );
                    assert.equal(own.length, 1);
                    const withNs = of(
                        await analyzeStack([k8sNamespaceBaselineUnverified], [NS(ns), workload(k, ns)]),
                        "k8s-namespace-baseline-unverified",
                    );
                    assert.deepEqual(withNs, []);
                },
            ),
            { numRuns: 40 },
        );
    });
});

describe("K8S-1 k8s-no-default-namespace: the cluster's own objects in default", () => {
    const props = (name: string) => ({ metadata: { name, namespace: "default" }, spec: { ports: [{ port: 443 }] } });
    it("the built-in kubernetes Service, default ServiceAccount and kube-root-ca.crt ConfigMap are not flagged", async () => {
        for (const [type, name] of [
            ["kubernetes:core/v1:Service", "kubernetes"],
            ["kubernetes:core/v1:ServiceAccount", "default"],
            ["kubernetes:core/v1:ConfigMap", "kube-root-ca.crt"],
        ]) {
            const r = await analyze([k8sNoDefaultNamespace], { type, name: "adopted", props: props(name) });
            assert.deepEqual(of(r, "k8s-no-default-namespace"), [], `${type} ${name}`);
        }
    });
    it("any other object of those kinds in default is still flagged, and a built-in name of another kind too (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(
                    "kubernetes:core/v1:Service",
                    "kubernetes:core/v1:ServiceAccount",
                    "kubernetes:core/v1:ConfigMap",
                    "kubernetes:core/v1:Secret",
                ),
                fc.oneof(
                    fc.constantFrom("kubernetes", "default", "kube-root-ca.crt", "Kubernetes", "default-sa"),
                    fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
                ),
                async (type, name) => {
                    const builtin =
                        (type.endsWith(":Service") && name === "kubernetes") ||
                        (type.endsWith(":ServiceAccount") && name === "default") ||
                        (type.endsWith(":ConfigMap") && name === "kube-root-ca.crt");
                    const r = await analyze([k8sNoDefaultNamespace], { type, name: "x", props: props(name) });
                    assert.equal(of(r, "k8s-no-default-namespace").length, builtin ? 0 : 1, `${type} ${name}`);
                },
            ),
            { numRuns: 60 },
        );
    });
});
