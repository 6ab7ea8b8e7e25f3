/**
 * Every IAM document ThreatDetection creates, evaluated with @cloud-copilot/iam-simulate and checked for
 * wildcard actions and write actions on "*" (DET-2, DET-4, DET-6, DET-7, DATA-2).
 */
import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, TEST_STACK, parseJsonInput } from "../support/harness";
import {
    assertNoWildcardActions,
    assertNoWriteOnStarResource,
    assertServiceStatementsScopedToAccount,
    decide,
} from "../storage/support/iamChecks";
import { AUDIT_BUCKET, ADMIN_ACCOUNT, NAME, runDetection } from "./fixture";

const OTHER_ACCOUNT = "999999999999";
const BUCKET = `arn:aws:s3:::${AUDIT_BUCKET}`;
const TRAIL_ARN = `arn:aws:cloudtrail:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:trail/${NAME}-trail`;

// Write actions allowed on Resource "*": none. (Key policies are excluded below because inside a key
// policy "*" means "this key"; their statements are owned and tested by KMS-1.)
const WRITE_ON_STAR_ALLOWLIST: readonly string[] = [];

/** Every policy-shaped input of every resource except KMS key policies, labelled by resource and field. */
function documents(run: RunResult<ThreatDetection>): Array<{ label: string; doc: PolicyDocument }> {
    const out: Array<{ label: string; doc: PolicyDocument }> = [];
    for (const r of run.resources.filter((x) => x.type !== "aws:kms/key:Key")) {
        for (const field of ["policy", "assumeRolePolicy"]) {
            if (typeof r.inputs[field] === "string")
                out.push({ label: `${r.name}.${field}`, doc: parseJsonInput<PolicyDocument>(r.inputs[field]) });
        }
    }
    return out;
}

