/**
 * Pod-spec policies beyond the table: the fixtures are real manifests (official schemas),
 * Patch kinds are judged on what they set, exemptions by annotation, unknown values.
 */
import { strict as assert } from "assert";
import { POD_POLICIES } from "../../../policy-pack/policies";
import { k8sPodImageTag } from "../../../policy-pack/policies/container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodRunAsNonRoot } from "../../../policy-pack/policies/container/k8s-pod-run-as-non-root";
import { k8sPodSecurityOptions } from "../../../policy-pack/policies/container/k8s-pod-security-options";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT, analyze, of } from "../runtime";
import {
    APPROVED,
    FUTURE,
    JsonObject,
    PAST,
    PATCH_KINDS,
    WORKLOAD_KINDS,
    compliantPodSpec,
    manifest,
    objectAt,
    workload,
} from "./fixtures";
import { POD_CASES } from "./pod-cases";

/** A kubernetes-models class: validates a manifest against the official OpenAPI schema. */
type ModelClass = new (data: unknown) => { validate(): void };
/**
 * kubernetes-models is ESM-only (exports carry only an "import" condition) and this test
 * build is CommonJS, where TypeScript would compile `import()` to `require()`; Function
 * keeps the real dynamic import.
 */
const esmImport = new Function("id", "return import(id)") as (id: string) => Promise<Record<string, ModelClass>>;
const MODEL_MODULES: Record<string, string> = {
    Pod: "kubernetes-models/v1/Pod",
    ReplicationController: "kubernetes-models/v1/ReplicationController",
    Deployment: "kubernetes-models/apps/v1/Deployment",
    StatefulSet: "kubernetes-models/apps/v1/StatefulSet",
    DaemonSet: "kubernetes-models/apps/v1/DaemonSet",
    ReplicaSet: "kubernetes-models/apps/v1/ReplicaSet",
    Job: "kubernetes-models/batch/v1/Job",
    CronJob: "kubernetes-models/batch/v1/CronJob",
};

/** Every violating case of the table, one per policy (the first). */
const FIRST_VIOLATION_PER_POLICY = POD_POLICIES.map((p) => {
    const c = POD_CASES.find((x) => x.policy === p && x.expect !== null);
    if (!c) throw new Error(`no violating case for ${p.meta.name}`);
    return c;
});

