/**
 * What S3 bucket settings mean (DATA-2), whatever resource carries them: pure judges over
 * plain data that name the resource and property of every problem and never throw.
 */
import type * as aws from "@pulumi/aws";
import { Data, DataRecord, asArray, asRecord, asString, asStringList, findUnknown, globToRegExp, isUnknown, readerFor } from "../../lib";
import { effectOf, parseDocument, statements } from "./iam";

/** A problem found in one resource's property: definite ("bad") or unknown at preview. */
export interface Issue {
    readonly kind: "bad" | "unknown";
    /** `<resource>.<property path>` */
    readonly where: string;
    readonly why: string;
}

export const bad = (where: string, why: string): Issue => ({ kind: "bad", where, why });
export const unknown = (where: string): Issue => ({ kind: "unknown", where, why: "unknown at preview" });

/** `unknown(where)` when anything inside `value` is unknown at preview, else undefined. */
export function unknownIn(value: Data, where: string): Issue | undefined {
    const u = findUnknown(value);
    return u ? unknown(u.path !== "" ? `${where.split(".")[0]}.${u.path}` : where) : undefined;
}

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUP_URIS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/** A canned ACL: public ones are bad, anything that is not a string is malformed. */
export function judgeCannedAcl(value: Data, where: string): Issue[] {
    if (value === undefined) return [];
    if (isUnknown(value)) return [unknown(where)];
    const acl = asString(value);
    if (acl === undefined) return [bad(where, "is not a canned ACL name")];
    return PUBLIC_CANNED_ACLS.includes(acl.trim().toLowerCase())
        ? [bad(where, `is "${acl}", which opens the bucket to everyone or to every AWS account`)]
        : [];
}

/** Grants (bucket `grants`, BucketAcl `accessControlPolicy.grants`): none to AllUsers / AuthenticatedUsers. */
export function judgeGrants(value: Data, where: string, granteeOf: (grant: Data) => Data): Issue[] {
    if (value === undefined) return [];
    const u = unknownIn(value, where);
    if (u) return [u];
    if (!Array.isArray(value)) return [bad(where, "is not a list of grants")];
    const issues: Issue[] = [];
    value.forEach((grant, i) => {
        const uri = asString(asRecord(granteeOf(grant))?.uri)
            ?.trim()
            .replace(/^https:/i, "http:")
            .replace(/\/+$/, "");
        if (uri !== undefined && PUBLIC_GROUP_URIS.some((p) => p.toLowerCase() === uri.toLowerCase())) {
            issues.push(bad(`${where}.${i}`, `grants to the group ${uri}`));
        }
    });
    return issues;
}

/** The partitions an S3 ARN may name. */
const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

function globs(value: Data): RegExp[] {
    return asStringList(value).map((p) => new RegExp(globToRegExp(p.trim()).source, "i"));
}

/** True when a statement's patterns cover every string of `samples`. */
function coversAll(patterns: readonly RegExp[], samples: readonly string[]): boolean {
    return samples.every((s) => patterns.some((p) => p.test(s)));
}

