/** Core cases of the bucket policy (DATA-2): a bucket and its side resources. */
import { DROP } from "../../case";
import type { Case, Props } from "../../case";
import { TestResource, UNKNOWN } from "../../runtime";
import { KEY_ARN, policy } from "./fixtures";

// The deny must name the bucket it is attached to (DATA-2).
const tlsPolicy = (bucketName: string): string =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
const bucket = (name: string): TestResource => ({ type: "aws:s3/bucket:Bucket", name, props: { bucket: `${name}-123`, tags: {} } });
// At preview, `bucket: bucket.id` of a new bucket is unknown: only the dependency links them.
const side = (type: string, name: string, of: string, props: Props): TestResource => ({
    type,
    name,
    props: { bucket: UNKNOWN, ...props },
    propertyDependencies: { bucket: [of] },
});
const bucketStack = (b: string): TestResource[] => [
    bucket(b),
    side("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${b}-pab`, b, {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }),
    side("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${b}-sse`, b, {
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
    }),
    side("aws:s3/bucketVersioning:BucketVersioning", `${b}-versioning`, b, { versioningConfiguration: { status: "Enabled" } }),
    side("aws:s3/bucketPolicy:BucketPolicy", `${b}-policy`, b, { policy: tlsPolicy(`${b}-123`) }),
    side("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${b}-ownership`, b, {
        rule: { objectOwnership: "BucketOwnerEnforced" },
    }),
];

/** Buckets hardened by their side resources (DATA-2). */
export const S3_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: policy("s3-bucket-hardened"),
        subject: "logs",
        compliant: bucketStack("logs"),
        violations: [
            {
                what: "a public-access flag false",
                resource: "logs-pab",
                path: "restrictPublicBuckets",
                value: false,
                match: /\[DATA-2\] bucket "logs" lacks all four public-access blocks: logs-pab.restrictPublicBuckets is false, not true/,
            },
            {
                what: "no public-access block",
                resource: "logs-pab",
                path: "",
                value: DROP,
                match: /lacks all four public-access blocks: no BucketPublicAccessBlock is linked/,
            },
            {
                what: "SSE-S3 instead of KMS",
                resource: "logs-sse",
                path: "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
                value: "AES256",
                match: /lacks default encryption with SSE-KMS/,
            },
            {
                what: "versioning Suspended",
                resource: "logs-versioning",
                path: "versioningConfiguration.status",
                value: "Suspended",
                match: /lacks versioning Enabled/,
            },
            {
                what: "a policy without the TLS deny",
                resource: "logs-policy",
                path: "policy",
                value: JSON.stringify({ Statement: [] }),
                match: /lacks a bucket policy denying requests without TLS/,
            },
            {
                what: "ownership ObjectWriter",
                resource: "logs-ownership",
                path: "rule.objectOwnership",
                value: "ObjectWriter",
                match: /lacks object ownership BucketOwnerEnforced/,
            },
            {
                what: "a side-by-side resource whose bucket input does not come from the bucket",
                resource: "logs-versioning",
                path: "deps.bucket",
                value: undefined,
                match: /lacks versioning Enabled: no BucketVersioning is linked/,
            },
        ],
        unknowns: [
            { what: "an unknown bucket policy document", resource: "logs-policy", path: "policy", value: UNKNOWN },
            { what: "an unknown versioning status", resource: "logs-versioning", path: "versioningConfiguration.status", value: UNKNOWN },
        ],
    },
    {
        kind: "stack",
        policy: policy("s3-bucket-hardened"),
        subject: "audit",
        compliant: bucketStack("audit").map((r) =>
            r.type === "aws:s3/bucket:Bucket"
                ? { ...r, type: "aws:s3/bucketV2:BucketV2" }
                : r.type.includes("bucketVersioning")
                  ? { ...r, type: "aws:s3/bucketVersioningV2:BucketVersioningV2" }
                  : r.type.includes("bucketServerSideEncryptionConfiguration")
                    ? { ...r, type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2" }
                    : r,
        ),
        violations: [
            {
                what: "BucketV2 with BucketVersioningV2 Disabled",
                resource: "audit-versioning",
                path: "versioningConfiguration.status",
                value: "Disabled",
                match: /\[DATA-2\] bucket "audit" lacks versioning Enabled/,
            },
            {
                what: "BucketV2 with V2 encryption AES256",
                resource: "audit-sse",
                path: "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
                value: "AES256",
                match: /SSE-KMS/,
            },
        ],
        unknowns: [{ what: "an unknown public-access flag", resource: "audit-pab", path: "blockPublicAcls", value: UNKNOWN }],
    },
];