describe("Kubernetes pod-spec policies: fixtures, patches, exemptions, unknowns", () => {
    for (const kind of WORKLOAD_KINDS) {
        it(`CTR-3: the compliant ${kind.kind} fixture is valid against the official Kubernetes schema`, async () => {
            const Model = (await esmImport(MODEL_MODULES[kind.kind]))[kind.kind];
            new Model(manifest(kind, compliantPodSpec())).validate();
            const broken = manifest(kind, compliantPodSpec());
            broken.spec = "not a spec";
            assert.throws(() => new Model(broken).validate());
        });
    }

    describe("Patch kinds (server-side apply): only explicit values are judged", () => {
        for (const kind of PATCH_KINDS) {
            it(`CTR-3: ${kind.type} that only changes the image passes every pod policy`, async () => {
                const r = await analyze(POD_POLICIES, workload(kind, { containers: [{ name: "app", image: "web:1.4.3" }] }));
                assert.deepEqual(r.diagnostics, []);
                assert.deepEqual(r.notApplicable, []);
            });
            it(`CTR-3: ${kind.type} that does not touch the pod spec passes`, async () => {
                const props = manifest(kind, {});
                delete props.spec;
                const r = await analyze(POD_POLICIES, {
                    type: kind.type,
                    name: "web",
                    props: { ...props, metadata: { name: "web", labels: { tier: "x" } } },
                });
                assert.deepEqual(r.diagnostics, []);
            });
            it(`CTR-3: ${kind.type} that sets privileged, hostNetwork and :latest is reported by each policy`, async () => {
                const spec: JsonObject = {
                    hostNetwork: true,
                    containers: [{ name: "app", image: "web:latest", securityContext: { privileged: true } }],
                };
                const r = await analyze(POD_POLICIES, workload(kind, spec));
                assert.deepEqual([...new Set(r.diagnostics.map((d) => d.policyName))].sort(), [
                    "k8s-pod-host-namespaces",
                    "k8s-pod-image-tag",
                    "k8s-pod-privilege",
                ]);
                assert.ok(r.diagnostics.every((d) => d.message.includes(`${kind.kind}Patch "web"`)));
            });
        }
    });

    describe("exemptions by annotation", () => {
        const kind = WORKLOAD_KINDS[2];
        for (const c of FIRST_VIOLATION_PER_POLICY) {
            const name = c.policy.meta.name;
            const key = `secure-baseline.io/exempt-${name}`;
            it(`${c.policy.meta.control} ${name}: a valid exemption skips the check with an advisory note`, async () => {
                const spec = compliantPodSpec();
                c.mutate(spec);
                // PACK-10: critical policies also need an approval in their pack config.
                const own = c.config?.[name];
                const config = { ...c.config, [name]: { ...(typeof own === "object" ? own : {}), ...APPROVED } };
                const r = await analyze(
                    POD_POLICIES,
                    workload(kind, spec, { annotations: { [key]: `vendor chart, ticket SEC-42; expires=${FUTURE}` } }),
                    config,
                );
                const mine = of(r, name);
                assert.equal(mine.length, 1);
                assert.equal(mine[0].enforcementLevel, "advisory");
                assert.match(mine[0].message, /\[note\] .*exempted by .*"vendor chart, ticket SEC-42"/);
            });
            it(`${c.policy.meta.control} ${name}: an expired exemption is a violation and the check still runs`, async () => {
                const spec = compliantPodSpec();
                c.mutate(spec);
                const r = await analyze(POD_POLICIES, workload(kind, spec, { annotations: { [key]: `old; expires=${PAST}` } }), c.config);
                const own = of(r, name);
                assert.ok(own.some((d) => /is not valid: it expired on 2020-01-01/.test(d.message)));
                assert.ok(own.some((d) => c.expect !== null && c.expect.test(d.message)));
            });
        }
        it("CTR-3: an exemption for one policy does not exempt the others", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "containers.0.securityContext").privileged = true;
            objectAt(spec, "containers.0").image = "web:latest";
            const r = await analyze(
                POD_POLICIES,
                workload(kind, spec, {
                    annotations: { "secure-baseline.io/exempt-k8s-pod-image-tag": `pinned by Flux; expires=${FUTURE}` },
                }),
            );
            assert.equal(of(r, "k8s-pod-image-tag")[0].enforcementLevel, "advisory");
            assert.equal(of(r, "k8s-pod-privilege")[0].enforcementLevel, "mandatory");
        });
    });

    describe("values unknown at preview", () => {
        for (const kind of WORKLOAD_KINDS) {
            it(`CTR-3: an unknown pod spec in ${kind.kind} fails closed in every pod policy`, async () => {
                const props = manifest(kind, compliantPodSpec());
                const path = kind.specPath.split(".");
                const holder = path.length === 1 ? props : objectAt(props, path.slice(0, -1).join("."));
                holder[path[path.length - 1]] = UNKNOWN_OBJECT;
                const r = await analyze(POD_POLICIES, { type: kind.type, name: "web", props });
                assert.deepEqual(r.diagnostics.map((d) => d.policyName).sort(), POD_POLICIES.map((p) => p.meta.name).sort());
                for (const d of r.diagnostics) {
                    assert.match(d.message, new RegExp(`${kind.specPath.replace(/\./g, "\\.")} .*is unknown at preview.*fail closed`));
                }
            });
        }
        const kind = WORKLOAD_KINDS[0];
        it("CTR-3: an unknown privileged flag fails closed (mandatory)", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "containers.0.securityContext").privileged = UNKNOWN_BOOL;
            const d = of(await analyze(POD_POLICIES, workload(kind, spec)), k8sPodPrivilege.meta.name);
            assert.equal(d.length, 1);
            assert.equal(d[0].enforcementLevel, "mandatory");
            assert.match(d[0].message, /spec\.containers\.0\.securityContext\.privileged .*unknown at preview/);
        });
        it("CTR-3: with unknown: advisory the same unknown is an advisory note", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "containers.0.securityContext").privileged = UNKNOWN_BOOL;
            const d = of(
                await analyze(POD_POLICIES, workload(kind, spec), { "k8s-pod-privilege": { unknown: "advisory" } }),
                k8sPodPrivilege.meta.name,
            );
            assert.equal(d.length, 1);
            assert.equal(d[0].enforcementLevel, "advisory");
        });
        it("CTR-3: an unknown container list fails closed", async () => {
            const spec = compliantPodSpec();
            spec.initContainers = UNKNOWN_ARRAY;
            const d = of(await analyze(POD_POLICIES, workload(kind, spec)), k8sPodRunAsNonRoot.meta.name);
            assert.equal(d.length, 1);
            assert.match(d[0].message, /spec\.initContainers .*unknown/);
        });
        it("K8S-6: an unknown image fails closed (it might be :latest)", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "containers.0").image = UNKNOWN;
            const d = of(await analyze(POD_POLICIES, workload(kind, spec)), k8sPodImageTag.meta.name);
            assert.equal(d.length, 1);
            assert.match(d[0].message, /spec\.containers\.0\.image .*unknown at preview/);
        });
        it("CTR-3: an unknown pod-level runAsNonRoot is not consulted when every container sets its own", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "securityContext").runAsNonRoot = UNKNOWN_BOOL;
            for (const p of ["containers.0", "initContainers.0", "ephemeralContainers.0"])
                objectAt(spec, `${p}.securityContext`).runAsNonRoot = true;
            const d = of(await analyze(POD_POLICIES, workload(kind, spec)), k8sPodRunAsNonRoot.meta.name);
            // PSS still rejects a bad pod-level value, so an unknown one cannot be proven fine.
            assert.equal(d.length, 1);
            assert.match(d[0].message, /securityContext\.runAsNonRoot .*unknown/);
        });
        it("K8S-4: an unknown limit counts as set (must-be-set rule)", async () => {
            const spec = compliantPodSpec();
            objectAt(spec, "containers.0.resources.limits").memory = UNKNOWN;
            const r = await analyze(POD_POLICIES, workload(kind, spec));
            assert.deepEqual(r.diagnostics, []);
        });
    });
});

