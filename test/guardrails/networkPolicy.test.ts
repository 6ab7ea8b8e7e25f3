import { strict as assert } from "assert";
import fc from "fast-check";
import { planNetworkPolicies } from "../../components/guardrails/networkPlan";
import { NamespaceNetworkArgs } from "../../components/guardrails/namespaceArgs";
import { Cluster, Endpoint, External, Flow, Namespace, Pod, allows, selectorMatches } from "./support/netpolEval";

const NAME_LABEL = "kubernetes.io/metadata.name";
const ns = (name: string): Namespace => ({ name, labels: { [NAME_LABEL]: name } });
let nextIp = 1;
const pod = (namespace: string, name: string, labels: Record<string, string> = {}): Pod => ({
    kind: "pod",
    name,
    namespace,
    labels: { app: name, ...labels },
    ip: `10.1.${Math.floor(nextIp / 250) % 250}.${(nextIp++ % 250) + 1}`,
});
const external = (ip: string): External => ({ kind: "external", ip });

const TCP = (port: number): Flow => ({ port, protocol: "TCP" });
const UDP = (port: number): Flow => ({ port, protocol: "UDP" });

const dns = pod("kube-system", "coredns", { "k8s-app": "kube-dns" });
const ingressController = pod("ingress-nginx", "controller");

function cluster(teams: Record<string, NamespaceNetworkArgs>): Cluster {
    return {
        namespaces: [ns("kube-system"), ns("ingress-nginx"), ...[...new Set(["other", ...Object.keys(teams)])].map(ns)],
        policies: Object.entries(teams).flatMap(([name, network]) => planNetworkPolicies(name, network)),
    };
}

describe("NetworkPolicy evaluator (sanity of the model itself)", () => {
    it("K8S-2 (model): without any policy everything is allowed; an empty selector selects every pod", () => {
        const a = pod("x", "a");
        const b = pod("x", "b");
        assert.equal(allows({ namespaces: [ns("x")], policies: [] }, a, b, TCP(80)), true);
        assert.equal(selectorMatches({}, { any: "thing" }), true);
        assert.equal(
            selectorMatches({ matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] }, { quarantine: "false" }),
            false,
        );
    });
});

