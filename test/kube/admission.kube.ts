/**
 * K8S-6 against the real API server: each ValidatingAdmissionPolicy of the stack admits and denies
 * what docs/guardrails.md says, on every workload kind, outside the exempt namespaces, and only warns
 * in audit-only mode. Privilege and host access are judged in a namespace without Pod Security labels
 * (`policies-only`), where the admission policies are the only judge; registries, tags and limits in
 * the team namespace too. Everything is a server-side dry run as admin.
 */
import { strict as assert } from "assert";
import { applyObjects } from "../../tools/kube/apply";
import { planAdmission } from "../../components/guardrails/admissionPlan";
import type { StackObject } from "../../tools/kube/baseline";
import { cluster, dryRunCreate, eventually, namespace, of, pod, podSpec, type Shared, workload, WORKLOAD_KINDS } from "./support/cluster";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const POLICIES_ONLY = "policies-only";

function denied(r: { status: number; body: { message?: string } }, policy: string, what: RegExp): void {
    assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
    assert.match(r.body.message ?? "", new RegExp(`ValidatingAdmissionPolicy '${policy}'`));
    assert.match(r.body.message ?? "", what);
}

function admitted(r: { status: number; body: { message?: string } }): void {
    assert.equal(r.status, 201, `${r.status}: ${r.body.message}`);
}

