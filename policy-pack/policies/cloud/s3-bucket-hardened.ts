import { Data, DataRecord, StackResourceView, StackView, Unknown, asArray, asBoolean, asString, at, findUnknown, isUnknown, stackPolicy } from "../../lib";
import { isTlsDeny, parseDocument, statements } from "../shared/iam";

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const PUBLIC_ACCESS_BLOCK = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
const ENCRYPTION = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];
const OWNERSHIP = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"];

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * Side-by-side resources of `bucket`: linked through the property dependency of their
 * `bucket` input (new buckets have no name or id at preview), or, when both are known,
 * by the bucket name.
 */
function sidecars(bucket: StackResourceView, stack: StackView, types: readonly string[]): readonly StackResourceView[] {
    const linked = stack.linkedTo(bucket, types, "bucket");
    const name = asString(at(bucket.props, "bucket"));
    const byName = name === undefined ? [] : stack.resources.filter((r) => types.includes(r.type) && asString(at(r.props, "bucket")) === name && !linked.includes(r));
    return [...linked, ...byName];
}

type Verdict = "ok" | "bad" | "unknown";

/**
 * Collects the unknowns a verdict depended on; they are reported only when the final
 * verdict is "unknown" (one compliant side-by-side resource settles it).
 */
class Probe {
    readonly unknowns: string[] = [];
    unknown(value: Data, path: string): boolean {
        if (isUnknown(value)) {
            this.unknowns.push(path);
            return true;
        }
        return false;
    }
    containsUnknown(value: Data, path: string): boolean {
        if (findUnknown(value)) {
            this.unknowns.push(path);
            return true;
        }
        return false;
    }
}

/** Best verdict among the side-by-side resources: one compliant resource is enough. */
function best(verdicts: readonly Verdict[]): Verdict {
    if (verdicts.includes("ok")) return "ok";
    if (verdicts.includes("unknown")) return "unknown";
    return "bad";
}

function publicAccessBlock(r: StackResourceView, probe: Probe): Verdict {
    let verdict: Verdict = "ok";
    for (const flag of PUBLIC_ACCESS_FLAGS) {
        const v = at(r.props, flag);
        if (probe.unknown(v, `${r.name}.${flag}`)) {
            if (verdict === "ok") verdict = "unknown";
        } else if (asBoolean(v) !== true) {
            verdict = "bad";
        }
    }
    return verdict;
}

function encryption(r: StackResourceView, probe: Probe): Verdict {
    const rules = at(r.props, "rules");
    if (probe.unknown(rules, `${r.name}.rules`)) return "unknown";
    return best(asArray(rules).map((rule, i): Verdict => {
        const alg = at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
        if (probe.unknown(alg, `${r.name}.rules.${i}.applyServerSideEncryptionByDefault.sseAlgorithm`)) return "unknown";
        return KMS_ALGORITHMS.includes(asString(alg) ?? "") ? "ok" : "bad";
    }).concat(["bad"]));
}

function versioning(r: StackResourceView, probe: Probe): Verdict {
    const status = at(r.props, "versioningConfiguration", "status");
    if (probe.unknown(status, `${r.name}.versioningConfiguration.status`)) return "unknown";
    return status === "Enabled" ? "ok" : "bad";
}

function tlsPolicy(r: StackResourceView, probe: Probe): Verdict {
    const policy = at(r.props, "policy");
    if (probe.containsUnknown(policy, `${r.name}.policy`)) return "unknown";
    const parsed = parseDocument(policy);
    return parsed.ok && statements(parsed.doc).some(isTlsDeny) ? "ok" : "bad";
}

function ownership(r: StackResourceView, probe: Probe): Verdict {
    const v = at(r.props, "rule", "objectOwnership");
    if (probe.unknown(v, `${r.name}.rule.objectOwnership`)) return "unknown";
    return v === "BucketOwnerEnforced" ? "ok" : "bad";
}

