import { strict as assert } from "assert";
import { MANAGED_RULES, recordingGroup } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { CONTROL_TAG } from "../../components/common/tags";
import { ThreatDetection } from "../../components";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, parseJsonInput } from "../support/harness";
import { AUDIT_BUCKET, NAME, runDetection, runExpectingError } from "./fixture";

describe("ThreatDetection: AWS Config (DET-2, DET-3)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection();
    });

    it("DET-2: the recorder records all supported types, global ones in the home region (default: this region)", () => {
        const rec = run.one("aws:cfg/recorder:Recorder");
        assert.deepEqual(rec.inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: true });
        assert.equal(rec.inputs.roleArn, `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-config-role`);
    });

    it("DET-2: outside the configured home region, global types are not recorded again", async () => {
        const other = await runDetection({ configHomeRegion: "eu-west-1" });
        assert.deepEqual(other.one("aws:cfg/recorder:Recorder").inputs.recordingGroup, {
            allSupported: true,
            includeGlobalResourceTypes: false,
        });
        assert.deepEqual(recordingGroup("eu-west-1", "eu-west-1"), { allSupported: true, includeGlobalResourceTypes: true });
    });

    it("DET-2: the recorder role carries the AWS_ConfigRole managed policy and trusts Config for this account only", () => {
        const att = run.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "config-role-managed");
        assert.equal(att.inputs.policyArn, "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
        assert.equal(att.inputs.role, `${NAME}-config-role`);
        const trust = parseJsonInput<PolicyDocument>(run.one("aws:iam/role:Role", "config-role").inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Principal, { Service: "config.amazonaws.com" });
        assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
    });

    it("DET-2: delivers to the audit bucket (a DATA-2 SecureBucket) under a prefix, encrypted with the audit key", () => {
        const ch = run.one("aws:cfg/deliveryChannel:DeliveryChannel");
        assert.equal(ch.inputs.s3BucketName, `${AUDIT_BUCKET}`);
        assert.equal(ch.inputs.s3KeyPrefix, "config");
        assert.equal(ch.inputs.s3KmsKeyArn, `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${NAME}-audit-key-key-id`);
        assert.equal(run.one("aws:s3/bucket:Bucket").parentType, "secure-baseline:storage:SecureBucket");
        assert.deepEqual(ch.dependsOn, [
            `aws:cfg/recorder:Recorder::${NAME}-config-recorder`,
            `aws:s3/bucketPolicy:BucketPolicy::${NAME}-audit-policy`,
        ]);
    });

    it("DET-2: the recorder is switched on after its delivery channel exists", () => {
        const status = run.one("aws:cfg/recorderStatus:RecorderStatus");
        assert.equal(status.inputs.isEnabled, true);
        assert.equal(status.inputs.name, `${NAME}-config-recorder`);
        assert.deepEqual(status.dependsOn, [`aws:cfg/deliveryChannel:DeliveryChannel::${NAME}-config-delivery`]);
    });

    it("DET-2: the audit bucket lets Config check and write only its own prefix, scoped to this account", () => {
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        const put = doc.Statement.find((s) => s.Sid === "AWSConfigBucketDelivery")!;
        assert.equal(put.Resource, `arn:aws:s3:::${AUDIT_BUCKET}/config/AWSLogs/${MOCK_ACCOUNT_ID}/Config/*`);
        assert.deepEqual(put.Condition, {
            StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID, "s3:x-amz-acl": "bucket-owner-full-control" },
        });
        for (const sid of ["AWSConfigBucketPermissionsCheck", "AWSConfigBucketExistenceCheck"]) {
            const s = doc.Statement.find((x) => x.Sid === sid)!;
            assert.equal(s.Resource, `arn:aws:s3:::${AUDIT_BUCKET}`);
            assert.deepEqual(s.Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        }
    });

    it("DET-3: one managed rule per control, owner AWS, tagged with the control it watches, after the recorder", () => {
        const rules = run.ofType("aws:cfg/rule:Rule");
        const got = rules.map((r) => [
            (r.inputs.source as { sourceIdentifier: string }).sourceIdentifier,
            (r.inputs.tags as Record<string, string>)[CONTROL_TAG],
        ]);
        assert.deepEqual(got.sort(), [
            ["CMK_BACKING_KEY_ROTATION_ENABLED", "KMS-1"],
            ["EC2_EBS_ENCRYPTION_BY_DEFAULT", "DATA-1"],
            ["EC2_IMDSV2_CHECK", "EKS-6"],
            ["EKS_CLUSTER_LOGGING_ENABLED", "EKS-3"],
            ["EKS_ENDPOINT_NO_PUBLIC_ACCESS", "EKS-1"],
            ["EKS_SECRETS_ENCRYPTED", "EKS-2"],
            ["INCOMING_SSH_DISABLED", "NET-6"],
            ["S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "DATA-2"],
            ["S3_BUCKET_SSL_REQUESTS_ONLY", "DATA-2"],
            ["VPC_DEFAULT_SECURITY_GROUP_CLOSED", "NET-2"],
            ["VPC_FLOW_LOGS_ENABLED", "NET-4"],
        ]);
        for (const r of rules) {
            assert.equal((r.inputs.source as { owner: string }).owner, "AWS");
            assert.deepEqual(r.dependsOn, [`aws:cfg/recorder:Recorder::${NAME}-config-recorder`]);
        }
        const flow = run.one("aws:cfg/rule:Rule", "flow-logs");
        assert.deepEqual(parseJsonInput(flow.inputs.inputParameters), { trafficType: "ALL" });
        assert.equal(MANAGED_RULES.length, rules.length);
    });

    it("DET-3: rules can be left out explicitly", async () => {
        const none = await runDetection({ configRules: false });
        assert.equal(none.ofType("aws:cfg/rule:Rule").length, 0);
        assert.equal(none.ofType("aws:cfg/recorder:Recorder").length, 1);
    });

    it("DET-2: rejects a home region that is not a region name", async () => {
        const r = await runExpectingError(() => new ThreatDetection("x", { configHomeRegion: "Virginia" }));
        assert.match(r.message, /configHomeRegion "Virginia" is not an AWS region name/);
        assert.equal(r.registered, 0);
    });
});
