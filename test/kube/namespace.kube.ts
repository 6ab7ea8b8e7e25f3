/**
 * K8S-3 and K8S-4 against the real API server: container defaults from the LimitRange, the quota
 * rejecting what exceeds it, and quarantine by label (who may set it; which policies select the pod).
 *
 * The API server stores NetworkPolicies but enforces nothing: enforcement is the network plugin's job
 * (the VPC CNI on EKS), and this control plane has none. So these tests prove the selection (the real
 * server's label-selector semantics pick the quarantined pod for quarantine-deny-all and drop it from
 * every allow policy), not the packet filtering. Which connections the stored policies allow is then
 * judged by an independent analyzer (np-guard's netpol-analyzer, built from its Go module).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { KubeObject } from "../../tools/kube/baseline";
import { allowedConnectionsIn } from "../../tools/kube/netpolAnalyzer";
import { cluster, create, dryRunCreate, eventually, of, pod, type Shared } from "./support/cluster";

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A LabelSelector in the query syntax the API server parses (label.Parse). */
function selectorQuery(sel: Selector): string {
    const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
    for (const e of sel.matchExpressions ?? []) {
        const values = `(${(e.values ?? []).join(",")})`;
        parts.push(
            { In: `${e.key} in ${values}`, NotIn: `${e.key} notin ${values}`, Exists: e.key, DoesNotExist: `!${e.key}` }[e.operator] ??
                `unknown-operator-${e.operator}`,
        );
    }
    return parts.join(",");
}

describe("K8S-4 on a real API server: LimitRange defaults and the ResourceQuota", () => {
    let s: Shared;
    let hard: Record<string, string>;
    before(async () => {
        s = await cluster();
        const quota = of(s.objects, "ResourceQuota").find((q) => q.metadata.namespace === s.team)!;
        hard = (quota.spec as { hard: Record<string, string> }).hard;
        // Quota admission needs the controller to have computed the quota's status first.
        await eventually("the resource-quota controller computed the quota's usage", async () => {
            const r = await s.client.request("admin", "GET", `/api/v1/namespaces/${s.team}/resourcequotas/baseline-quota`);
            return (r.body.status as { hard?: unknown } | undefined)?.hard !== undefined;
        });
    });

    it("a container with no requests or limits gets the LimitRange defaults (and so passes require-limits)", async () => {
        const lr = of(s.objects, "LimitRange").find((l) => l.metadata.namespace === s.team)!;
        const limits = (lr.spec as { limits: Array<{ default: Record<string, string>; defaultRequest: Record<string, string> }> })
            .limits[0];
        const r = await dryRunCreate(s, "admin", s.team, pod("defaults", s.registry, { noResources: true }));
        assert.equal(r.status, 201, `${r.status}: ${r.body.message}`);
        const resources = (r.body.spec as { containers: Array<{ resources: unknown }> }).containers[0].resources;
        assert.deepEqual(resources, { limits: limits.default, requests: limits.defaultRequest });
    });

    it("a pod whose cpu limit exceeds the quota's limits.cpu is rejected", async () => {
        const p = pod("too-big", s.registry);
        const over = `${Number(hard["limits.cpu"]) + 1}`;
        (p.spec as { containers: Array<{ resources: unknown }> }).containers[0].resources = {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: over, memory: "256Mi" },
        };
        const r = await create(s, "admin", s.team, p);
        assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
        assert.match(r.body.message ?? "", /exceeded quota: baseline-quota.*limits\.cpu/);
    });

    for (const type of ["LoadBalancer", "NodePort"]) {
        it(`a ${type} Service is rejected (the quota allows none)`, async () => {
            assert.equal(hard[type === "LoadBalancer" ? "services.loadbalancers" : "services.nodeports"], "0");
            const svc = {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name: type.toLowerCase() },
                spec: { type, selector: { app: "x" }, ports: [{ port: 80 }] },
            };
            const r = await create(s, "admin", s.team, svc);
            assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
            assert.match(r.body.message ?? "", /exceeded quota: baseline-quota/);
        });
    }

    it("a ClusterIP Service is admitted", async () => {
        const svc = {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "internal" },
            spec: { selector: { app: "x" }, ports: [{ port: 80 }] },
        };
        const r = await create(s, "admin", s.team, svc, true);
        assert.equal(r.status, 201, `${r.status}: ${r.body.message}`);
    });
});

