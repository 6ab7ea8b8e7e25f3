import { strict as assert } from "assert";
import { SecureBucket, buildBucketPolicy, validateSecureBucketArgs } from "../../components/storage";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID } from "../../tools/check/canned";
import { parseJsonInput, runPulumi } from "../support/harness";
import { assertNoWildcardActions, decide } from "./support/iamChecks";

const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/storage`;
const BUCKET_ARN = "arn:aws:s3:::audit-bucket";

describe("SecureBucket (DATA-2)", () => {
    it("DATA-2: blocks all four kinds of public access, linked to the bucket by property", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        const pab = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assert.equal(pab.inputs.bucket, "audit-bucket-id");
        for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            assert.equal(pab.inputs[k], true, k);
        }
    });

    it("DATA-2: encrypts with SSE-KMS under the given key, with a bucket key", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        const sse = run.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        assert.equal(sse.inputs.bucket, "audit-bucket-id");
        assert.deepEqual(sse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }]);
    });

    it("DATA-2: versioning enabled and object ownership enforced by the bucket owner", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        const v = run.one("aws:s3/bucketVersioning:BucketVersioning");
        assert.equal(v.inputs.bucket, "audit-bucket-id");
        assert.deepEqual(v.inputs.versioningConfiguration, { status: "Enabled" });
        const own = run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        assert.equal(own.inputs.bucket, "audit-bucket-id");
        assert.deepEqual(own.inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
    });

    it("DATA-2: the bucket policy denies every request without TLS (evaluated by iam-simulate)", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        const pol = run.one("aws:s3/bucketPolicy:BucketPolicy");
        assert.equal(pol.inputs.bucket, "audit-bucket-id");
        assert.deepEqual(pol.dependsOn, ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::audit-public-access"]);
        const doc = parseJsonInput<PolicyDocument>(pol.inputs.policy);
        const admin = { principal: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/admin`, action: "s3:GetObject", resource: "arn:aws:s3:::audit-bucket/x.json", resourceAccount: MOCK_ACCOUNT_ID };
        const identity = [{ Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" }] }];
        assert.equal(await decide({ ...admin, resourcePolicy: doc, identityPolicies: identity, context: { "aws:SecureTransport": "false" } }), "ExplicitlyDenied");
        assert.equal(await decide({ ...admin, resourcePolicy: doc, identityPolicies: identity, context: { "aws:SecureTransport": "true" } }), "Allowed");
    });

    it("DATA-2: caller statements follow the TLS deny and see the bucket ARN and account", async () => {
        const run = await runPulumi(
            () =>
                new SecureBucket("audit", {
                    kmsKeyArn: KEY,
                    policyStatements: (bucketArn, ctx) => [
                        { Sid: "Extra", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } } },
                    ],
                }),
        );
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepEqual(doc.Statement.map((s) => s.Sid), ["DenyInsecureTransport", "Extra"]);
        assert.equal(doc.Statement[1].Resource, "arn:aws:s3:::audit-bucket");
        assert.deepEqual(doc.Statement[1].Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } });
        assertNoWildcardActions(doc, "bucket policy");
    });

    it("DATA-2: bucket and configuration are protected and the bucket retained by default; off only when asked", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        const bucket = run.one("aws:s3/bucket:Bucket");
        assert.equal(bucket.protect, true);
        assert.equal(bucket.retainOnDelete, true);
        assert.equal(bucket.inputs.forceDestroy, false);
        for (const r of run.resources.filter((x) => x.custom)) assert.equal(r.protect, true, r.name);
        const off = await runPulumi(() => new SecureBucket("tmp", { kmsKeyArn: KEY, protect: false }));
        assert.equal(off.one("aws:s3/bucket:Bucket").protect, false);
        assert.equal(off.one("aws:s3/bucket:Bucket").retainOnDelete, false);
    });

    it("DATA-2: no lifecycle or access logging unless asked; both linked to the bucket when asked", async () => {
        const plain = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        assert.equal(plain.ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").length, 0);
        assert.equal(plain.ofType("aws:s3/bucketLogging:BucketLogging").length, 0);
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY, noncurrentVersionExpirationDays: 90, accessLogging: { targetBucket: "logs-bucket" } }));
        const lc = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.equal(lc.inputs.bucket, "audit-bucket-id");
        assert.deepEqual((lc.inputs.rules as Array<Record<string, unknown>>)[0].noncurrentVersionExpiration, { noncurrentDays: 90 });
        const logging = run.one("aws:s3/bucketLogging:BucketLogging");
        assert.deepEqual([logging.inputs.bucket, logging.inputs.targetBucket, logging.inputs.targetPrefix], ["audit-bucket-id", "logs-bucket", "audit/"]);
    });

    describe("bad input", () => {
        it("DATA-2: rejects a noncurrent expiry that is not a positive whole number", () => {
            assert.throws(() => validateSecureBucketArgs("b", { kmsKeyArn: KEY, noncurrentVersionExpirationDays: 0 }), /SecureBucket "b": noncurrentVersionExpirationDays 0 is not allowed; use a whole number of days, 1 or more/);
        });
        it("DATA-2: rejects an access-log prefix starting with a slash", () => {
            assert.throws(() => validateSecureBucketArgs("b", { kmsKeyArn: KEY, accessLogging: { targetBucket: "t", targetPrefix: "/x" } }), /accessLogging.targetPrefix "\/x" must not start with "\/"/);
        });
        it("DATA-2: a caller statement cannot take the TLS deny's Sid", () => {
            assert.throws(() => buildBucketPolicy(BUCKET_ARN, [{ Sid: "DenyInsecureTransport", Effect: "Allow", Action: "s3:GetObject" }]), /must not reuse the Sid "DenyInsecureTransport"/);
        });
        it("DATA-2: nothing is registered when validation fails", async () => {
            const run = await runPulumi(() => {
                try {
                    new SecureBucket("b", { kmsKeyArn: KEY, noncurrentVersionExpirationDays: -1 });
                } catch {
                    return "threw";
                }
                return "built";
            });
            assert.equal(run.value, "threw");
            assert.equal(run.resources.length, 0);
        });
    });
});
