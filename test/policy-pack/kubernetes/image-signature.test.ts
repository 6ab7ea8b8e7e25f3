/**
 * CTR-2 k8s-image-signature-verified beyond the shared cases: spellings of the chart's repository (one
 * verifier however it is written, and nothing else counts), workloads outside the stack's namespaces, the
 * namespaces the policy leaves alone, and the baseline's own stacks' shape.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sImageSignatureVerified } from "../../../policy-pack/policies/container/k8s-image-signature-verified";
import { normalizeRepository } from "../../../policy-pack/policies/shared/signing";
import { OPT_IN, SIGNING_STACK } from "../signing-cases";
import { TestResource, analyzeStack, of } from "../runtime";
import { WORKLOAD_KINDS, compliantPodSpec, manifest } from "./fixtures";

const NAME = "k8s-image-signature-verified";
const [NS, RELEASE, CIP] = SIGNING_STACK;
const withRepo = (repo: string, chart = "policy-controller"): TestResource => ({
    ...RELEASE,
    props: { ...RELEASE.props, chart, repositoryOpts: { repo } },
});
const run = async (resources: readonly TestResource[], config?: Record<string, unknown>) =>
    of(await analyzeStack([k8sImageSignatureVerified], resources, config ? { [NAME]: config } : {}), NAME);
const workload = (namespace: string): TestResource => {
    const kind = WORKLOAD_KINDS[2];
    return { type: kind.type, name: "web", props: manifest(kind, compliantPodSpec(), { name: "web", namespace }) };
};

describe("CTR-2 k8s-image-signature-verified: spellings", () => {
    it("the chart's repository in any spelling of scheme, case and trailing slashes is the verifier (property)", async () => {
        const host = fc.constantFrom("sigstore.github.io/helm-charts", "ghcr.io/sigstore/helm-charts");
        const scheme = fc.constantFrom("https://", "http://", "oci://", "HTTPS://");
        await fc.assert(
            fc.asyncProperty(host, scheme, fc.integer({ min: 0, max: 3 }), fc.boolean(), async (h, s, slashes, upper) => {
                const repo = `${s}${upper ? h.toUpperCase() : h}${"/".repeat(slashes)}`;
                assert.equal(normalizeRepository(repo), h);
                assert.deepEqual(await run([NS, withRepo(repo), CIP]), [], repo);
            }),
            { numRuns: 30 },
        );
    });

    it("a look-alike repository or another chart name is not the verifier (property)", async () => {
        const repo = fc.constantFrom(
            "https://sigstore.github.io/helm-chart",
            "https://sigstore.github.io.evil.example/helm-charts",
            "https://example.com/sigstore.github.io/helm-charts",
            "oci://ghcr.io/sigstore-fork/helm-charts",
        );
        const chart = fc.constantFrom("policy-controller", "policy-controller-lite", "cosign", "Policy-Controller");
        await fc.assert(
            fc.asyncProperty(repo, chart, async (r, c) => {
                const out = await run([NS, withRepo(r, c), CIP]);
                assert.equal(out.length, 1, `${r} ${c}`);
                assert.match(out[0].message, /creates no signature verifier/);
            }),
            { numRuns: 20 },
        );
    });

    it("the chart named as <repo>/<chart> without repositoryOpts counts (Helm's chart reference)", async () => {
        const ref: TestResource = {
            ...RELEASE,
            props: { namespace: "cosign-system", chart: "oci://ghcr.io/sigstore/helm-charts/policy-controller", version: "0.10.8" },
        };
        assert.deepEqual(await run([NS, ref, CIP]), []);
    });

    it("a policy-controller installed from manifests is seen by its webhook name", async () => {
        const hook: TestResource = {
            type: "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
            name: "vwc",
            props: { webhooks: [{ name: "policy.sigstore.dev" }] },
        };
        assert.deepEqual(await run([NS, hook, CIP]), []);
        const other = { ...hook, props: { webhooks: [{ name: "validate.example.com" }] } };
        assert.equal((await run([NS, other, CIP])).length, 1);
    });
});

describe("CTR-2 k8s-image-signature-verified: namespaces and workloads", () => {
    it('a namespace without the label, or with any value but "true", is reported (property)', async () => {
        await fc.assert(
            fc.asyncProperty(fc.option(fc.constantFrom("false", "True", "yes", "", "1"), { nil: undefined }), async (value) => {
                const labels = value === undefined ? { team: "a" } : { [OPT_IN]: value };
                const out = await run([{ ...NS, props: { metadata: { name: "team-a", labels } } }, RELEASE, CIP]);
                assert.equal(out.length, 1);
                assert.equal(out[0].enforcementLevel, "mandatory");
                assert.match(out[0].message, value === undefined ? /has no label/ : /opted out/);
            }),
            { numRuns: 12 },
        );
    });

    it("system namespaces and the namespace a chart installs into are left alone", async () => {
        for (const name of ["kube-system", "kube-public", "kube-node-lease", "cosign-system"]) {
            assert.deepEqual(await run([{ ...NS, props: { metadata: { name } } }, RELEASE, CIP]), [], name);
        }
    });

    it("a workload in a namespace made elsewhere needs the verifier in the stack, or externalVerifier (then only a note)", async () => {
        const bare = await run([workload("payments")]);
        assert.equal(bare.length, 1);
        assert.match(
            bare[0].message,
            /Deployment "web" runs in namespace "payments", but the stack creates no signature verifier .* and no enforcing ClusterImagePolicy/,
        );
        const external = await run([workload("payments")], { externalVerifier: true });
        assert.equal(external.length, 1);
        assert.equal(external[0].enforcementLevel, "advisory");
        assert.match(external[0].message, /cannot see whether it carries policy.sigstore.dev\/include/);
    });

    it("a workload in a Namespace of the stack is judged through that Namespace only (one finding, not two)", async () => {
        const out = await run([{ ...NS, props: { metadata: { name: "team-a" } } }, workload("team-a"), RELEASE, CIP]);
        assert.equal(out.length, 1);
        assert.match(out[0].message, /Namespace "team-a" has no label/);
    });
});