describe("K8S-3 on a real API server: quarantine by label (selection only: no network plugin enforces policies here)", () => {
    let s: Shared;
    const name = "suspect";
    const pods = () => `/api/v1/namespaces/${s.team}/pods`;
    const selected = async (sel: Selector) => {
        const r = await s.client.request("admin", "GET", `${pods()}?labelSelector=${encodeURIComponent(selectorQuery(sel))}`);
        assert.equal(r.status, 200, `${r.status}: ${r.body.message}`);
        return (r.body.items as Array<{ metadata: { name: string } }>).map((p) => p.metadata.name);
    };
    const policies = async () => {
        const r = await s.client.request("admin", "GET", `/apis/networking.k8s.io/v1/namespaces/${s.team}/networkpolicies`);
        return r.body.items as Array<{ metadata: { name: string }; spec: { podSelector: Selector } }>;
    };
    before(async () => {
        s = await cluster();
        const r = await create(s, "admin", s.team, pod(name, s.registry));
        assert.ok(r.status === 201 || r.status === 409, `${r.status}: ${r.body.message}`);
    });

    it("the team's edit identity cannot set the label", async () => {
        const r = await s.client.request(
            s.users.edit,
            "PATCH",
            `${pods()}/${name}`,
            { metadata: { labels: { quarantine: "true" } } },
            "application/merge-patch+json",
        );
        assert.equal(r.status, 403);
    });

    it("before quarantine, the allow policies select the pod and quarantine-deny-all does not", async () => {
        for (const p of await policies()) {
            const picks = (await selected(p.spec.podSelector)).includes(name);
            assert.equal(picks, p.metadata.name !== "quarantine-deny-all", p.metadata.name);
        }
    });

    it("break-glass sets the label (the admission policies do not re-judge a label-only update)", async () => {
        const r = await s.client.request(
            s.users["break-glass"],
            "PATCH",
            `${pods()}/${name}`,
            { metadata: { labels: { quarantine: "true" } } },
            "application/merge-patch+json",
        );
        assert.equal(r.status, 200, `${r.status}: ${r.body.message}`);
    });

    it("once labelled, quarantine-deny-all and default-deny-all select the pod and no allow policy does", async () => {
        const all = await policies();
        assert.ok(all.some((p) => p.metadata.name === "quarantine-deny-all"));
        for (const p of all) {
            const picks = (await selected(p.spec.podSelector)).includes(name);
            assert.equal(picks, p.metadata.name === "quarantine-deny-all" || p.metadata.name === "default-deny-all", p.metadata.name);
        }
    });

    it("the team's edit identity cannot lift the quarantine", async () => {
        const r = await s.client.request(
            s.users.edit,
            "PATCH",
            `${pods()}/${name}`,
            { metadata: { labels: { quarantine: null } } },
            "application/merge-patch+json",
        );
        assert.equal(r.status, 403);
    });
});

