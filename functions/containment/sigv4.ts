/**
 * AWS Signature Version 4 with node:crypto only, so the function ships no SDK: a presigned STS
 * GetCallerIdentity URL (the EKS bearer token) and a signed POST (SNS Publish). The algorithm is the
 * one AWS documents (canonical request, string to sign, derived key); tests pin it to AWS's example.
 */
import { createHash, createHmac } from "crypto";

export interface Credentials {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

export function sha256Hex(data: string): string {
    return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
    return createHmac("sha256", key).update(data, "utf8").digest();
}

/** The signing key for one day, region and service. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
    return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

/** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function uriEncode(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Readonly<Record<string, string>>): string {
    return Object.keys(params)
        .map((k) => [uriEncode(k), uriEncode(params[k])] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join("&");
}

/** `20150830T123600Z` */
export function amzDate(now: Date): string {
    return now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

interface Canonical {
    readonly method: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    /** Lower-case names. */
    readonly headers: Readonly<Record<string, string>>;
    readonly payloadHash: string;
}

/** Signature of one canonical request; returns it with the signed header list. */
export function sign(
    req: Canonical,
    creds: Credentials,
    region: string,
    service: string,
    now: Date,
): { signature: string; signedHeaders: string; scope: string } {
    const date = amzDate(now);
    const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
    const names = Object.keys(req.headers).sort();
    const signedHeaders = names.join(";");
    const canonicalHeaders = names.map((n) => `${n}:${req.headers[n].trim().replace(/\s+/g, " ")}\n`).join("");
    const canonicalRequest = [req.method, req.path, canonicalQuery(req.query), canonicalHeaders, signedHeaders, req.payloadHash].join("\n");
    const stringToSign = [ALGORITHM, date, scope, sha256Hex(canonicalRequest)].join("\n");
    const signature = createHmac("sha256", signingKey(creds.secretAccessKey, date.slice(0, 8), region, service))
        .update(stringToSign, "utf8")
        .digest("hex");
    return { signature, signedHeaders, scope };
}

/** A presigned GET URL for `host` (query parameters signed, extra headers signed but sent by the caller). */
export function presignedUrl(
    host: string,
    params: Readonly<Record<string, string>>,
    extraHeaders: Readonly<Record<string, string>>,
    creds: Credentials,
    region: string,
    service: string,
    expiresSeconds: number,
    now: Date,
): string {
    const date = amzDate(now);
    const headers = { host, ...lowerKeys(extraHeaders) };
    const signedHeaders = Object.keys(headers).sort().join(";");
    const query: Record<string, string> = {
        ...params,
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": `${creds.accessKeyId}/${date.slice(0, 8)}/${region}/${service}/aws4_request`,
        "X-Amz-Date": date,
        "X-Amz-Expires": String(expiresSeconds),
        "X-Amz-SignedHeaders": signedHeaders,
        ...(creds.sessionToken ? { "X-Amz-Security-Token": creds.sessionToken } : {}),
    };
    const { signature } = sign({ method: "GET", path: "/", query, headers, payloadHash: sha256Hex("") }, creds, region, service, now);
    return `https://${host}/?${canonicalQuery({ ...query, "X-Amz-Signature": signature })}`;
}

/** Headers for a signed request with a body (Authorization, X-Amz-Date, the session token). */
export function signedHeaders(
    method: string,
    host: string,
    path: string,
    headers: Readonly<Record<string, string>>,
    body: string,
    creds: Credentials,
    region: string,
    service: string,
    now: Date,
): Record<string, string> {
    const all: Record<string, string> = {
        ...lowerKeys(headers),
        host,
        "x-amz-date": amzDate(now),
        ...(creds.sessionToken ? { "x-amz-security-token": creds.sessionToken } : {}),
    };
    const s = sign({ method, path, query: {}, headers: all, payloadHash: sha256Hex(body) }, creds, region, service, now);
    return {
        ...all,
        authorization: `${ALGORITHM} Credential=${creds.accessKeyId}/${s.scope}, SignedHeaders=${s.signedHeaders}, Signature=${s.signature}`,
    };
}

function lowerKeys(h: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Header that binds an EKS token to one cluster (aws-iam-authenticator's x-k8s-aws-id). */
export const CLUSTER_ID_HEADER = "x-k8s-aws-id";
/** How long a token is valid; EKS refuses tokens presigned for longer than 15 minutes. */
export const TOKEN_EXPIRES_SECONDS = 60;

/** An EKS bearer token: `k8s-aws-v1.` + base64url of a presigned STS GetCallerIdentity URL for `cluster`. */
export function eksToken(cluster: string, creds: Credentials, region: string, dnsSuffix: string, now: Date): string {
    const url = presignedUrl(
        `sts.${region}.${dnsSuffix}`,
        { Action: "GetCallerIdentity", Version: "2011-06-15" },
        { [CLUSTER_ID_HEADER]: cluster },
        creds,
        region,
        "sts",
        TOKEN_EXPIRES_SECONDS,
        now,
    );
    return `k8s-aws-v1.${Buffer.from(url, "utf8").toString("base64url")}`;
}
