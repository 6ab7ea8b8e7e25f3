/**
 * DET-8: automatic AWS Config remediation. The plan (documents, parameters, retry limit, opt-out), the
 * resources ThreatDetection registers, the validators, and the automation role's documents evaluated with
 * @cloud-copilot/iam-simulate: it can make the remediation calls and nothing else.
 */
import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import {
    REMEDIABLE_RULES,
    REMEDIATIONS,
    inconsistentRemediationRules,
    remediationRoleName,
} from "../../components/detection/remediationPlan";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, parseJsonInput } from "../support/harness";
import { assertNoWildcardActions, assertNoWriteOnStarResource, decide } from "../storage/support/iamChecks";
import { NAME, runDetection, runExpectingError } from "./fixture";

const OTHER_ACCOUNT = "999999999999";
const ROLE_NAME = `${NAME}-remediation-${MOCK_REGION}`;
const ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${ROLE_NAME}`;
const REMEDIATION = "aws:cfg/remediationConfiguration:RemediationConfiguration";
const SG = `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:security-group/sg-0123456789abcdef0`;
const KEY = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const BUCKET = "arn:aws:s3:::some-team-bucket";

/** A key policy that delegates to IAM (as the baseline's keys do): KMS needs it besides the role's policy. */
const ROOT_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DelegateToIam",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ],
};
const keyPolicyFor = (resource: string) => (resource.startsWith("arn:aws:kms:") ? { resourcePolicy: ROOT_KEY_POLICY } : {});

type Parameter = { name: string; staticValue?: string; resourceValue?: string };

function rolePolicy(run: RunResult<ThreatDetection>): PolicyDocument {
    return parseJsonInput<PolicyDocument>(run.one("aws:iam/rolePolicy:RolePolicy", "remediation-role-policy").inputs.policy);
}

describe("ThreatDetection: automatic Config remediation (DET-8)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection();
    });

    describe("plan", () => {
        it("DET-8: every remediated rule is a DET-3 rule, once, and the opt-out names are exactly the remediated rules", () => {
            assert.deepEqual(inconsistentRemediationRules(), []);
            assert.deepEqual(REMEDIATIONS.map((r) => r.rule).sort(), [...REMEDIABLE_RULES].sort());
        });

        it("DET-8: each document is AWS-managed and cited from the AWS runbook reference", () => {
            for (const r of REMEDIATIONS) {
                assert.match(r.document, /^(AWS-|AWSConfigRemediation-)/, r.rule);
                assert.match(
                    r.docPage,
                    /^https:\/\/docs\.aws\.amazon\.com\/systems-manager-automation-runbooks\/latest\/userguide\/[a-z0-9-]+\.html$/,
                    r.rule,
                );
            }
            // The documents confirmed from the AWS documentation, rule by rule.
            assert.deepEqual(Object.fromEntries(REMEDIATIONS.map((r) => [r.rule, [r.document, r.resourceParameter]])), {
                "default-sg-closed": ["AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules", "GroupId"],
                "restricted-ssh": ["AWS-DisableIncomingSSHOnPort22", "SecurityGroupIds"],
                "key-rotation": ["AWSConfigRemediation-EnableKeyRotation", "KeyId"],
                "bucket-public-access-blocked": ["AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock", "BucketName"],
            });
        });

        it("DET-8: the role name is fixed per component and region, so its ARN is known at preview", () => {
            assert.equal(remediationRoleName(NAME, MOCK_REGION), ROLE_NAME);
        });
    });

    describe("resources", () => {
        it("DET-8: one automatic remediation per remediable rule, on that rule, with a retry limit and rate controls", () => {
            const configs = run.ofType(REMEDIATION);
            assert.equal(configs.length, REMEDIATIONS.length);
            for (const plan of REMEDIATIONS) {
                const c = run.one(REMEDIATION, `remediation-${plan.rule}`);
                assert.equal(c.inputs.automatic, true);
                assert.equal(c.inputs.targetType, "SSM_DOCUMENT");
                assert.equal(c.inputs.targetId, plan.document);
                assert.equal(c.inputs.resourceType, plan.resourceType);
                assert.equal(c.inputs.maximumAutomaticAttempts, 3);
                assert.equal(c.inputs.retryAttemptSeconds, 300);
                assert.deepEqual(c.inputs.executionControls, {
                    ssmControls: { concurrentExecutionRatePercentage: 10, errorPercentage: 10 },
                });
                // The rule's own auto-name (a provider output, unknown until the rule exists), and the rule first.
                assert.ok(c.dependsOn.includes(`aws:cfg/rule:Rule::${NAME}-config-rule-${plan.rule}`), "names and waits for its rule");
                assert.ok(
                    c.dependsOn.includes(`aws:iam/rolePolicy:RolePolicy::${NAME}-remediation-role-policy`),
                    "waits for the role's permissions",
                );
                const params = c.inputs.parameters as Parameter[];
                assert.deepEqual(
                    params.find((p) => p.name === "AutomationAssumeRole"),
                    { name: "AutomationAssumeRole", staticValue: ROLE_ARN },
                );
                assert.deepEqual(
                    params.find((p) => p.name === plan.resourceParameter),
                    { name: plan.resourceParameter, resourceValue: "RESOURCE_ID" },
                );
            }
        });

        it("DET-8: the bucket remediation turns on all four public access block settings explicitly", () => {
            const params = run.one(REMEDIATION, "remediation-bucket-public-access-blocked").inputs.parameters as Parameter[];
            for (const name of ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]) {
                assert.deepEqual(
                    params.find((p) => p.name === name),
                    { name, staticValue: "true" },
                );
            }
        });

        it("DET-8, DATA-2: the bucket-level public access rule exists for the remediation to act on", () => {
            const rule = run.one("aws:cfg/rule:Rule", "config-rule-bucket-public-access-blocked");
            assert.equal((rule.inputs.source as { sourceIdentifier: string }).sourceIdentifier, "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED");
        });

        it("DET-8: the retry limit comes from the arguments", async () => {
            const custom = await runDetection({ remediationMaxAttempts: 5, remediationRetrySeconds: 600 });
            for (const c of custom.ofType(REMEDIATION)) {
                assert.equal(c.inputs.maximumAutomaticAttempts, 5);
                assert.equal(c.inputs.retryAttemptSeconds, 600);
            }
        });

        it("DET-8: an opted-out rule gets no remediation and its permissions leave the role", async () => {
            const some = await runDetection({ remediationOptOut: ["key-rotation", "restricted-ssh"] });
            assert.deepEqual(
                some
                    .ofType(REMEDIATION)
                    .map((c) => c.inputs.targetId)
                    .sort(),
                ["AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock", "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules"],
            );
            const policy = rolePolicy(some);
            const req = {
                principal: ROLE_ARN,
                action: "kms:EnableKeyRotation",
                resource: KEY,
                resourceAccount: MOCK_ACCOUNT_ID,
                resourcePolicy: ROOT_KEY_POLICY,
            };
            assert.equal(await decide({ ...req, identityPolicies: [rolePolicy(run)] }), "Allowed");
            assert.equal(await decide({ ...req, identityPolicies: [policy] }), "ImplicitlyDenied");
            // Every rule opted out: no role at all.
            const none = await runDetection({ remediationOptOut: [...REMEDIABLE_RULES] });
            assert.equal(none.ofType(REMEDIATION).length, 0);
            assert.equal(none.ofType("aws:iam/role:Role").filter((r) => r.name.includes("remediation")).length, 0);
        });

        it("DET-8: off with remediation false, and off by default when configRules is false", async () => {
            for (const args of [{ remediation: false }, { configRules: false }]) {
                const off = await runDetection(args);
                assert.equal(off.ofType(REMEDIATION).length, 0, JSON.stringify(args));
                assert.equal(off.ofType("aws:iam/role:Role").filter((r) => r.name.includes("remediation")).length, 0);
            }
        });
    });

    describe("automation role (iam-simulate)", () => {
        it("DET-8: trusted by SSM Automation for this account only", async () => {
            const role = run.one("aws:iam/role:Role", "remediation-role");
            assert.equal(role.inputs.name, ROLE_NAME);
            const trust = parseJsonInput<PolicyDocument>(role.inputs.assumeRolePolicy);
            const req = {
                principal: "ssm.amazonaws.com",
                action: "sts:AssumeRole",
                resource: ROLE_ARN,
                resourceAccount: MOCK_ACCOUNT_ID,
                resourcePolicy: trust,
            };
            const ctx = {
                "aws:SourceAccount": MOCK_ACCOUNT_ID,
                "aws:SourceArn": `arn:aws:ssm:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:automation-execution/abc`,
            };
            assert.equal(await decide({ ...req, context: ctx }), "Allowed");
            assert.equal(await decide({ ...req, context: { ...ctx, "aws:SourceAccount": OTHER_ACCOUNT } }), "ImplicitlyDenied");
            assert.equal(
                await decide({
                    ...req,
                    context: { ...ctx, "aws:SourceArn": `arn:aws:ssm:${MOCK_REGION}:${OTHER_ACCOUNT}:automation-execution/abc` },
                }),
                "ImplicitlyDenied",
            );
            assert.equal(await decide({ ...req, principal: "lambda.amazonaws.com", context: ctx }), "ImplicitlyDenied");
        });

        it("DET-8: can make each document's calls on this account's resources", async () => {
            const policy = rolePolicy(run);
            const base = { principal: ROLE_ARN, resourceAccount: MOCK_ACCOUNT_ID, identityPolicies: [policy] };
            const allowed: Array<[string, string]> = [
                ["ec2:DescribeSecurityGroups", "*"],
                ["ec2:RevokeSecurityGroupIngress", SG],
                ["ec2:RevokeSecurityGroupEgress", SG],
                ["kms:EnableKeyRotation", KEY],
                ["kms:GetKeyRotationStatus", KEY],
                ["s3:GetBucketPublicAccessBlock", BUCKET],
                ["s3:PutBucketPublicAccessBlock", BUCKET],
                ["ssm:GetAutomationExecution", `arn:aws:ssm:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:automation-execution/abc`],
            ];
            for (const [action, resource] of allowed) {
                assert.equal(await decide({ ...base, ...keyPolicyFor(resource), action, resource }), "Allowed", action);
            }
            const pass = { ...base, action: "iam:PassRole", resource: ROLE_ARN };
            assert.equal(await decide({ ...pass, context: { "iam:PassedToService": "ssm.amazonaws.com" } }), "Allowed");
        });

        it("DET-8: cannot create users, read data, open access, weaken keys, or pass any other role", async () => {
            const policy = rolePolicy(run);
            const base = { principal: ROLE_ARN, resourceAccount: MOCK_ACCOUNT_ID, identityPolicies: [policy] };
            const denied: Array<[string, string, Record<string, string>?]> = [
                ["iam:CreateUser", `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/intruder`],
                ["iam:AttachRolePolicy", ROLE_ARN],
                ["s3:GetObject", `${BUCKET}/secret.txt`],
                ["s3:PutBucketPolicy", BUCKET],
                ["s3:DeleteBucket", BUCKET],
                ["s3:PutAccountPublicAccessBlock", "*"],
                ["ec2:AuthorizeSecurityGroupIngress", SG],
                ["ec2:DeleteSecurityGroup", SG],
                ["kms:Decrypt", KEY],
                ["kms:DisableKeyRotation", KEY],
                ["kms:ScheduleKeyDeletion", KEY],
                [
                    "ssm:StartAutomationExecution",
                    `arn:aws:ssm:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:automation-definition/AWS-RunShellScript:$DEFAULT`,
                ],
                ["ssm:SendCommand", `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:instance/i-0123456789abcdef0`],
                ["iam:PassRole", `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/admin`, { "iam:PassedToService": "ssm.amazonaws.com" }],
                ["iam:PassRole", ROLE_ARN, { "iam:PassedToService": "ec2.amazonaws.com" }],
                // The same calls in another account or region are out of scope.
                ["ec2:RevokeSecurityGroupIngress", `arn:aws:ec2:${MOCK_REGION}:${OTHER_ACCOUNT}:security-group/sg-1`],
                ["kms:EnableKeyRotation", `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/1`],
            ];
            for (const [action, resource, context] of denied) {
                assert.equal(
                    await decide({ ...base, ...keyPolicyFor(resource), action, resource, context }),
                    "ImplicitlyDenied",
                    `${action} on ${resource}`,
                );
            }
        });

        it('DET-8: no wildcard actions, no writes on Resource "*", PassRole names only itself', async () => {
            const policy = rolePolicy(run);
            assertNoWildcardActions(policy, "remediation-role-policy");
            await assertNoWriteOnStarResource(policy, "remediation-role-policy");
            const pass = policy.Statement.filter((s) => [s.Action].flat().includes("iam:PassRole"));
            assert.equal(pass.length, 1);
            assert.equal(pass[0].Resource, ROLE_ARN);
            assert.deepEqual(pass[0].Condition, { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } });
        });
    });

    describe("validation (before any resource)", () => {
        const cases: Array<[string, Record<string, unknown>, RegExp]> = [
            [
                "an unknown opt-out rule",
                { remediationOptOut: ["imdsv2"] },
                /remediationOptOut\[0\] "imdsv2" is not a remediated rule; allowed: default-sg-closed, restricted-ssh, key-rotation, bucket-public-access-blocked/,
            ],
            [
                "zero attempts",
                { remediationMaxAttempts: 0 },
                /remediationMaxAttempts 0 is not allowed; allowed: a whole number from 1 to 25/,
            ],
            ["too many attempts", { remediationMaxAttempts: 26 }, /remediationMaxAttempts 26/],
            ["fractional attempts", { remediationMaxAttempts: 2.5 }, /remediationMaxAttempts 2\.5/],
            [
                "a retry window out of range",
                { remediationRetrySeconds: 2_678_001 },
                /remediationRetrySeconds 2678001 is not allowed; allowed: a whole number from 1 to 2678000/,
            ],
            ["remediation without rules", { remediation: true, configRules: false }, /remediation is true but configRules is false/],
        ];
        for (const [what, args, message] of cases) {
            it(`DET-8: refuses ${what}, naming the argument`, async () => {
                const { message: got, registered } = await runExpectingError(() => new ThreatDetection(NAME, args as never));
                assert.match(got, message);
                assert.equal(registered, 0);
            });
        }

        it("DET-8: refuses a component name too long for the role's name, unless remediation is off", async () => {
            const long = "d".repeat(40);
            const { message, registered } = await runExpectingError(() => new ThreatDetection(long, {}));
            assert.match(message, /too long for the remediation role's name .*allowed: at most 35 characters, or remediation false/);
            assert.equal(registered, 0);
            const off = await runExpectingError(
                () => new ThreatDetection(long, { remediation: false, auditBucketName: "long-name-audit-bucket" }),
            );
            assert.equal(off.message, "");
        });
    });
});
