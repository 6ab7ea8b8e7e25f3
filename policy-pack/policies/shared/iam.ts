/**
 * Pure helpers for JSON policy documents (KMS key policies, bucket policies): parse,
 * list statements, find wildcard principals and TLS-deny statements.
 */
import { Data, DataRecord, asArray, asRecord, asString, asStringList } from "../../lib";

export type ParsedDocument = { readonly ok: true; readonly doc: DataRecord } | { readonly ok: false; readonly problem: string };

/** A policy given as a JSON string (provider inputs) or as an object. */
export function parseDocument(value: Data): ParsedDocument {
    if (typeof value === "string") {
        try {
            const parsed: unknown = JSON.parse(value);
            const doc = asRecord(parsed);
            return doc ? { ok: true, doc } : { ok: false, problem: "it is not a JSON object" };
        } catch {
            return { ok: false, problem: "it is not valid JSON" };
        }
    }
    const doc = asRecord(value);
    return doc ? { ok: true, doc } : { ok: false, problem: "it is neither a JSON string nor an object" };
}

export function statements(doc: DataRecord): readonly DataRecord[] {
    const s = doc.Statement;
    const list = Array.isArray(s) ? s : [s];
    return list.map((x) => asRecord(x)).filter((x): x is DataRecord => x !== undefined);
}

export function effectOf(stmt: DataRecord): string {
    return (asString(stmt.Effect) ?? "").trim().toLowerCase();
}

/** True for Principal "*", {"AWS": "*"} or {"AWS": [..., "*"]} (any principal key). */
export function hasWildcardPrincipal(principal: Data): boolean {
    if (asString(principal)?.trim() === "*") {
        return true;
    }
    const map = asRecord(principal);
    if (!map) {
        return false;
    }
    return Object.values(map).some((v) => asStringList(v).some((p) => p.trim() === "*"));
}

/**
 * True when the statement denies requests made without TLS: Effect Deny with a
 * condition Bool (or BoolIfExists) aws:SecureTransport = false.
 */
export function isTlsDeny(stmt: DataRecord): boolean {
    if (effectOf(stmt) !== "deny") {
        return false;
    }
    const cond = asRecord(stmt.Condition);
    if (!cond) {
        return false;
    }
    for (const [op, body] of Object.entries(cond)) {
        if (!/^bool(ifexists)?$/i.test(op)) continue;
        const map = asRecord(body);
        if (!map) continue;
        for (const [key, v] of Object.entries(map)) {
            if (key.toLowerCase() !== "aws:securetransport") continue;
            const values = Array.isArray(v) ? asArray(v) : [v];
            if (values.some((x) => x === false || asString(x)?.trim().toLowerCase() === "false")) {
                return true;
            }
        }
    }
    return false;
}
