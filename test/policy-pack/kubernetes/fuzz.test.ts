/**
 * PACK-3 for the Kubernetes policies: no k8s policy throws or hits an internal error on
 * malformed, partial or unknown-laden input. 10,000 generated resources are built from
 * the compliant fixtures (every workload kind, Patch kinds, RBAC, Services, Ingresses,
 * Namespaces) with random fields replaced by random trees, unknown sentinels and wrong
 * types, sometimes with a Kubernetes provider attached; plus generated stacks through the
 * namespace stack policies.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { KUBERNETES_POLICIES } from "../../../policy-pack/policies";
import type { SecurePolicy } from "../../../policy-pack/lib";
import {
    Diagnostic,
    TestResource,
    UNKNOWN,
    UNKNOWN_ARRAY,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
    analyze,
    analyzeStack,
} from "../runtime";
import { Json, JsonObject, PATCH_KINDS, WORKLOAD_KINDS, clone, compliantPodSpec, manifest } from "./fixtures";
import { PROVIDER_TYPE, TestProvider, withProvider, withProviders } from "./provider";

const RUNS = 10_000;
const STACK_RUNS = 500;

const RBAC = "kubernetes:rbac.authorization.k8s.io/v1";
const meta = (name: string): JsonObject => ({ name, namespace: "team-a" });

/** A plausible input per policy type, for mutations to start from. */
const SEEDS: { type: string; props: JsonObject }[] = [
    ...[...WORKLOAD_KINDS, ...PATCH_KINDS].map((k) => ({ type: k.type, props: manifest(k, compliantPodSpec()) })),
    // An older apiVersion (judged like apps/v1, and reported by k8s-api-version-served).
    { type: "kubernetes:apps/v1beta2:Deployment", props: manifest(WORKLOAD_KINDS[2], compliantPodSpec()) },
    ...["NetworkPolicy", "NetworkPolicyPatch"].map((k) => ({
        type: `kubernetes:networking.k8s.io/v1:${k}`,
        props: {
            metadata: meta("n"),
            spec: {
                podSelector: { matchExpressions: [{ key: "quarantine", operator: "DoesNotExist" }] },
                egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }],
            },
        } as JsonObject,
    })),
    ...["Role", "ClusterRole", "RolePatch", "ClusterRolePatch"].map((k) => ({
        type: `${RBAC}:${k}`,
        props: { metadata: meta("r"), rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "*"] }] } as JsonObject,
    })),
    ...["RoleBinding", "ClusterRoleBinding", "RoleBindingPatch", "ClusterRoleBindingPatch"].map((k) => ({
        type: `${RBAC}:${k}`,
        props: {
            metadata: meta("b"),
            roleRef: { kind: "ClusterRole", name: "cluster-admin" },
            subjects: [{ kind: "Group", name: "system:authenticated" }],
        } as JsonObject,
    })),
    { type: "kubernetes:core/v1:Service", props: { metadata: meta("s"), spec: { type: "NodePort", ports: [{ port: 80 }] } } },
    // DATA-4 k8s-secret-no-literal-data.
    ...["Secret", "SecretPatch"].map((k) => ({
        type: `kubernetes:core/v1:${k}`,
        props: { metadata: meta("sec"), type: "Opaque", data: { password: "aHVudGVyMg==" }, stringData: { user: "app" } } as JsonObject,
    })),
    {
        type: "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
        props: {
            metadata: { name: "w" },
            webhooks: [
                {
                    name: "w.example.com",
                    clientConfig: { url: "https://w.example.com/" },
                    rules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["secrets"] }],
                },
            ],
        },
    },
    {
        type: "kubernetes:core/v1:PersistentVolume",
        props: { metadata: { name: "pv" }, spec: { hostPath: { path: "/" }, capacity: { storage: "1Gi" } } },
    },
    { type: "kubernetes:core/v1:ConfigMap", props: { metadata: meta("c"), data: { a: "b" } } },
    { type: "kubernetes:core/v1:ServiceAccount", props: { metadata: meta("default"), automountServiceAccountToken: false } },
    {
        type: "kubernetes:networking.k8s.io/v1:Ingress",
        props: { metadata: meta("i"), spec: { rules: [{ host: "a.example.com" }], tls: [{ hosts: ["*.example.com"] }] } },
    },
    {
        type: "kubernetes:core/v1:Namespace",
        props: { metadata: { name: "team-a", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
    },
];

const SENTINELS = [UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_BOOL, UNKNOWN_NUMBER];
const INTERESTING = [
    "*",
    "",
    "ALL",
    "NET_BIND_SERVICE",
    "RuntimeDefault",
    "Unconfined",
    "restricted",
    "default",
    "cluster-admin",
    "system:masters",
    "LoadBalancer",
    "nginx:latest",
    "a@b",
    ":",
    "/",
    "true",
    "false",
    "0",
];
const KEYS = [
    "metadata",
    "namespace",
    "annotations",
    "labels",
    "name",
    "spec",
    "template",
    "jobTemplate",
    "containers",
    "initContainers",
    "ephemeralContainers",
    "securityContext",
    "privileged",
    "allowPrivilegeEscalation",
    "runAsNonRoot",
    "runAsUser",
    "readOnlyRootFilesystem",
    "capabilities",
    "drop",
    "add",
    "seccompProfile",
    "type",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "volumes",
    "hostPath",
    "ports",
    "hostPort",
    "automountServiceAccountToken",
    "serviceAccountName",
    "resources",
    "limits",
    "cpu",
    "memory",
    "image",
    "rules",
    "verbs",
    "apiGroups",
    "roleRef",
    "subjects",
    "kind",
    "tls",
    "hosts",
    "host",
    "podSelector",
    "policyTypes",
    "ingress",
    "egress",
    "hard",
    "aggregationRule",
    "secure-baseline.io/exempt-k8s-pod-privilege",
    "constructor",
    "length",
    "0",
    "1",
];

const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 70000 }),
    fc.string({ maxLength: 10 }),
    fc.constantFrom(...SENTINELS),
    fc.constantFrom(...INTERESTING),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 5 }));
