import { strict as assert } from "assert";
import fc from "fast-check";
import { ThreatDetection, configNonCompliantPattern, guardDutyFindingPattern } from "../../components";
import { validateSubscriptions } from "../../components/detection/alertingPlan";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { alertRuleName, alertTopicName } from "../../components/detection/wire/alerting";
import { RunResult, TEST_PROJECT, TEST_STACK, parseJsonInput } from "../support/harness";
import { matchesPattern } from "./eventPatternMatcher";
import { NAME, runDetection, runExpectingError } from "./fixture";
import { decide } from "../storage/support/iamChecks";

const finding = (severity: number) => ({
    source: "aws.guardduty",
    "detail-type": "GuardDuty Finding",
    detail: { severity, type: "Recon:EC2/PortProbeUnprotectedPort" },
});
const compliance = (complianceType: string) => ({
    source: "aws.config",
    "detail-type": "Config Rules Compliance Change",
    detail: { messageType: "ComplianceChangeNotification", configRuleName: "r", newEvaluationResult: { complianceType } },
});
// Fixed names (project, stack, component, role), so the ARNs below are known at preview.
const TOPIC_NAME = `${TEST_PROJECT}-${TEST_STACK}-${NAME}-alerts`;
const TOPIC_ARN = `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${TOPIC_NAME}`;
const ruleName = (role: string) => `${TEST_PROJECT}-${TEST_STACK}-${NAME}-${role}`;
const ruleArn = (role: string) => `arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:rule/${ruleName(role)}`;

