/**
 * The in-cluster layer for real: the dev stack's ClusterGuardrails and NamespaceBaselines
 * (test/fixtures/programs/in-cluster, the dev stack's config) through the real CLI against a
 * real API server: a preview gated by the pack with the dev pack config, `up`, a second `up`
 * that changes nothing, and `destroy`. The fixture leaves image signing out (the test server has no
 * policy-controller; test/kube/signing.kube.ts judges CTR-2 there), so the dev pack config is used
 * with one addition: CTR-2's verifier is external (`k8s-image-signature-verified.externalVerifier`).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { useCluster } from "./cluster";
import { cli, DEV_PACK_CONFIG, offlineCheck, PACK, program, tmpDir } from "./support";

const IN_CLUSTER = program("in-cluster");

/** The dev stack's pack config, plus: the signature verifier comes from elsewhere (see above). */
function packConfig(): string {
    const file = path.join(tmpDir("in-cluster-pack-config"), "policy-pack.json");
    const dev = JSON.parse(fs.readFileSync(DEV_PACK_CONFIG, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...dev, "k8s-image-signature-verified": { externalVerifier: true } }, null, 2));
    return file;
}
const PACK_CONFIG = packConfig();

/** Steps other than "same". */
function changed(changes: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(changes).filter(([k, n]) => k !== "same" && n > 0));
}

describe("the in-cluster layer for real: preview, up, up again, destroy", function () {
    const cluster = useCluster();
    const state = tmpDir("in-cluster-state");
    const times: Record<string, number> = {};
    let expected: string[] = [];
    const run = (op: "preview" | "up" | "destroy") =>
        cli({
            programDir: IN_CLUSTER,
            op,
            stateDir: state,
            packs: op === "destroy" ? [] : [PACK],
            packConfigs: op === "destroy" ? [] : [PACK_CONFIG],
            env: cluster.env(),
        });

    after(() => {
        const t = (k: string) => (times[k] === undefined ? "-" : `${times[k].toFixed(1)} s`);
        process.stdout.write(
            `      in-cluster times: offline check ${t("check")}, preview ${t("preview")}, up ${t("up")}, second up ${t("up2")}, destroy ${t("destroy")}\n`,
        );
    });

    it("the offline check passes the program (the resources the engine must create)", async () => {
        const check = await offlineCheck(IN_CLUSTER, PACK_CONFIG);
        times.check = check.seconds;
        assert.equal(check.code, 0, check.stderr);
        expected = check.resources.filter((u) => !u.includes("::pulumi:pulumi:Stack::"));
        assert.ok(expected.length > 20, `${expected.length} resources`);
    });

    it("pulumi preview --policy-pack policy-pack with the dev pack config (verifier external) passes", async () => {
        const r = await run("preview");
        times.preview = r.seconds;
        assert.equal(r.ok, true, r.error);
        assert.deepEqual(
            r.diagnostics.filter((d) => d.enforcement === "mandatory"),
            [],
        );
        // Every resource the check saw, and the stack.
        assert.equal(r.changes.create, expected.length + 1, JSON.stringify(r.changes));
    });

    it("pulumi up creates every resource, and the API server has them", async () => {
        const r = await run("up");
        times.up = r.seconds;
        assert.equal(r.ok, true, r.error);
        assert.equal(r.changes.create, expected.length + 1, JSON.stringify(r.changes));
        for (const urn of expected) assert.ok(r.state.includes(urn), `${urn} is in the state`);
        const ns = await cluster.client.request("admin", "GET", "/api/v1/namespaces/example");
        assert.equal(ns.status, 200, JSON.stringify(ns.body));
        const labels = (ns.body.metadata as { labels?: Record<string, string> }).labels ?? {};
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
        const vap = await cluster.client.request("admin", "GET", "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies");
        assert.ok(((vap.body.items as unknown[]) ?? []).length > 0, "admission policies exist");
    });

    it("a second pulumi up changes nothing", async () => {
        const r = await run("up");
        times.up2 = r.seconds;
        assert.equal(r.ok, true, r.error);
        assert.deepEqual(changed(r.changes), {});
    });

    it("pulumi destroy removes everything", async () => {
        const r = await run("destroy");
        times.destroy = r.seconds;
        assert.equal(r.ok, true, r.error);
        assert.deepEqual(r.state, []);
        const ns = await cluster.client.request("admin", "GET", "/api/v1/namespaces/example");
        // The namespace controller may still be finalising it: gone, or on its way out.
        assert.ok(
            ns.status === 404 || (ns.body.status as { phase?: string } | undefined)?.phase === "Terminating",
            JSON.stringify(ns.body),
        );
    });
});
