/**
 * Per-resource exemptions, in the open: an AWS tag or a Kubernetes annotation
 *
 *     secure-baseline.io/exempt-<policy-name> = "<reason>; expires=YYYY-MM-DD"
 *
 * A valid exemption skips the check and is reported as an advisory note naming the
 * reason; an expired, reasonless or malformed one is itself a violation (and the check
 * still runs). The expiry day is inclusive (valid through 23:59:59 UTC of that day).
 *
 * PACK-10: an expiry more than `exemptionMaxDays` (default 90, at most 365) after the day
 * of the preview is invalid; for critical policies the tag must also be approved by an
 * `approvedExemptions` entry of the policy's pack config (see approvalFor).
 */
import { globToRegExp } from "./config";
import { Data, asRecord, at, isUnknown } from "./data";

export const DEFAULT_EXEMPTION_MAX_DAYS = 90;
export const EXEMPTION_MAX_DAYS_LIMIT = 365;
const DAY_MS = 86_400_000;

/** `day` (YYYY-MM-DD, UTC) plus `n` days. */
export function addDays(day: string, n: number): string {
    return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD, or undefined. */
function calendarDate(text: string): string | undefined {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

/** Why `expires` is not acceptable today under the ceiling, or undefined when it is. */
function expiryProblem(expires: string, today: string, maxDays: number): string | undefined {
    if (expires < today) return `it expired on ${expires}; renew it with a new date or remove it`;
    const ceiling = addDays(today, maxDays);
    if (expires > ceiling) {
        return `its expiry ${expires} is more than ${maxDays} days after today (${today}): exemptions may last at most until ${ceiling} (exemptionMaxDays ${maxDays} in the pack config)`;
    }
    return undefined;
}

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
export function parseExemptionValue(key: string, value: unknown, today: string, maxDays: number = DEFAULT_EXEMPTION_MAX_DAYS): Exemption {
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
    if (calendarDate(expires) === undefined) {
        return { state: "invalid", key, problem: `"${expires}" is not a real calendar date` };
    }
    const problem = expiryProblem(expires, today, maxDays);
    if (problem !== undefined) {
        return { state: "invalid", key, problem };
    }
    return { state: "valid", key, reason, expires };
}

/** Where exemptions live: Kubernetes annotations for kubernetes:* types, `tags` otherwise. */
export function exemptionSource(type: string, props: Data): Data {
    return type.startsWith("kubernetes:") ? at(props, "metadata", "annotations") : at(props, "tags");
}

/** Finds and parses the exemption for `policyName` on a resource. */
export function findExemption(
    policyName: string,
    type: string,
    props: Data,
    today: string,
    maxDays: number = DEFAULT_EXEMPTION_MAX_DAYS,
): Exemption {
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
    return parseExemptionValue(key, value, today, maxDays);
}

/** An `approvedExemptions` entry that approves a critical policy's exemption. */
export interface Approval {
    readonly resource: string;
    readonly reason: string;
    readonly approver: string;
    readonly expires: string;
}

export type ApprovalResult = { readonly ok: true; readonly approval: Approval } | { readonly ok: false; readonly missing: string };

/**
 * The `approvedExemptions` entry (of the policy's pack config) approving the exemption of
 * resource `name`: its `resource` pattern matches the name, it has a reason and an approver,
 * and its own expiry is a real date, not past and within the ceiling. Otherwise, what is
 * missing, in words for the message.
 */
export function approvalFor(entries: unknown, name: string, today: string, maxDays: number): ApprovalResult {
    const list: unknown[] = Array.isArray(entries) ? entries : [];
    const problems: string[] = [];
    for (let i = 0; i < list.length; i++) {
        const e = list[i];
        const r = e !== null && typeof e === "object" && !Array.isArray(e) ? (e as Record<string, unknown>) : {};
        const str = (k: string): string | undefined =>
            typeof r[k] === "string" && (r[k] as string).trim() !== "" ? (r[k] as string).trim() : undefined;
        const resource = str("resource");
        if (resource === undefined || !globToRegExp(resource).test(name)) continue;
        const lacks = (["reason", "approver", "expires"] as const).filter((k) => str(k) === undefined);
        if (lacks.length > 0) {
            problems.push(`entry ${i} (resource "${resource}") has no ${lacks.join(", no ")}`);
            continue;
        }
        const expires = calendarDate(str("expires") ?? "");
        const problem =
            expires === undefined ? `its expires "${str("expires")}" is not a YYYY-MM-DD date` : expiryProblem(expires, today, maxDays);
        if (problem !== undefined || expires === undefined) {
            problems.push(`entry ${i} (resource "${resource}"): ${problem ?? "bad date"}`);
            continue;
        }
        return { ok: true, approval: { resource, reason: str("reason") ?? "", approver: str("approver") ?? "", expires } };
    }
    return {
        ok: false,
        missing:
            problems.length > 0
                ? `no valid approvedExemptions entry for it in the pack config: ${problems.join("; ")}`
                : `no approvedExemptions entry of this policy in the pack config names it (an entry needs resource, reason, approver and expires)`,
    };
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}
