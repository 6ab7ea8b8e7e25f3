/**
 * DET-9 planning: the EventBridge pattern against the sample findings, the validators' messages, the
 * function's IAM policy through @cloud-copilot/iam-simulate, the RBAC manifests, and the stack config keys.
 */
import { strict as assert } from "assert";
import {
    buildKeyPolicy,
    CONTAINMENT_GROUP,
    ContainmentArgsError,
    DEFAULT_CONTAINMENT_FINDING_TYPES,
    containmentEventPattern,
    containmentRolePolicy,
    validateContainmentArgs,
} from "../../components";
import { containmentClusterRole, containmentFunctionName, containmentRoleBindings } from "../../components/response/plan";
import { parseConfig } from "../../stacks/config";
import { matchesPattern } from "../detection/eventPatternMatcher";
import { assertNoWildcardActions, decide } from "../storage/support/iamChecks";
import { ACCOUNT, CLUSTER, REGION, auditLogFinding, ec2Finding, runtimeFinding } from "./findings";

const ctx = { partition: "aws", accountId: ACCOUNT, region: REGION, dnsSuffix: "amazonaws.com" };
const FUNCTION = containmentFunctionName(CLUSTER);
const KEY_ALIAS = "alias/secure-baseline/test/response/containment-key";
const ALERTS_ALIAS = "alias/secure-baseline/test/alerts/detection-alerts-key";
const TOPIC = "detection-alerts-1a2b3c4";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${FUNCTION}`;

describe("DET-9 planning: the EventBridge rule's pattern", () => {
    const pattern = containmentEventPattern(CLUSTER, DEFAULT_CONTAINMENT_FINDING_TYPES, 7);

    it("matches a runtime finding of a chosen type, at or above the severity, about this cluster", () => {
        assert.equal(matchesPattern(pattern, runtimeFinding()), true);
        assert.equal(matchesPattern(pattern, runtimeFinding({ severity: 7 })), true);
        assert.equal(matchesPattern(pattern, runtimeFinding({ type: "Backdoor:Runtime/C&CActivity.B!DNS" })), true);
    });

    it("leaves out lower severities, other types, other clusters and EC2 findings", () => {
        assert.equal(matchesPattern(pattern, runtimeFinding({ severity: 6.9 })), false);
        assert.equal(matchesPattern(pattern, runtimeFinding({ type: "Execution:Runtime/NewBinaryExecuted" })), false);
        assert.equal(matchesPattern(pattern, runtimeFinding({ cluster: `${CLUSTER}-2` })), false);
        assert.equal(matchesPattern(pattern, ec2Finding()), false);
        assert.equal(matchesPattern(pattern, { ...runtimeFinding(), source: "aws.securityhub" }), false);
    });

    it("follows the configured severity: an EKS audit-log finding (medium) matches only when the minimum allows", () => {
        assert.equal(matchesPattern(pattern, auditLogFinding()), false);
        assert.equal(matchesPattern(containmentEventPattern(CLUSTER, DEFAULT_CONTAINMENT_FINDING_TYPES, 5), auditLogFinding()), true);
    });
});

describe("DET-9 planning: validation", () => {
    const check = (args: Parameters<typeof validateContainmentArgs>[1]) => () => validateContainmentArgs("c", args);
    const base = { clusterName: CLUSTER };

    it("accepts the defaults", () => {
        assert.doesNotThrow(check(base));
    });
    it("rejects a finding type that can never name a pod, quoting it", () => {
        assert.throws(
            check({ ...base, findingTypes: ["Recon:EC2/PortProbeUnprotectedPort"] }),
            (e: Error) =>
                e instanceof ContainmentArgsError &&
                /findingTypes\[0\] "Recon:EC2\/PortProbeUnprotectedPort" is not allowed; use a GuardDuty Runtime or Kubernetes finding type/.test(
                    e.message,
                ),
        );
    });
    it("rejects an empty list, a repeated type, a bad severity and a bad cluster name", () => {
        assert.throws(check({ ...base, findingTypes: [] }), /findingTypes is empty/);
        assert.throws(
            check({ ...base, findingTypes: ["Execution:Runtime/ReverseShell", "Execution:Runtime/ReverseShell"] }),
            /findingTypes\[1\] "Execution:Runtime\/ReverseShell" is listed twice/,
        );
        assert.throws(check({ ...base, minSeverity: 11 }), /minSeverity 11 is not allowed; use a whole number from 1 to 10/);
        assert.throws(check({ ...base, minSeverity: 6.5 }), /minSeverity 6.5 is not allowed/);
        assert.throws(check({ clusterName: "has space" }), /clusterName "has space" is not an EKS cluster name/);
        assert.throws(check({ ...base, namespaces: ["Payments"] }), /namespaces\[0\] "Payments" is not a namespace name/);
    });
    it("the function name fits Lambda's 64 characters whatever the cluster name", () => {
        assert.equal(containmentFunctionName("prod"), "prod-containment");
        assert.equal(containmentFunctionName("x".repeat(100)).length, 64);
    });
});

describe("DET-9 planning: the function's IAM policy (iam-simulate)", () => {
    const policy = containmentRolePolicy(ctx, {
        functionName: FUNCTION,
        alertTopicName: TOPIC,
        keyAlias: KEY_ALIAS,
        alertsKeyAlias: ALERTS_ALIAS,
    });
    // KMS needs the key policy too: its root statement delegates to IAM, so the role policy decides.
    const keyPolicy = buildKeyPolicy(ctx, ["logs"]);
    const ask = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
        decide({
            principal: ROLE,
            action,
            resource,
            resourceAccount: ACCOUNT,
            identityPolicies: [policy],
            context,
            resourcePolicy: action.startsWith("kms:") ? keyPolicy : undefined,
        });
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}`;
    const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:${FUNCTION}-dlq`;
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const stream = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FUNCTION}:log-stream:2026/12/06/[$LATEST]abc`;

    it("allows exactly what the function does: publish to the alert topic, its logs, its DLQ, its two keys", async () => {
        assert.equal(await ask("sns:Publish", topic), "Allowed");
        assert.equal(await ask("logs:PutLogEvents", stream), "Allowed");
        assert.equal(await ask("sqs:SendMessage", queue), "Allowed");
        assert.equal(await ask("kms:Decrypt", key, { "kms:ResourceAliases": [KEY_ALIAS] }), "Allowed");
        assert.equal(await ask("kms:GenerateDataKey", key, { "kms:ResourceAliases": [ALERTS_ALIAS] }), "Allowed");
    });

    it("denies everything next to it: other topics, queues, keys and log groups, and any cluster or IAM action", async () => {
        assert.equal(await ask("sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:another-topic`), "ImplicitlyDenied");
        assert.equal(await ask("sns:Subscribe", topic), "ImplicitlyDenied");
        assert.equal(await ask("sqs:SendMessage", `arn:aws:sqs:${REGION}:${ACCOUNT}:other-dlq`), "ImplicitlyDenied");
        assert.equal(await ask("sqs:ReceiveMessage", queue), "ImplicitlyDenied");
        assert.equal(
            await ask("kms:Decrypt", key, { "kms:ResourceAliases": ["alias/secure-baseline/test/secrets/cluster"] }),
            "ImplicitlyDenied",
        );
        assert.equal(await ask("kms:Encrypt", key, { "kms:ResourceAliases": [KEY_ALIAS] }), "ImplicitlyDenied");
        assert.equal(
            await ask("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/other:log-stream:x`),
            "ImplicitlyDenied",
        );
        assert.equal(await ask("eks:DescribeCluster", `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`), "ImplicitlyDenied");
        assert.equal(await ask("eks:CreateAccessEntry", `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`), "ImplicitlyDenied");
        assert.equal(await ask("iam:PassRole", ROLE), "ImplicitlyDenied");
        assert.equal(await ask("ec2:TerminateInstances", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-1`), "ImplicitlyDenied");
    });

    it("has no wildcard action, and every statement but the VPC attachment names its resource", () => {
        assertNoWildcardActions(policy, "containment role");
        for (const s of policy.Statement.filter((x) => x.Sid !== "AttachToVpc")) assert.notEqual(s.Resource, "*", s.Sid);
        const vpc = policy.Statement.find((x) => x.Sid === "AttachToVpc")!;
        assert.ok(
            (vpc.Action as string[]).every((a) => a.startsWith("ec2:") && /NetworkInterface|PrivateIpAddresses|DescribeSubnets/.test(a)),
        );
    });
});

describe("DET-9 planning: Kubernetes RBAC", () => {
    it("the ClusterRole may get and patch pods and create events, nothing else", () => {
        assert.deepEqual(containmentClusterRole({}).rules, [
            { apiGroups: [""], resources: ["pods"], verbs: ["get", "patch"] },
            { apiGroups: [""], resources: ["events"], verbs: ["create"] },
        ]);
    });
    it("binds the function's group only in the contained namespaces, once each", () => {
        const b = containmentRoleBindings(["search", "payments", "search"], {});
        assert.deepEqual(
            b.map((x) => x.metadata?.namespace),
            ["payments", "search"],
        );
        for (const x of b) {
            assert.deepEqual(x.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: CONTAINMENT_GROUP }]);
            assert.equal(x.roleRef.kind, "ClusterRole");
        }
        assert.deepEqual(containmentRoleBindings([], {}), []);
    });
});

describe("DET-9 stack config keys", () => {
    const raw = (extra: Record<string, unknown> = {}) => ({ adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/admin`], ...extra });

    it("is on by default, High and above, the default types, not a dry run", () => {
        assert.deepEqual(parseConfig(raw()).response, {
            enabled: true,
            findingTypes: [...DEFAULT_CONTAINMENT_FINDING_TYPES],
            minSeverity: 7,
            dryRun: false,
        });
    });
    it("takes the keys as Pulumi passes them (text)", () => {
        const r = parseConfig(
            raw({
                containment: "true",
                containmentMinSeverity: "8",
                containmentDryRun: "true",
                containmentFindingTypes: '["Execution:Runtime/ReverseShell"]',
            }),
        ).response;
        assert.deepEqual(r, { enabled: true, findingTypes: ["Execution:Runtime/ReverseShell"], minSeverity: 8, dryRun: true });
    });
    it("rejects bad values naming the key", () => {
        assert.throws(
            () => parseConfig(raw({ containmentMinSeverity: 0 })),
            /secure-baseline:containmentMinSeverity 0 is not allowed; use a whole number from 1 to 10/,
        );
        assert.throws(
            () => parseConfig(raw({ containmentFindingTypes: ["UnauthorizedAccess:IAMUser/ConsoleLogin"] })),
            /secure-baseline:containmentFindingTypes\[0\] "UnauthorizedAccess:IAMUser\/ConsoleLogin" is not allowed/,
        );
        assert.throws(
            () => parseConfig(raw({ containmentDryRun: "maybe" })),
            /secure-baseline:containmentDryRun "maybe" is not allowed; use true or false/,
        );
    });
    it("off skips the checks of the other containment keys", () => {
        assert.equal(parseConfig(raw({ containment: false, containmentFindingTypes: [] })).response.enabled, false);
    });
    it("without NAT, adds the sns interface endpoint the function publishes through (and only then)", () => {
        assert.deepEqual(
            parseConfig(raw({ natStrategy: "none" })).network.interfaceEndpointServices.filter((s) => s === "sns"),
            ["sns"],
        );
        assert.ok(!parseConfig(raw()).network.interfaceEndpointServices.includes("sns"));
        assert.ok(!parseConfig(raw({ natStrategy: "none", containment: false })).network.interfaceEndpointServices.includes("sns"));
        assert.deepEqual(
            parseConfig(
                raw({ natStrategy: "none", interfaceEndpointServices: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "sns"] }),
            ).network.interfaceEndpointServices.filter((s) => s === "sns"),
            ["sns"],
        );
    });
});
