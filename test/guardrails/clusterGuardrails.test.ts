import { strict as assert } from "assert";
import { ClusterGuardrails, ClusterGuardrailsArgs, planAdmission } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { K8sRun, runExpectingError, runWithCluster } from "./support/run";
import { validateManifest } from "./support/schema";

const ECR = `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com`;
const ecr = { accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION };
const CG = "secure-baseline:guardrails:ClusterGuardrails";

const plan = planAdmission([ECR], false);

// What each admission policy admits and denies is judged by the real API server's CEL, on every workload
// kind: test/kube/admission.kube.ts and test/kube/admissionTable.kube.ts (npm run test:kube). Here: the
// plan's structure.
describe("ClusterGuardrails admission plan (K8S-6)", () => {
    it("K8S-6: bindings deny by default and only audit and warn with auditOnly", () => {
        assert.ok(plan.every(({ binding }) => JSON.stringify(binding.spec?.validationActions) === JSON.stringify(["Deny"])));
        assert.ok(
            planAdmission([ECR], true).every(
                ({ binding }) => JSON.stringify(binding.spec?.validationActions) === JSON.stringify(["Audit", "Warn"]),
            ),
        );
    });

    it("K8S-6: policies cover every workload kind plus the ephemeral-containers subresource, for CREATE and UPDATE", () => {
        for (const { policy } of plan) {
            const rules = policy.spec?.matchConstraints?.resourceRules ?? [];
            const covered = rules.flatMap((r) => (r.resources ?? []).map((res) => `${(r.apiGroups ?? [])[0]}/${res}`));
            assert.deepEqual(covered.sort(), [
                "/pods",
                "/pods/ephemeralcontainers",
                "apps/daemonsets",
                "apps/deployments",
                "apps/replicasets",
                "apps/statefulsets",
                "batch/cronjobs",
                "batch/jobs",
            ]);
            assert.ok(rules.every((r) => JSON.stringify(r.operations) === JSON.stringify(["CREATE", "UPDATE"])));
            assert.equal(policy.spec?.failurePolicy, "Fail");
        }
    });
});