const { tree } = fc.letrec<{ tree: Json }>((tie) => ({
    tree: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("tree"), { maxLength: 3 }),
        fc.dictionary(key, tie("tree"), { maxKeys: 4, noNullPrototype: true }),
    ),
}));
const pathArb = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 7 });

/** Writes `value` at `path` (creating objects; array indexes as keys), or replaces the root. */
function mutate(root: JsonObject, path: readonly string[], value: Json): JsonObject {
    const out = clone(root);
    let cur: Json = out;
    try {
        for (const k of path.slice(0, -1)) {
            if (cur === null || typeof cur !== "object") return out;
            const holder = cur as Record<string, Json>;
            if (holder[k] === null || typeof holder[k] !== "object") holder[k] = {};
            cur = holder[k];
        }
        if (cur !== null && typeof cur === "object") (cur as Record<string, Json>)[path[path.length - 1]] = value;
    } catch {
        // e.g. "length" of an array set to a non-number: keep what was written so far.
    }
    return out;
}

function assertSane(ds: readonly Diagnostic[]): void {
    for (const d of ds) {
        assert.doesNotMatch(d.message, /internal error/, d.message);
        assert.match(d.message, /\n\[[A-Z0-9]+-\d+\] /, d.message);
    }
}

const RESOURCE_POLICIES = KUBERNETES_POLICIES.filter((p) => p.kind === "resource");
const STACK_POLICIES = KUBERNETES_POLICIES.filter((p) => p.kind === "stack");
/** One (policy, seed) pair per run: each Analyze call costs a full deserialisation per policy. */
const PAIRS: { policy: SecurePolicy; seed: (typeof SEEDS)[number] }[] = RESOURCE_POLICIES.flatMap((policy) =>
    SEEDS.filter((seed) => policy.types.includes(seed.type)).map((seed) => ({ policy, seed })),
);
const providerArb: fc.Arbitrary<TestProvider | undefined> = fc.option(
    fc.record({
        name: fc.constantFrom("k8s", "team-a"),
        props: fc.dictionary(fc.constantFrom("namespace", "kubeconfig", "x"), tree, { maxKeys: 2 }),
    }),
    { nil: undefined },
);

describe("PACK-3 fuzz: Kubernetes policies never throw", function () {
    this.timeout(300_000);

    it("PACK-3: every Kubernetes resource policy has a seed input", () => {
        const seeded = new Set(SEEDS.map((s) => s.type));
        const covered = RESOURCE_POLICIES.filter((p) => p.types.some((t) => seeded.has(t)));
        assert.equal(covered.length, RESOURCE_POLICIES.length);
    });

    it(`PACK-3: ${RUNS} generated resources through every Kubernetes resource policy`, async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...PAIRS),
                fc.array(fc.tuple(pathArb, tree), { minLength: 1, maxLength: 3 }),
                providerArb,
                fc.constantFrom<Record<string, unknown>>(
                    {},
                    { unknown: "advisory" },
                    { exclude: ["x*"] },
                    { allowedCapabilities: "NET_RAW", breakGlassGroups: [3] },
                ),
                async ({ policy, seed }, edits, provider, config) => {
                    const props = edits.reduce((acc, [path, v]) => mutate(acc, path, v), seed.props);
                    const r = await analyze(
                        [provider ? withProvider(policy, provider) : policy],
                        { type: seed.type, name: "r", props },
                        { [policy.meta.name]: config },
                    );
                    assertSane(r.diagnostics);
                },
            ),
            { numRuns: RUNS, seed: 6112026 },
        );
    });

    it(`PACK-3: ${STACK_RUNS} generated stacks through the namespace stack policies`, async () => {
        const types = [
            "kubernetes:core/v1:Namespace",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:core/v1:ResourceQuota",
            PROVIDER_TYPE,
        ];
        const item = fc.record({
            t: fc.constantFrom(...types),
            props: fc.dictionary(key, tree, { maxKeys: 4 }),
            dep: fc.nat(6),
            provider: providerArb,
        });
        await fc.assert(
            fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 7 }), async (items) => {
                const resources: TestResource[] = items.map((it, i) => ({
                    type: it.t,
                    name: `r${i}`,
                    props: it.props,
                    propertyDependencies: { metadata: [`r${it.dep % items.length}`], namespace: [`r${(it.dep + 1) % items.length}`] },
                }));
                const providers: Record<string, TestProvider> = {};
                items.forEach((it, i) => {
                    if (it.provider) providers[`r${i}`] = it.provider;
                });
                const r = await analyzeStack(
                    STACK_POLICIES.map((p) => withProviders(p, providers)),
                    resources,
                );
                assertSane(r.diagnostics);
            }),
            { numRuns: STACK_RUNS, seed: 7 },
        );
    });
});
