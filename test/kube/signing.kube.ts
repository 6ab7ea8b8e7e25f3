/**
 * CTR-2 against the real API server: the prod stack's ClusterImagePolicies are accepted by the
 * policy-controller's own CRD schema (installed from its Go module, see tools/sigstore/crds.ts), a
 * malformed one is refused, and every team namespace carries the opt-in label the webhook selects on.
 *
 * The webhook itself admitting a signed image and denying an unsigned one is signing-e2e.kube.ts; see
 * docs/signing.md for what is and is not shown.
 */
import { strict as assert } from "assert";
import { cluster, of, type Shared, teamNamespaces } from "./support/cluster";

const OPT_IN = "policy.sigstore.dev/include";
const CIPS = "/apis/policy.sigstore.dev/v1beta1/clusterimagepolicies";

describe("CTR-2 on a real API server: ClusterImagePolicies and the namespace opt-in", () => {
    let s: Shared;
    before(async () => {
        s = await cluster();
    });

    it("every ClusterImagePolicy of the stack was accepted and stored as written (images, key authority, enforce)", async () => {
        const mine = of(s.objects, "ClusterImagePolicy");
        assert.ok(mine.length >= 1, "the prod stack creates at least the account-ECR policy");
        for (const p of mine) {
            const r = await s.client.request("admin", "GET", `${CIPS}/${p.metadata.name}`);
            assert.equal(r.status, 200, `${p.metadata.name}: ${JSON.stringify(r.body).slice(0, 300)}`);
            assert.deepEqual(r.body.spec, p.spec, p.metadata.name);
        }
        const ecr = mine.find((p) => p.metadata.name === "secure-baseline-account-ecr")!;
        const spec = ecr.spec as { images: Array<{ glob: string }>; authorities: Array<{ key: { kms: string } }> };
        assert.match(spec.images[0].glob, /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/\*\*$/);
        assert.match(spec.authorities[0].key.kms, /^awskms:\/\/\/arn:aws:kms:[a-z0-9-]+:\d{12}:alias\/secure-baseline\//);
    });

    it("the CRD schema refuses a malformed policy (an image glob that is not text)", async () => {
        const bad = {
            apiVersion: "policy.sigstore.dev/v1beta1",
            kind: "ClusterImagePolicy",
            metadata: { name: "bad-glob" },
            spec: { images: [{ glob: 5 }], authorities: [{ key: { kms: "awskms:///alias/x" } }] },
        };
        const r = await s.client.request("admin", "POST", `${CIPS}?dryRun=All`, bad);
        assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 300));
        assert.match(r.body.message ?? "", /spec.images\[0\].glob/);
    });

    it("every team namespace carries policy.sigstore.dev/include=true; the verifier's own namespace does not", async () => {
        const teams = teamNamespaces(s.objects);
        assert.ok(teams.length >= 2);
        for (const n of teams) {
            const r = await s.client.request("admin", "GET", `/api/v1/namespaces/${n}`);
            assert.equal((r.body.metadata as { labels: Record<string, string> }).labels[OPT_IN], "true", n);
        }
        const own = await s.client.request("admin", "GET", "/api/v1/namespaces/cosign-system");
        assert.equal(own.status, 200);
        const labels = (own.body.metadata as { labels: Record<string, string> }).labels;
        assert.equal(labels[OPT_IN], undefined);
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
    });
});
