/**
 * Pure helpers for IAM documents as policies see them: a JSON string (what the provider
 * receives) or an object (aws.iam.PolicyDocument); unknowns stay `Unknown`.
 */
import { Data, DataRecord, Unknown, asRecord, asString, asStringList, findUnknown, isUnknown } from "../../lib";

export type ParsedIamDocument =
    | { readonly state: "ok"; readonly statements: readonly DataRecord[] }
    | { readonly state: "unknown"; readonly unknown: Unknown }
    | { readonly state: "absent" }
    | { readonly state: "malformed"; readonly problem: string };

/** Parses a policy document and lists its statements (a single statement object counts). */
export function parseIamDocument(value: Data): ParsedIamDocument {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        return { state: "absent" };
    }
    if (isUnknown(value)) {
        return { state: "unknown", unknown: value };
    }
    let doc: DataRecord | undefined;
    if (typeof value === "string") {
        try {
            doc = asRecord(JSON.parse(value) as Data);
        } catch {
            return { state: "malformed", problem: "it is not valid JSON" };
        }
    } else {
        doc = asRecord(value);
    }
    if (!doc) {
        return { state: "malformed", problem: "it is not a JSON object" };
    }
    const inner = findUnknown(doc.Statement);
    if (isUnknown(doc.Statement) || (inner && !Array.isArray(doc.Statement))) {
        return { state: "unknown", unknown: inner ?? new Unknown("Statement") };
    }
    const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return { state: "ok", statements: raw.map((s) => asRecord(s)).filter((s): s is DataRecord => s !== undefined) };
}

/** "allow", "deny" or "" (missing/unknown). */
export function effectOf(stmt: DataRecord): string {
    return (asString(stmt.Effect) ?? "").trim().toLowerCase();
}

/** Action (or NotAction) values, lower-cased. */
export function actionsOf(stmt: DataRecord, key: "Action" | "NotAction" = "Action"): readonly string[] {
    return asStringList(stmt[key]).map((a) => a.trim().toLowerCase());
}

/** True for "*" and "*:*", the actions that grant every API of every service. */
export function isAllActions(action: string): boolean {
    return action === "*" || action === "*:*";
}
