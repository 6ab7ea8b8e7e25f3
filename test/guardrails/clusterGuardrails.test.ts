import { strict as assert } from "assert";
import { ClusterGuardrails, ClusterGuardrailsArgs, planAdmission } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { AdmissionRequest, admit } from "./support/admission";
import { K8sRun, runExpectingError, runWithCluster } from "./support/run";
import { validateManifest } from "./support/schema";

const ECR = `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com`;
const DIGEST = "a".repeat(64);
const ecr = { accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION };
const CG = "secure-baseline:guardrails:ClusterGuardrails";

type PodSpec = Record<string, unknown>;
const container = (name: string, extra: Record<string, unknown> = {}) => ({
    name, image: `${ECR}/app:1.4.2`, resources: { limits: { cpu: "500m", memory: "256Mi" } }, ...extra,
});
const compliantSpec = (): PodSpec => ({ containers: [container("app")], initContainers: [container("init")], volumes: [{ name: "tmp", emptyDir: {} }] });

/** Wraps a pod spec in each workload kind the policies cover. */
const KINDS: Record<string, { apiGroup: string; resource: string; wrap: (s: PodSpec) => Record<string, unknown> }> = {
    Pod: { apiGroup: "", resource: "pods", wrap: (s) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: s }) },
    Deployment: { apiGroup: "apps", resource: "deployments", wrap: (s) => ({ apiVersion: "apps/v1", kind: "Deployment", spec: { template: { spec: s } } }) },
    StatefulSet: { apiGroup: "apps", resource: "statefulsets", wrap: (s) => ({ apiVersion: "apps/v1", kind: "StatefulSet", spec: { template: { spec: s } } }) },
    DaemonSet: { apiGroup: "apps", resource: "daemonsets", wrap: (s) => ({ apiVersion: "apps/v1", kind: "DaemonSet", spec: { template: { spec: s } } }) },
    ReplicaSet: { apiGroup: "apps", resource: "replicasets", wrap: (s) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", spec: { template: { spec: s } } }) },
    Job: { apiGroup: "batch", resource: "jobs", wrap: (s) => ({ apiVersion: "batch/v1", kind: "Job", spec: { template: { spec: s } } }) },
    CronJob: { apiGroup: "batch", resource: "cronjobs", wrap: (s) => ({ apiVersion: "batch/v1", kind: "CronJob", spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: s } } } } }) },
};

const plan = planAdmission([ECR], false);

/** The names of the checks that deny `req`. */
function denials(req: AdmissionRequest, p = plan): string[] {
    return p.filter(({ policy, binding }) => admit(policy, binding, req).violations.length > 0).map(({ check }) => check);
}

function create(kind: string, spec: PodSpec, namespace = "team"): AdmissionRequest {
    const k = KINDS[kind];
    return { operation: "CREATE", apiGroup: k.apiGroup, resource: k.resource, namespace, object: k.wrap(spec) };
}

const withContainer = (extra: Record<string, unknown>, list = "containers"): PodSpec => ({ ...compliantSpec(), [list]: [container("x", extra)] });

/** One change from the compliant spec each, and the single check that must catch it. */
const VIOLATIONS: Array<[string, PodSpec, string]> = [
    ["image from Docker Hub", withContainer({ image: "nginx:1.27" }), "allowed-registries"],
    ["image from a look-alike host", withContainer({ image: `${ECR}.evil.example/app:1` }), "allowed-registries"],
    ["init container from another registry", withContainer({ image: "ghcr.io/x/y:1" }, "initContainers"), "allowed-registries"],
    ["image tagged latest", withContainer({ image: `${ECR}/app:latest` }), "no-latest-tag"],
    ["untagged image", withContainer({ image: `${ECR}/app` }), "no-latest-tag"],
    ["init container untagged", withContainer({ image: `${ECR}/app` }, "initContainers"), "no-latest-tag"],
    ["container without resources", withContainer({ resources: undefined }), "require-limits"],
    ["container with requests only", withContainer({ resources: { requests: { cpu: "1", memory: "1Gi" } } }), "require-limits"],
    ["container without a memory limit", withContainer({ resources: { limits: { cpu: "1" } } }), "require-limits"],
    ["init container without a cpu limit", withContainer({ resources: { limits: { memory: "1Gi" } } }, "initContainers"), "require-limits"],
    ["privileged container", withContainer({ securityContext: { privileged: true } }), "no-privileged"],
    ["privileged init container", withContainer({ securityContext: { privileged: true } }, "initContainers"), "no-privileged"],
    ["hostNetwork", { ...compliantSpec(), hostNetwork: true }, "no-host-namespaces"],
    ["hostPID", { ...compliantSpec(), hostPID: true }, "no-host-namespaces"],
    ["hostIPC", { ...compliantSpec(), hostIPC: true }, "no-host-namespaces"],
    ["hostPath volume", { ...compliantSpec(), volumes: [{ name: "h", hostPath: { path: "/" } }] }, "no-host-path"],
];

