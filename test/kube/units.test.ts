/**
 * The parts of `npm run kube` that need no Go and no control plane (they run in `npm test`): deriving the
 * staging pins from a k8s.io/kubernetes go.mod, the pinned version, reading stack objects out of a check
 * report, apply order, and the identities the bindings call for. The rest is in test/kube/*.kube.ts.
 */
import { strict as assert } from "assert";
import { KubeBuildError, pinnedVersion, stagingPins } from "../../tools/kube/build";
import { applyOrder, baselineIdentities, objectsOfReport, userForGroup } from "../../tools/kube/baseline";
import { withOverrides } from "../../tools/kube/harness";

const GO_MOD = `module k8s.io/kubernetes

go 1.25.0

require (
	go.etcd.io/etcd/client/v3 v3.6.5
	go.etcd.io/etcd/server/v3 v3.6.5 // indirect
	k8s.io/api v0.0.0
)

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/kube-aggregator => ./staging/src/k8s.io/kube-aggregator
	github.com/example/other => github.com/example/fork v1.0.0
)
`;

describe("kube build: pins derived from the k8s.io/kubernetes go.mod", () => {
    it("each staging module replaced by a local folder is pinned to v0.<minor>.<patch>; others are left alone", () => {
        const { pins, etcdVersion } = stagingPins(GO_MOD, "v1.35.4");
        assert.deepEqual(pins, [
            ["k8s.io/api", "v0.35.4"],
            ["k8s.io/kube-aggregator", "v0.35.4"],
        ]);
        assert.equal(etcdVersion, "v3.6.5");
    });
    it("a single-line replace directive is read too", () => {
        assert.deepEqual(stagingPins(`${GO_MOD}\nreplace k8s.io/kubelet => ./staging/src/k8s.io/kubelet\n`, "v1.34.2").pins.at(-1), [
            "k8s.io/kubelet",
            "v0.34.2",
        ]);
    });
    it("a go.mod without staging replacements, or without etcd, or a non-release version is refused", () => {
        assert.throws(() => stagingPins("module x\n", "v1.35.4"), KubeBuildError);
        assert.throws(
            () => stagingPins(GO_MOD.replace(/.*etcd\/server.*\n/, ""), "v1.35.4"),
            /does not require go\.etcd\.io\/etcd\/server\/v3/,
        );
        assert.throws(() => stagingPins(GO_MOD, "v1.35.0-rc.1"), /expected v1\.Y\.Z/);
    });
    it("the wrapper module pins a Kubernetes release of the baseline's default minor version", () => {
        assert.match(pinnedVersion(), /^v1\.35\.\d+$/);
    });
});

describe("kube baseline: stack objects from a check report", () => {
    const report = {
        resources: [
            { type: "aws:s3/bucket:Bucket", name: "b", inputs: {} },
            {
                type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
                name: "rb",
                inputs: {
                    apiVersion: "rbac.authorization.k8s.io/v1",
                    kind: "RoleBinding",
                    metadata: { name: "rb", namespace: "a" },
                    subjects: [{ kind: "Group", name: "team:a:edit" }],
                },
            },
            {
                type: "kubernetes:core/v1:ServiceAccountPatch",
                name: "sa",
                inputs: {
                    apiVersion: "v1",
                    kind: "ServiceAccount",
                    metadata: {
                        name: "default",
                        namespace: "a",
                        annotations: { "pulumi.com/patchFieldManager": "secure-baseline", "pulumi.com/patchForce": "true" },
                    },
                },
            },
            { type: "kubernetes:core/v1:Namespace", name: "ns", inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } } },
            {
                type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                name: "bg",
                inputs: {
                    apiVersion: "rbac.authorization.k8s.io/v1",
                    kind: "ClusterRoleBinding",
                    metadata: { name: "bg" },
                    subjects: [
                        { kind: "Group", name: "secure-baseline:break-glass" },
                        { kind: "User", name: "u" },
                    ],
                },
            },
        ],
    };
    const objects = objectsOfReport(report);

    it("keeps only kubernetes:* resources; a Patch takes its field manager and force from the annotations, which are not sent", () => {
        assert.equal(objects.length, 4);
        const sa = objects.find((o) => o.object.kind === "ServiceAccount")!;
        assert.equal(sa.fieldManager, "secure-baseline");
        assert.equal(sa.force, true);
        assert.equal(sa.object.metadata.annotations, undefined);
        assert.equal(objects.find((o) => o.object.kind === "RoleBinding")!.fieldManager, undefined);
    });
    it("applies namespaces first and bindings last", () => {
        assert.deepEqual(
            applyOrder(objects).map((o) => o.object.kind),
            ["Namespace", "ServiceAccount", "RoleBinding", "ClusterRoleBinding"],
        );
    });
    it("one user per bound group, plus an outsider in no group", () => {
        assert.deepEqual(baselineIdentities(objects), [
            { name: "break-glass", groups: ["secure-baseline:break-glass"] },
            { name: "a-edit", groups: ["team:a:edit"] },
            { name: "outsider", groups: [] },
        ]);
        assert.equal(userForGroup("team:search:view"), "search-view");
    });
});

describe("kube harness: extra flags replace the harness's own", () => {
    it("a flag named in the extras replaces every base flag of that name (a list flag would otherwise add to it)", () => {
        const base = ["--etcd-servers=http://127.0.0.1:2379", "--v=1", "--profiling=false"];
        assert.deepEqual(withOverrides(base, ["--etcd-servers=http://127.0.0.1:9"]), [
            "--v=1",
            "--profiling=false",
            "--etcd-servers=http://127.0.0.1:9",
        ]);
    });
    it("flags not in the base are added after it, and no extras leave the base as it is", () => {
        assert.deepEqual(withOverrides(["--v=1"], ["--audit-log-path=/tmp/a"]), ["--v=1", "--audit-log-path=/tmp/a"]);
        assert.deepEqual(withOverrides(["--v=1"]), ["--v=1"]);
    });
});