describe("K8S-6 on a real API server: the admission policies", () => {
    let s: Shared;
    const img = (ref: string) => pod("img", s.registry, { image: ref });
    before(async () => {
        s = await cluster();
        await namespace(s, POLICIES_ONLY);
        // The server judges a binding's namespace selector against its namespace informer: a namespace created a
        // moment ago is judged once the informer has it (one run met require-limits admitting there before then).
        // A policy that never denies still fails here.
        await eventually(
            `the admission policies judge the new namespace ${POLICIES_ONLY}`,
            async () => (await dryRunCreate(s, "admin", POLICIES_ONLY, pod("probe", s.registry, { noResources: true }))).status === 403,
            60_000,
        );
    });

    describe("allowed registries", () => {
        it("admits an image from the allowed registry", async () =>
            admitted(await dryRunCreate(s, "admin", s.team, img(`${s.registry}/payments/api:1.0.0`))));
        for (const [what, ref] of [
            ["Docker Hub by name", "docker.io/library/nginx:1.27"],
            ["an image with no registry (Docker Hub)", "nginx:1.27"],
            ["a host that merely starts with the allowed one", "REG.evil.example/payments/api:1.0.0"],
            ["the allowed host with a port", "REG:443/payments/api:1.0.0"],
            ["the allowed host as a path segment elsewhere", "evil.example/REG/payments/api:1.0.0"],
        ] as const) {
            it(`denies ${what}`, async () => {
                const r = await dryRunCreate(s, "admin", s.team, img(ref.replace("REG", s.registry)));
                denied(r, "secure-baseline-allowed-registries", /allowed registry/);
            });
        }
        it("judges init containers too", async () => {
            const p = pod("init", s.registry);
            (p.spec as { initContainers: unknown[] }).initContainers = [
                {
                    ...(p.spec as { containers: Array<Record<string, unknown>> }).containers[0],
                    name: "init",
                    image: "docker.io/library/busybox:1.36",
                },
            ];
            denied(await dryRunCreate(s, "admin", s.team, p), "secure-baseline-allowed-registries", /allowed registry/);
        });
    });

    describe("tags and digests", () => {
        for (const [what, ref] of [
            ["a version tag", "/payments/api:1.4.2"],
            ["a digest", `/payments/api@${DIGEST}`],
            ["a tag and a digest", `/payments/api:1.4.2@${DIGEST}`],
            ["latest pinned by digest", `/payments/api:latest@${DIGEST}`],
        ] as const) {
            it(`admits ${what}`, async () => admitted(await dryRunCreate(s, "admin", s.team, img(`${s.registry}${ref}`))));
        }
        for (const [what, ref] of [
            ["latest", "/payments/api:latest"],
            ["no tag", "/payments/api"],
            ["a short digest", "/payments/api@sha256:abc"],
        ] as const) {
            it(`denies ${what}`, async () =>
                denied(
                    await dryRunCreate(s, "admin", s.team, img(`${s.registry}${ref}`)),
                    "secure-baseline-no-latest-tag",
                    /pinned by a tag/,
                ));
        }
    });

    describe("limits", () => {
        it("denies a container without limits where no LimitRange fills them in", async () => {
            denied(
                await dryRunCreate(s, "admin", POLICIES_ONLY, pod("nolimits", s.registry, { noResources: true })),
                "secure-baseline-require-limits",
                /cpu and memory limits/,
            );
        });
        it("denies a container with a cpu limit but no memory limit", async () => {
            const p = pod("cpuonly", s.registry);
            (p.spec as { containers: Array<{ resources: unknown }> }).containers[0].resources = { limits: { cpu: "100m" } };
            denied(await dryRunCreate(s, "admin", POLICIES_ONLY, p), "secure-baseline-require-limits", /cpu and memory limits/);
        });
        it("admits a container with both limits", async () =>
            admitted(await dryRunCreate(s, "admin", POLICIES_ONLY, pod("limits", s.registry))));
    });

    describe("privilege and host access (in a namespace without Pod Security labels)", () => {
        const cases: ReadonlyArray<readonly [string, string, RegExp, (spec: Record<string, unknown>) => void]> = [
            [
                "a privileged container",
                "secure-baseline-no-privileged",
                /privileged/,
                (sp) => {
                    const sc = (sp.containers as Array<{ securityContext: Record<string, unknown> }>)[0].securityContext;
                    sc.privileged = true;
                    delete sc.allowPrivilegeEscalation; // false beside privileged: true is refused by validation first
                },
            ],
            [
                "hostNetwork",
                "secure-baseline-no-host-namespaces",
                /hostNetwork/,
                (sp) => {
                    sp.hostNetwork = true;
                },
            ],
            [
                "hostPID",
                "secure-baseline-no-host-namespaces",
                /hostPID/,
                (sp) => {
                    sp.hostPID = true;
                },
            ],
            [
                "hostIPC",
                "secure-baseline-no-host-namespaces",
                /hostIPC/,
                (sp) => {
                    sp.hostIPC = true;
                },
            ],
            [
                "a hostPath volume",
                "secure-baseline-no-host-path",
                /hostPath/,
                (sp) => {
                    sp.volumes = [{ name: "h", hostPath: { path: "/" } }];
                },
            ],
        ];
        for (const [what, policy, message, change] of cases) {
            it(`denies ${what}`, async () => {
                const p = pod("host", s.registry);
                change(p.spec as Record<string, unknown>);
                // A policy judges once the server's admission informer has compiled it, a moment after the
                // stack applied it (one CI run met no-host-path before then); a policy that never denies still fails.
                let r = await dryRunCreate(s, "admin", POLICIES_ONLY, p);
                await eventually(
                    `${policy} is in force`,
                    async () => (r = await dryRunCreate(s, "admin", POLICIES_ONLY, p)).status === 403,
                );
                denied(r, policy, message);
            });
        }
        it("admits privileged: false and hostNetwork: false spelled out", async () => {
            const p = pod("explicit", s.registry);
            (p.spec as Record<string, unknown>).hostNetwork = false;
            (p.spec as { containers: Array<{ securityContext: Record<string, unknown> }> }).containers[0].securityContext.privileged =
                false;
            admitted(await dryRunCreate(s, "admin", POLICIES_ONLY, p));
        });
    });

    describe("every workload kind", () => {
        for (const kind of WORKLOAD_KINDS) {
            it(`${kind}: a compliant pod template is admitted`, async () => {
                admitted(await dryRunCreate(s, "admin", s.team, workload(kind, "ok", podSpec(s.registry))));
            });
            it(`${kind}: an image from another registry is denied`, async () => {
                const r = await dryRunCreate(
                    s,
                    "admin",
                    s.team,
                    workload(kind, "bad", podSpec(s.registry, { image: "docker.io/library/nginx:1.27" })),
                );
                denied(r, "secure-baseline-allowed-registries", /allowed registry/);
            });
            it(`${kind}: a privileged container is denied`, async () => {
                const r = await dryRunCreate(s, "admin", POLICIES_ONLY, workload(kind, "priv", podSpec(s.registry, { privileged: true })));
                denied(r, "secure-baseline-no-privileged", /privileged/);
            });
        }
    });

    describe("exempt namespaces", () => {
        const wild = () => {
            const p = pod("agent", s.registry, { image: "docker.io/library/busybox:latest", privileged: true, noResources: true });
            Object.assign(p.spec as Record<string, unknown>, {
                hostNetwork: true,
                hostPID: true,
                volumes: [{ name: "h", hostPath: { path: "/" } }],
            });
            return p;
        };
        for (const ns of ["amazon-guardduty", "kube-system"]) {
            it(`${ns}: none of the admission policies applies`, async () => {
                await namespace(s, ns);
                admitted(await dryRunCreate(s, "admin", ns, wild()));
            });
        }
        it("the same pod is denied in any other namespace", async () => {
            const r = await dryRunCreate(s, "admin", POLICIES_ONLY, wild());
            assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
        });
    });

    describe("audit-only mode (bindings with Audit and Warn)", () => {
        const bindings = (auditOnly: boolean, exempt: string[]): StackObject[] =>
            planAdmission([s.registry], auditOnly, exempt).map(({ binding }) => ({
                type: "binding",
                name: binding.metadata!.name!,
                object: binding as never,
                force: false,
            }));
        let exempt: string[];
        before(async () => {
            // The guardrails' bindings (DET-9's containment binding has no namespace selector).
            const stack = of(s.objects, "ValidatingAdmissionPolicyBinding").find(
                (b) => (b.spec as { matchResources?: unknown }).matchResources !== undefined,
            )!.spec as { matchResources: { namespaceSelector: { matchExpressions: Array<{ values: string[] }> } } };
            exempt = stack.matchResources.namespaceSelector.matchExpressions[0].values.filter((n) => !n.startsWith("kube-"));
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, bindings(true, exempt)), []);
        });
        after(async () => {
            assert.deepEqual(await applyObjects(s.cp.kubeconfigs.admin, bindings(false, exempt)), []);
            await eventually(
                "the policies deny again",
                async () => (await dryRunCreate(s, "admin", POLICIES_ONLY, img("docker.io/library/nginx:1.27"))).status === 403,
            );
        });

        it("admits a pod that breaks every policy, with one warning per policy", async () => {
            const p = pod("audited", s.registry, { image: "docker.io/library/nginx:latest", privileged: true, noResources: true });
            Object.assign(p.spec as Record<string, unknown>, { hostNetwork: true, volumes: [{ name: "h", hostPath: { path: "/" } }] });
            let r = await dryRunCreate(s, "admin", POLICIES_ONLY, p);
            await eventually(
                "the audit-only bindings are in force",
                async () => (r = await dryRunCreate(s, "admin", POLICIES_ONLY, p)).status === 201,
            );
            admitted(r);
            for (const policy of [
                "allowed-registries",
                "no-latest-tag",
                "require-limits",
                "no-privileged",
                "no-host-namespaces",
                "no-host-path",
            ]) {
                assert.ok(
                    r.warnings.some((w) => w.includes(`secure-baseline-${policy}`)),
                    `a warning names ${policy}: ${r.warnings.join(" | ")}`,
                );
            }
        });
        it("Pod Security still enforces in the team namespace (audit-only covers the admission policies only)", async () => {
            const r = await dryRunCreate(s, "admin", s.team, pod("pss", s.registry, { privileged: true }));
            assert.equal(r.status, 403);
            assert.match(r.body.message ?? "", /PodSecurity/);
        });
    });
});
