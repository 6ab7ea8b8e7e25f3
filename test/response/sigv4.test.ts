/**
 * The function's own SigV4 (functions/containment/sigv4.ts) against the worked example in AWS's
 * Signature Version 4 documentation (IAM ListUsers, 2015-08-30, the documentation's example keys), and
 * the shape of the EKS token aws-iam-authenticator and `aws eks get-token` produce.
 */
import { strict as assert } from "assert";
import { canonicalQuery, eksToken, sign, signedHeaders, signingKey, sha256Hex, uriEncode } from "../../functions/containment/sigv4";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET };
const AT = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));

describe("DET-9 containment function: SigV4", () => {
    it("derives AWS's documented signing keys", () => {
        assert.equal(
            signingKey(SECRET, "20120215", "us-east-1", "iam").toString("hex"),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
        );
        assert.equal(
            signingKey(SECRET, "20150830", "us-east-1", "iam").toString("hex"),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
        );
    });

    it("signs AWS's documented example request to the documented signature", () => {
        const s = sign(
            {
                method: "GET",
                path: "/",
                query: { Action: "ListUsers", Version: "2010-05-08" },
                headers: {
                    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
                    host: "iam.amazonaws.com",
                    "x-amz-date": "20150830T123600Z",
                },
                payloadHash: sha256Hex(""),
            },
            CREDS,
            "us-east-1",
            "iam",
            AT,
        );
        assert.equal(s.signedHeaders, "content-type;host;x-amz-date");
        assert.equal(s.scope, "20150830/us-east-1/iam/aws4_request");
        assert.equal(s.signature, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    });

    it("encodes query strings as SigV4 requires (RFC 3986, sorted by key)", () => {
        assert.equal(uriEncode("a b&c/d~e*f'"), "a%20b%26c%2Fd~e%2Af%27");
        assert.equal(
            canonicalQuery({ b: "2", a: "1", "X-Amz-Credential": "AK/20150830/us-east-1/sts/aws4_request" }),
            "X-Amz-Credential=AK%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&a=1&b=2",
        );
    });

    it("puts the session token in the signed headers of a request with a body", () => {
        const h = signedHeaders(
            "POST",
            "sns.us-east-1.amazonaws.com",
            "/",
            { "Content-Type": "application/x-www-form-urlencoded" },
            "Action=Publish",
            { ...CREDS, sessionToken: "TOKEN" },
            "us-east-1",
            "sns",
            AT,
        );
        assert.equal(h["x-amz-security-token"], "TOKEN");
        assert.match(
            h.authorization,
            /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/sns\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
        );
    });

    it("makes an EKS token: k8s-aws-v1. + unpadded base64url of a presigned STS GetCallerIdentity URL bound to the cluster", () => {
        const token = eksToken("prod-cluster", { ...CREDS, sessionToken: "SESSION/TOKEN+1" }, "eu-west-1", "amazonaws.com", AT);
        assert.match(token, /^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
        const url = new URL(Buffer.from(token.slice("k8s-aws-v1.".length), "base64url").toString("utf8"));
        assert.equal(url.origin, "https://sts.eu-west-1.amazonaws.com");
        const q = url.searchParams;
        assert.equal(q.get("Action"), "GetCallerIdentity");
        assert.equal(q.get("Version"), "2011-06-15");
        assert.equal(q.get("X-Amz-Algorithm"), "AWS4-HMAC-SHA256");
        assert.equal(q.get("X-Amz-Credential"), "AKIDEXAMPLE/20150830/eu-west-1/sts/aws4_request");
        assert.equal(q.get("X-Amz-Date"), "20150830T123600Z");
        assert.equal(q.get("X-Amz-Expires"), "60");
        assert.equal(q.get("X-Amz-SignedHeaders"), "host;x-k8s-aws-id");
        assert.equal(q.get("X-Amz-Security-Token"), "SESSION/TOKEN+1");
        assert.match(q.get("X-Amz-Signature") ?? "", /^[0-9a-f]{64}$/);
        // The signature covers the cluster name: another cluster gives another token.
        assert.notEqual(
            eksToken("other", CREDS, "eu-west-1", "amazonaws.com", AT),
            eksToken("prod-cluster", CREDS, "eu-west-1", "amazonaws.com", AT),
        );
    });
});
