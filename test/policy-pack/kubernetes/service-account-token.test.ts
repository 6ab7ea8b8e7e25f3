/**
 * K8S-5 k8s-pod-service-account-token: the pod's own automountServiceAccountToken wins;
 * when it sets none, its ServiceAccount in the same stack (same name and namespace) decides
 * (issue 12 item 4).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sPodServiceAccountToken } from "../../../policy-pack/policies/container/k8s-pod-service-account-token";
import { TestResource, UNKNOWN, analyzeStack, of } from "../runtime";
import { JsonObject, OLDER_WORKLOAD_KINDS, PATCH_KINDS, WORKLOAD_KINDS, compliantPodSpec, manifest } from "./fixtures";

const NAME = "k8s-pod-service-account-token";
const ALL = [...WORKLOAD_KINDS, ...OLDER_WORKLOAD_KINDS];

function pod(kindIndex: number, change: (s: JsonObject) => void, namespace = "team-a"): TestResource {
    const spec = compliantPodSpec();
    change(spec);
    return { type: ALL[kindIndex].type, name: "web", props: manifest(ALL[kindIndex], spec, { namespace }) };
}
const account = (
    name: string,
    automount: unknown,
    namespace: string | undefined = "team-a",
    type = "kubernetes:core/v1:ServiceAccount",
): TestResource => ({
    type,
    name: `sa-${name}-${namespace ?? "none"}`,
    props: {
        metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
        ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    },
});
const unset = (s: JsonObject) => delete s.automountServiceAccountToken;
async function count(resources: TestResource[], config = {}): Promise<number> {
    return of(await analyzeStack([k8sPodServiceAccountToken], resources, config), NAME).length;
}

describe("K8S-5 pod token and its ServiceAccount (issue 12 item 4)", () => {
    it("a pod that sets nothing passes when its ServiceAccount in the stack sets false (every kind, property)", async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 0, max: ALL.length - 1 }), fc.constantFrom(false, "false"), async (k, off) => {
                assert.equal(await count([pod(k, unset), account("web", off)]), 0);
                assert.equal(await count([pod(k, unset)]), 1, "no account in the stack");
            }),
            { numRuns: 30 },
        );
    });
    it("the pod's own true wins over the account's false", async () => {
        assert.equal(await count([pod(2, (s) => (s.automountServiceAccountToken = true)), account("web", false)]), 1);
    });
    it("an account of another name or namespace, or one that leaves automount on, does not count", async () => {
        for (const sa of [account("other", false), account("web", false, "team-b"), account("web", true), account("web", undefined)]) {
            assert.equal(await count([pod(2, unset), sa]), 1, sa.name);
        }
    });
    it("the default account: a pod naming no account inherits from a ServiceAccountPatch of `default` that sets false", async () => {
        const p = pod(2, (s) => {
            unset(s);
            delete s.serviceAccountName;
        });
        assert.equal(await count([p]), 1);
        assert.equal(await count([p, account("default", false, "team-a", "kubernetes:core/v1:ServiceAccountPatch")]), 0);
    });
    it("two declarations of the account: both must say false", async () => {
        const a = account("web", false);
        const b = { ...account("web", true, "team-a", "kubernetes:core/v1:ServiceAccountPatch"), name: "sa-web-patch" };
        assert.equal(await count([pod(2, unset), a, b]), 1);
    });
    it("an unknown automount on the matching account fails closed", async () => {
        const ds = of(await analyzeStack([k8sPodServiceAccountToken], [pod(2, unset), account("web", UNKNOWN)]), NAME);
        assert.equal(ds.length, 1);
        assert.match(ds[0].message, /automountServiceAccountToken of ServiceAccount "sa-web-team-a" .*unknown at preview/);
    });
    it("allowlisted accounts and Patch kinds that do not touch automount pass", async () => {
        assert.equal(
            await count([pod(2, (s) => (s.automountServiceAccountToken = true))], { [NAME]: { allowedServiceAccounts: ["web"] } }),
            0,
        );
        const patch = {
            type: PATCH_KINDS[2].type,
            name: "web",
            props: manifest(PATCH_KINDS[2], { containers: [{ name: "app", image: "web:2" }] }),
        };
        assert.equal(await count([patch]), 0);
    });
});
