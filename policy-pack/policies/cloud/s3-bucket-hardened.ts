import type * as aws from "@pulumi/aws";
import { Data, StackResourceView, StackView, Unknown, asBoolean, asString, isUnknown, readerFor, stackPolicy } from "../../lib";
import { Issue, bad, judgeCannedAcl, judgeGrants, judgePolicyDocument, read, unknown } from "../shared/s3";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
const ENCRYPTION = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];
const OWNERSHIP = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"];
const ACL = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"];

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** Every side-by-side resource names its bucket in `bucket`. */
const sidecarRead = readerFor<
    aws.s3.BucketPublicAccessBlockArgs &
        aws.s3.BucketServerSideEncryptionConfigurationArgs &
        aws.s3.BucketVersioningArgs &
        aws.s3.BucketPolicyArgs &
        aws.s3.BucketOwnershipControlsArgs &
        aws.s3.BucketAclArgs
>();
/** Elements of the lists the checks walk. */
const v2Encryption = readerFor<aws.types.input.s3.BucketV2ServerSideEncryptionConfiguration>();
const v2EncryptionRule = readerFor<aws.types.input.s3.BucketV2ServerSideEncryptionConfigurationRule>();
const v2EncryptionDefault = readerFor<aws.types.input.s3.BucketV2ServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault>();
const v2Versioning = readerFor<aws.types.input.s3.BucketV2Versioning>();
const encryptionRule = readerFor<aws.types.input.s3.BucketServerSideEncryptionConfigurationRule>();
const aclGrant = readerFor<aws.types.input.s3.BucketAclAccessControlPolicyGrant>();

/**
 * Side-by-side resources of `bucket`: linked through the property dependency of their
 * `bucket` input (new buckets have no name or id at preview), or, when both are known,
 * by the bucket name.
 */
function sidecars(bucket: StackResourceView, stack: StackView, types: readonly string[]): readonly StackResourceView[] {
    const linked = stack.linkedTo(bucket, types, "bucket");
    const name = asString(read.bucket(bucket.props, "bucket"));
    const byName =
        name === undefined
            ? []
            : stack.resources.filter(
                  (r) => types.includes(r.type) && asString(sidecarRead(r.props, "bucket")) === name && !linked.includes(r),
              );
    return [...linked, ...byName];
}

/** The bucket's name when known at preview (the TLS deny must name it). */
function bucketName(bucket: StackResourceView): string | undefined {
    const name = read.bucket(bucket.props, "bucket");
    return typeof name === "string" && name.trim() !== "" ? name.trim() : undefined;
}

function judgeFlag(value: Data, where: string): Issue[] {
    if (isUnknown(value)) return [unknown(where)];
    return asBoolean(value) === true ? [] : [bad(where, value === undefined ? "is not set" : `is ${JSON.stringify(value)}, not true`)];
}

function judgeAlgorithm(value: Data, where: string): Issue[] {
    if (isUnknown(value)) return [unknown(where)];
    const alg = asString(value);
    return alg !== undefined && KMS_ALGORITHMS.includes(alg)
        ? []
        : [bad(where, `is ${JSON.stringify(value) ?? "not set"}, not aws:kms or aws:kms:dsse`)];
}

/** A list that must hold at least one item, each judged by `each`. */
function judgeList(value: Data, where: string, each: (item: Data, where: string) => Issue[]): Issue[] {
    const u = isUnknown(value) ? unknown(where) : undefined;
    if (u) return [u];
    if (!Array.isArray(value) || value.length === 0) return [bad(where, "is not a non-empty list")];
    return value.flatMap((item, i) => each(item, `${where}.${i}`));
}

interface Requirement {
    readonly what: string;
    readonly types: readonly string[];
    /** Problems of one side-by-side resource ([] when it provides the requirement). */
    readonly judge: (r: StackResourceView, name: string | undefined) => Issue[];
    /** Problems of the bucket's own inline setting; undefined when the bucket does not set it. */
    readonly inline?: (bucket: StackResourceView, name: string | undefined) => Issue[] | undefined;
    /** False: nothing to require, only what is set is judged (ACLs, public statements). */
    readonly required: boolean;
    readonly fix: string;
}

/** A typed read that found a value (not absent, null or empty). */
const isSet = (value: Data): boolean => value !== undefined && value !== null && value !== "";

