/**
 * Faults under the real CLI: a missing provider plugin, an `up` that fails part-way, and a
 * policy violation at `up`.
 */
import { strict as assert } from "assert";
import { useCluster } from "./cluster";
import { cli, DEV_PACK_CONFIG, PACK, program, tmpDir, unreachableCluster } from "./support";

const KINDS = (urns: readonly string[]) => urns.filter((u) => u.includes("::kubernetes:"));

describe("a fault under the real CLI that needs no cluster", function () {
    it("a missing provider plugin: a clear message, and no download attempted", async () => {
        const r = await cli({
            programDir: program("k8s-namespace-unlabelled"),
            op: "preview",
            stateDir: tmpDir("state"),
            packs: [PACK],
            pluginDirs: [tmpDir("no-plugins")],
            env: unreachableCluster(),
        });
        assert.equal(r.ok, false);
        assert.match(r.error ?? "", /no resource plugin 'pulumi-resource-kubernetes'|plugin.*kubernetes.*not found|kubernetes.*plugin/i);
        assert.doesNotMatch(r.error ?? "", /downloading|installing plugin/i);
    });
});

describe("faults under the real CLI, on a real API server", function () {
    const cluster = useCluster();

    it("an up that fails part-way leaves the state as the cluster is, and a second up converges", async () => {
        const c = cluster.client;
        const label = (level: string) => ({ metadata: { name: "fault", labels: { "pod-security.kubernetes.io/enforce": level } } });
        assert.equal((await c.request("admin", "POST", "/api/v1/namespaces", label("restricted"))).status, 201);
        const state = tmpDir("state");
        const opts = { programDir: program("fault-partial-up"), stateDir: state, env: cluster.env() };

        const first = await cli({ ...opts, op: "up" });
        assert.equal(first.ok, false, "the API server refuses the pod");
        assert.match(first.error ?? "", /forbidden|violates PodSecurity/i);
        const configMaps = await c.request("admin", "GET", "/api/v1/namespaces/fault/configmaps");
        const pods = await c.request("admin", "GET", "/api/v1/namespaces/fault/pods");
        const made = ((configMaps.body.items as { metadata: { name: string } }[]) ?? [])
            .map((i) => i.metadata.name)
            .filter((n) => n.startsWith("settings"));
        assert.equal(made.length, 1, "the config map was created");
        assert.deepEqual(pods.body.items, [], "the pod was not");
        const kinds = KINDS(first.state);
        assert.ok(
            kinds.some((u) => u.endsWith("ConfigMap::settings")),
            `the state has the config map: ${kinds.join(", ")}`,
        );
        assert.ok(!kinds.some((u) => u.endsWith("Pod::tool")), "the state has no pod");

        // What refused the pod is lifted; the same program, run again, finishes the job.
        assert.equal(
            (await c.request("admin", "PATCH", "/api/v1/namespaces/fault", label("privileged"), "application/merge-patch+json")).status,
            200,
        );
        const second = await cli({ ...opts, op: "up" });
        assert.equal(second.ok, true, second.error);
        assert.deepEqual(second.changes, { create: 1, same: 2 }, "only the pod is created");
        const third = await cli({ ...opts, op: "preview" });
        assert.deepEqual(third.changes, { same: 3 });
        assert.equal((await cli({ ...opts, op: "destroy" })).ok, true);
    });

    it("a mandatory violation at up: the update fails and nothing is created", async () => {
        const r = await cli({
            programDir: program("k8s-cluster-admin-binding"),
            op: "up",
            stateDir: tmpDir("state"),
            packs: [PACK],
            packConfigs: [DEV_PACK_CONFIG],
            env: cluster.env(),
        });
        assert.equal(r.ok, false);
        assert.ok(
            r.diagnostics.some((d) => d.policy === "k8s-rbac-no-cluster-admin-binding" && d.enforcement === "mandatory"),
            JSON.stringify(r.diagnostics),
        );
        assert.deepEqual(KINDS(r.state), []);
        const bindings = await cluster.client.request("admin", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
        const names = ((bindings.body.items as { metadata: { name: string } }[]) ?? []).map((i) => i.metadata.name);
        assert.deepEqual(
            names.filter((n) => n.startsWith("team-admin")),
            [],
        );
    });
});
