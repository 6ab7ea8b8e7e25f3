/**
 * CTR-3 (and K8S-4/5/6) pod-spec policies, table-driven: one compliant pod spec embedded
 * in each workload kind passes every pod policy; each case changes one thing and must be
 * reported by exactly its policy, in every kind.
 */
import { strict as assert } from "assert";
import { POD_POLICIES } from "../../../policy-pack/policies";
import { imagePin } from "../../../policy-pack/policies/container/k8s-pod-image-tag";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { analyze, of } from "../runtime";
import { WORKLOAD_KINDS, compliantPodSpec, workload } from "./fixtures";
import { POD_CASES } from "./pod-cases";

function levelOf(p: SecurePolicy): string {
    return p.meta.severity === "high" || p.meta.severity === "critical" ? "mandatory" : "advisory";
}

describe("Kubernetes pod-spec policies on every workload kind (CTR-3, K8S-4, K8S-5, K8S-6)", () => {
    for (const kind of WORKLOAD_KINDS) {
        describe(kind.type, () => {
            it(`CTR-3: the compliant pod spec passes every pod policy`, async () => {
                const r = await analyze(POD_POLICIES, workload(kind, compliantPodSpec()));
                assert.deepEqual(r.diagnostics, []);
                assert.deepEqual(r.notApplicable, []);
            });
            for (const c of POD_CASES) {
                it(`${c.policy.meta.control} ${c.policy.meta.name}: ${c.title} → ${c.expect ? "violation" : "compliant"}`, async () => {
                    const spec = compliantPodSpec();
                    c.mutate(spec);
                    const r = await analyze(POD_POLICIES, workload(kind, spec), c.config);
                    const own = of(r, c.policy.meta.name);
                    const others = r.diagnostics.filter((d) => d.policyName !== c.policy.meta.name);
                    assert.deepEqual(others, [], "no other pod policy reports the change");
                    if (c.expect === null) {
                        assert.deepEqual(own, []);
                        return;
                    }
                    assert.equal(own.length, c.count ?? 1, JSON.stringify(own, null, 1));
                    assert.equal(own[0].enforcementLevel, levelOf(c.policy));
                    assert.match(own[0].message, new RegExp(`\\[${c.policy.meta.control}\\] ${kind.kind} "web"`));
                    assert.match(own[0].message, c.expect);
                    assert.ok(own[0].message.includes(kind.specPath), `message names the path ${kind.specPath}`);
                    assert.match(own[0].message, / Fix: /);
                });
            }
        });
    }

    it("K8S-6: imagePin parses registries with ports, tags and digests", () => {
        assert.equal(imagePin("nginx"), "untagged");
        assert.equal(imagePin("nginx:"), "untagged");
        assert.equal(imagePin("nginx:latest"), "latest");
        assert.equal(imagePin("nginx:1.27"), "tag");
        assert.equal(imagePin("registry.local:5000/web"), "untagged");
        assert.equal(imagePin("registry.local:5000/web:2"), "tag");
        assert.equal(imagePin(`web@sha256:${"0".repeat(64)}`), "digest");
    });
});
