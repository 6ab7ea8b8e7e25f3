/**
 * Issue 12 item 2: every apiVersion the SDK offers for a kind the pack judges is judged like
 * its GA form, and k8s-api-version-served reports the versions supported clusters no longer
 * serve. The SDK's own type list is the input, so a new SDK with another old version of a
 * judged kind fails here until the table in shared/apiVersions.ts knows it.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { REMOVED_API_TYPES, k8sApiVersionServed } from "../../../policy-pack/policies/cluster/k8s-api-version-served";
import { k8sRbacNoWildcards } from "../../../policy-pack/policies/cluster/k8s-rbac-no-wildcards";
import { NETWORK_POLICY_TYPES, k8sNetworkPolicyNoAllowAll } from "../../../policy-pack/policies/cluster/k8s-network-policy-no-allow-all";
import { k8sPodPrivilege } from "../../../policy-pack/policies/container/k8s-pod-privilege";
import {
    LEGACY_APIS,
    currentType,
    legacyApiOf,
    parseKubernetesType,
    withOlderVersions,
} from "../../../policy-pack/policies/shared/apiVersions";
import { analyze, analyzeStack, of } from "../runtime";
import { WORKLOAD_KINDS, compliantPodSpec, manifest } from "./fixtures";
import { kubernetesSdkTypes } from "./sdkTypes";

const SERVED = "k8s-api-version-served";

/** Names of the policies whose declared types include `type`. */
function judgedBy(type: string): string[] {
    return ALL_POLICIES.filter((p) => p.types.includes(type) && p.meta.name !== SERVED)
        .map((p) => p.meta.name)
        .sort();
}

