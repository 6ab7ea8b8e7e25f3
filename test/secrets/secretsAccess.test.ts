/**
 * SecretsAccess (DATA-4) under mocks: what it registers, with which inputs and options, and its
 * validators' messages. The IAM documents are evaluated in iamSimulate.test.ts, the SecretStore and
 * the RBAC against a real API server in test/kube/secrets.kube.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { ESO_CHART, SecretsAccess, SecretsAccessArgs, boundedRoleName, helmValues, validateSecretsAccessArgs } from "../../components";
import { MOCK_REGION } from "../../tools/check/canned";
import { K8sRun, runExpectingError } from "../guardrails/support/run";
import { parseJsonInput } from "../support/harness";
import { ARGS, ROLE, SM, roleArn, runSecrets } from "./fixture";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const STORE = "kubernetes:external-secrets.io/v1:SecretStore";

describe("SecretsAccess component (DATA-4)", () => {
    let run: K8sRun<SecretsAccess>;
    before(async () => {
        run = await runSecrets();
    });

    it("KMS-1: a protected, rotating Secrets Manager key with an alias", () => {
        const key = run.one("aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.protect, true);
        assert.equal(key.retainOnDelete, true);
        assert.equal(run.one("aws:kms/alias:Alias").protect, true);
    });

    it("one role per team with a fixed name (known at preview), and the controller's role", () => {
        assert.deepEqual(
            run
                .ofType(ROLE)
                .map((r) => r.inputs.name)
                .sort(),
            ["dev-eso-controller", "dev-eso-team-checkout", "dev-eso-team-payments"],
        );
    });

    it("the controller's role is assumed through EKS Pod Identity by the operator's service account only, and may only assume the team roles", () => {
        const controller = run.ofType(ROLE).find((r) => r.inputs.name === "dev-eso-controller")!;
        const trust = parseJsonInput<{ Statement: Array<{ Principal: unknown; Condition: Record<string, Record<string, string>> }> }>(
            controller.inputs.assumeRolePolicy,
        );
        assert.deepEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        assert.equal(trust.Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-namespace"], "external-secrets");
        assert.equal(trust.Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], "external-secrets");
        const policy = parseJsonInput<{ Statement: unknown[] }>((controller.inputs.inlinePolicies as Array<{ policy: string }>)[0].policy);
        assert.deepEqual(policy.Statement, [
            {
                Sid: "AssumeTeamRoles",
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Resource: [roleArn("dev-eso-team-payments"), roleArn("dev-eso-team-checkout")],
            },
        ]);
        const association = run.one("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        assert.deepEqual(
            [association.inputs.clusterName, association.inputs.namespace, association.inputs.serviceAccount],
            ["dev", "external-secrets", "external-secrets"],
        );
    });

    it("a team role reads <prefix>/<team>/* only", () => {
        const team = run.ofType(ROLE).find((r) => r.inputs.name === "dev-eso-team-payments")!;
        const policy = parseJsonInput<{ Statement: Array<{ Resource: string }> }>(
            (team.inputs.inlinePolicies as Array<{ policy: string }>)[0].policy,
        );
        assert.equal(policy.Statement[0].Resource, `${SM}:apps/payments/*`);
    });

    it("PACK-9: the pinned chart with the reviewed values, after the Pod Identity association, quota and network policies", () => {
        const release = run.one(RELEASE);
        assert.deepEqual(
            [release.inputs.chart, release.inputs.version, (release.inputs.repositoryOpts as { repo: string }).repo],
            [ESO_CHART.chart, ESO_CHART.version, ESO_CHART.repository],
        );
        assert.equal(release.inputs.namespace, "external-secrets");
        assert.deepEqual(release.inputs.values, helmValues());
        assert.ok(
            release.dependsOn.some((d) => d.includes("PodIdentityAssociation")),
            release.dependsOn.join(", "),
        );
        assert.ok(release.dependsOn.some((d) => d.includes("ResourceQuota")));
        assert.equal(release.dependsOn.filter((d) => d.includes("NetworkPolicy")).length, 5);
    });

    it("one SecretStore per team namespace, naming the team's role and prefix, after the release", () => {
        const stores = run.ofType(STORE);
        assert.deepEqual(stores.map((s) => (s.inputs.metadata as { namespace: string }).namespace).sort(), [
            "checkout",
            "payments",
            "payments-batch",
        ]);
        const batch = stores.find((s) => (s.inputs.metadata as { namespace: string }).namespace === "payments-batch")!;
        assert.deepEqual(batch.inputs.spec, {
            provider: {
                aws: { service: "SecretsManager", region: MOCK_REGION, role: roleArn("dev-eso-team-payments"), prefix: "apps/payments/" },
            },
        });
        assert.ok(stores.every((s) => s.dependsOn.some((d) => d.includes("helm.sh/v3:Release"))));
        assert.ok(stores.every((s) => s.hasExplicitProvider));
    });

    it("K8S-1/2/4/5: the operator's namespace is Pod Security restricted, default-deny with HTTPS to the VPC only, and under a quota", () => {
        const ns = run.one("kubernetes:core/v1:Namespace");
        assert.equal((ns.inputs.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"], "restricted");
        const policies = run.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
            (p) =>
                p.inputs as {
                    metadata: { name: string };
                    spec: {
                        egress?: Array<{ to: Array<{ ipBlock?: { cidr: string } }>; ports: unknown }>;
                        ingress?: Array<{ from: Array<{ ipBlock?: { cidr: string } }>; ports: unknown }>;
                    };
                },
        );
        const egress = policies
            .flatMap((p) => p.spec.egress ?? [])
            .flatMap((e) => e.to.map((t) => t.ipBlock?.cidr))
            .filter((c) => c !== undefined);
        assert.deepEqual(egress, ["10.0.0.0/16"]);
        const webhook = policies.find((p) => p.metadata.name === "allow-webhook-from-vpc")!;
        assert.deepEqual(webhook.spec.ingress, [
            { from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 10250, protocol: "TCP" }] },
        ]);
        run.one("kubernetes:core/v1:ResourceQuota");
        assert.equal(run.one("kubernetes:core/v1:ServiceAccountPatch").inputs.automountServiceAccountToken, false);
    });

    it("no team: no SecretStore, and the controller's role has no permission at all", async () => {
        const empty = await runSecrets({ ...ARGS, teams: [] });
        assert.equal(empty.ofType(STORE).length, 0);
        assert.deepEqual(empty.one(ROLE).inputs.inlinePolicies, []);
    });

    it("the secret prefix defaults to the cluster name", async () => {
        const r = await runSecrets({ ...ARGS, secretNamePrefix: undefined });
        const team = r.ofType(ROLE).find((x) => x.inputs.name === "dev-eso-team-checkout")!;
        assert.match(JSON.stringify(team.inputs.inlinePolicies), /secret:dev\/checkout\/\*/);
    });
});

