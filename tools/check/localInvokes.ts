/**
 * Invokes whose answer depends only on their arguments, computed here as the
 * provider would: `aws:iam/getPolicyDocument` (a JSON policy built from the
 * statements) and `kubernetes:yaml:decode` (YAML text to objects, which the
 * in-process YAML components of @pulumi/kubernetes call).
 */
import { parseAllDocuments } from "yaml";

type Props = Record<string, unknown>;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");
/** IAM's short form: one value stands alone, several make a list. */
const oneOrMany = (xs: string[]): string | string[] => (xs.length === 1 ? xs[0] : xs);
const isMap = (v: unknown): v is Props => typeof v === "object" && v !== null && !Array.isArray(v);

function principals(v: unknown): Props | string | undefined {
    const ps = list(v).filter(isMap);
    if (ps.length === 0) return undefined;
    // `{type: "*", identifiers: ["*"]}` is written as the bare wildcard, as the provider does.
    if (ps.length === 1 && ps[0].type === "*" && strings(ps[0].identifiers).every((i) => i === "*")) return "*";
    const out: Record<string, string[]> = {};
    for (const p of ps) out[String(p.type)] = [...(out[String(p.type)] ?? []), ...strings(p.identifiers)];
    return Object.fromEntries(Object.entries(out).map(([k, ids]) => [k, oneOrMany(ids)]));
}

function conditions(v: unknown): Props | undefined {
    const cs = list(v).filter(isMap);
    if (cs.length === 0) return undefined;
    const out: Record<string, Record<string, string | string[]>> = {};
    for (const c of cs) {
        const test = String(c.test);
        out[test] = { ...(out[test] ?? {}), [String(c.variable)]: oneOrMany(strings(c.values)) };
    }
    return out;
}

function statement(s: Props): Props {
    const out: Props = {};
    if (typeof s.sid === "string" && s.sid !== "") out.Sid = s.sid;
    out.Effect = typeof s.effect === "string" && s.effect !== "" ? s.effect : "Allow";
    const put = (key: string, v: unknown) => {
        const xs = strings(v);
        if (xs.length > 0) out[key] = oneOrMany(xs);
    };
    put("Action", s.actions);
    put("NotAction", s.notActions);
    put("Resource", s.resources);
    put("NotResource", s.notResources);
    const p = principals(s.principals);
    if (p !== undefined) out.Principal = p;
    const np = principals(s.notPrincipals);
    if (np !== undefined) out.NotPrincipal = np;
    const c = conditions(s.conditions);
    if (c !== undefined) out.Condition = c;
    return out;
}

function parsedStatements(docs: unknown): Props[] {
    const out: Props[] = [];
    for (const d of strings(docs)) {
        const parsed = JSON.parse(d) as { Statement?: unknown };
        out.push(...list(parsed.Statement).filter(isMap));
    }
    return out;
}

/**
 * `aws:iam/getPolicyDocument`: source documents' statements first, then the given ones
 * (replacing a source statement with the same Sid), then override documents (replacing by Sid).
 */
export function policyDocument(inputs: Props): Props {
    const merged: Props[] = [];
    const add = (s: Props) => {
        const i = typeof s.Sid === "string" ? merged.findIndex((m) => m.Sid === s.Sid) : -1;
        if (i >= 0) merged[i] = s;
        else merged.push(s);
    };
    parsedStatements(inputs.sourcePolicyDocuments).forEach(add);
    list(inputs.statements).filter(isMap).map(statement).forEach(add);
    parsedStatements(inputs.overridePolicyDocuments).forEach(add);
    const doc: Props = { Version: typeof inputs.version === "string" ? inputs.version : "2012-10-17" };
    if (typeof inputs.policyId === "string") doc.Id = inputs.policyId;
    doc.Statement = merged;
    const json = JSON.stringify(doc, null, 2);
    return { ...inputs, id: String(hash(json)), json, minifiedJson: JSON.stringify(doc) };
}

function hash(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h >>> 0;
}

/** `kubernetes:yaml:decode`: every non-empty document of `text`, as the provider returns them. */
export function yamlDecode(inputs: Props): Props {
    const text = typeof inputs.text === "string" ? inputs.text : "";
    const result: unknown[] = [];
    for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) throw new Error(`kubernetes:yaml:decode: ${doc.errors[0].message}`);
        const value: unknown = doc.toJS();
        if (isMap(value) && Object.keys(value).length > 0) result.push(value);
    }
    return { result };
}
