/**
 * K8S-6, the case table: every workload kind, a compliant pod spec and variants that must be admitted,
 * and one change per violation that exactly one policy must deny, judged by the real API server's CEL
 * (this replaced a hand-written CEL interpreter). Also ephemeral containers (`kubectl debug`), system
 * namespaces, a label-only update of a pod that predates the policies, and additional registries.
 * Runs in `policies-only`, a namespace without Pod Security labels, so only the admission policies judge.
 */
import { strict as assert } from "assert";
import { planAdmission } from "../../components/guardrails/admissionPlan";
import { applyObjects } from "../../tools/kube/apply";
import type { StackObject } from "../../tools/kube/baseline";
import type { Reply } from "../../tools/kube/client";
import { cluster, create, dryRunCreate, eventually, namespace, type Shared, workload, WORKLOAD_KINDS } from "./support/cluster";

const NS = "policies-only";
const DIGEST = "a".repeat(64);
const MERGE = "application/merge-patch+json";
type PodSpec = Record<string, unknown>;

/** The check of the one policy that denied, or "" when admitted; fails on any other answer. */
function verdict(r: Reply): string {
    if (r.status === 201 || r.status === 200) return "";
    const m = /ValidatingAdmissionPolicy 'secure-baseline-([a-z-]+)'/.exec(r.body.message ?? "");
    assert.ok(r.status === 403 && m, `expected admission or a policy denial, got ${r.status}: ${r.body.message}`);
    return m[1];
}

