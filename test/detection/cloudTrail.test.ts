import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, TEST_STACK, parseJsonInput } from "../support/harness";
import { AUDIT_BUCKET, NAME, runDetection, runExpectingError } from "./fixture";

const AUDIT_KEY = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${NAME}-audit-key-key-id`;
const TRAIL_ARN = `arn:aws:cloudtrail:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:trail/${NAME}-trail`;

describe("ThreatDetection: CloudTrail (DET-4)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection();
    });

    it("DET-4: multi-region, global service events, log file validation, logging on, KMS with the audit key", () => {
        const t = run.one("aws:cloudtrail/trail:Trail");
        assert.equal(t.inputs.isMultiRegionTrail, true);
        assert.equal(t.inputs.includeGlobalServiceEvents, true);
        assert.equal(t.inputs.enableLogFileValidation, true);
        assert.equal(t.inputs.enableLogging, true);
        assert.equal(t.inputs.kmsKeyId, AUDIT_KEY);
        assert.equal(t.inputs.name, `${NAME}-trail`);
    });

    it("DET-4: records read and write management events", () => {
        assert.deepEqual(run.one("aws:cloudtrail/trail:Trail").inputs.eventSelectors, [
            { readWriteType: "All", includeManagementEvents: true },
        ]);
    });

    it("DET-4: delivers to the audit bucket after its policy exists; the bucket grants only this trail", () => {
        const t = run.one("aws:cloudtrail/trail:Trail");
        assert.equal(t.inputs.s3BucketName, `${AUDIT_BUCKET}`);
        assert.equal(t.inputs.s3KeyPrefix, "cloudtrail");
        assert.ok(t.dependsOn.includes(`aws:s3/bucketPolicy:BucketPolicy::${NAME}-audit-policy`));
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const acl = doc.Statement.find((s) => s.Sid === "AWSCloudTrailAclCheck")!;
        const write = doc.Statement.find((s) => s.Sid === "AWSCloudTrailWrite")!;
        assert.deepEqual(acl.Condition, { StringEquals: { "aws:SourceArn": TRAIL_ARN } });
        assert.equal(write.Resource, `arn:aws:s3:::${AUDIT_BUCKET}/cloudtrail/AWSLogs/${MOCK_ACCOUNT_ID}/*`);
        assert.deepEqual(write.Condition, { StringEquals: { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" } });
    });

    it("DET-4, DATA-3: CloudWatch Logs delivery to a KMS-encrypted, retained, protected log group", () => {
        const lg = run.one("aws:cloudwatch/logGroup:LogGroup", "trail-logs");
        assert.equal(lg.inputs.kmsKeyId, AUDIT_KEY);
        assert.equal(lg.inputs.retentionInDays, 365);
        assert.equal(
            lg.inputs.name,
            `/secure-baseline/${TEST_STACK}/${NAME}/cloudtrail`,
            "a fixed name: the delivery policy written from it is known at preview",
        );
        assert.equal(lg.protect, true);
        assert.equal(lg.retainOnDelete, true);
        const t = run.one("aws:cloudtrail/trail:Trail");
        assert.equal(
            t.inputs.cloudWatchLogsGroupArn,
            `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:/secure-baseline/${TEST_STACK}/${NAME}/cloudtrail:*`,
        );
        assert.equal(t.inputs.cloudWatchLogsRoleArn, `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-trail-logs-role`);
    });

    it("DET-4: the logs role may only create streams and put events in that one group", () => {
        const p = parseJsonInput<PolicyDocument>(run.one("aws:iam/rolePolicy:RolePolicy", "trail-logs-policy").inputs.policy);
        assert.deepEqual(p.Statement, [
            {
                Sid: "DeliverTrailEvents",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:/secure-baseline/${TEST_STACK}/${NAME}/cloudtrail:log-stream:*`,
            },
        ]);
    });

    it("DET-4: trail, audit bucket, log group and audit key are protected by default", () => {
        assert.equal(run.one("aws:cloudtrail/trail:Trail").protect, true);
        assert.equal(run.one("aws:s3/bucket:Bucket").protect, true);
        assert.equal(run.one("aws:kms/key:Key", "audit-key-key").protect, true);
        const policy = parseJsonInput<PolicyDocument>(run.one("aws:kms/key:Key", "audit-key-key").inputs.policy);
        assert.deepEqual(
            policy.Statement.map((s) => s.Sid),
            ["AccountRootAdministers", "AllowCloudWatchLogs", "AllowCloudTrailEncrypt", "AllowCloudTrailDescribe", "AllowConfigDelivery"],
        );
    });

    it("DET-4: retention follows the argument and must be a CloudWatch Logs value", async () => {
        const other = await runDetection({ trailLogRetentionDays: 731 });
        assert.equal(other.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 731);
        const r = await runExpectingError(() => new ThreatDetection("x", { trailLogRetentionDays: 100 }));
        assert.match(r.message, /trailLogRetentionDays 100 is not a CloudWatch Logs retention; use one of 1, 3, 5/);
        assert.equal(r.registered, 0);
    });
});

describe("ThreatDetection: one trail per account (DET-4)", () => {
    it("DET-4: an additional region can leave the multi-region trail out; its bucket grants go too", async () => {
        const run = await runDetection({ cloudTrail: false });
        assert.equal(run.ofType("aws:cloudtrail/trail:Trail").length, 0);
        assert.equal(run.ofType("aws:cloudwatch/logGroup:LogGroup").length, 0);
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.ok(!doc.Statement.some((s) => (s.Sid ?? "").startsWith("AWSCloudTrail")));
        assert.equal(run.ofType("aws:cfg/recorder:Recorder").length, 1);
    });
});