describe("Kubernetes apiVersions (issue 12 item 2)", () => {
    const sdk = kubernetesSdkTypes();
    const legacyInSdk = sdk.filter((t) => {
        const p = parseKubernetesType(t);
        return p !== undefined && legacyApiOf(p.apiVersion, p.kind) !== undefined;
    });

    it("the SDK offers the older versions the issue names (the table is not empty by accident)", () => {
        for (const t of [
            "kubernetes:extensions/v1beta1:Deployment",
            "kubernetes:apps/v1beta1:Deployment",
            "kubernetes:apps/v1beta2:DaemonSet",
            "kubernetes:batch/v1beta1:CronJob",
            "kubernetes:rbac.authorization.k8s.io/v1alpha1:ClusterRole",
            "kubernetes:rbac.authorization.k8s.io/v1beta1:RoleBinding",
            "kubernetes:networking.k8s.io/v1beta1:Ingress",
            "kubernetes:extensions/v1beta1:NetworkPolicy",
        ]) {
            assert.ok(legacyInSdk.includes(t), t);
        }
    });

    it("every older (apiVersion, kind) of the SDK is judged by exactly the policies that judge its GA form", () => {
        for (const t of legacyInSdk) {
            const ga = currentType(t);
            if (ga === t) continue; // PodSecurityPolicy: no successor
            assert.deepEqual(judgedBy(t), judgedBy(ga), `${t} vs ${ga}`);
        }
    });

    it("every SDK kind judged in its GA version is judged in each older version of the SDK", () => {
        // Derived from the SDK, not from the table: same kind, same API group family.
        const judgedGa = sdk.filter((t) => judgedBy(t).length > 0 && currentType(t) === t);
        for (const ga of judgedGa) {
            const g = parseKubernetesType(ga);
            if (g === undefined) continue;
            const older = sdk.filter((t) => {
                const p = parseKubernetesType(t);
                return (
                    p !== undefined &&
                    t !== ga &&
                    p.kind === g.kind &&
                    p.variant === g.variant &&
                    p.apiVersion.split("/")[0] === g.apiVersion.split("/")[0]
                );
            });
            for (const t of older) assert.deepEqual(judgedBy(t), judgedBy(ga), `${t} vs ${ga}`);
        }
    });

    it("withOlderVersions keeps the variant and adds nothing for kinds with no older version", () => {
        assert.deepEqual(withOlderVersions(["kubernetes:core/v1:Service"]), ["kubernetes:core/v1:Service"]);
        assert.deepEqual([...withOlderVersions(["kubernetes:batch/v1:CronJobPatch"])].sort(), [
            "kubernetes:batch/v1:CronJobPatch",
            "kubernetes:batch/v1beta1:CronJobPatch",
            "kubernetes:batch/v2alpha1:CronJobPatch",
        ]);
        assert.equal(parseKubernetesType("aws:s3/bucket:Bucket"), undefined);
        assert.deepEqual(parseKubernetesType("kubernetes:core/v1:PodList"), { apiVersion: "core/v1", kind: "Pod", variant: "List" });
    });

    for (const kind of WORKLOAD_KINDS) {
        const older = withOlderVersions([kind.type]).filter((t) => t !== kind.type);
        for (const type of older) {
            it(`CTR-3: a privileged container in a ${type} is reported like in ${kind.type}; the compliant one passes`, async () => {
                const spec = compliantPodSpec();
                const ok = await analyze([k8sPodPrivilege], { type, name: "web", props: manifest(kind, spec) });
                assert.deepEqual(ok.diagnostics, []);
                (spec.containers as { securityContext: Record<string, unknown> }[])[0].securityContext.privileged = true;
                const bad = await analyze([k8sPodPrivilege], { type, name: "web", props: manifest(kind, spec) });
                assert.equal(of(bad, "k8s-pod-privilege").length, 1);
                assert.match(of(bad, "k8s-pod-privilege")[0].message, /is privileged/);
            });
        }
    }

    it("K8S-5: a wildcard ClusterRole is reported in every RBAC apiVersion", async () => {
        for (const v of ["v1", "v1beta1", "v1alpha1"]) {
            const type = `kubernetes:rbac.authorization.k8s.io/${v}:ClusterRole`;
            const r = await analyze([k8sRbacNoWildcards], {
                type,
                name: "all",
                props: { metadata: { name: "all" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
            });
            assert.equal(of(r, "k8s-rbac-no-wildcards").length > 0, true, type);
        }
    });

    it("K8S-2: an allow-all extensions/v1beta1 NetworkPolicy is judged like a networking.k8s.io/v1 one", async () => {
        assert.ok(NETWORK_POLICY_TYPES.includes("kubernetes:extensions/v1beta1:NetworkPolicy"));
        const deny = { metadata: { name: "deny", namespace: "team-a" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
        const open = {
            metadata: { name: "open", namespace: "team-a" },
            spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] },
        };
        for (const type of ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "kubernetes:extensions/v1beta1:NetworkPolicy"]) {
            const r = await analyzeStack(
                [k8sNetworkPolicyNoAllowAll],
                [
                    { type, name: "deny", props: deny },
                    { type, name: "open", props: open },
                ],
            );
            assert.equal(of(r, "k8s-network-policy-no-allow-all").length, 1, type);
        }
    });

    describe("k8s-api-version-served (EKS-9)", () => {
        it("declares every removed (apiVersion, kind) the SDK offers, and no served one", () => {
            for (const t of legacyInSdk) assert.ok(REMOVED_API_TYPES.includes(t), t);
            for (const t of sdk.filter((x) => !legacyInSdk.includes(x))) assert.ok(!REMOVED_API_TYPES.includes(t), t);
        });

        it("reports each removed type of the SDK under the supported versions, naming the replacement", async () => {
            for (const type of legacyInSdk) {
                const r = await analyze([k8sApiVersionServed], { type, name: "x", props: { metadata: { name: "x" } } });
                const own = of(r, SERVED);
                assert.equal(own.length, 1, type);
                assert.equal(own[0].enforcementLevel, "mandatory");
                const p = parseKubernetesType(type);
                const entry = p && legacyApiOf(p.apiVersion, p.kind);
                assert.match(own[0].message, new RegExp(`stopped serving in ${entry?.removedIn.replace(".", "\\.")}`));
                assert.match(
                    own[0].message,
                    entry?.replacedBy ? new RegExp(`use apiVersion ${entry.replacedBy.replace(/\./g, "\\.")}`) : /has no successor/,
                );
            }
        });

        it("passes a removed version when every configured cluster version still serves it (property)", async () => {
            await fc.assert(
                fc.asyncProperty(fc.constantFrom(...LEGACY_APIS), fc.integer({ min: 10, max: 40 }), async (entry, minor) => {
                    const type = `kubernetes:${entry.apiVersion}:${entry.kinds[0]}`;
                    const r = await analyze(
                        [k8sApiVersionServed],
                        { type, name: "x", props: {} },
                        { [SERVED]: { kubernetesVersions: [`1.${minor}`] } },
                    );
                    const removed = Number(entry.removedIn.split(".")[1]);
                    assert.equal(of(r, SERVED).length, minor >= removed ? 1 : 0);
                }),
                { numRuns: 60 },
            );
        });

        it("an unreadable configured version counts as newer than every removal (fail closed)", async () => {
            const r = await analyze(
                [k8sApiVersionServed],
                { type: "kubernetes:apps/v1beta1:Deployment", name: "x", props: {} },
                { [SERVED]: { kubernetesVersions: ["latest"] } },
            );
            assert.equal(of(r, SERVED).length, 1);
        });

        it("GA types are not its business", async () => {
            const r = await analyze([k8sApiVersionServed], { type: "kubernetes:apps/v1:Deployment", name: "x", props: {} });
            assert.deepEqual(r.diagnostics, []);
            assert.equal(r.notApplicable.length, 1);
        });
    });
});
