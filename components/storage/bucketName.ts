/**
 * Pure planning of a SecureBucket's physical name. The name is computed from values known at
 * preview (the component name, and account and region read through invokes), so the bucket ARN,
 * and with it the bucket policy a policy pack inspects (DATA-2), is known before the bucket exists.
 */
import { quoteValue, reporter } from "../common/validation";

/** S3's limits on a bucket name's length. */
export const S3_BUCKET_NAME_MIN_LENGTH = 3;
export const S3_BUCKET_NAME_MAX_LENGTH = 63;

/** An AWS account id: twelve digits. */
const ACCOUNT_ID = /^\d{12}$/;
/** A region code such as `us-east-1`, `ap-southeast-2` or `us-gov-west-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The shortest region code (`us-east-1`): used to refuse a name part that cannot fit in any region. */
const SHORTEST_REGION_LENGTH = "us-east-1".length;
const ACCOUNT_ID_LENGTH = 12;
/**
 * One part of a generated name: lowercase letters, digits and single hyphens, starting and ending
 * with a letter or digit. Dots are left out on purpose: they break virtual-hosted TLS certificates.
 */
const NAME_PART = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A whole bucket name (also an override): S3's character rules, dots allowed but not doubled. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Prefixes and suffixes S3 reserves for its own features. */
export const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
export const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

export interface SecureBucketNameParts {
    /** What the bucket is for, usually the component name, e.g. `detection-audit`. Lowercased. */
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
    /** Appended last, e.g. to tell apart two stacks in one account and region. @default none */
    readonly suffix?: string;
}

/** Why `value` is not a valid S3 bucket name (a phrase following "it"), or undefined when it is. */
export function bucketNameProblem(value: string): string | undefined {
    if (value.length < S3_BUCKET_NAME_MIN_LENGTH || value.length > S3_BUCKET_NAME_MAX_LENGTH) {
        return `is ${value.length} characters long; S3 allows ${S3_BUCKET_NAME_MIN_LENGTH} to ${S3_BUCKET_NAME_MAX_LENGTH}`;
    }
    if (!BUCKET_NAME.test(value)) {
        return "may contain only lowercase letters, digits, hyphens and dots, and must start and end with a letter or digit";
    }
    if (value.includes("..")) return "must not contain two dots in a row";
    if (IP_ADDRESS.test(value)) return "must not look like an IP address";
    const prefix = RESERVED_BUCKET_PREFIXES.find((p) => value.startsWith(p));
    if (prefix !== undefined)
        return `must not start with "${prefix}" (reserved by S3; reserved prefixes: ${RESERVED_BUCKET_PREFIXES.join(", ")})`;
    const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => value.endsWith(s));
    if (suffix !== undefined)
        return `must not end with "${suffix}" (reserved by S3; reserved suffixes: ${RESERVED_BUCKET_SUFFIXES.join(", ")})`;
    return undefined;
}

/** Throws, naming the argument and quoting the value, when `value` is not a valid bucket name. */
export function validateBucketName(value: string, argument: string): void {
    const problem = bucketNameProblem(value);
    if (problem !== undefined) {
        reporter("SecureBucket").fail({
            path: [argument],
            value,
            problem: `is not a valid S3 bucket name: it ${problem}`,
            allowed: "give a name S3 accepts",
        });
    }
}

/**
 * Checks a name part (component name or suffix) before any account or region is known: its
 * characters, and that it leaves room for a twelve-digit account and the shortest region.
 */
export function validateBucketNamePart(value: string, argument: string): void {
    const lower = value.toLowerCase();
    const r = reporter("SecureBucket");
    if (!NAME_PART.test(lower)) {
        r.fail({
            path: [argument],
            value,
            problem: "cannot be part of a bucket name",
            allowed: "use letters, digits and single hyphens, starting and ending with a letter or digit (or pass bucketName)",
        });
    }
    const room = S3_BUCKET_NAME_MAX_LENGTH - ACCOUNT_ID_LENGTH - SHORTEST_REGION_LENGTH - 2;
    if (lower.length > room) {
        r.fail({
            path: [argument],
            value,
            problem: `is ${lower.length} characters long`,
            allowed: `a generated bucket name leaves it at most ${room} (or pass bucketName)`,
        });
    }
}

/**
 * `<name>-<accountId>-<region>[-<suffix>]`, lowercase, like AWS's own
 * `aws-controltower-logs-<account>-<region>`. The account id makes it unlikely that another account
 * already holds the name; the region lets one program deploy the same bucket in several regions.
 */
export function secureBucketName(parts: SecureBucketNameParts): string {
    validateBucketNamePart(parts.name, "name");
    if (parts.suffix !== undefined) validateBucketNamePart(parts.suffix, "suffix");
    const r = reporter("SecureBucket");
    if (!ACCOUNT_ID.test(parts.accountId)) {
        r.fail({
            path: ["accountId"],
            value: parts.accountId,
            problem: "is not an AWS account id (twelve digits)",
            allowed: "pass the account's id",
        });
    }
    if (!REGION.test(parts.region)) {
        r.fail({
            path: ["region"],
            value: parts.region,
            problem: 'is not an AWS region code such as "us-east-1"',
            allowed: "pass the region the bucket is created in",
        });
    }
    const name = [parts.name, parts.accountId, parts.region, ...(parts.suffix === undefined ? [] : [parts.suffix])].join("-").toLowerCase();
    const problem = bucketNameProblem(name);
    if (problem !== undefined) {
        // The name part that made it too long: the suffix when there is one, else the component name.
        const [path, value] = parts.suffix === undefined ? ["name", parts.name] : ["suffix", parts.suffix];
        r.fail({
            path: [path],
            value,
            problem: `gives the bucket name ${quoteValue(name)}, which ${problem}`,
            allowed: "shorten it, or pass bucketName",
        });
    }
    return name;
}
