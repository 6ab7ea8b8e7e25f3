/**
 * The parts of the stack-object reading that concern Helm releases and the CRDs they would install, with
 * no Go and no control plane (they run in `npm test`); the CRDs themselves are applied in secrets.kube.ts.
 */
import { strict as assert } from "assert";
import { applyOrder, objectsOfReport } from "../../tools/kube/baseline";
import { crdsFor } from "../../tools/kube/crds";

const report = {
    resources: [
        {
            type: "kubernetes:helm.sh/v3:Release",
            name: "secrets-operator",
            inputs: { chart: "external-secrets", version: "1.3.2", values: {} },
        },
        {
            type: "kubernetes:core/v1:Namespace",
            name: "ns",
            inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "payments" } },
        },
    ],
};

describe("kube stack objects: Helm releases and chart CRDs", () => {
    it("a Helm release is not an API object: it is left out, the other objects stay", () => {
        assert.deepEqual(
            objectsOfReport(report).map((o) => o.type),
            ["kubernetes:core/v1:Namespace"],
        );
    });
    it("a stack without External Secrets or policy-controller kinds needs no CRD (and no Go)", () => {
        assert.deepEqual(crdsFor(objectsOfReport(report)), []);
    });
    it("CRDs are applied before everything else", () => {
        const crd = {
            type: "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            name: "c",
            object: { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "x" } },
            force: false,
        };
        assert.deepEqual(
            applyOrder([...objectsOfReport(report), crd]).map((o) => o.object.kind),
            ["CustomResourceDefinition", "Namespace"],
        );
    });
});
