/** ContainmentResponse under mocks: what it registers, with the values the pack and AWS will see. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import {
    CONTAINMENT_GROUP,
    ContainmentResponse,
    ContainmentResponseArgs,
    containmentEventPattern,
    containmentRolePolicy,
    DEFAULT_CONTAINMENT_FINDING_TYPES,
} from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, TEST_STACK, parseJsonInput, runPulumi } from "../support/harness";
import { runExpectingError } from "../detection/fixture";

const CLUSTER = "prod-eks";
const FUNCTION = `${CLUSTER}-containment`;

function args(provider: k8s.Provider, extra: Partial<ContainmentResponseArgs> = {}): ContainmentResponseArgs {
    return {
        clusterName: CLUSTER,
        clusterEndpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
        clusterCertificateAuthority: "Q0E=",
        clusterSecurityGroupId: "sg-cluster",
        vpcId: "vpc-1",
        vpcCidr: "10.0.0.0/16",
        subnetIds: ["subnet-a", "subnet-b"],
        internetEgress: true,
        alertTopicName: "detection-alerts",
        alertTopicArn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:detection-alerts`,
        alertsKeyAliasName: `alias/secure-baseline/${TEST_STACK}/alerts/detection-alerts-key`,
        namespaces: ["payments", "search"],
        kubernetesProvider: provider,
        ...extra,
    };
}

function run(extra: Partial<ContainmentResponseArgs> = {}): Promise<RunResult<ContainmentResponse>> {
    return runPulumi(() => new ContainmentResponse("containment", args(new k8s.Provider("k8s", { kubeconfig: "{}" }), extra)));
}

describe("ContainmentResponse (DET-9) under mocks", () => {
    let r: RunResult<ContainmentResponse>;
    before(async () => {
        r = await run();
    });

    it("a Node.js 22 function from the built folder, with a KMS-encrypted environment, a DLQ and reserved concurrency", () => {
        const fn = r.one("aws:lambda/function:Function").inputs;
        assert.equal(fn.name, FUNCTION);
        assert.equal(fn.runtime, "nodejs22.x");
        assert.equal(fn.handler, "index.handler");
        assert.equal(fn.reservedConcurrentExecutions, 2);
        assert.ok(String(fn.kmsKeyArn).includes("containment-key"), `kmsKeyArn ${String(fn.kmsKeyArn)}`);
        assert.ok(String((fn.deadLetterConfig as { targetArn: string }).targetArn).includes("containment-dlq"));
        assert.deepEqual((fn.vpcConfig as { subnetIds: string[] }).subnetIds, ["subnet-a", "subnet-b"]);
        const env = (fn.environment as { variables: Record<string, string> }).variables;
        assert.equal(env.CLUSTER_NAME, CLUSTER);
        assert.equal(env.NAMESPACES, "payments,search");
        assert.equal(env.QUARANTINE_LABEL, "quarantine");
        assert.equal(env.DRY_RUN, "false");
        assert.equal(env.FINDING_TYPES, DEFAULT_CONTAINMENT_FINDING_TYPES.join(","));
        // The code is the build's output folder, with the handler in it.
        const dir = r.value.codeDirectory;
        assert.ok(fn.code, "code is set");
        assert.equal(dir, path.resolve(__dirname, "..", "..", "dist", "functions", "containment"));
        assert.ok(fs.existsSync(path.join(dir, "index.js")), `${dir}/index.js exists`);
    });

    it("retries twice for at most an hour, then the dead letter queue (encrypted with the function's key) keeps the event", () => {
        const cfg = r.one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs;
        assert.deepEqual([cfg.maximumRetryAttempts, cfg.maximumEventAgeInSeconds], [2, 3600]);
        const q = r.one("aws:sqs/queue:Queue").inputs;
        assert.equal(q.name, `${FUNCTION}-dlq`);
        assert.equal(q.kmsMasterKeyId, `alias/secure-baseline/${TEST_STACK}/response/containment-key`);
    });

    it("logs to its own log group, KMS-encrypted with a retention, protected", () => {
        const lg = r.one("aws:cloudwatch/logGroup:LogGroup");
        assert.equal(lg.inputs.name, `/aws/lambda/${FUNCTION}`);
        assert.equal(lg.inputs.retentionInDays, 365);
        assert.ok(lg.inputs.kmsKeyId);
        assert.equal(lg.protect, true);
    });

    it("the role policy is the planned one, fully known (names, not created ARNs)", () => {
        const doc = parseJsonInput(r.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
        const ctx = { partition: "aws", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, dnsSuffix: "amazonaws.com" };
        assert.deepEqual(
            doc,
            containmentRolePolicy(ctx, {
                functionName: FUNCTION,
                alertTopicName: "detection-alerts",
                keyAlias: `alias/secure-baseline/${TEST_STACK}/response/containment-key`,
                alertsKeyAlias: `alias/secure-baseline/${TEST_STACK}/alerts/detection-alerts-key`,
            }),
        );
    });

    it("an EKS access entry maps the function's role to its group, with no access policy", () => {
        const e = r.one("aws:eks/accessEntry:AccessEntry").inputs;
        assert.equal(e.principalArn, `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${FUNCTION}`);
        assert.deepEqual(e.kubernetesGroups, [CONTAINMENT_GROUP]);
        assert.deepEqual(r.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"), []);
    });

    it("the group is bound in each contained namespace only, through the cluster's provider", () => {
        const bindings = r.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
        assert.deepEqual(
            bindings.map((b) => (b.inputs.metadata as { namespace: string }).namespace),
            ["payments", "search"],
        );
        for (const b of [...bindings, r.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")])
            assert.ok(b.hasExplicitProvider, b.name);
        assert.deepEqual(r.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"), []);
    });

    it("an admission policy bound cluster-wide refuses any pod spec change by the group; the RoleBindings wait for it", () => {
        const vap = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy").inputs as {
            spec: { matchConditions: Array<{ expression: string }>; validations: Array<{ expression: string }>; failurePolicy: string };
        };
        assert.deepEqual(
            vap.spec.matchConditions.map((c) => c.expression),
            [`'${CONTAINMENT_GROUP}' in request.userInfo.groups`],
        );
        assert.deepEqual(
            vap.spec.validations.map((v) => v.expression),
            ["object.spec == oldObject.spec"],
        );
        assert.equal(vap.spec.failurePolicy, "Fail");
        const binding = r.one("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding");
        assert.deepEqual((binding.inputs.spec as { validationActions: string[] }).validationActions, ["Deny"]);
        for (const b of r.ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"))
            assert.ok(
                b.dependsOn.some((d) => d.endsWith("::containment-metadata-only-binding")),
                `${b.name} waits for the policy binding`,
            );
    });

    it("the rule sends this cluster's chosen findings to the function, which only EventBridge of this account may invoke", () => {
        const rule = r.one("aws:cloudwatch/eventRule:EventRule").inputs;
        assert.deepEqual(parseJsonInput(rule.eventPattern), containmentEventPattern(CLUSTER, DEFAULT_CONTAINMENT_FINDING_TYPES, 7));
        const p = r.one("aws:lambda/permission:Permission").inputs;
        assert.equal(p.principal, "events.amazonaws.com");
        assert.equal(p.sourceAccount, MOCK_ACCOUNT_ID);
        assert.ok(p.sourceArn);
    });

    it("network: the function reaches the API (one ingress rule on the cluster's group) and, with NAT, AWS on 443 only", () => {
        const ingress = r.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs;
        assert.deepEqual([ingress.securityGroupId, ingress.fromPort, ingress.toPort], ["sg-cluster", 443, 443]);
        const egress = r
            .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
            .map((e) => [e.inputs.cidrIpv4, e.inputs.fromPort, e.inputs.toPort]);
        assert.deepEqual(egress, [
            ["10.0.0.0/16", 443, 443],
            ["0.0.0.0/0", 443, 443],
        ]);
    });

    it("without NAT, egress stays in the VPC; dry run reaches the function's environment", async () => {
        const noNat = await run({ internetEgress: false, dryRun: true, minSeverity: 5 });
        assert.deepEqual(
            noNat.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((e) => e.inputs.cidrIpv4),
            ["10.0.0.0/16"],
        );
        const env = (noNat.one("aws:lambda/function:Function").inputs.environment as { variables: Record<string, string> }).variables;
        assert.deepEqual([env.DRY_RUN, env.MIN_SEVERITY], ["true", "5"]);
    });

    it("bad arguments stop it before any resource exists, naming the argument", async () => {
        const { message, registered } = await runExpectingError(
            () =>
                new ContainmentResponse(
                    "c",
                    args(undefined as unknown as k8s.Provider, { findingTypes: ["Recon:EC2/PortProbeUnprotectedPort"] }),
                ),
        );
        assert.match(message, /^ContainmentResponse "c": findingTypes\[0\] "Recon:EC2\/PortProbeUnprotectedPort" is not allowed/);
        assert.equal(registered, 0);
    });
});

describe("ContainmentResponse: the function's build", () => {
    it("a build older than its sources is compiled again before it is shipped (a fresh clone needs no separate step)", async () => {
        const { containmentCodeDir } = await import("../../components/response/asset");
        const entry = path.join(containmentCodeDir(), "index.js");
        const past = new Date(Date.now() - 365 * 24 * 3600 * 1000);
        fs.utimesSync(entry, past, past);
        containmentCodeDir();
        assert.ok(fs.statSync(entry).mtimeMs > past.getTime() + 1000, "index.js was rebuilt");
    });
});