/** Keys whose positive match restricts who may call, or from where (documented in docs/pack.md). */
const IDENTITY_KEYS = [
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpce",
    "aws:sourcevpc",
];
const ARN_KEYS = ["aws:principalarn", "aws:sourcearn"];
const POSITIVE_OPERATORS = /^(foranyvalue:)?(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/i;

function restrictingArn(v: string): boolean {
    const parts = v.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return false;
    if (/^\d{12}$/.test(parts[4])) return true;
    const rest = parts.slice(5).join(":");
    return parts[4] === "" && rest !== "" && !/[*?]/.test(rest);
}

/**
 * True when the condition limits the statement to one's own accounts, organisation, network
 * endpoints or calling resources: a positive operator (no IfExists, no negation: both let
 * requests without the key through) on one of the keys above, every value specific.
 */
export function hasRestrictingCondition(condition: Data): boolean {
    const cond = asRecord(condition);
    if (!cond) return false;
    return Object.entries(cond).some(([op, body]) => {
        if (!POSITIVE_OPERATORS.test(op.trim())) return false;
        return Object.entries(asRecord(body) ?? {}).some(([key, v]) => {
            const k = key.trim().toLowerCase();
            const values = asStringList(v).map((x) => x.trim());
            if (values.length === 0 || values.length !== asArray(Array.isArray(v) ? v : [v]).length) return false;
            if (IDENTITY_KEYS.includes(k)) return values.every((x) => x !== "" && !/[*?]/.test(x));
            if (ARN_KEYS.includes(k)) return values.every(restrictingArn);
            return false;
        });
    });
}

/** True for a principal meaning "anyone": "*", {AWS: "*"}, {AWS: ["*"]}, an account wildcard ARN, any key. */
export function isAnyonePrincipal(principal: Data): boolean {
    const anyone = (p: string): boolean => {
        const t = p.trim();
        return t === "*" || /^arn:[^:]*:iam::\*:/.test(t) || /^\*:/.test(t);
    };
    if (typeof principal === "string") return anyone(principal);
    const map = asRecord(principal);
    return map !== undefined && Object.values(map).some((v) => asStringList(v).some(anyone));
}

/** What a bucket policy document must and must not say, judged for one bucket name. */
export interface PolicyVerdict {
    readonly issues: Issue[];
    /** A statement denying non-TLS requests on this bucket and its objects was found. */
    readonly tlsDeny: boolean;
}

function isTlsOnlyCondition(condition: Data): boolean {
    const cond = asRecord(condition);
    if (!cond) return false;
    const entries = Object.entries(cond);
    // Any other condition would narrow the deny to some requests only.
    if (entries.length !== 1 || !/^bool(ifexists)?$/i.test(entries[0][0].trim())) return false;
    const body = Object.entries(asRecord(entries[0][1]) ?? {});
    if (body.length !== 1 || body[0][0].trim().toLowerCase() !== "aws:securetransport") return false;
    const values = Array.isArray(body[0][1]) ? body[0][1] : [body[0][1]];
    return values.length > 0 && values.every((x) => x === false || asString(x)?.trim().toLowerCase() === "false");
}

/**
 * True when `stmt` denies every S3 action to everyone on THIS bucket and its objects when
 * the request is not over TLS. `bucketName` undefined: the bucket's name is not known, so
 * only a Resource pattern covering every bucket settles it.
 */
export function isTlsDenyFor(stmt: DataRecord, bucketName: string | undefined): boolean {
    if (effectOf(stmt) !== "deny" || stmt.NotAction !== undefined || stmt.NotResource !== undefined || stmt.NotPrincipal !== undefined)
        return false;
    if (!isAnyonePrincipal(stmt.Principal) || !isTlsOnlyCondition(stmt.Condition)) return false;
    if (!coversAll(globs(stmt.Action), ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteBucket", "s3:Zz"])) return false;
    const name = bucketName ?? "\u0000any-bucket";
    const resources = globs(stmt.Resource);
    // This bucket and its objects, in whichever partition the document names.
    return PARTITIONS.some((p) =>
        coversAll(resources, [`arn:${p}:s3:::${name}`, `arn:${p}:s3:::${name}/k`, `arn:${p}:s3:::${name}/x/y.z`]),
    );
}

/** Judges one bucket policy document (a BucketPolicy's or a bucket's inline `policy`). */
export function judgePolicyDocument(value: Data, where: string, bucketName: string | undefined): PolicyVerdict {
    const u = unknownIn(value, where);
    if (u) return { issues: [u], tlsDeny: false };
    const parsed = parseDocument(value);
    if (!parsed.ok) return { issues: [bad(where, `is malformed: ${parsed.problem}`)], tlsDeny: false };
    const issues: Issue[] = [];
    const list = statements(parsed.doc);
    list.forEach((s, i) => {
        if (effectOf(s) !== "allow") return;
        const anyone = s.NotPrincipal !== undefined || isAnyonePrincipal(s.Principal);
        if (anyone && !hasRestrictingCondition(s.Condition)) {
            const sid = asString(s.Sid);
            issues.push(
                bad(
                    `${where}.Statement.${i}`,
                    `${sid ? `(Sid "${sid}") ` : ""}allows ${s.NotPrincipal !== undefined ? "everyone but NotPrincipal" : "any principal"} without a condition restricting the caller's account, organisation, VPC endpoint or source`,
                ),
            );
        }
    });
    return { issues, tlsDeny: list.some((s) => isTlsDenyFor(s, bucketName)) };
}

/** Typed readers of the S3 resources the pack judges (paths checked against @pulumi/aws). */
export const read = {
    bucket: readerFor<aws.s3.BucketArgs>(),
    bucketV2: readerFor<aws.s3.BucketV2Args>(),
    publicAccessBlock: readerFor<aws.s3.BucketPublicAccessBlockArgs>(),
    encryption: readerFor<aws.s3.BucketServerSideEncryptionConfigurationArgs>(),
    versioning: readerFor<aws.s3.BucketVersioningArgs>(),
    policy: readerFor<aws.s3.BucketPolicyArgs>(),
    ownership: readerFor<aws.s3.BucketOwnershipControlsArgs>(),
    acl: readerFor<aws.s3.BucketAclArgs>(),
};
