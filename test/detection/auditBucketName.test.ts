import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { parseJsonInput } from "../support/harness";
import { AUDIT_BUCKET, NAME, runDetection, runExpectingError } from "./fixture";

describe("ThreatDetection: audit bucket name (DATA-2)", () => {
    it("DATA-2: the audit bucket is named <name>-audit-<account>-<region>, and its policy names that bucket", async () => {
        const run = await runDetection();
        assert.equal(run.one("aws:s3/bucket:Bucket").inputs.bucket, AUDIT_BUCKET);
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepEqual(doc.Statement[0].Resource, [`arn:aws:s3:::${AUDIT_BUCKET}`, `arn:aws:s3:::${AUDIT_BUCKET}/*`]);
    });

    it("DATA-2, DET-4: auditBucketName overrides the name for the bucket, its policy, the trail and Config", async () => {
        const run = await runDetection({ auditBucketName: "legacy-audit-bucket" });
        assert.equal(run.one("aws:s3/bucket:Bucket").inputs.bucket, "legacy-audit-bucket");
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:s3:::legacy-audit-bucket", "arn:aws:s3:::legacy-audit-bucket/*"]);
        assert.equal(run.one("aws:cloudtrail/trail:Trail").inputs.s3BucketName, "legacy-audit-bucket");
        assert.equal(run.one("aws:cfg/deliveryChannel:DeliveryChannel").inputs.s3BucketName, "legacy-audit-bucket");
    });

    it("DATA-2: a component name that cannot name a bucket is refused before anything is registered", async () => {
        const r = await runExpectingError(() => new ThreatDetection("Security_Hub"));
        assert.match(
            r.message,
            /SecureBucket: name "Security_Hub-audit" cannot be part of a bucket name; use letters, digits and single hyphens.*\(or pass bucketName\)/,
        );
        assert.equal(r.registered, 0);
        // The same name deploys when the audit bucket is named explicitly.
        const ok = await runExpectingError(() => new ThreatDetection("Security_Hub", { auditBucketName: `${NAME}-audit-logs` }));
        assert.equal(ok.message, "");
        assert.ok(ok.registered > 0);
    });

    it("DATA-2: an auditBucketName S3 would refuse is refused before anything is registered", async () => {
        const r = await runExpectingError(() => new ThreatDetection(NAME, { auditBucketName: "Audit_Logs" }));
        assert.match(
            r.message,
            /SecureBucket: bucketName "Audit_Logs" is not a valid S3 bucket name: it may contain only lowercase letters, digits, hyphens and dots/,
        );
        assert.equal(r.registered, 0);
    });
});