describe("ClusterGuardrails component (K8S-5 cluster side, K8S-6)", () => {
    let run: K8sRun<ClusterGuardrails>;
    before(async () => {
        run = await runWithCluster(
            (provider) => new ClusterGuardrails("guard", { ecr, imageSigning: false, readOnlyGroups: ["platform-readers"] }, { provider }),
        );
    });

    it("K8S-6: registers one policy and one binding per check, the allowlist defaulting to the account's ECR", () => {
        const policies = run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy");
        const bindings = run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding");
        assert.equal(policies.length, 6);
        assert.equal(bindings.length, 6);
        const registries = policies.find((p) => (p.inputs.metadata as { name: string }).name === "secure-baseline-allowed-registries");
        const expr = (registries?.inputs.spec as { validations: Array<{ expression: string }> }).validations[0].expression;
        assert.ok(expr.includes(`['${ECR}']`), expr);
        for (const b of bindings) {
            const spec = b.inputs.spec as { validationActions: string[]; matchResources: { namespaceSelector: unknown } };
            assert.deepEqual(spec.validationActions, ["Deny"]);
            assert.deepEqual(spec.matchResources.namespaceSelector, {
                matchExpressions: [
                    {
                        key: "kubernetes.io/metadata.name",
                        operator: "NotIn",
                        values: ["kube-system", "kube-public", "kube-node-lease", "amazon-guardduty"],
                    },
                ],
            });
            assert.equal(b.dependsOn.length, 1);
        }
    });

    it("K8S-5: a read-only ClusterRole (get/list/watch namespaces and nodes) bound to the given groups", () => {
        const role = run.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
        assert.deepEqual(role.inputs.rules, [{ apiGroups: [""], resources: ["namespaces", "nodes"], verbs: ["get", "list", "watch"] }]);
        const binding = run.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "read-only");
        assert.deepEqual(binding.inputs.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "platform-readers" }]);
    });

    it("K8S-5: exactly one binding to cluster-admin, for the documented break-glass group", () => {
        const admin = run
            .ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
            .filter((b) => (b.inputs.roleRef as { name: string }).name === "cluster-admin");
        assert.equal(admin.length, 1);
        assert.deepEqual(admin[0].inputs.subjects, [
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "secure-baseline:break-glass" },
        ]);
    });

    it("K8S-5: breakGlassGroup false leaves nothing bound to cluster-admin; a custom group replaces the default", async () => {
        const off = await runWithCluster(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: false, breakGlassGroup: false }, { provider }),
        );
        assert.equal(off.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
        const custom = await runWithCluster(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: false, breakGlassGroup: "ir-team" }, { provider }),
        );
        const b = custom.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        assert.deepEqual(
            (b.inputs.subjects as Array<{ name: string }>).map((s) => s.name),
            ["ir-team"],
        );
    });

    it("K8S-6: the GuardDuty agent namespace is exempt by default (DET-1); exemptNamespaces replaces the list", async () => {
        // That the server then judges nothing there is shown on a real API server (test/kube/admission.kube.ts).
        const excluded = (p: typeof plan) =>
            p.map(({ binding }) => binding.spec?.matchResources?.namespaceSelector?.matchExpressions?.[0]?.values ?? []);
        assert.ok(excluded(planAdmission([ECR], false, ["amazon-guardduty"])).every((v) => v.includes("amazon-guardduty")));
        assert.ok(excluded(plan).every((v) => !v.includes("amazon-guardduty")));
        const r = await runWithCluster(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: false, exemptNamespaces: [] }, { provider }),
        );
        for (const b of r.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")) {
            const sel = (b.inputs.spec as { matchResources: { namespaceSelector: { matchExpressions: Array<{ values: string[] }> } } })
                .matchResources.namespaceSelector;
            assert.deepEqual(sel.matchExpressions[0].values, ["kube-system", "kube-public", "kube-node-lease"]);
        }
    });

    it("K8S-6: auditOnly switches every binding to Audit and Warn", async () => {
        const r = await runWithCluster(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: false, auditOnly: true }, { provider }),
        );
        for (const b of r.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")) {
            assert.deepEqual((b.inputs.spec as { validationActions: string[] }).validationActions, ["Audit", "Warn"]);
        }
    });

    it("K8S-5/K8S-6: every registered input validates against the Kubernetes schemas", () => {
        for (const c of run.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            validateManifest(c.inputs as { apiVersion?: string; kind?: string });
        }
    });

    it("K8S-5/K8S-6: every child uses the cluster's provider and is parented; no namespace is created", () => {
        const children = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.equal(children.length, 6 + 6 + 1 + 1 + 1);
        for (const c of children) {
            assert.equal(run.providerOf.get(c.name), run.provider, c.name);
            assert.equal(c.parentType, CG);
        }
        assert.equal(run.ofType("kubernetes:core/v1:Namespace").length, 0);
    });

    describe("bad input: a clear error and nothing registered", () => {
        const cases: Array<[string, ClusterGuardrailsArgs, RegExp]> = [
            [
                "a registry URL with a scheme",
                { ecr, imageSigning: false, additionalRegistries: ["https://ghcr.io"] },
                /additionalRegistries\[0\] "https:\/\/ghcr.io" is not a registry host/,
            ],
            [
                "a registry with a path",
                { ecr, imageSigning: false, additionalRegistries: ["ghcr.io/org"] },
                /additionalRegistries\[0\] "ghcr.io\/org" is not a registry host/,
            ],
            [
                "a wildcard registry",
                { ecr, imageSigning: false, additionalRegistries: ["*.ecr.aws"] },
                /"\*.ecr.aws" is not a registry host/,
            ],
            ["a registry without a dot", { ecr, imageSigning: false, additionalRegistries: ["nginx"] }, /"nginx" is not a registry host/],
            ["an empty registry", { ecr, imageSigning: false, additionalRegistries: [""] }, /"" is not a registry host/],
            [
                "an uppercase registry",
                { ecr, imageSigning: false, additionalRegistries: ["Docker.io"] },
                /"Docker.io" is not a registry host/,
            ],
            [
                "a registry with a bad port",
                { ecr, imageSigning: false, additionalRegistries: ["r.example.com:70000"] },
                /"r.example.com:70000" is not a registry host/,
            ],
            [
                "an account id that is not 12 digits",
                { ecr: { accountId: "1234", region: MOCK_REGION }, imageSigning: false },
                /ecr.accountId "1234" is not an AWS account id/,
            ],
            [
                "a bad region",
                { ecr: { accountId: MOCK_ACCOUNT_ID, region: "US East" }, imageSigning: false },
                /ecr.region "US East" is not an AWS region/,
            ],
            [
                "an exempt namespace that is not a DNS-1123 label",
                { ecr, imageSigning: false, exemptNamespaces: ["Monitoring"] },
                /exemptNamespaces\[0\] "Monitoring" is not a DNS-1123 label/,
            ],
            [
                "exempting the default namespace",
                { ecr, imageSigning: false, exemptNamespaces: ["default"] },
                /exemptNamespaces\[0\] "default" may not be exempt/,
            ],
            [
                "an empty read-only group",
                { ecr, imageSigning: false, readOnlyGroups: [""] },
                /readOnlyGroups\[0\] "" is an empty group name/,
            ],
            ["an empty break-glass group", { ecr, imageSigning: false, breakGlassGroup: "" }, /breakGlassGroup "" is an empty group name/],
            [
                "system:masters as break-glass group",
                { ecr, imageSigning: false, breakGlassGroup: "system:masters" },
                /breakGlassGroup "system:masters" is a reserved system: group/,
            ],
        ];
        for (const [label, args, message] of cases) {
            it(`rejects ${label}`, async () => {
                const r = await runExpectingError((provider) => new ClusterGuardrails("g", args, { provider }));
                assert.match(r.message, message);
                assert.match(r.message, /^ClusterGuardrails "g": /);
                assert.deepEqual(r.registered, []);
            });
        }
        it("rejects a missing Kubernetes provider", async () => {
            const r = await runExpectingError(() => new ClusterGuardrails("g", { ecr, imageSigning: false }));
            assert.match(r.message, /must include the cluster's Kubernetes provider/);
            assert.deepEqual(r.registered, []);
        });
    });
});