describe("ThreatDetection: alerting (DET-6)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection({
            alertSubscriptions: [
                { protocol: "email", endpoint: "secops@example.com" },
                { protocol: "https", endpoint: "https://hooks.example.com/alerts" },
            ],
        });
    });

    it("DET-6: the matcher itself distinguishes numbers and strings (guards the tests below)", () => {
        assert.equal(matchesPattern({ a: [{ numeric: [">=", 5] }] }, { a: 5 }), true);
        assert.equal(matchesPattern({ a: [{ numeric: [">=", 5] }] }, { a: 4.9 }), false);
        assert.equal(matchesPattern({ a: [{ numeric: [">=", 5] }] }, { a: "9" }), false);
        assert.equal(matchesPattern({ a: { b: ["x"] } }, { a: { b: "y" } }), false);
        assert.throws(() => matchesPattern({ a: [{ prefix: "x" }] }, { a: "xy" }), /unsupported pattern condition/);
    });

    it("DET-6: the GuardDuty rule matches findings at or above the threshold only", () => {
        const rule = run.one("aws:cloudwatch/eventRule:EventRule", "guardduty-findings");
        const pattern = parseJsonInput<Record<string, unknown>>(rule.inputs.eventPattern);
        assert.deepEqual(pattern, guardDutyFindingPattern(7));
        assert.equal(matchesPattern(pattern, finding(6.9)), false);
        assert.equal(matchesPattern(pattern, finding(7)), true);
        assert.equal(matchesPattern(pattern, finding(8.9)), true);
        assert.equal(matchesPattern(pattern, { ...finding(8), source: "aws.securityhub" }), false);
    });

    it("DET-6: for any threshold and severity in 1–8.9, a finding matches exactly when severity >= threshold (property)", () => {
        const severity = fc.integer({ min: 10, max: 89 }).map((n) => n / 10);
        fc.assert(
            fc.property(
                severity,
                severity,
                (threshold, s) => matchesPattern(guardDutyFindingPattern(threshold), finding(s)) === s >= threshold,
            ),
        );
    });

    it("DET-6: the threshold follows the argument", async () => {
        const low = await runDetection({ alertSeverityThreshold: 4 });
        const pattern = parseJsonInput<Record<string, unknown>>(
            low.one("aws:cloudwatch/eventRule:EventRule", "guardduty-findings").inputs.eventPattern,
        );
        assert.equal(matchesPattern(pattern, finding(3.9)), false);
        assert.equal(matchesPattern(pattern, finding(4)), true);
    });

    it("DET-6: the Config rule matches NON_COMPLIANT changes only", () => {
        const pattern = parseJsonInput<Record<string, unknown>>(
            run.one("aws:cloudwatch/eventRule:EventRule", "config-noncompliant").inputs.eventPattern,
        );
        assert.deepEqual(pattern, configNonCompliantPattern());
        assert.equal(matchesPattern(pattern, compliance("NON_COMPLIANT")), true);
        assert.equal(matchesPattern(pattern, compliance("COMPLIANT")), false);
    });

    it("DET-6: both rules target the topic, which is encrypted with the alerts key (shared with EventBridge)", () => {
        const topic = run.one("aws:sns/topic:Topic");
        assert.equal(topic.inputs.kmsMasterKeyId, `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${NAME}-alerts-key-key-id`);
        const key = parseJsonInput<PolicyDocument>(run.one("aws:kms/key:Key", "alerts-key-key").inputs.policy);
        assert.ok(key.Statement.some((s) => s.Sid === "AllowEventBridgePublish"));
        const targets = run.ofType("aws:cloudwatch/eventTarget:EventTarget");
        assert.deepEqual(targets.map((t) => [t.inputs.rule, t.inputs.arn]).sort(), [
            [ruleName("config-noncompliant"), TOPIC_ARN],
            [ruleName("guardduty-findings"), TOPIC_ARN],
        ]);
    });

    it("DET-6: the topic and the rules carry fixed names, so the topic policy is known at preview", () => {
        assert.equal(run.one("aws:sns/topic:Topic").inputs.name, TOPIC_NAME);
        assert.deepEqual(
            run
                .ofType("aws:cloudwatch/eventRule:EventRule")
                .map((r) => r.inputs.name)
                .sort(),
            [ruleName("config-noncompliant"), ruleName("guardduty-findings")],
        );
        // The document is written from those names alone: no output of the topic or the rules reaches it.
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
        assert.deepEqual(doc.Statement[0].Condition?.ArnEquals, {
            "aws:SourceArn": [ruleArn("guardduty-findings"), ruleArn("config-noncompliant")],
        });
    });

    it("DET-6: names longer than SNS and EventBridge allow are cut with a hash of the whole, and stay distinct", () => {
        const long = "x".repeat(80);
        const a = alertRuleName("p", "s", long, "guardduty-findings");
        const b = alertRuleName("p", "s", long, "config-noncompliant");
        assert.ok(a.length <= 64 && b.length <= 64, `${a} ${b}`);
        assert.notEqual(a, b);
        assert.match(a, /^p-s-x+-[0-9a-f]{8}$/);
        assert.equal(alertTopicName("p", "s", "td"), "p-s-td-alerts");
        assert.equal(alertTopicName("p", "st@ck", "td"), "p-st-ck-td-alerts", "characters SNS refuses become -");
        assert.ok(alertTopicName("p", "s", "y".repeat(300)).length <= 256);
    });

    it("DET-6: only the two rules of this account may publish; publishing without TLS is denied (iam-simulate)", async () => {
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
        const base = {
            principal: "events.amazonaws.com",
            action: "sns:Publish",
            resource: TOPIC_ARN,
            resourceAccount: MOCK_ACCOUNT_ID,
            resourcePolicy: doc,
        };
        const ctx = (src: string, tls = "true") => ({
            "aws:SourceAccount": MOCK_ACCOUNT_ID,
            "aws:SourceArn": src,
            "aws:SecureTransport": tls,
        });
        assert.equal(await decide({ ...base, context: ctx(ruleArn("guardduty-findings")) }), "Allowed");
        assert.equal(await decide({ ...base, context: ctx(ruleArn("config-noncompliant")) }), "Allowed");
        assert.equal(
            await decide({ ...base, context: ctx(`arn:aws:events:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:rule/other`) }),
            "ImplicitlyDenied",
        );
        assert.equal(
            await decide({ ...base, context: { ...ctx(ruleArn("guardduty-findings")), "aws:SourceAccount": "999999999999" } }),
            "ImplicitlyDenied",
        );
        assert.equal(await decide({ ...base, context: ctx(ruleArn("guardduty-findings"), "false") }), "ExplicitlyDenied");
    });

    it("DET-6: subscriptions come from the arguments", () => {
        const subs = run.ofType("aws:sns/topicSubscription:TopicSubscription");
        assert.deepEqual(
            subs.map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]),
            [
                [TOPIC_ARN, "email", "secops@example.com"],
                [TOPIC_ARN, "https", "https://hooks.example.com/alerts"],
            ],
        );
    });

    describe("bad input", () => {
        it("DET-6: an email subscription that is not an address", () => {
            assert.throws(
                () => validateSubscriptions([{ protocol: "email", endpoint: "secops at example" }]),
                /alertSubscriptions\[0\].endpoint "secops at example" is not an email address/,
            );
        });
        it("DET-6: an https subscription that is not https", () => {
            assert.throws(
                () => validateSubscriptions([{ protocol: "https", endpoint: "http://hooks.example.com" }]),
                /alertSubscriptions\[0\].endpoint "http:\/\/hooks.example.com" is not an https:\/\/ URL/,
            );
            assert.throws(
                () => validateSubscriptions([{ protocol: "https", endpoint: "not a url" }]),
                /"not a url" is not an https:\/\/ URL/,
            );
        });
        it("DET-6: an unknown protocol", () => {
            assert.throws(
                () => validateSubscriptions([{ protocol: "sms" as "email", endpoint: "+15550100" }]),
                /alertSubscriptions\[0\].protocol "sms" is not allowed; use one of email, https/,
            );
        });
        it("DET-6: a bad subscription in the component's args registers nothing", async () => {
            const r = await runExpectingError(
                () => new ThreatDetection("x", { alertSubscriptions: [{ protocol: "email", endpoint: "nobody" }] }),
            );
            assert.match(r.message, /"nobody" is not an email address/);
            assert.equal(r.registered, 0);
        });
    });
});