const ALLOWED_VARIANTS: Array<[string, PodSpec]> = [
    ["the compliant spec", compliantSpec()],
    ["no init containers and no volumes", { containers: [container("app")] }],
    ["an image pinned by digest", withContainer({ image: `${ECR}/app@sha256:${DIGEST}` })],
    ["a tag and a digest", withContainer({ image: `${ECR}/app:1.0@sha256:${DIGEST}` })],
    ["a repository path with a tag", withContainer({ image: `${ECR}/team/app:2024.10.1-rc_1` })],
    ["privileged: false and host namespaces false", { ...withContainer({ securityContext: { privileged: false } }), hostNetwork: false, hostPID: false, hostIPC: false }],
];

describe("ClusterGuardrails admission policies (K8S-6), executed on a CEL subset", () => {
    for (const kind of Object.keys(KINDS)) {
        describe(kind, () => {
            for (const [label, spec] of ALLOWED_VARIANTS) {
                it(`K8S-6: admits ${label}`, () => assert.deepEqual(denials(create(kind, spec)), []));
            }
            for (const [label, spec, check] of VIOLATIONS) {
                it(`K8S-6: denies ${label} (${check})`, () => assert.deepEqual(denials(create(kind, spec)), [check]));
            }
        });
    }

    describe("ephemeral containers (kubectl debug, UPDATE of pods/ephemeralcontainers)", () => {
        const debug = (extra: Record<string, unknown>): AdmissionRequest => {
            const old = KINDS.Pod.wrap(compliantSpec());
            const spec = { ...compliantSpec(), ephemeralContainers: [{ name: "dbg", image: `${ECR}/debug:1`, ...extra }] };
            return { operation: "UPDATE", apiGroup: "", resource: "pods/ephemeralcontainers", namespace: "team", object: KINDS.Pod.wrap(spec), oldObject: old };
        };
        it("K8S-6: a compliant debug container is admitted without limits (Kubernetes forbids resources on them)", () => assert.deepEqual(denials(debug({})), []));
        it("K8S-6: a privileged debug container is denied", () => assert.deepEqual(denials(debug({ securityContext: { privileged: true } })), ["no-privileged"]));
        it("K8S-6: a debug image from another registry is denied", () => assert.deepEqual(denials(debug({ image: "busybox:1.36" })), ["allowed-registries"]));
        it("K8S-6: a debug image tagged latest is denied", () => assert.deepEqual(denials(debug({ image: `${ECR}/debug:latest` })), ["no-latest-tag"]));
    });

    it("K8S-6: the pod spec is found by shape, so objects without apiVersion/kind are judged the same", () => {
        for (const kind of Object.keys(KINDS)) {
            const req = create(kind, { ...compliantSpec(), hostPID: true });
            const bare = Object.fromEntries(Object.entries(req.object).filter(([k]) => k !== "kind" && k !== "apiVersion"));
            assert.deepEqual(denials({ ...req, object: bare }), ["no-host-namespaces"], kind);
        }
    });

    it("K8S-6: system namespaces are not judged; default and team namespaces are", () => {
        const bad = { ...compliantSpec(), hostNetwork: true };
        for (const ns of ["kube-system", "kube-public", "kube-node-lease"]) assert.deepEqual(denials(create("DaemonSet", bad, ns)), [], ns);
        for (const ns of ["default", "team", "kube-systemx"]) assert.deepEqual(denials(create("DaemonSet", bad, ns)), ["no-host-namespaces"], ns);
    });

    it("K8S-3/K8S-6: labelling a non-compliant pod (quarantine) is not blocked; changing its spec is", () => {
        const old = KINDS.Pod.wrap(withContainer({ image: "nginx:latest" }));
        const labelled = { ...old, metadata: { name: "p", labels: { quarantine: "true" } } };
        assert.deepEqual(denials({ operation: "UPDATE", apiGroup: "", resource: "pods", namespace: "team", object: labelled, oldObject: old }), []);
        const changed = KINDS.Pod.wrap(withContainer({ image: "nginx:latest", securityContext: { privileged: true } }));
        assert.deepEqual(denials({ operation: "UPDATE", apiGroup: "", resource: "pods", namespace: "team", object: changed, oldObject: old }), ["allowed-registries", "no-latest-tag", "no-privileged"]);
    });

    it("K8S-6: additional registries are allowed, others still denied", () => {
        const p = planAdmission([ECR, "registry.example.com:5000"], false);
        assert.deepEqual(denials(create("Pod", withContainer({ image: "registry.example.com:5000/app:1" })), p), []);
        assert.deepEqual(denials(create("Pod", withContainer({ image: "registry.example.com/app:1" })), p), ["allowed-registries"]);
    });

    it("K8S-6: a registry host with a port is not mistaken for a tag", () => {
        const p = planAdmission([ECR, "registry.example.com:5000"], false);
        assert.deepEqual(denials(create("Pod", withContainer({ image: "registry.example.com:5000/app" })), p), ["no-latest-tag"]);
    });

    it("K8S-6: a malformed object is denied (failurePolicy Fail), not admitted", () => {
        const req: AdmissionRequest = { operation: "CREATE", apiGroup: "apps", resource: "deployments", namespace: "team", object: { kind: "Deployment", spec: {} } };
        // The container checks cannot evaluate (no containers) and so deny; the pod-level checks find nothing to object to.
        assert.deepEqual(denials(req), ["allowed-registries", "no-latest-tag", "require-limits", "no-privileged"]);
    });

    it("K8S-6: bindings deny by default and only audit and warn with auditOnly", () => {
        assert.ok(plan.every(({ binding }) => JSON.stringify(binding.spec?.validationActions) === JSON.stringify(["Deny"])));
        assert.ok(planAdmission([ECR], true).every(({ binding }) => JSON.stringify(binding.spec?.validationActions) === JSON.stringify(["Audit", "Warn"])));
    });

    it("K8S-6: policies cover every workload kind plus the ephemeral-containers subresource, for CREATE and UPDATE", () => {
        for (const { policy } of plan) {
            const rules = policy.spec?.matchConstraints?.resourceRules ?? [];
            const covered = rules.flatMap((r) => (r.resources ?? []).map((res) => `${(r.apiGroups ?? [])[0]}/${res}`));
            assert.deepEqual(covered.sort(), ["/pods", "/pods/ephemeralcontainers", "apps/daemonsets", "apps/deployments", "apps/replicasets", "apps/statefulsets", "batch/cronjobs", "batch/jobs"]);
            assert.ok(rules.every((r) => JSON.stringify(r.operations) === JSON.stringify(["CREATE", "UPDATE"])));
            assert.equal(policy.spec?.failurePolicy, "Fail");
        }
    });
});