describe("SecretsAccess reviewed Helm values", () => {
    const values = helmValues() as Record<string, Record<string, unknown>>;

    it("restricted security contexts, the node selector and no host network on all three deployments", () => {
        for (const part of [values, values.webhook, values.certController]) {
            assert.deepEqual(part.securityContext, {
                enabled: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 1000,
                seccompProfile: { type: "RuntimeDefault" },
            });
            assert.deepEqual(part.podSecurityContext, { enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            assert.deepEqual(part.nodeSelector, { "kubernetes.io/os": "linux", "eks.amazonaws.com/nodegroup": "system" });
            assert.equal(part.hostNetwork, false);
            const res = part.resources as { requests: Record<string, string>; limits: Record<string, string> };
            assert.deepEqual(Object.keys(res.requests).sort(), ["cpu", "memory"]);
            assert.deepEqual(Object.keys(res.limits).sort(), ["cpu", "memory"]);
        }
        assert.deepEqual((helmValues({ role: "system" }) as { webhook: { nodeSelector: unknown } }).webhook.nodeSelector, {
            role: "system",
        });
    });

    it("no cluster-wide store or secret kinds, no aggregation into the built-in edit role, CRDs installed", () => {
        assert.equal(values.installCRDs, true);
        assert.deepEqual(
            [values.crds.createClusterSecretStore, values.crds.createClusterExternalSecret, values.crds.createClusterPushSecret],
            [false, false, false],
        );
        assert.deepEqual(
            [values.processClusterStore, values.processClusterExternalSecret, values.processClusterPushSecret],
            [false, false, false],
        );
        assert.deepEqual([values.rbac.aggregateToEdit, values.rbac.aggregateToView], [false, false]);
    });

    it("webhook: failure policy Fail, two replicas and a disruption budget; cert controller on", () => {
        assert.equal(values.webhook.failurePolicy, "Fail");
        assert.equal(values.webhook.replicaCount, 2);
        assert.deepEqual(values.webhook.podDisruptionBudget, { enabled: true, minAvailable: 1 });
        assert.equal(values.certController.create, true);
    });

    // The chart's own schema, from the ESO Go module of the pinned release line (the chart 1.3.2 is cut from
    // it; `go mod download github.com/external-secrets/external-secrets@v1.3.2` puts it in the module cache).
    const schemaFile = path.join(
        process.env.GOMODCACHE ?? path.join(process.env.GOPATH ?? path.join(os.homedir(), "go"), "pkg", "mod"),
        `github.com/external-secrets/external-secrets@v${ESO_CHART.version}`,
        "deploy/charts/external-secrets/values.schema.json",
    );
    (fs.existsSync(schemaFile) ? it : it.skip)("the values satisfy the chart's values.schema.json (from the Go module cache)", () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")) as object);
        assert.ok(validate(values), JSON.stringify(validate.errors));
        const bad = { ...values, webhook: { ...values.webhook, replicaCount: "two" } };
        assert.equal(validate(bad), false, "the schema rejects a wrong type, so the check can fail");
    });
});

describe("SecretsAccess validation: messages name the argument, quote the value, list what is allowed", () => {
    const cases: Array<[string, Partial<SecretsAccessArgs>, RegExp]> = [
        ["a bad cluster name", { clusterName: "-x" }, /clusterName "-x" is not an EKS cluster name/],
        [
            "a prefix with a trailing slash",
            { secretNamePrefix: "apps/" },
            /secretNamePrefix "apps\/" is not a Secrets Manager name prefix; use 1 to 256 characters \(letters, digits and/,
        ],
        ["a prefix with a wildcard", { secretNamePrefix: "apps*" }, /secretNamePrefix "apps\*"/],
        ["a prefix with a double slash", { secretNamePrefix: "a//b" }, /secretNamePrefix "a\/\/b"/],
        ["a bad team name", { teams: [{ name: "Payments", namespaces: ["p"] }] }, /teams\[0\]\.name "Payments" is not a DNS-1123 label/],
        [
            "a duplicate team",
            {
                teams: [
                    { name: "a", namespaces: ["a"] },
                    { name: "a", namespaces: ["b"] },
                ],
            },
            /teams\[1\]\.name "a" appears twice/,
        ],
        [
            "a namespace of two teams",
            {
                teams: [
                    { name: "a", namespaces: ["x"] },
                    { name: "b", namespaces: ["x"] },
                ],
            },
            /teams\[1\]\.namespaces\[0\] "x" already belongs to team "a"/,
        ],
        ["a team without namespaces", { teams: [{ name: "a", namespaces: [] }] }, /teams\[0\]\.namespaces is empty/],
        ["no VPC CIDR", { vpcCidrs: [] }, /vpcCidrs is empty/],
        ["a bad VPC CIDR", { vpcCidrs: ["10.0.0.1/16"] }, /vpcCidrs\[0\] "10\.0\.0\.1\/16"/],
    ];
    for (const [what, change, message] of cases) {
        it(`refuses ${what}`, () => {
            assert.throws(
                () => validateSecretsAccessArgs("s", { ...ARGS, ...change }),
                (e: Error) => message.test(e.message) && e.message.startsWith('SecretsAccess "s": '),
            );
        });
    }

    it("refuses before registering any resource, and without a Kubernetes provider", async () => {
        const r = await runExpectingError((provider) => new SecretsAccess("s", { ...ARGS, secretNamePrefix: "/x" }, { provider }));
        assert.match(r.message, /secretNamePrefix "\/x"/);
        assert.deepEqual(r.registered, []);
        const np = await runExpectingError(() => new SecretsAccess("s", ARGS));
        assert.match(np.message, /must include the cluster's Kubernetes provider/);
    });

    it("long role names are cut to 64 characters and stay distinct", () => {
        const long = "c".repeat(90);
        const a = boundedRoleName(long, "eso-team", "a");
        const b = boundedRoleName(long, "eso-team", "b");
        assert.equal(a.length, 64);
        assert.notEqual(a, b);
        assert.equal(boundedRoleName("dev", "eso-team", "a"), "dev-eso-team-a");
    });
});
