/**
 * IAM documents as the EKS-4/EKS-5 policies need them: the pack's shared parser
 * (../shared/iam) plus the two states it does not model, absent and unknown at preview.
 */
import { Data, DataRecord, Unknown, asRecord, asStringList, isUnknown } from "../../lib";
import type { CheckContext } from "../../lib";
import { parseDocument, statements } from "../shared/iam";

export { effectOf } from "../shared/iam";

export type ParsedIamDocument =
    | { readonly state: "ok"; readonly statements: readonly DataRecord[] }
    | { readonly state: "unknown"; readonly unknown: Unknown }
    | { readonly state: "absent" }
    | { readonly state: "malformed"; readonly problem: string };

/** Parses a policy document (JSON string or object) and lists its statements. */
export function parseIamDocument(value: Data): ParsedIamDocument {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
        return { state: "absent" };
    }
    if (isUnknown(value)) {
        return { state: "unknown", unknown: value };
    }
    const parsed = parseDocument(value);
    if (!parsed.ok) {
        return { state: "malformed", problem: parsed.problem };
    }
    // An unknown Statement, or an unknown statement in it, could hold anything; unknowns
    // inside a known statement are judged field by field by the caller.
    const raw = parsed.doc.Statement;
    if (isUnknown(raw)) {
        return { state: "unknown", unknown: raw };
    }
    const list = Array.isArray(raw) ? raw : [raw];
    const opaque = list.find((s) => isUnknown(s));
    if (opaque !== undefined) {
        return { state: "unknown", unknown: isUnknown(opaque) ? opaque : new Unknown("Statement") };
    }
    // A statement that is not an object, or no Statement at all, could mean anything: fail closed.
    if (raw === undefined || list.some((s) => asRecord(s) === undefined)) {
        return { state: "malformed", problem: raw === undefined ? "it has no Statement" : "a statement is not a JSON object" };
    }
    return { state: "ok", statements: statements(parsed.doc) };
}

/** Action (or NotAction) values, lower-cased. */
export function actionsOf(stmt: DataRecord, key: "Action" | "NotAction" = "Action"): readonly string[] {
    return asStringList(stmt[key]).map((a) => a.trim().toLowerCase());
}

/** True for "*" and "*:*", the actions that grant every API of every service. */
export function isAllActions(action: string): boolean {
    return action === "*" || action === "*:*";
}

/**
 * Runs `each` on every statement of a role's trust policy; an unknown document fails
 * closed and an unreadable one is a violation naming the role and assumeRolePolicy.
 */
export function forEachTrustStatement(ctx: CheckContext, role: string, value: Data, each: (stmt: DataRecord, i: number) => void): void {
    const parsed = parseIamDocument(value);
    switch (parsed.state) {
        case "absent":
            return;
        case "unknown":
            ctx.isUnknown(parsed.unknown, parsed.unknown.path !== "" ? parsed.unknown.path : "assumeRolePolicy");
            return;
        case "malformed":
            ctx.violation(`the assumeRolePolicy of role "${role}" cannot be read (${parsed.problem})`, "pass a valid JSON trust policy");
            return;
        case "ok":
            parsed.statements.forEach(each);
    }
}
