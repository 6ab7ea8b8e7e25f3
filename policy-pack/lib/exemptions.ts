/**
 * Per-resource exemptions, in the open: an AWS tag or a Kubernetes annotation
 *
 *     secure-baseline.io/exempt-<policy-name> = "<reason>; expires=YYYY-MM-DD"
 *
 * A valid exemption skips the check and is reported as an advisory note naming the
 * reason; an expired, reasonless or malformed one is itself a violation (and the check
 * still runs). The expiry day is inclusive (valid through 23:59:59 UTC of that day).
 */
import { Data, asRecord, at, isUnknown } from "./data";

export const EXEMPTION_PREFIX = "secure-baseline.io/exempt-";
const EXPIRES_RE = /^expires\s*=\s*(\d{4})-(\d{2})-(\d{2})$/;

export function exemptionKey(policyName: string): string {
    return `${EXEMPTION_PREFIX}${policyName}`;
}

export type Exemption =
    | { readonly state: "none" }
    /** The tag map or the tag value is unknown at preview: not honoured. */
    | { readonly state: "unknown"; readonly key: string }
    | { readonly state: "valid"; readonly key: string; readonly reason: string; readonly expires: string }
    | { readonly state: "invalid"; readonly key: string; readonly problem: string };

/**
 * Parses an exemption value. Pure: `today` is passed in (UTC date string YYYY-MM-DD).
 */
export function parseExemptionValue(key: string, value: unknown, today: string): Exemption {
    if (typeof value !== "string") {
        return { state: "invalid", key, problem: `its value must be a string "<reason>; expires=YYYY-MM-DD"` };
    }
    const parts = value.split(";").map((p) => p.trim());
    const reason = parts[0] ?? "";
    const expiryParts = parts.slice(1).filter((p) => p !== "");
    if (reason === "" || EXPIRES_RE.test(reason)) {
        return { state: "invalid", key, problem: `it gives no reason (value "${value}"); write "<reason>; expires=YYYY-MM-DD"` };
    }
    if (expiryParts.length !== 1) {
        return {
            state: "invalid",
            key,
            problem: `it needs exactly one "expires=YYYY-MM-DD" after the reason (value "${value}")`,
        };
    }
    const m = EXPIRES_RE.exec(expiryParts[0]);
    if (!m) {
        return { state: "invalid", key, problem: `"${expiryParts[0]}" is not "expires=YYYY-MM-DD"` };
    }
    const expires = `${m[1]}-${m[2]}-${m[3]}`;
    const date = new Date(`${expires}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== expires) {
        return { state: "invalid", key, problem: `"${expires}" is not a real calendar date` };
    }
    if (expires < today) {
        return { state: "invalid", key, problem: `it expired on ${expires}; renew it with a new date or remove it` };
    }
    return { state: "valid", key, reason, expires };
}

/** Where exemptions live: Kubernetes annotations for kubernetes:* types, `tags` otherwise. */
export function exemptionSource(type: string, props: Data): Data {
    return type.startsWith("kubernetes:") ? at(props, "metadata", "annotations") : at(props, "tags");
}

/** Finds and parses the exemption for `policyName` on a resource. */
export function findExemption(policyName: string, type: string, props: Data, today: string): Exemption {
    const key = exemptionKey(policyName);
    const source = exemptionSource(type, props);
    if (isUnknown(source)) {
        return { state: "unknown", key };
    }
    const map = asRecord(source);
    if (!map || !Object.prototype.hasOwnProperty.call(map, key)) {
        return { state: "none" };
    }
    const value = map[key];
    if (isUnknown(value)) {
        return { state: "unknown", key };
    }
    return parseExemptionValue(key, value, today);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}