/** Inline (deprecated) settings on the bucket itself still count. */
function inline(bucket: DataRecord): { readonly encryption: boolean; readonly versioning: boolean } {
    const alg = asString(at(bucket, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    return {
        encryption: alg !== undefined && KMS_ALGORITHMS.includes(alg),
        versioning: asBoolean(at(bucket, "versioning", "enabled")) === true,
    };
}

interface Requirement {
    readonly what: string;
    readonly types: readonly string[];
    readonly judge: (r: StackResourceView, probe: Probe) => Verdict;
    readonly fix: string;
    readonly inline?: (b: DataRecord) => boolean;
}

const REQUIREMENTS: readonly Requirement[] = [
    {
        what: "all four public-access blocks",
        types: PUBLIC_ACCESS_BLOCK,
        judge: publicAccessBlock,
        fix: "add aws.s3.BucketPublicAccessBlock { bucket: bucket.id, blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets: true }",
    },
    {
        what: "default encryption with SSE-KMS",
        types: ENCRYPTION,
        judge: encryption,
        fix: "add aws.s3.BucketServerSideEncryptionConfiguration { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId } }] }",
        inline: (b) => inline(b).encryption,
    },
    {
        what: "versioning Enabled",
        types: VERSIONING,
        judge: versioning,
        fix: "add aws.s3.BucketVersioning { bucket: bucket.id, versioningConfiguration: { status: \"Enabled\" } }",
        inline: (b) => inline(b).versioning,
    },
    {
        what: "a bucket policy denying requests without TLS",
        types: BUCKET_POLICY,
        judge: tlsPolicy,
        fix: "add aws.s3.BucketPolicy { bucket: bucket.id } with a Deny statement for s3:* on the bucket and its objects where Bool aws:SecureTransport is \"false\"",
    },
    {
        what: "object ownership BucketOwnerEnforced",
        types: OWNERSHIP,
        judge: ownership,
        fix: "add aws.s3.BucketOwnershipControls { bucket: bucket.id, rule: { objectOwnership: \"BucketOwnerEnforced\" } }",
    },
];

/** DATA-2: every bucket is private, KMS-encrypted, versioned, TLS-only and owner-enforced. */
export const s3BucketHardened = stackPolicy({
    name: "s3-bucket-hardened",
    control: "DATA-2",
    severity: "high",
    layer: "cloud",
    description:
        "Every S3 bucket must have, side by side: all four public-access blocks, SSE-KMS default encryption, versioning Enabled, a bucket policy denying non-TLS requests, and BucketOwnerEnforced ownership.",
    references: [
        { framework: "FSBP", id: "S3.1" },
        { framework: "FSBP", id: "S3.2" },
        { framework: "FSBP", id: "S3.5" },
        { framework: "FSBP", id: "S3.8" },
        { framework: "FSBP", id: "S3.9" },
    ],
    remediation: "add the side-by-side resources (BucketPublicAccessBlock, BucketServerSideEncryptionConfiguration, BucketVersioning, BucketPolicy, BucketOwnershipControls) with bucket: bucket.id",
    subjectTypes: BUCKETS,
    check: (bucket, stack, ctx) => {
        for (const req of REQUIREMENTS) {
            if (req.inline?.(bucket.props)) continue;
            const found = sidecars(bucket, stack, req.types);
            if (found.length === 0) {
                ctx.violation(`bucket "${bucket.name}" lacks ${req.what}: no ${req.types[0].split(":").pop()} is linked to it`, req.fix);
                continue;
            }
            const probe = new Probe();
            const verdict = best(found.map((r) => req.judge(r, probe)));
            if (verdict === "unknown") {
                for (const path of probe.unknowns) ctx.isUnknown(new Unknown(path), path);
            }
            if (verdict === "bad") {
                ctx.violation(`bucket "${bucket.name}" lacks ${req.what}: ${found.map((r) => `"${r.name}"`).join(", ")} does not provide it`, req.fix);
            }
        }
    },
});

