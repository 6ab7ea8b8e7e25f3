/**
 * Pure bucket-policy planning (DATA-2): every bucket denies requests that do not use TLS, then carries
 * whatever least-privilege grants its caller needs (for example CloudTrail or Config delivery).
 */
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { reporter } from "../common/validation";

/** The `Sid` of the TLS-only statement; other components and tests find it by this name. */
export const DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

/** `arn:<partition>:s3:::<bucket>`: bucket ARNs carry neither region nor account. */
export function s3BucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

/** `arn:<partition>:s3:::<bucket>` and its objects: the two resources a TLS deny must cover. */
export function bucketResources(bucketArn: string): [string, string] {
    return [bucketArn, `${bucketArn}/*`];
}

/** Denies every S3 action on the bucket and its objects to everyone when the request is not over TLS. */
export function denyInsecureTransportStatement(bucketArn: string): PolicyStatement {
    return {
        Sid: DENY_INSECURE_TRANSPORT_SID,
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: bucketResources(bucketArn),
        Condition: { Bool: { "aws:SecureTransport": false } },
    };
}

/**
 * The bucket policy: the TLS deny first, then the caller's statements in the order given (stable, so
 * previews show no spurious diffs). A caller statement reusing the deny's Sid is refused, because it
 * would make the deny hard to find in the console and in tests.
 */
export function buildBucketPolicy(bucketArn: string, extraStatements: readonly PolicyStatement[] = []): PolicyDocument {
    extraStatements.forEach((s, i) => {
        if (s.Sid === DENY_INSECURE_TRANSPORT_SID) {
            reporter("SecureBucket").fail({
                path: ["policyStatements", i, "Sid"],
                value: s.Sid,
                problem: "is reserved for the TLS-only deny",
                allowed: "give the statement another Sid",
            });
        }
    });
    return policyDocument([denyInsecureTransportStatement(bucketArn), ...extraStatements]);
}
