/** PACK-5 for the Kubernetes policies: names, control IDs, layers, references, pack membership. */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { KUBERNETES_POLICIES } from "../../../policy-pack/policies";
import { POD_SPEC_TYPES, WORKLOAD_PATCH_TYPES, WORKLOAD_TYPES } from "../../../policy-pack/policies/shared/kubernetes";
import { renderCatalogue } from "../../../policy-pack/lib";
import { currentType } from "../../../policy-pack/policies/shared/apiVersions";

/** Controls the Kubernetes policies may carry (CONTROLS.md rows about Kubernetes objects). */
const K8S_CONTROLS = [
    "CTR-2",
    "CTR-3",
    "K8S-1",
    "K8S-2",
    "K8S-3",
    "K8S-4",
    "K8S-5",
    "K8S-6",
    "CODE-1",
    "CODE-2",
    "CODE-3",
    "EKS-9",
    "DATA-4",
];

describe("PACK-5 Kubernetes policy metadata", () => {
    it("PACK-5: every Kubernetes policy is in the pack once, named k8s-*, with a Kubernetes control, references and remediation", () => {
        for (const p of KUBERNETES_POLICIES) {
            assert.equal(ALL_POLICIES.filter((x) => x === p).length, 1, p.meta.name);
            assert.match(p.meta.name, /^k8s-[a-z0-9-]+$/);
            assert.ok(K8S_CONTROLS.includes(p.meta.control), `${p.meta.name}: ${p.meta.control}`);
            assert.ok(p.meta.references.length > 0, p.meta.name);
            assert.ok(
                p.types.every((t) => t.startsWith("kubernetes:")),
                p.meta.name,
            );
        }
        assert.equal(new Set(KUBERNETES_POLICIES.map((p) => p.meta.name)).size, KUBERNETES_POLICIES.length);
    });
    it("PACK-2: the pod-spec policies cover every workload kind and its Patch variant", () => {
        const kinds = ["Pod", "ReplicationController", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];
        // Each kind once in its GA form, plus its older apiVersions (test/policy-pack/kubernetes/api-versions.test.ts).
        assert.deepEqual([...new Set(WORKLOAD_TYPES.map((t) => t.split(":").pop()))].sort(), [...kinds].sort());
        assert.deepEqual(WORKLOAD_TYPES.filter((t) => currentType(t) === t).length, kinds.length);
        assert.equal(WORKLOAD_PATCH_TYPES.length, WORKLOAD_TYPES.length);
        for (const p of KUBERNETES_POLICIES.filter((x) => x.meta.name.startsWith("k8s-pod-"))) {
            assert.deepEqual([...p.types].sort(), [...POD_SPEC_TYPES].sort(), p.meta.name);
        }
    });
    it("PACK-5: docs/policies.md is current and lists every Kubernetes policy", () => {
        const doc = readFileSync(join(__dirname, "..", "..", "..", "docs", "policies.md"), "utf8");
        assert.equal(doc, renderCatalogue(ALL_POLICIES), "run npm run catalogue");
        for (const p of KUBERNETES_POLICIES) assert.ok(doc.includes(`## ${p.meta.name}`), p.meta.name);
    });
});