describe("K8S-2 / K8S-3 network policies, proven on the evaluator", () => {
    const c = cluster({ team: {} });
    const a = pod("team", "a");
    const b = pod("team", "b");

    it("K8S-2: pods in the same namespace cannot talk unless allowed", () => {
        assert.equal(allows(c, a, b, TCP(8080)), false);
        assert.equal(allows(c, b, a, UDP(53)), false);
    });

    it("K8S-2: normal pods resolve DNS over UDP and TCP 53 at the cluster DNS pods, and nothing else there", () => {
        assert.equal(allows(c, a, dns, UDP(53)), true);
        assert.equal(allows(c, a, dns, TCP(53)), true);
        assert.equal(allows(c, a, dns, TCP(443)), false);
        assert.equal(allows(c, a, pod("kube-system", "metrics-server"), UDP(53)), false, "port 53 only to the DNS pods");
        assert.equal(allows(c, a, pod("other", "impostor", { "k8s-app": "kube-dns" }), UDP(53)), false, "DNS label outside kube-system");
    });

    it("K8S-2: nothing reaches the internet or other namespaces by default, in either direction", () => {
        assert.equal(allows(c, a, external("93.184.216.34"), TCP(443)), false);
        assert.equal(allows(c, external("93.184.216.34"), a, TCP(443)), false);
        assert.equal(allows(c, ingressController, a, TCP(8080)), false);
    });

    it("K8S-2: cross-namespace traffic between two baseline namespaces is denied unless configured", () => {
        const two = cluster({ team: { allowSameNamespace: true }, other: { allowSameNamespace: true } });
        const o = pod("other", "o");
        assert.equal(allows(two, a, o, TCP(80)), false);
        assert.equal(allows(two, o, a, TCP(80)), false);
        assert.equal(allows(two, a, b, TCP(80)), true, "same-namespace flag works within a namespace");
    });

    it("K8S-2: configured flows are allowed, and only on their ports", () => {
        const conf = cluster({
            team: {
                allowSameNamespace: true,
                ingressFrom: [{ namespace: "ingress-nginx", ports: [{ port: 8080 }] }],
                egressTo: [{ name: "db", cidrs: ["10.50.0.0/16"], ports: [{ port: 5432 }] }],
            },
        });
        assert.equal(allows(conf, a, b, TCP(9000)), true);
        assert.equal(allows(conf, ingressController, a, TCP(8080)), true);
        assert.equal(allows(conf, ingressController, a, TCP(22)), false);
        assert.equal(allows(conf, pod("kube-system", "x"), a, TCP(8080)), false, "only the named namespace");
        assert.equal(allows(conf, a, external("10.50.3.4"), TCP(5432)), true);
        assert.equal(allows(conf, a, external("10.50.3.4"), TCP(5433)), false);
        assert.equal(allows(conf, a, external("10.51.3.4"), TCP(5432)), false);
    });

    it("K8S-3: a quarantined pod cannot resolve DNS, reach anything, or be reached, even with every flow configured", () => {
        const conf = cluster({
            team: {
                allowSameNamespace: true,
                ingressFrom: [{ namespace: "ingress-nginx" }],
                egressTo: [{ name: "any", cidrs: ["0.0.0.0/0"], ports: [{ port: 443 }] }],
            },
        });
        const q = pod("team", "q", { quarantine: "true" });
        assert.equal(allows(conf, q, dns, UDP(53)), false);
        assert.equal(allows(conf, q, dns, TCP(53)), false);
        assert.equal(allows(conf, q, b, TCP(80)), false);
        assert.equal(allows(conf, b, q, TCP(80)), false);
        assert.equal(allows(conf, ingressController, q, TCP(80)), false);
        assert.equal(allows(conf, q, external("1.1.1.1"), TCP(443)), false);
        assert.equal(allows(conf, a, external("1.1.1.1"), TCP(443)), true, "the same flow works for a normal pod");
    });

    it("K8S-3: any value of the quarantine label isolates (DoesNotExist), so a typo still quarantines", () => {
        const conf = cluster({ team: { allowSameNamespace: true } });
        for (const value of ["true", "false", "yes", ""]) {
            const q = pod("team", `q-${value || "empty"}`, { quarantine: value });
            assert.equal(allows(conf, q, dns, UDP(53)), false, value);
            assert.equal(allows(conf, a, q, TCP(80)), false, value);
        }
    });

    it("K8S-3 (property): for any labels, namespaces and ports, a quarantined endpoint never sends or receives", () => {
        const label = fc.constantFrom("app", "tier", "quarantine", "k8s-app");
        const value = fc.constantFrom("true", "false", "web", "kube-dns");
        const labels = fc.dictionary(label, value, { maxKeys: 3 });
        const network = fc.record({
            allowSameNamespace: fc.boolean(),
            ingressFrom: fc.constantFrom([], [{ namespace: "ingress-nginx" }], [{ namespace: "ingress-nginx", ports: [{ port: 80 }] }]),
            egressTo: fc.constantFrom(
                [],
                [{ name: "all", cidrs: ["0.0.0.0/0"], ports: [{ port: 443 }, { port: 53, protocol: "UDP" as const }] }],
            ),
        });
        const endpoint = fc.oneof(
            fc
                .record({ namespace: fc.constantFrom("team", "kube-system", "ingress-nginx"), labels })
                .map((p): Endpoint => pod(p.namespace, "p", p.labels)),
            fc.constantFrom<Endpoint>(external("1.1.1.1"), external("10.9.9.9")),
        );
        const flow = fc.record({ port: fc.constantFrom(53, 80, 443, 8080), protocol: fc.constantFrom("TCP" as const, "UDP" as const) });
        fc.assert(
            fc.property(network, endpoint, labels, flow, fc.boolean(), (net, other, ql, f, outbound) => {
                const c2 = cluster({ team: net });
                const q = pod("team", "q", { ...ql, quarantine: "true" });
                const ok = outbound ? allows(c2, q, other, f) : allows(c2, other, q, f);
                return ok === false;
            }),
            { numRuns: 500 },
        );
    });

    it("K8S-2 (property): every non-quarantined pod, whatever its labels and configured flows, resolves DNS", () => {
        const labels = fc.dictionary(fc.constantFrom("app", "tier", "k8s-app", "role"), fc.constantFrom("web", "kube-dns", "db"), {
            maxKeys: 3,
        });
        fc.assert(
            fc.property(labels, fc.boolean(), fc.constantFrom("TCP" as const, "UDP" as const), (l, same, protocol) => {
                const c2 = cluster({ team: { allowSameNamespace: same } });
                return allows(c2, pod("team", "x", l), dns, { port: 53, protocol });
            }),
            { numRuns: 200 },
        );
    });

    it("K8S-2 (property): between two baseline namespaces without ingressFrom, no pod pair ever connects", () => {
        const labels = fc.dictionary(fc.constantFrom("app", "k8s-app"), fc.constantFrom("kube-dns", "web"), { maxKeys: 2 });
        const flow = fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom("TCP" as const, "UDP" as const) });
        fc.assert(
            fc.property(labels, labels, flow, fc.boolean(), fc.boolean(), (la, lb, f, sa, sb) => {
                const c2 = cluster({ team: { allowSameNamespace: sa }, other: { allowSameNamespace: sb } });
                return !allows(c2, pod("team", "x", la), pod("other", "y", lb), f);
            }),
            { numRuns: 300 },
        );
    });
});

describe("the evaluator can fail (mutation checks on the plan)", () => {
    it("K8S-3: without the DoesNotExist exclusion, a quarantined pod would resolve DNS", () => {
        const policies = planNetworkPolicies("team").map((p) => ({
            ...p,
            spec: { ...p.spec, podSelector: p.metadata?.name === "allow-dns-egress" ? {} : (p.spec?.podSelector ?? {}) },
        }));
        const c: Cluster = { namespaces: [ns("kube-system"), ns("team")], policies };
        assert.equal(allows(c, pod("team", "q", { quarantine: "true" }), dns, UDP(53)), true);
    });
    it("K8S-2: without the default-deny policy, ingress to the namespace would be open", () => {
        const policies = planNetworkPolicies("team").filter((p) => p.metadata?.name !== "default-deny-all");
        const c: Cluster = { namespaces: [ns("kube-system"), ns("team")], policies };
        assert.equal(allows(c, external("203.0.113.9"), pod("team", "b"), TCP(80)), true);
    });
});
