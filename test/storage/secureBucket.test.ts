import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, buildBucketPolicy, secureBucketName, validateSecureBucketArgs } from "../../components/storage";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { parseJsonInput, runPulumi } from "../support/harness";
import { assertNoWildcardActions, decide } from "./support/iamChecks";

const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/storage`;
const BUCKET_ARN = "arn:aws:s3:::audit-bucket";
/** The physical name SecureBucket "audit" gets in the mock account and region. */
const AUDIT = `audit-${MOCK_ACCOUNT_ID}-${MOCK_REGION}`;

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
        assert.deepEqual(sse.inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
        ]);
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
        const admin = {
            principal: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/admin`,
            action: "s3:GetObject",
            resource: `arn:aws:s3:::${AUDIT}/x.json`,
            resourceAccount: MOCK_ACCOUNT_ID,
        };
        const identity = [
            { Version: "2012-10-17" as const, Statement: [{ Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*" }] },
        ];
        assert.equal(
            await decide({ ...admin, resourcePolicy: doc, identityPolicies: identity, context: { "aws:SecureTransport": "false" } }),
            "ExplicitlyDenied",
        );
        assert.equal(
            await decide({ ...admin, resourcePolicy: doc, identityPolicies: identity, context: { "aws:SecureTransport": "true" } }),
            "Allowed",
        );
    });

    it("DATA-2: caller statements follow the TLS deny and see the bucket ARN and account", async () => {
        const run = await runPulumi(
            () =>
                new SecureBucket("audit", {
                    kmsKeyArn: KEY,
                    policyStatements: (bucketArn, ctx) => [
                        {
                            Sid: "Extra",
                            Effect: "Allow",
                            Principal: { Service: "config.amazonaws.com" },
                            Action: "s3:GetBucketAcl",
                            Resource: bucketArn,
                            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
                        },
                    ],
                }),
        );
        const doc = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepEqual(
            doc.Statement.map((s) => s.Sid),
            ["DenyInsecureTransport", "Extra"],
        );
        assert.equal(doc.Statement[1].Resource, `arn:aws:s3:::${AUDIT}`);
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
        const run = await runPulumi(
            () =>
                new SecureBucket("audit", {
                    kmsKeyArn: KEY,
                    noncurrentVersionExpirationDays: 90,
                    accessLogging: { targetBucket: "logs-bucket" },
                }),
        );
        const lc = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.equal(lc.inputs.bucket, "audit-bucket-id");
        assert.deepEqual((lc.inputs.rules as Array<Record<string, unknown>>)[0].noncurrentVersionExpiration, { noncurrentDays: 90 });
        const logging = run.one("aws:s3/bucketLogging:BucketLogging");
        assert.deepEqual(
            [logging.inputs.bucket, logging.inputs.targetBucket, logging.inputs.targetPrefix],
            ["audit-bucket-id", "logs-bucket", "audit/"],
        );
    });

    it("DATA-2: the bucket gets the fixed name <name>-<account>-<region>; bucketName overrides it", async () => {
        const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }));
        assert.equal(run.one("aws:s3/bucket:Bucket").inputs.bucket, AUDIT);
        const pinned = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY, bucketName: "audit-bucket-20240101" }));
        assert.equal(pinned.one("aws:s3/bucket:Bucket").inputs.bucket, "audit-bucket-20240101");
        const doc = parseJsonInput<PolicyDocument>(pinned.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:s3:::audit-bucket-20240101", "arn:aws:s3:::audit-bucket-20240101/*"]);
    });

    it("DATA-2: at preview the bucket policy is complete although the new bucket's arn, name and id are unknown", async () => {
        // As in a real preview: the provider knows nothing of a bucket it has not created yet.
        const run = await runPulumi(
            () => {
                const b = new SecureBucket("audit", {
                    kmsKeyArn: KEY,
                    policyStatements: (bucketArn) => [
                        { Sid: "Extra", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:DeleteBucket", Resource: bucketArn },
                    ],
                });
                // What the component used to do: a policy built from the bucket's own outputs.
                new aws.s3.BucketPolicy("arn-probe", {
                    bucket: b.bucketName,
                    policy: b.bucketName.apply((n) => JSON.stringify(buildBucketPolicy(`arn:aws:s3:::${n}`))),
                });
                // The component's arn output is planned from the name, so identity policies written from it stay known.
                new aws.s3.BucketPolicy("planned-probe", { bucket: "x", policy: b.arn.apply((a) => JSON.stringify(buildBucketPolicy(a))) });
            },
            {
                resourceState: (type, _name, inputs) => {
                    if (type !== "aws:s3/bucket:Bucket") return undefined;
                    const state = { ...inputs };
                    delete state.bucket;
                    delete state.arn;
                    return { id: "", state };
                },
            },
        );
        // The mock really withheld them: a policy built from the bucket's ARN, and the bucket input of
        // every side-by-side resource, are unknown.
        const probe = run.one("aws:s3/bucketPolicy:BucketPolicy", "arn-probe");
        assert.equal(pulumi.isUnknown(probe.inputs.policy), true);
        assert.equal(pulumi.isUnknown(probe.inputs.bucket), true);
        const planned = parseJsonInput<PolicyDocument>(run.one("aws:s3/bucketPolicy:BucketPolicy", "planned-probe").inputs.policy);
        assert.deepEqual(planned.Statement[0].Resource, [`arn:aws:s3:::${AUDIT}`, `arn:aws:s3:::${AUDIT}/*`]);
        const pol = run.one("aws:s3/bucketPolicy:BucketPolicy", "audit-policy");
        assert.equal(pulumi.isUnknown(pol.inputs.bucket), true);
        assert.equal(pulumi.isUnknown(run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs.bucket), true);
        // The policy does not depend on any bucket output: a complete JSON document with the TLS deny first.
        assert.equal(typeof pol.inputs.policy, "string");
        const doc = parseJsonInput<PolicyDocument>(pol.inputs.policy);
        assert.deepEqual(doc.Statement[0], {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${AUDIT}`, `arn:aws:s3:::${AUDIT}/*`],
            Condition: { Bool: { "aws:SecureTransport": false } },
        });
        assert.equal(doc.Statement[1].Resource, `arn:aws:s3:::${AUDIT}`);
        // And the name the bucket is created with is the one the policy names.
        assert.equal(run.one("aws:s3/bucket:Bucket").inputs.bucket, AUDIT);
    });

    describe("bad input", () => {
        it("DATA-2: secureBucketName builds <name>-<account>-<region>[-<suffix>] in lowercase", () => {
            assert.equal(
                secureBucketName({ name: "Detection-Audit", accountId: MOCK_ACCOUNT_ID, region: "ap-southeast-2" }),
                `detection-audit-${MOCK_ACCOUNT_ID}-ap-southeast-2`,
            );
            assert.equal(
                secureBucketName({ name: "audit", accountId: MOCK_ACCOUNT_ID, region: "us-gov-west-1", suffix: "prod" }),
                `audit-${MOCK_ACCOUNT_ID}-us-gov-west-1-prod`,
            );
        });
        it("DATA-2: rejects a component name that cannot be part of a bucket name, naming the argument", () => {
            assert.throws(
                () => secureBucketName({ name: "audit_logs", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION }),
                /SecureBucket: name "audit_logs" cannot be part of a bucket name; use letters, digits and single hyphens/,
            );
            assert.throws(
                () => validateSecureBucketArgs("audit.logs", { kmsKeyArn: KEY }),
                /SecureBucket: name "audit\.logs" cannot be part of a bucket name.*\(or pass bucketName\)/,
            );
            assert.throws(() => validateSecureBucketArgs("-audit", { kmsKeyArn: KEY }), /name "-audit" cannot be part of a bucket name/);
            // A bad component name is fine when bucketName is given.
            assert.doesNotThrow(() => validateSecureBucketArgs("audit_logs", { kmsKeyArn: KEY, bucketName: "audit-logs" }));
        });
        it("DATA-2: rejects a name part too long for 63 characters, naming the argument", () => {
            const long = "a".repeat(41);
            assert.throws(
                () => validateSecureBucketArgs(long, { kmsKeyArn: KEY }),
                new RegExp(`SecureBucket: name "${long}" is 41 characters long; a generated bucket name leaves it at most 40`),
            );
            const forty = "a".repeat(40);
            assert.equal(secureBucketName({ name: forty, accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION }).length, 63);
            assert.throws(
                () => secureBucketName({ name: forty, accountId: MOCK_ACCOUNT_ID, region: "ap-southeast-2" }),
                /name "a{40}" gives the bucket name "a{40}-123456789012-ap-southeast-2", which is 68 characters long; S3 allows 3 to 63/,
            );
            assert.throws(
                () => secureBucketName({ name: "audit", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, suffix: "x".repeat(35) }),
                /suffix "x{35}" gives the bucket name "audit-123456789012-us-east-1-x{35}", which is 64 characters long/,
            );
            assert.throws(
                () => secureBucketName({ name: "audit", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, suffix: "Bad_" }),
                /SecureBucket: suffix "Bad_" cannot be part of a bucket name/,
            );
        });
        it("DATA-2: rejects an account id or region that are not AWS's", () => {
            assert.throws(
                () => secureBucketName({ name: "audit", accountId: "12345", region: MOCK_REGION }),
                /SecureBucket: accountId "12345" is not an AWS account id \(twelve digits\)/,
            );
            assert.throws(
                () => secureBucketName({ name: "audit", accountId: MOCK_ACCOUNT_ID, region: "US_EAST_1" }),
                /SecureBucket: region "US_EAST_1" is not an AWS region code such as "us-east-1"/,
            );
        });
        it("DATA-2: rejects a bucketName override S3 would refuse, naming bucketName", () => {
            const bad: Array<[string, RegExp]> = [
                ["ab", /bucketName "ab" is not a valid S3 bucket name: it is 2 characters long; S3 allows 3 to 63/],
                ["b".repeat(64), /bucketName "b{64}" is not a valid S3 bucket name: it is 64 characters long/],
                [
                    "Audit-Logs",
                    /bucketName "Audit-Logs" is not a valid S3 bucket name: it may contain only lowercase letters, digits, hyphens and dots/,
                ],
                [
                    "audit-",
                    /bucketName "audit-" is not a valid S3 bucket name: it may contain only.*must start and end with a letter or digit/,
                ],
                ["audit..logs", /bucketName "audit\.\.logs" .*must not contain two dots in a row/],
                ["10.0.0.1", /bucketName "10\.0\.0\.1" .*must not look like an IP address/],
                [
                    "xn--audit",
                    /bucketName "xn--audit" .*must not start with "xn--" \(reserved by S3; reserved prefixes: xn--, sthree-, amzn-s3-demo-\)/,
                ],
                ["audit-s3alias", /bucketName "audit-s3alias" .*must not end with "-s3alias"/],
            ];
            for (const [value, message] of bad) {
                assert.throws(() => validateSecureBucketArgs("audit", { kmsKeyArn: KEY, bucketName: value }), message, value);
            }
        });
        it("DATA-2: rejects a noncurrent expiry that is not a positive whole number", () => {
            assert.throws(
                () => validateSecureBucketArgs("b", { kmsKeyArn: KEY, noncurrentVersionExpirationDays: 0 }),
                /SecureBucket "b": noncurrentVersionExpirationDays 0 is not allowed; use a whole number of days, 1 or more/,
            );
        });
        it("DATA-2: rejects an access-log prefix starting with a slash", () => {
            assert.throws(
                () => validateSecureBucketArgs("b", { kmsKeyArn: KEY, accessLogging: { targetBucket: "t", targetPrefix: "/x" } }),
                /accessLogging.targetPrefix "\/x" must not start with "\/"/,
            );
        });
        it("DATA-2: a caller statement cannot take the TLS deny's Sid", () => {
            assert.throws(
                () => buildBucketPolicy(BUCKET_ARN, [{ Sid: "DenyInsecureTransport", Effect: "Allow", Action: "s3:GetObject" }]),
                /policyStatements\[0\]\.Sid "DenyInsecureTransport" is reserved for the TLS-only deny/,
            );
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