describe("CTR-3 k8s-pod-security-options: AppArmor annotations on the pod template of every kind", () => {
    const name = k8sPodSecurityOptions.meta.name;
    /** The pod template's metadata object inside the manifest (the object's own for a Pod). */
    const templateMetadata = (props: JsonObject, specPath: string): JsonObject => {
        const segments = specPath.split(".");
        return objectAt(props, [...segments.slice(0, -1), "metadata"].join("."));
    };
    for (const kind of WORKLOAD_KINDS) {
        it(`CTR-3: ${kind.kind}: an unconfined profile is a violation; runtime/default and localhost/ profiles pass`, async () => {
            const bad = manifest(kind, compliantPodSpec());
            objectAt(templateMetadata(bad, kind.specPath), "annotations")["container.apparmor.security.beta.kubernetes.io/app"] =
                "unconfined";
            const d = of(await analyze([k8sPodSecurityOptions], { type: kind.type, name: "web", props: bad }), name);
            assert.equal(d.length, 1, JSON.stringify(d));
            assert.match(
                d[0].message,
                /annotation container\.apparmor\.security\.beta\.kubernetes\.io\/app is "unconfined" \(allowed: runtime\/default or localhost\/<profile>\)/,
            );
            for (const ok of ["runtime/default", "localhost/k8s-web"]) {
                const good = manifest(kind, compliantPodSpec());
                objectAt(templateMetadata(good, kind.specPath), "annotations")["container.apparmor.security.beta.kubernetes.io/app"] = ok;
                assert.deepEqual(of(await analyze([k8sPodSecurityOptions], { type: kind.type, name: "web", props: good }), name), [], ok);
            }
        });
    }
});