function inlineEncryption(b: StackResourceView): Issue[] | undefined {
    if (b.type === BUCKET_V2) {
        if (!isSet(read.bucketV2(b.props, "serverSideEncryptionConfigurations"))) return undefined;
        return judgeList(
            read.bucketV2(b.props, "serverSideEncryptionConfigurations"),
            `${b.name}.serverSideEncryptionConfigurations`,
            (c, w) =>
                judgeList(v2Encryption(c, "rules"), `${w}.rules`, (rule, rw) =>
                    judgeList(
                        v2EncryptionRule(rule, "applyServerSideEncryptionByDefaults"),
                        `${rw}.applyServerSideEncryptionByDefaults`,
                        (d, dw) => judgeAlgorithm(v2EncryptionDefault(d, "sseAlgorithm"), `${dw}.sseAlgorithm`),
                    ),
                ),
        );
    }
    if (!isSet(read.bucket(b.props, "serverSideEncryptionConfiguration"))) return undefined;
    const where = `${b.name}.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm`;
    return judgeAlgorithm(
        read.bucket(b.props, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"),
        where,
    );
}

function inlineVersioning(b: StackResourceView): Issue[] | undefined {
    if (b.type === BUCKET_V2) {
        if (!isSet(read.bucketV2(b.props, "versionings"))) return undefined;
        return judgeList(read.bucketV2(b.props, "versionings"), `${b.name}.versionings`, (v, w) =>
            judgeFlag(v2Versioning(v, "enabled"), `${w}.enabled`),
        );
    }
    if (!isSet(read.bucket(b.props, "versioning"))) return undefined;
    return judgeFlag(read.bucket(b.props, "versioning", "enabled"), `${b.name}.versioning.enabled`);
}

function tlsIssues(value: Data, where: string, name: string | undefined): Issue[] {
    const verdict = judgePolicyDocument(value, where, name);
    const blocking = verdict.issues.filter((i) => i.kind === "unknown" || i.why.startsWith("is malformed"));
    if (blocking.length > 0) return blocking;
    if (verdict.tlsDeny) return [];
    return [
        name === undefined
            ? unknown(`${where.split(".")[0]}.bucket (the bucket's name, which the TLS deny must name)`)
            : bad(
                  where,
                  `has no statement denying s3:* to every principal on arn:aws:s3:::${name} and arn:aws:s3:::${name}/* when aws:SecureTransport is false`,
              ),
    ];
}

function publicStatementIssues(value: Data, where: string, name: string | undefined): Issue[] {
    return judgePolicyDocument(value, where, name).issues.filter((i) => i.kind === "bad" && !i.why.startsWith("is malformed"));
}

function inlinePolicy(judge: typeof tlsIssues): (b: StackResourceView, name: string | undefined) => Issue[] | undefined {
    return (b, name) =>
        isSet(read.bucket(b.props, "policy")) ? judge(read.bucket(b.props, "policy"), `${b.name}.policy`, name) : undefined;
}

function inlineAcl(b: StackResourceView): Issue[] | undefined {
    if (!isSet(read.bucket(b.props, "acl")) && !isSet(read.bucket(b.props, "grants"))) return undefined;
    return [
        ...judgeCannedAcl(read.bucket(b.props, "acl"), `${b.name}.acl`),
        ...judgeGrants(read.bucket(b.props, "grants"), `${b.name}.grants`, (g) => g),
    ];
}

const REQUIREMENTS: readonly Requirement[] = [
    {
        what: "all four public-access blocks",
        types: PUBLIC_ACCESS_BLOCK,
        required: true,
        judge: (r) => PUBLIC_ACCESS_FLAGS.flatMap((flag) => judgeFlag(read.publicAccessBlock(r.props, flag), `${r.name}.${flag}`)),
        fix: "give every aws.s3.BucketPublicAccessBlock of the bucket blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets: true (and keep only one)",
    },
    {
        what: "default encryption with SSE-KMS",
        types: ENCRYPTION,
        required: true,
        judge: (r) =>
            judgeList(read.encryption(r.props, "rules"), `${r.name}.rules`, (rule, w) =>
                judgeAlgorithm(
                    encryptionRule(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
                    `${w}.applyServerSideEncryptionByDefault.sseAlgorithm`,
                ),
            ),
        inline: inlineEncryption,
        fix: 'use one aws.s3.BucketServerSideEncryptionConfiguration { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId } }] } and no weaker encryption setting on the bucket',
    },
    {
        what: "versioning Enabled",
        types: VERSIONING,
        required: true,
        judge: (r) => {
            const status = read.versioning(r.props, "versioningConfiguration", "status");
            const where = `${r.name}.versioningConfiguration.status`;
            if (isUnknown(status)) return [unknown(where)];
            return status === "Enabled" ? [] : [bad(where, `is ${JSON.stringify(status) ?? "not set"}, not "Enabled"`)];
        },
        inline: inlineVersioning,
        fix: 'use one aws.s3.BucketVersioning { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } } and no versioning setting on the bucket that disables it',
    },
    {
        what: "a bucket policy denying requests without TLS",
        types: BUCKET_POLICY,
        required: true,
        judge: (r, name) => tlsIssues(read.policy(r.props, "policy"), `${r.name}.policy`, name),
        inline: inlinePolicy(tlsIssues),
        fix: 'put a Deny statement for Principal "*", Action s3:* on the bucket\'s ARN and ARN/* with Condition Bool aws:SecureTransport "false" in the bucket\'s one policy document',
    },
    {
        what: "a bucket policy that grants nothing to anyone",
        types: BUCKET_POLICY,
        required: false,
        judge: (r, name) => publicStatementIssues(read.policy(r.props, "policy"), `${r.name}.policy`, name),
        inline: inlinePolicy(publicStatementIssues),
        fix: "name the principals, or add a condition (StringEquals aws:PrincipalAccount / aws:PrincipalOrgID / aws:SourceVpce / aws:SourceAccount, ArnEquals aws:SourceArn) that restricts the caller; a public-access block in another stack does not make this safe",
    },
    {
        what: "object ownership BucketOwnerEnforced",
        types: OWNERSHIP,
        required: true,
        judge: (r) => {
            const v = read.ownership(r.props, "rule", "objectOwnership");
            const where = `${r.name}.rule.objectOwnership`;
            if (isUnknown(v)) return [unknown(where)];
            return v === "BucketOwnerEnforced" ? [] : [bad(where, `is ${JSON.stringify(v) ?? "not set"}, not "BucketOwnerEnforced"`)];
        },
        fix: 'use one aws.s3.BucketOwnershipControls { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }',
    },
    {
        what: "no public ACL",
        types: ACL,
        required: false,
        judge: (r) => [
            ...judgeCannedAcl(read.acl(r.props, "acl"), `${r.name}.acl`),
            ...judgeGrants(read.acl(r.props, "accessControlPolicy", "grants"), `${r.name}.accessControlPolicy.grants`, (g) =>
                aclGrant(g, "grantee"),
            ),
        ],
        inline: inlineAcl,
        fix: "remove public-read, public-read-write and authenticated-read ACLs and grants to AllUsers or AuthenticatedUsers; with BucketOwnerEnforced ownership ACLs are not needed",
    },
];

/** DATA-2: every bucket is private, KMS-encrypted, versioned, TLS-only and owner-enforced. */
export const s3BucketHardened = stackPolicy({
    name: "s3-bucket-hardened",
    control: "DATA-2",
    severity: "high",
    layer: "cloud",
    description:
        "Every S3 bucket must have, side by side: all four public-access blocks, SSE-KMS default encryption, versioning Enabled, a bucket policy denying non-TLS requests on this bucket and granting nothing to anyone, no public ACL, and BucketOwnerEnforced ownership; the weakest resource naming the bucket decides.",
    references: [
        { framework: "FSBP", id: "S3.1" },
        { framework: "FSBP", id: "S3.2" },
        { framework: "FSBP", id: "S3.5" },
        { framework: "FSBP", id: "S3.8" },
        { framework: "FSBP", id: "S3.9" },
    ],
    remediation:
        "add the side-by-side resources (BucketPublicAccessBlock, BucketServerSideEncryptionConfiguration, BucketVersioning, BucketPolicy, BucketOwnershipControls) with bucket: bucket.id",
    subjectTypes: [BUCKET, BUCKET_V2],
    alsoJudges: [...PUBLIC_ACCESS_BLOCK, ...ENCRYPTION, ...VERSIONING, ...BUCKET_POLICY, ...OWNERSHIP, ...ACL],
    check: (bucket, stack, ctx) => {
        const name = bucketName(bucket);
        for (const req of REQUIREMENTS) {
            const found = sidecars(bucket, stack, req.types);
            const own = req.inline?.(bucket, name);
            if (found.length === 0 && own === undefined) {
                if (req.required)
                    ctx.violation(
                        `bucket "${bucket.name}" lacks ${req.what}: no ${req.types[0].split(":").pop()} is linked to it`,
                        req.fix,
                    );
                continue;
            }
            // The weakest decides: every resource naming the bucket must provide it.
            const issues = [...(own ?? []), ...found.flatMap((r) => req.judge(r, name))];
            const definite = issues.filter((i) => i.kind === "bad");
            if (definite.length > 0) {
                ctx.violation(
                    `bucket "${bucket.name}" lacks ${req.what}: ${definite.map((i) => `${i.where} ${i.why}`).join("; ")}`,
                    req.fix,
                );
            } else {
                for (const i of issues) ctx.isUnknown(new Unknown(i.where), i.where);
            }
        }
    },
});

/** For tests: the requirement names in the order they are judged. */
export const S3_REQUIREMENTS = REQUIREMENTS.map((r) => r.what);
export const S3_SIDE_TYPES = [...new Set(REQUIREMENTS.flatMap((r) => r.types))];
export const S3_ACL_TYPES = ACL;
