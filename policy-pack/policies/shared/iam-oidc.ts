/**
 * Web-identity (OIDC) trust conditions judged on their structure: which `sub` values a
 * trust admits, whatever the issuer (GitHub, GitLab, EKS, any other), so a trust whose
 * issuer ARN is unknown at preview is still judged. Pure functions.
 */
import { DataRecord, asRecord } from "../../lib";

/** Operators that require the claim to be present and equal to / match the values. */
const EXACT = ["stringequals", "stringequalsignorecase"];
const PATTERN = ["stringlike"];

interface ClaimValues {
    readonly exact: string[];
    readonly patterns: string[];
}

/** Values of every `<issuer>:<claim>` key under restricting operators (IfExists and ForAllValues do not restrict). */
function claimValues(condition: DataRecord, claim: string): ClaimValues {
    const out: ClaimValues = { exact: [], patterns: [] };
    for (const [op, body] of Object.entries(condition)) {
        const operator = op.toLowerCase().replace(/^foranyvalue:/, "");
        const target = EXACT.includes(operator) ? out.exact : PATTERN.includes(operator) ? out.patterns : undefined;
        if (!target) continue;
        for (const [k, v] of Object.entries(asRecord(body) ?? {})) {
            if (!k.toLowerCase().endsWith(`:${claim}`)) continue;
            const values = typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
            // A non-string value cannot be compared: it restricts nothing we can vouch for.
            if (values.length === 0 || (Array.isArray(v) && values.length !== v.length)) target.push("*");
            else target.push(...values.map((x) => x.trim()));
        }
    }
    return out;
}

const WILD = /[*?]/;
/** Segments that must be literal in a StringLike `sub` for it to name one workload. */
const SHAPES: readonly { readonly prefix: string; readonly what: string; readonly fixed: (rest: string) => readonly string[] }[] = [
    // GitHub: repo:<owner>/<repo>:<ref or environment...>
    { prefix: "repo:", what: "one repository", fixed: ownerAndName },
    // GitLab: project_path:<group>/<project>:ref_type:...
    { prefix: "project_path:", what: "one project", fixed: ownerAndName },
    // EKS: system:serviceaccount:<namespace>:<name>
    {
        prefix: "system:serviceaccount:",
        what: "one namespace and service account",
        fixed: (rest) => {
            const [ns, sa] = rest.split(":");
            return [ns ?? "", sa ?? ""];
        },
    },
];

/** "<owner>/<name>" before the first colon; a missing or extra segment counts as a wildcard. */
function ownerAndName(rest: string): readonly string[] {
    const parts = (rest.split(":")[0] ?? "").split("/");
    return parts.length === 2 ? parts : ["*"];
}

/** Why a StringLike `sub` value admits more than one workload, or undefined when it does not. */
export function loosePattern(value: string): string | undefined {
    if (!WILD.test(value)) return undefined;
    const lower = value.toLowerCase();
    const shape = SHAPES.find((s) => lower.startsWith(s.prefix));
    if (!shape) return `"${value.slice(0, 80)}" is a pattern over an issuer whose subject shape the pack does not know`;
    const fixed = shape.fixed(value.slice(shape.prefix.length));
    return fixed.some((seg) => seg === "" || WILD.test(seg)) ? `"${value.slice(0, 80)}" matches more than ${shape.what}` : undefined;
}

/** What is wrong with the web-identity conditions of one statement (empty: scoped). */
export function subjectProblems(condition: DataRecord, federated: readonly string[]): string[] {
    const problems: string[] = [];
    if (federated.some((f) => f.toLowerCase() === "cognito-identity.amazonaws.com")) {
        const aud = claimValues(condition, "aud");
        if (aud.exact.length === 0 && aud.patterns.every((p) => WILD.test(p))) {
            problems.push("has no StringEquals condition on cognito-identity.amazonaws.com:aud naming the identity pool");
        }
        return problems;
    }
    const sub = claimValues(condition, "sub");
    if (sub.exact.length === 0 && sub.patterns.length === 0) {
        problems.push("has no StringEquals or StringLike condition on <issuer>:sub, so every identity the issuer signs can assume it");
    } else {
        // Every value must be narrow: the operator admits a request matching ANY value.
        const loose = [
            ...sub.exact.filter((v) => v === "*" || v === ""),
            ...sub.patterns.map(loosePattern).filter((x): x is string => x !== undefined),
        ];
        if (loose.length > 0) problems.push(`admits too many subjects: ${loose.slice(0, 3).join("; ")}`);
    }
    const aud = claimValues(condition, "aud");
    if ([...aud.exact, ...aud.patterns].filter((v) => !WILD.test(v) && v !== "").length === 0) {
        problems.push("has no condition on <issuer>:aud naming the audience (sts.amazonaws.com for GitHub and EKS)");
    }
    return problems;
}