describe("ClusterGuardrails component (K8S-5 cluster side, K8S-6)", () => {
    let run: K8sRun<ClusterGuardrails>;
    before(async () => { run = await runWithCluster((provider) => new ClusterGuardrails("guard", { ecr, readOnlyGroups: ["platform-readers"] }, { provider })); });

    it("K8S-6: registers one policy and one binding per check, the allowlist defaulting to the account's ECR", () => {
        const policies = run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy");
        const bindings = run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding");
        assert.equal(policies.length, 6);
        assert.equal(bindings.length, 6);
        const registries = policies.find((p) => (p.inputs.metadata as { name: string }).name === "secure-baseline-allowed-registries");
        const expr = (registries?.inputs.spec as { validations: Array<{ expression: string }> }).validations[0].expression;
        assert.ok(expr.includes(`['${ECR}']`), expr);
        for (const b of bindings) {
            const spec = b.inputs.spec as { validationActions: string[]; matchResources: { namespaceSelector: unknown } };
            assert.deepEqual(spec.validationActions, ["Deny"]);
            assert.deepEqual(spec.matchResources.namespaceSelector, { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"] }] });
            assert.equal(b.dependsOn.length, 1);
        }
    });

    it("K8S-5: a read-only ClusterRole (get/list/watch namespaces and nodes) bound to the given groups", () => {
        const role = run.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
        assert.deepEqual(role.inputs.rules, [{ apiGroups: [""], resources: ["namespaces", "nodes"], verbs: ["get", "list", "watch"] }]);
        const binding = run.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "read-only");
        assert.deepEqual(binding.inputs.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "platform-readers" }]);
    });

    it("K8S-5: exactly one binding to cluster-admin, for the documented break-glass group", () => {
        const admin = run.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").filter((b) => (b.inputs.roleRef as { name: string }).name === "cluster-admin");
        assert.equal(admin.length, 1);
        assert.deepEqual(admin[0].inputs.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "secure-baseline:break-glass" }]);
    });

    it("K8S-5: breakGlassGroup false leaves nothing bound to cluster-admin; a custom group replaces the default", async () => {
        const off = await runWithCluster((provider) => new ClusterGuardrails("g", { ecr, breakGlassGroup: false }, { provider }));
        assert.equal(off.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
        const custom = await runWithCluster((provider) => new ClusterGuardrails("g", { ecr, breakGlassGroup: "ir-team" }, { provider }));
        const b = custom.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        assert.deepEqual((b.inputs.subjects as Array<{ name: string }>).map((s) => s.name), ["ir-team"]);
    });

    it("K8S-6: the GuardDuty agent namespace is exempt by default (DET-1); exemptNamespaces replaces the list", async () => {
        const guardduty = { ...create("DaemonSet", { ...compliantSpec(), hostPID: true }), namespace: "amazon-guardduty" };
        const dflt = planAdmission([ECR], false, ["amazon-guardduty"]);
        assert.deepEqual(denials(guardduty, dflt), []);
        assert.deepEqual(denials(guardduty, plan), ["no-host-namespaces"]);
        const r = await runWithCluster((provider) => new ClusterGuardrails("g", { ecr, exemptNamespaces: [] }, { provider }));
        for (const b of r.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")) {
            const sel = (b.inputs.spec as { matchResources: { namespaceSelector: { matchExpressions: Array<{ values: string[] }> } } }).matchResources.namespaceSelector;
            assert.deepEqual(sel.matchExpressions[0].values, ["kube-system", "kube-public", "kube-node-lease"]);
        }
    });

    it("K8S-6: auditOnly switches every binding to Audit and Warn", async () => {
        const r = await runWithCluster((provider) => new ClusterGuardrails("g", { ecr, auditOnly: true }, { provider }));
        for (const b of r.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")) {
            assert.deepEqual((b.inputs.spec as { validationActions: string[] }).validationActions, ["Audit", "Warn"]);
        }
    });

    it("K8S-5/K8S-6: every registered input validates against the Kubernetes schemas", () => {
        for (const c of run.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            validateManifest(c.inputs as { apiVersion?: string; kind?: string });
        }
    });

    it("K8S-5/K8S-6: every child uses the cluster's provider and is parented; no namespace is created", () => {
        const children = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.equal(children.length, 6 + 6 + 1 + 1 + 1);
        for (const c of children) {
            assert.equal(run.providerOf.get(c.name), run.provider, c.name);
            assert.equal(c.parentType, CG);
        }
        assert.equal(run.ofType("kubernetes:core/v1:Namespace").length, 0);
    });

    describe("bad input: a clear error and nothing registered", () => {
        const cases: Array<[string, ClusterGuardrailsArgs, RegExp]> = [
            ["a registry URL with a scheme", { ecr, additionalRegistries: ["https://ghcr.io"] }, /additionalRegistries\[0\] "https:\/\/ghcr.io" is not a registry host/],
            ["a registry with a path", { ecr, additionalRegistries: ["ghcr.io/org"] }, /additionalRegistries\[0\] "ghcr.io\/org" is not a registry host/],
            ["a wildcard registry", { ecr, additionalRegistries: ["*.ecr.aws"] }, /"\*.ecr.aws" is not a registry host/],
            ["a registry without a dot", { ecr, additionalRegistries: ["nginx"] }, /"nginx" is not a registry host/],
            ["an empty registry", { ecr, additionalRegistries: [""] }, /"" is not a registry host/],
            ["an uppercase registry", { ecr, additionalRegistries: ["Docker.io"] }, /"Docker.io" is not a registry host/],
            ["a registry with a bad port", { ecr, additionalRegistries: ["r.example.com:70000"] }, /"r.example.com:70000" is not a registry host/],
            ["an account id that is not 12 digits", { ecr: { accountId: "1234", region: MOCK_REGION } }, /ecr.accountId "1234" is not an AWS account id/],
            ["a bad region", { ecr: { accountId: MOCK_ACCOUNT_ID, region: "US East" } }, /ecr.region "US East" is not an AWS region/],
            ["an exempt namespace that is not a DNS-1123 label", { ecr, exemptNamespaces: ["Monitoring"] }, /exemptNamespaces\[0\] "Monitoring" is not a DNS-1123 label/],
            ["exempting the default namespace", { ecr, exemptNamespaces: ["default"] }, /exemptNamespaces\[0\] "default" may not be exempt/],
            ["an empty read-only group", { ecr, readOnlyGroups: [""] }, /readOnlyGroups contains an empty group name/],
            ["an empty break-glass group", { ecr, breakGlassGroup: "" }, /breakGlassGroup contains an empty group name/],
            ["system:masters as break-glass group", { ecr, breakGlassGroup: "system:masters" }, /breakGlassGroup "system:masters" is a reserved system: group/],
        ];
        for (const [label, args, message] of cases) {
            it(`rejects ${label}`, async () => {
                const r = await runExpectingError((provider) => new ClusterGuardrails("g", args, { provider }));
                assert.match(r.message, message);
                assert.match(r.message, /^ClusterGuardrails "g": /);
                assert.deepEqual(r.registered, []);
            });
        }
        it("rejects a missing Kubernetes provider", async () => {
            const r = await runExpectingError(() => new ClusterGuardrails("g", { ecr }));
            assert.match(r.message, /must include the cluster's Kubernetes provider/);
            assert.deepEqual(r.registered, []);
        });
    });
});
