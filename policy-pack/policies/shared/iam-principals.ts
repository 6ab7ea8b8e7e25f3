/**
 * Resource-policy principals and the conditions that restrict them (trust policies, KMS
 * key policies): who a statement lets in, judged by meaning. Pure functions.
 */
import { Data, DataRecord, asRecord } from "../../lib";

export type PrincipalRead =
    | { readonly ok: true; readonly entries: readonly { readonly kind: string; readonly value: string }[] }
    | { readonly ok: false; readonly problem: string };

/** `"*"` or `{ "<kind>": string | string[] }`; anything else is an invalid shape (fail closed). */
export function readPrincipal(principal: Data): PrincipalRead {
    if (typeof principal === "string") {
        return principal.trim() === "*"
            ? { ok: true, entries: [{ kind: "AWS", value: "*" }] }
            : { ok: false, problem: `Principal "${principal.slice(0, 60)}" is a string other than "*"` };
    }
    const map = asRecord(principal);
    if (!map || Object.keys(map).length === 0) return { ok: false, problem: 'Principal is neither "*" nor a non-empty object' };
    const entries: { kind: string; value: string }[] = [];
    for (const [kind, v] of Object.entries(map)) {
        const list =
            typeof v === "string"
                ? [v]
                : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")
                  ? (v as string[])
                  : undefined;
        if (!list) return { ok: false, problem: `Principal.${kind} is not a string or a non-empty list of strings` };
        list.forEach((value) => entries.push({ kind, value: value.trim() }));
    }
    return { ok: true, entries };
}

/**
 * True when the principal value admits any account: "*", or an AWS principal with a
 * wildcard anywhere (AWS rejects wildcards in principals other than "*", but a document
 * that says so means "anyone"), e.g. arn:aws:iam::*:root.
 */
export function isAnyonePrincipal(entry: { readonly kind: string; readonly value: string }): boolean {
    if (entry.value === "*") return true;
    return entry.kind.toLowerCase() === "aws" && /[*?]/.test(entry.value);
}

/** Condition keys that pin the caller to an account or an organisation. */
const CALLER_KEYS = ["aws:principalaccount", "aws:principalorgid", "kms:calleraccount", "aws:principalorgpaths", "aws:principalarn"];
/** Operators that require the key to be present and equal to (or match) the values. */
const RESTRICTING_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];

/** A value that names one account or organisation, without wildcards where they would widen it. */
function pinsCaller(key: string, value: string): boolean {
    const v = value.trim();
    if (key === "aws:principalorgpaths") return /^o-[a-z0-9]+\/r-[a-z0-9]+\//.test(v);
    if (key === "aws:principalarn") return /^arn:aws[a-z-]*:(iam|sts)::\d{12}:/.test(v);
    return v !== "" && !/[*?]/.test(v);
}

/**
 * True when a condition block restricts the caller to named accounts or organisations:
 * a restricting operator (no IfExists, no ForAllValues: both pass when the key is absent)
 * on aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalArn or
 * kms:CallerAccount, every value pinned. sts:ExternalId alone is not enough: it is a
 * shared string, not an identity.
 */
export function restrictsCaller(condition: Data): boolean {
    const cond = asRecord(condition);
    if (!cond) return false;
    for (const [op, body] of Object.entries(cond)) {
        const operator = op.toLowerCase().replace(/^foranyvalue:/, "");
        if (!RESTRICTING_OPERATORS.includes(operator)) continue;
        for (const [k, v] of Object.entries(asRecord(body) ?? {})) {
            const key = k.toLowerCase();
            const values = typeof v === "string" ? [v] : Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : [];
            if (CALLER_KEYS.includes(key) && values.length > 0 && values.every((x) => pinsCaller(key, x))) return true;
        }
    }
    return false;
}

/** The statement's Effect, or undefined when it is missing or not Allow/Deny (fail closed). */
export function effectOfStatement(stmt: DataRecord): "allow" | "deny" | undefined {
    const e = typeof stmt.Effect === "string" ? stmt.Effect.trim().toLowerCase() : "";
    return e === "allow" || e === "deny" ? e : undefined;
}
