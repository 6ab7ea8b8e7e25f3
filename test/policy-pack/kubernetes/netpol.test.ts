/** K8S-2/K8S-3: network isolation judged as the union of a namespace's NetworkPolicies (property-based). */
import { strict as assert } from "assert";
import fc from "fast-check";
import { planNetworkPolicies } from "../../../components/guardrails/networkPlan";
import { k8sNetworkPolicyNoAllowAll } from "../../../policy-pack/policies/cluster/k8s-network-policy-no-allow-all";
import { k8sNetworkPolicyQuarantine } from "../../../policy-pack/policies/cluster/k8s-network-policy-quarantine";
import { PackConfig, Result, TestResource, UNKNOWN, analyze, analyzeStack, of } from "../runtime";
import { JsonObject } from "./fixtures";

const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ALLOW_ALL = "k8s-network-policy-no-allow-all";
const QUARANTINE = "k8s-network-policy-quarantine";
const NOT_QUARANTINED = { matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] };
const DENY: TestResource = netpol("default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });

function netpol(name: string, spec: unknown, namespace = "team-a"): TestResource {
    return { type: NETPOL, name, props: { metadata: { name, namespace }, spec } as JsonObject };
}

/** Both policies over the stack: the stack policy once, the resource policy on each NetworkPolicy. */
async function check(resources: TestResource[], packConfig: PackConfig = {}): Promise<Result> {
    const stack = await analyzeStack([k8sNetworkPolicyNoAllowAll], resources, packConfig);
    const each = await Promise.all(resources.map((r) => analyze([k8sNetworkPolicyQuarantine], r, packConfig)));
    return { diagnostics: [...stack.diagnostics, ...each.flatMap((e) => e.diagnostics)], notApplicable: [] };
}

const run = async (resources: TestResource[], config: JsonObject = {}) =>
    check([DENY, ...resources], { [ALLOW_ALL]: config, [QUARANTINE]: config });

/** The IPv4 space split into 2^k blocks of prefix k, as CIDR strings, shuffled by fast-check. */
function split(k: number): string[] {
    const size = 2 ** (32 - k);
    return Array.from({ length: 2 ** k }, (_, i) => {
        const n = i * size;
        return `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".")}/${k}`;
    });
}

const peerAll = fc.constantFrom<JsonObject[]>(
    [{ namespaceSelector: {}, podSelector: {} }],
    [{ namespaceSelector: {} }],
    [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "Exists" }] } }],
    [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["x"] }] }, podSelector: { matchLabels: {} } }],
    [{ ipBlock: { cidr: "0.0.0.0/0" } }],
    [{ ipBlock: { cidr: "::/0" } }],
    [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }],
    [{ ipBlock: { cidr: "128.0.0.0/1" } }],
);

/** Rules that allow everything, spelled several ways. */
const allowAllRules = fc.oneof(
    fc.constantFrom<JsonObject[]>([{}], [{ ports: [{ port: 443, protocol: "TCP" }] }], [{ from: [], to: [] }]),
    peerAll.map((peers) => [{ from: peers, to: peers }]),
    fc
        .integer({ min: 1, max: 6 })
        .chain((k) => fc.shuffledSubarray(split(k), { minLength: 2 ** k, maxLength: 2 ** k }))
        .map((cidrs) => [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }]),
);

function allowSpec(dir: "Ingress" | "Egress", rules: JsonObject[], explicitTypes: boolean): JsonObject {
    const field = dir === "Ingress" ? "ingress" : "egress";
    const own = rules.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => (dir === "Ingress" ? k !== "to" : k !== "from"))));
    return {
        podSelector: NOT_QUARANTINED,
        [field]: own,
        ...(explicitTypes || dir === "Ingress" ? { policyTypes: [dir] } : {}),
    } as JsonObject;
}