describe("ThreatDetection: IAM documents (iam-simulate)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection({ organizationMode: true, delegatedAdminAccountId: ADMIN_ACCOUNT });
    });

    it("DET-2, DET-4, DET-6, DET-7: finds every policy document (roles, role policies, bucket and topic policies)", () => {
        assert.deepEqual(
            documents(run)
                .map((d) => d.label)
                .sort(),
            [
                `${NAME}-alerts-policy.policy`,
                `${NAME}-audit-policy.policy`,
                `${NAME}-config-role-delivery.policy`,
                `${NAME}-config-role.assumeRolePolicy`,
                `${NAME}-org-config-aggregator-role.assumeRolePolicy`,
                `${NAME}-remediation-role-policy.policy`,
                `${NAME}-remediation-role.assumeRolePolicy`,
                `${NAME}-trail-logs-policy.policy`,
                `${NAME}-trail-logs-role.assumeRolePolicy`,
            ],
        );
    });

    it('DET-2, DET-4, DET-6, DET-7: no statement grants wildcard actions or writes on Resource "*"', async () => {
        for (const { label, doc } of documents(run)) {
            assertNoWildcardActions(doc, label);
            await assertNoWriteOnStarResource(doc, label, WRITE_ON_STAR_ALLOWLIST);
            assertServiceStatementsScopedToAccount(doc, MOCK_ACCOUNT_ID, label);
        }
    });

    it("DET-2, DET-4, DET-7: every service trust requires this account (a confused deputy from another account is refused)", async () => {
        const trusts: Array<[string, string]> = [
            ["config-role", "config.amazonaws.com"],
            ["trail-logs-role", "cloudtrail.amazonaws.com"],
            ["org-config-aggregator-role", "config.amazonaws.com"],
        ];
        for (const [role, service] of trusts) {
            const doc = parseJsonInput<PolicyDocument>(run.one("aws:iam/role:Role", role).inputs.assumeRolePolicy);
            const req = {
                principal: service,
                action: "sts:AssumeRole",
                resource: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-${role}`,
                resourceAccount: MOCK_ACCOUNT_ID,
                resourcePolicy: doc,
            };
            assert.equal(await decide({ ...req, context: { "aws:SourceAccount": MOCK_ACCOUNT_ID } }), "Allowed", role);
            assert.equal(await decide({ ...req, context: { "aws:SourceAccount": OTHER_ACCOUNT } }), "ImplicitlyDenied", role);
            assert.equal(
                await decide({ ...req, principal: "ec2.amazonaws.com", context: { "aws:SourceAccount": MOCK_ACCOUNT_ID } }),
                "ImplicitlyDenied",
                role,
            );
        }
    });

    it("DET-4, DATA-2: the audit bucket takes CloudTrail writes from this trail only, and nothing without TLS", async () => {
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const put = {
            principal: "cloudtrail.amazonaws.com",
            action: "s3:PutObject",
            resource: `${BUCKET}/cloudtrail/AWSLogs/${MOCK_ACCOUNT_ID}/CloudTrail/x.json.gz`,
            resourceAccount: MOCK_ACCOUNT_ID,
            resourcePolicy: doc,
        };
        const ctx = { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" };
        assert.equal(await decide({ ...put, context: ctx }), "Allowed");
        assert.equal(
            await decide({ ...put, context: { ...ctx, "aws:SourceArn": `arn:aws:cloudtrail:${MOCK_REGION}:${OTHER_ACCOUNT}:trail/x` } }),
            "ImplicitlyDenied",
        );
        assert.equal(await decide({ ...put, resource: `${BUCKET}/elsewhere/x`, context: ctx }), "ImplicitlyDenied");
        assert.equal(await decide({ ...put, context: { ...ctx, "aws:SecureTransport": "false" } }), "ExplicitlyDenied");
    });

    it("DET-2, DATA-2: the audit bucket takes Config deliveries for this account only", async () => {
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const put = {
            principal: "config.amazonaws.com",
            action: "s3:PutObject",
            resource: `${BUCKET}/config/AWSLogs/${MOCK_ACCOUNT_ID}/Config/us-east-1/x.json.gz`,
            resourceAccount: MOCK_ACCOUNT_ID,
            resourcePolicy: doc,
        };
        const ctx = { "aws:SourceAccount": MOCK_ACCOUNT_ID, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" };
        assert.equal(await decide({ ...put, context: ctx }), "Allowed");
        assert.equal(await decide({ ...put, context: { ...ctx, "aws:SourceAccount": OTHER_ACCOUNT } }), "ImplicitlyDenied");
        assert.equal(await decide({ ...put, action: "s3:DeleteObject", context: ctx }), "ImplicitlyDenied");
    });

    it("DET-2: the recorder role can deliver to its prefix with the audit key, and cannot read or delete logs", async () => {
        const policy = parseJsonInput<PolicyDocument>(run.one("aws:iam/rolePolicy:RolePolicy", "config-role-delivery").inputs.policy);
        const role = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-config-role`;
        const base = {
            principal: role,
            resourceAccount: MOCK_ACCOUNT_ID,
            identityPolicies: [policy],
            context: { "s3:x-amz-acl": "bucket-owner-full-control" },
        };
        const obj = `${BUCKET}/config/AWSLogs/${MOCK_ACCOUNT_ID}/Config/x.json.gz`;
        assert.equal(await decide({ ...base, action: "s3:PutObject", resource: obj }), "Allowed");
        assert.equal(await decide({ ...base, action: "s3:DeleteObject", resource: obj }), "ImplicitlyDenied");
        assert.equal(
            await decide({ ...base, action: "s3:GetObject", resource: `${BUCKET}/cloudtrail/AWSLogs/${MOCK_ACCOUNT_ID}/x` }),
            "ImplicitlyDenied",
        );
        // KMS needs the key policy too: its root statement delegates to IAM, so the role policy decides.
        const key = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${NAME}-audit-key-key-id`;
        const keyPolicy = parseJsonInput<PolicyDocument>(run.one("aws:kms/key:Key", "audit-key-key").inputs.policy);
        // The key is named through its fixed alias (its ARN is unknown at preview): KMS puts the key's aliases in the context.
        const auditAlias = { "kms:ResourceAliases": [`alias/secure-baseline/${TEST_STACK}/audit/${NAME}-audit-key`] };
        assert.equal(
            await decide({ ...base, context: auditAlias, action: "kms:GenerateDataKey", resource: key, resourcePolicy: keyPolicy }),
            "Allowed",
        );
        assert.equal(
            await decide({ ...base, context: auditAlias, action: "kms:ScheduleKeyDeletion", resource: key, resourcePolicy: keyPolicy }),
            "ImplicitlyDenied",
        );
        const other = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/other`;
        assert.equal(
            await decide({ ...base, action: "kms:GenerateDataKey", resource: other, resourcePolicy: keyPolicy }),
            "ImplicitlyDenied",
        );
        assert.equal(
            await decide({
                ...base,
                context: { "kms:ResourceAliases": ["alias/other"] },
                action: "kms:GenerateDataKey",
                resource: other,
                resourcePolicy: keyPolicy,
            }),
            "ImplicitlyDenied",
        );
    });

    it("DET-4: the trail's logs role reaches only its own log group", async () => {
        const policy = parseJsonInput<PolicyDocument>(run.one("aws:iam/rolePolicy:RolePolicy", "trail-logs-policy").inputs.policy);
        const base = {
            principal: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-trail-logs-role`,
            resourceAccount: MOCK_ACCOUNT_ID,
            identityPolicies: [policy],
        };
        const stream = (group: string) => `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${group}:log-stream:s1`;
        assert.equal(
            await decide({ ...base, action: "logs:PutLogEvents", resource: stream(`/secure-baseline/${TEST_STACK}/${NAME}/cloudtrail`) }),
            "Allowed",
        );
        assert.equal(await decide({ ...base, action: "logs:PutLogEvents", resource: stream("other-group") }), "ImplicitlyDenied");
        assert.equal(
            await decide({
                ...base,
                action: "logs:DeleteLogStream",
                resource: stream(`/secure-baseline/${TEST_STACK}/${NAME}/cloudtrail`),
            }),
            "ImplicitlyDenied",
        );
    });
});