describe("K8S-3 connectivity, judged by an independent analyzer (np-guard netpol-analyzer on the live objects)", () => {
    let s: Shared;
    const team = () => s.team;
    /** Pods never run here (no scheduler or kubelet): each is bound to a node name and given an IP, which is all the analyzer needs. */
    const placed = async (namespace: string, manifest: KubeObject, ip: string) => {
        const made = await create(s, "admin", namespace, manifest);
        assert.ok(made.status === 201 || made.status === 409, `${made.status}: ${made.body.message}`);
        const base = `/api/v1/namespaces/${namespace}/pods/${manifest.metadata.name}`;
        const bound = await s.client.request("admin", "POST", `${base}/binding`, {
            apiVersion: "v1",
            kind: "Binding",
            metadata: { name: manifest.metadata.name },
            target: { apiVersion: "v1", kind: "Node", name: "node-1" },
        });
        assert.ok(bound.status === 201 || bound.status === 409, `${bound.status}: ${bound.body.message}`);
        const st = await s.client.request(
            "admin",
            "PATCH",
            `${base}/status`,
            { status: { phase: "Running", hostIP: "10.0.0.1", podIP: ip, podIPs: [{ ip }] } },
            "application/merge-patch+json",
        );
        assert.equal(st.status, 200, `${st.status}: ${st.body.message}`);
    };
    /**
     * The analyzer's verdict on the objects as the server stores them: every namespace, the team's
     * NetworkPolicies and the three placed pods (other suites' pods have no IP, which the analyzer refuses).
     */
    const involving = async (pod: string) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netpol-analyzer-"));
        try {
            const items = async (url: string) => (await s.client.request("admin", "GET", url)).body.items as KubeObject[];
            const objects = [
                ...(await items("/api/v1/namespaces")).map((o) => ({ ...o, apiVersion: "v1", kind: "Namespace" })),
                ...(await items(`/apis/networking.k8s.io/v1/namespaces/${team()}/networkpolicies`)).map((o) => ({
                    ...o,
                    apiVersion: "networking.k8s.io/v1",
                    kind: "NetworkPolicy",
                })),
            ];
            for (const [ns, name] of PLACED())
                objects.push({
                    ...(await s.client.request("admin", "GET", `/api/v1/namespaces/${ns}/pods/${name}`)).body,
                    apiVersion: "v1",
                    kind: "Pod",
                } as KubeObject);
            objects.forEach((o, i) => fs.writeFileSync(path.join(dir, `${i}.yaml`), JSON.stringify(o)));
            return allowedConnectionsIn(dir).filter((c) => c.src.startsWith(pod) || c.dst.startsWith(pod));
        } finally {
            if (!process.env.KEEP_NETPOL_DIR) fs.rmSync(dir, { recursive: true, force: true });
        }
    };
    const PLACED = () => [
        ["kube-system", "coredns"],
        [team(), "contained"],
        [team(), "neighbour"],
    ];

    before(async () => {
        s = await cluster();
        await placed(
            "kube-system",
            {
                apiVersion: "v1",
                kind: "Pod",
                metadata: { name: "coredns", labels: { "k8s-app": "kube-dns" } },
                spec: {
                    containers: [
                        {
                            name: "coredns",
                            image: "registry.k8s.io/coredns/coredns:v1.11.3",
                            ports: [
                                { containerPort: 53, protocol: "UDP" },
                                { containerPort: 53, protocol: "TCP" },
                            ],
                        },
                    ],
                },
            },
            "10.244.0.10",
        );
        await placed(team(), pod("contained", s.registry), "10.244.1.11");
        await placed(team(), pod("neighbour", s.registry), "10.244.1.12");
    });

    it("before quarantine the pod resolves names through kube-dns (TCP and UDP 53), as the baseline allows", async () => {
        const dns = (await involving(`${team()}/contained[`)).filter((c) => c.dst.startsWith("kube-system/coredns["));
        assert.deepEqual(
            dns.map((c) => c.conn),
            ["TCP 53,UDP 53"],
        );
    });

    it("once break-glass labels it, the analyzer finds no connection to or from the pod, and the neighbour keeps DNS", async () => {
        const r = await s.client.request(
            s.users["break-glass"],
            "PATCH",
            `/api/v1/namespaces/${team()}/pods/contained`,
            { metadata: { labels: { quarantine: "true" } } },
            "application/merge-patch+json",
        );
        assert.equal(r.status, 200, `${r.status}: ${r.body.message}`);
        assert.deepEqual(await involving(`${team()}/contained[`), []);
        assert.ok(
            (await involving(`${team()}/neighbour[`)).some((c) => c.dst.startsWith("kube-system/coredns[")),
            "the rest of the namespace is untouched",
        );
    });
});