describe("K8S-6 on a real API server: the case table on every workload kind", () => {
    let s: Shared;
    let ecr: string;
    const container = (name: string, extra: Record<string, unknown> = {}) => ({
        name,
        image: `${ecr}/app:1.4.2`,
        resources: { limits: { cpu: "500m", memory: "256Mi" } },
        ...extra,
    });
    const compliantSpec = (): PodSpec => ({
        automountServiceAccountToken: false,
        containers: [container("app")],
        initContainers: [container("init")],
        volumes: [{ name: "tmp", emptyDir: {} }],
    });
    const withContainer = (extra: Record<string, unknown>, list = "containers"): PodSpec => ({
        ...compliantSpec(),
        [list]: [container("x", extra)],
    });
    const variants = (): Array<[string, PodSpec, string]> => [
        ["the compliant spec", compliantSpec(), ""],
        ["no init containers and no volumes", { containers: [container("app")] }, ""],
        ["an image pinned by digest", withContainer({ image: `${ecr}/app@sha256:${DIGEST}` }), ""],
        ["a tag and a digest", withContainer({ image: `${ecr}/app:1.0@sha256:${DIGEST}` }), ""],
        ["a repository path with a tag", withContainer({ image: `${ecr}/team/app:2024.10.1-rc_1` }), ""],
        [
            "privileged: false and host namespaces false",
            { ...withContainer({ securityContext: { privileged: false } }), hostNetwork: false, hostPID: false, hostIPC: false },
            "",
        ],
        ["image from Docker Hub", withContainer({ image: "nginx:1.27" }), "allowed-registries"],
        ["image from a look-alike host", withContainer({ image: `${ecr}.evil.example/app:1` }), "allowed-registries"],
        ["init container from another registry", withContainer({ image: "ghcr.io/x/y:1" }, "initContainers"), "allowed-registries"],
        ["image tagged latest", withContainer({ image: `${ecr}/app:latest` }), "no-latest-tag"],
        ["untagged image", withContainer({ image: `${ecr}/app` }), "no-latest-tag"],
        ["init container untagged", withContainer({ image: `${ecr}/app` }, "initContainers"), "no-latest-tag"],
        ["container without resources", withContainer({ resources: undefined }), "require-limits"],
        ["container with requests only", withContainer({ resources: { requests: { cpu: "1", memory: "1Gi" } } }), "require-limits"],
        ["container without a memory limit", withContainer({ resources: { limits: { cpu: "1" } } }), "require-limits"],
        [
            "init container without a cpu limit",
            withContainer({ resources: { limits: { memory: "1Gi" } } }, "initContainers"),
            "require-limits",
        ],
        ["privileged container", withContainer({ securityContext: { privileged: true } }), "no-privileged"],
        ["privileged init container", withContainer({ securityContext: { privileged: true } }, "initContainers"), "no-privileged"],
        ["hostNetwork", { ...compliantSpec(), hostNetwork: true }, "no-host-namespaces"],
        ["hostPID", { ...compliantSpec(), hostPID: true }, "no-host-namespaces"],
        ["hostIPC", { ...compliantSpec(), hostIPC: true }, "no-host-namespaces"],
        ["hostPath volume", { ...compliantSpec(), volumes: [{ name: "h", hostPath: { path: "/" } }] }, "no-host-path"],
    ];
    const stackPolicies = (registries: string[]): StackObject[] =>
        planAdmission(registries, false, ["amazon-guardduty"]).map(({ policy }) => ({
            type: "policy",
            name: policy.metadata!.name!,
            object: policy as never,
            force: false,
        }));

    before(async () => {
        s = await cluster();
        ecr = s.registry;
        await namespace(s, NS);
        // Each admission policy comes into force on its own, a moment after it is stored (later on a
        // loaded machine): wait until every policy the table expects judges a Pod here.
        const firstOfEach = new Map<string, PodSpec>();
        for (const [, spec, check] of variants()) if (check !== "" && !firstOfEach.has(check)) firstOfEach.set(check, spec);
        for (const [check, spec] of firstOfEach) {
            await eventually(
                `${check} judges namespace ${NS}`,
                async () => verdict(await dryRunCreate(s, "admin", NS, workload("Pod", "probe", spec))) === check,
                60_000,
            );
        }
    });

    it("every workload kind: each variant is admitted or denied by exactly the expected policy", async () => {
        const wrong: string[] = [];
        for (const kind of WORKLOAD_KINDS) {
            for (const [label, spec, check] of variants()) {
                const got = verdict(
                    await dryRunCreate(s, "admin", NS, workload(kind, "table", JSON.parse(JSON.stringify(spec)) as PodSpec)),
                );
                if (got !== check) wrong.push(`${kind} with ${label}: expected "${check}", got "${got}"`);
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("system namespaces are not judged; default and a name that merely starts with kube-system are", async () => {
        const bad = workload("DaemonSet", "sys", { ...compliantSpec(), hostNetwork: true });
        for (const ns of ["kube-system", "kube-public", "kube-node-lease"])
            assert.equal(verdict(await dryRunCreate(s, "admin", ns, bad)), "", ns);
        await namespace(s, "kube-systemx");
        for (const ns of ["default", "kube-systemx"])
            assert.equal(verdict(await dryRunCreate(s, "admin", ns, bad)), "no-host-namespaces", ns);
    });

    describe("ephemeral containers (kubectl debug: UPDATE of pods/ephemeralcontainers)", () => {
        const debug = (extra: Record<string, unknown>) =>
            s.client.request(
                "admin",
                "PATCH",
                `/api/v1/namespaces/${NS}/pods/debuggee/ephemeralcontainers?dryRun=All`,
                { spec: { ephemeralContainers: [{ name: "dbg", image: `${ecr}/debug:1`, ...extra }] } },
                "application/strategic-merge-patch+json",
            );
        before(async () => {
            const r = await create(s, "admin", NS, workload("Pod", "debuggee", compliantSpec()));
            assert.ok(r.status === 201 || r.status === 409, `${r.status}: ${r.body.message}`);
        });
        it("a compliant debug container is admitted without limits (Kubernetes forbids resources on them)", async () =>
            assert.equal(verdict(await debug({})), ""));
        it("a privileged debug container is denied", async () =>
            assert.equal(verdict(await debug({ securityContext: { privileged: true } })), "no-privileged"));
        it("a debug image from another registry is denied", async () =>
            assert.equal(verdict(await debug({ image: "busybox:1.36" })), "allowed-registries"));
        it("a debug image tagged latest is denied", async () =>
            assert.equal(verdict(await debug({ image: `${ecr}/debug:latest` })), "no-latest-tag"));
    });

    describe("a pod that predates the policies (created while they only warned)", () => {
        const pods = `/api/v1/namespaces/${NS}/pods`;
        before(async () => {
            const warnOnly = planAdmission([ecr], true, ["amazon-guardduty"]).map(({ binding }) => ({
                type: "b",
                name: binding.metadata!.name!,
                object: binding as never,
                force: false,
            }));
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, warnOnly), []);
            const legacy = workload("Pod", "legacy", withContainer({ image: "nginx:latest" }));
            await eventually("the legacy pod is admitted", async () => {
                const r = await create(s, "admin", NS, legacy);
                return r.status === 201 || r.status === 409;
            });
            const deny = planAdmission([ecr], false, ["amazon-guardduty"]).map(({ binding }) => ({
                type: "b",
                name: binding.metadata!.name!,
                object: binding as never,
                force: false,
            }));
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, deny), []);
            await eventually(
                "the policies deny again",
                async () =>
                    (await dryRunCreate(s, "admin", NS, workload("Pod", "x", withContainer({ image: "nginx:1.27" })))).status === 403,
            );
        });
        it("can still be labelled (quarantine): a label-only update is not judged", async () => {
            const r = await s.client.request(
                "admin",
                "PATCH",
                `${pods}/legacy?dryRun=All`,
                { metadata: { labels: { quarantine: "true" } } },
                MERGE,
            );
            assert.equal(verdict(r), "");
        });
        it("cannot have its spec changed to another non-compliant image", async () => {
            const r = await s.client.request(
                "admin",
                "PATCH",
                `${pods}/legacy?dryRun=All`,
                { spec: { containers: [{ name: "x", image: "nginx:1.27" }] } },
                "application/strategic-merge-patch+json",
            );
            assert.equal(verdict(r), "allowed-registries");
        });
    });

    describe("additional registries", () => {
        before(async () => {
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, stackPolicies([ecr, "registry.example.com:5000"])), []);
            await eventually(
                "the extra registry is allowed",
                async () =>
                    verdict(
                        await dryRunCreate(
                            s,
                            "admin",
                            NS,
                            workload("Pod", "extra", withContainer({ image: "registry.example.com:5000/app:1" })),
                        ),
                    ) === "",
            );
        });
        after(async () => {
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, stackPolicies([ecr])), []);
            await eventually(
                "the extra registry is denied again",
                async () =>
                    verdict(
                        await dryRunCreate(
                            s,
                            "admin",
                            NS,
                            workload("Pod", "extra", withContainer({ image: "registry.example.com:5000/app:1" })),
                        ),
                    ) === "allowed-registries",
            );
        });
        it("an image from an additional registry (host with a port) is admitted", async () => {
            assert.equal(
                verdict(
                    await dryRunCreate(
                        s,
                        "admin",
                        NS,
                        workload("Pod", "extra", withContainer({ image: "registry.example.com:5000/app:1" })),
                    ),
                ),
                "",
            );
        });
        it("the same host without the port is denied", async () => {
            assert.equal(
                verdict(
                    await dryRunCreate(s, "admin", NS, workload("Pod", "extra", withContainer({ image: "registry.example.com/app:1" }))),
                ),
                "allowed-registries",
            );
        });
        it("a registry port is not mistaken for a tag", async () => {
            assert.equal(
                verdict(
                    await dryRunCreate(s, "admin", NS, workload("Pod", "extra", withContainer({ image: "registry.example.com:5000/app" }))),
                ),
                "no-latest-tag",
            );
        });
    });
});