describe("K8S-2/K8S-3 network isolation", () => {
    it("the baseline's own policies (DNS, same namespace, flows, egress CIDRs) pass both policies", async () => {
        const planned = planNetworkPolicies("team-a", {
            allowSameNamespace: true,
            ingressFrom: [{ namespace: "ingress", ports: [{ port: 8080 }] }],
            egressTo: [{ name: "payments", cidrs: ["203.0.113.0/24", "10.20.0.0/16"], ports: [{ port: 443 }] }],
        });
        const r = await check(planned.map((m) => netpol(String(m.metadata?.name), m.spec)));
        assert.deepEqual(r.diagnostics, []);
    });
    it("an allow-all rule, however spelled, in either direction, is a violation naming the policy", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom<"Ingress" | "Egress">("Ingress", "Egress"),
                allowAllRules,
                fc.boolean(),
                async (dir, rules, explicit) => {
                    const ds = of(await run([netpol("open", allowSpec(dir, rules, explicit))]), ALLOW_ALL);
                    assert.equal(ds.length, 1, JSON.stringify({ dir, rules }));
                    assert.match(ds[0].message, new RegExp(`\\[K8S-2\\] NetworkPolicy "team-a/open".* ${dir}`));
                },
            ),
            { numRuns: 60 },
        );
    });
    it("the internet split across several policies of one namespace is caught on each of them", async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 4 }), async (k, parts) => {
                const cidrs = split(k);
                const policies = Array.from({ length: parts }, (_, i) =>
                    netpol(`p${i}`, {
                        podSelector: NOT_QUARANTINED,
                        policyTypes: ["Egress"],
                        egress: [{ to: cidrs.filter((_, j) => j % parts === i).map((cidr) => ({ ipBlock: { cidr } })) }],
                    }),
                ).filter(
                    (p) =>
                        ((p.props.spec as JsonObject).egress as JsonObject[])[0].to !== undefined &&
                        (((p.props.spec as JsonObject).egress as JsonObject[])[0].to as unknown[]).length > 0,
                );
                const ds = of(await run(policies), ALLOW_ALL);
                assert.equal(ds.length, policies.length);
                if (policies.length > 1) assert.match(ds[0].message, /together with/);
            }),
            { numRuns: 25 },
        );
    });
    it("compliant neighbours pass: private ranges, one public /24, named namespaces, own-namespace pods, rules of a type not in policyTypes", async () => {
        const specs: JsonObject[] = [
            {
                podSelector: NOT_QUARANTINED,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [
                            { ipBlock: { cidr: "10.0.0.0/8" } },
                            { ipBlock: { cidr: "172.16.0.0/12" } },
                            { ipBlock: { cidr: "fd00::/8" } },
                        ],
                    },
                ],
            },
            {
                podSelector: NOT_QUARANTINED,
                policyTypes: ["Egress"],
                egress: [{ to: [{ ipBlock: { cidr: "198.51.100.0/24" } }], ports: [{ port: 443 }] }],
            },
            {
                podSelector: NOT_QUARANTINED,
                policyTypes: ["Ingress"],
                ingress: [
                    { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress" } }, podSelector: {} }] },
                ],
            },
            { podSelector: NOT_QUARANTINED, ingress: [{ from: [{ podSelector: {} }] }] },
            { podSelector: NOT_QUARANTINED, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }], ingress: [{}] },
        ];
        for (const spec of specs) {
            assert.deepEqual((await run([netpol("ok", spec)])).diagnostics, [], JSON.stringify(spec));
        }
    });
    it("an allowlisted policy may allow all (ingress controller)", async () => {
        const open = netpol("ingress-controller", { podSelector: NOT_QUARANTINED, ingress: [{ ports: [{ port: 443 }] }] });
        assert.equal(of(await run([open]), ALLOW_ALL).length, 1);
        assert.deepEqual((await run([open], { allowedPolicies: ["team-a/ingress-*"] })).diagnostics, []);
    });
    it("K8S-3: an allow policy whose podSelector does not exclude quarantined pods is a violation; exclusions spelled several ways pass", async () => {
        const bad = [
            {},
            { matchLabels: { app: "web" } },
            { matchExpressions: [{ key: "quarantine", operator: "NotIn", values: ["false"] }] },
            { matchExpressions: [{ key: "other", operator: "DoesNotExist" }] },
        ];
        const good = [
            NOT_QUARANTINED,
            { matchExpressions: [{ key: "quarantine", operator: "NotIn", values: ["true"] }] },
            { matchLabels: { app: "web", quarantine: "false" } },
        ];
        for (const podSelector of bad) {
            const ds = of(await run([netpol("web", { podSelector, ingress: [{ from: [{ podSelector: {} }] }] })]), QUARANTINE);
            assert.equal(ds.length, 1, JSON.stringify(podSelector));
            assert.match(
                ds[0].message,
                /\[K8S-3\] NetworkPolicy "team-a\/web" allows Ingress for pods its spec.podSelector does not keep from quarantine/,
            );
        }
        for (const podSelector of good) {
            assert.deepEqual(
                of(await run([netpol("web", { podSelector, ingress: [{ from: [{ podSelector: {} }] }] })]), QUARANTINE),
                [],
                JSON.stringify(podSelector),
            );
        }
        // Deny-only policies select anything they like.
        assert.deepEqual(
            of(await run([netpol("deny-web", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"] })]), QUARANTINE),
            [],
        );
    });
    it("unknown rules fail closed; malformed specs give a violation naming the property, never a throw", async () => {
        const unknown = of(await run([netpol("u", { podSelector: NOT_QUARANTINED, ingress: UNKNOWN })]), ALLOW_ALL);
        assert.match(unknown[0].message, /unknown/);
        const bad = of(
            await run([
                netpol("bad", {
                    podSelector: NOT_QUARANTINED,
                    policyTypes: ["Egress"],
                    egress: [{ to: [{ ipBlock: { cidr: "300.1.2.3/8" } }] }],
                }),
            ]),
            ALLOW_ALL,
        );
        assert.match(bad[0].message, /NetworkPolicy "team-a\/bad" spec\.egress\.0\.to\.0\.ipBlock is malformed/);
        await fc.assert(
            fc.asyncProperty(fc.anything(), fc.anything(), fc.anything(), async (ingress, egress, types) => {
                const r = await run([netpol("fuzz", { podSelector: NOT_QUARANTINED, ingress, egress, policyTypes: types })]);
                for (const d of r.diagnostics) assert.doesNotMatch(d.message, /could not evaluate/);
            }),
            { numRuns: 80 },
        );
    });
});
