/**
 * Effective privilege of IAM identity-policy statements (PACK-8): what a set of Allow
 * statements grants, judged by the actions its patterns cover, not by how they are spelt.
 * Pure functions over plain data; the policies report what they return.
 */
import { Data, DataRecord, Unknown, asRecord, findUnknown, isUnknown } from "../../lib";
import { SENSITIVE_SERVICE_ACTIONS } from "./iam-action-index";
import { COMPUTE_CREATE_ACTIONS, ESCALATION_ACTIONS, PASS_ROLE, SENSITIVE_SERVICES } from "./iam-sensitive";

/** One Allow statement reduced to what decides privilege. */
export interface Grant {
    /** Where it came from, for messages: `policy "x" statement 2`. */
    readonly where: string;
    /** True when the statement allows `action` (lower case "service:name"). */
    readonly allows: (action: string) => boolean;
    /** True when the statement's resources include every resource of `service`. */
    readonly allResourcesOf: (service: string) => boolean;
}

export type ReadStatements =
    | { readonly state: "ok"; readonly grants: readonly Grant[] }
    | { readonly state: "unknown"; readonly unknown: Unknown; readonly path: string }
    | { readonly state: "malformed"; readonly path: string; readonly problem: string };

const cache = new Map<string, RegExp>();
/** IAM glob (`*`, `?`), anchored, case-insensitive, as IAM matches actions and ARNs. */
export function iamGlob(pattern: string): RegExp {
    let re = cache.get(pattern);
    if (!re) {
        const escaped = pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        re = new RegExp(`^${escaped}$`, "is");
        if (cache.size > 5000) cache.clear();
        cache.set(pattern, re);
    }
    return re;
}

/** A string or a list of strings (IAM's two spellings); anything else is malformed. */
function stringList(value: Data): readonly string[] | undefined {
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    return undefined;
}

/**
 * True when the resource pattern covers every resource of `service`: "*", a pattern whose
 * service field matches and whose resource part is only wildcards or "<type>/*" / "<type>:*",
 * or a short ARN prefix ending in "*" ("arn:aws:*").
 */
export function resourceCoversService(pattern: string, service: string): boolean {
    const p = pattern.trim();
    if (/^[*?]*\*[*?]*$/.test(p)) return true;
    const parts = p.split(":");
    if (parts.length < 6) {
        // A truncated ARN ("arn:aws:*", "arn:*:i*"): its tail wildcard reaches any ARN of the service it matches.
        return p.endsWith("*") && PROBE_REGIONS.some((region) => iamGlob(p).test(`arn:aws:${service}:${region}:123456789012:probe/probe`));
    }
    if (!iamGlob(parts[2]).test(service)) return false;
    const account = parts[4];
    const resource = parts.slice(5).join(":");
    const wildAccount = account === "" || /[*?]/.test(account) || /^\d+$/.test(account);
    return wildAccount && (/^[*?]*\*[*?]*$/.test(resource) || /^[a-z0-9-]*[/:]?[*?]*\*[*?]*$/i.test(resource));
}

const PROBE_REGIONS = ["", "us-east-1"];

function sidOf(stmt: DataRecord): string {
    return typeof stmt.Sid === "string" && stmt.Sid !== "" ? ` (Sid "${stmt.Sid.slice(0, 40)}")` : "";
}

/**
 * Reads the Allow statements of a parsed document into grants. Missing or unknown parts
 * that could widen the grant fail closed: a statement with no Effect, an Action that is
 * neither a string nor a list of strings, an unknown Action or Resource.
 */
export function readGrants(statements: readonly DataRecord[], label: string, path: string): ReadStatements {
    const grants: Grant[] = [];
    for (let i = 0; i < statements.length; i++) {
        const stmt = statements[i];
        const at = `${path}.Statement.${i}`;
        const where = `${label} statement ${i}${sidOf(stmt)}`;
        const effectUnknown = findUnknown(stmt.Effect);
        if (effectUnknown) return { state: "unknown", unknown: effectUnknown, path: `${at}.Effect` };
        const effect = typeof stmt.Effect === "string" ? stmt.Effect.trim().toLowerCase() : undefined;
        if (effect !== "allow" && effect !== "deny") {
            return {
                state: "malformed",
                path: `${at}.Effect`,
                problem: `Effect is ${effect === undefined ? "missing" : `"${String(stmt.Effect).slice(0, 40)}"`}, not "Allow" or "Deny"`,
            };
        }
        if (effect === "deny") continue;
        for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
            const u = findUnknown(stmt[key]);
            if (u) return { state: "unknown", unknown: u, path: `${at}.${key}` };
        }
        const hasAction = stmt.Action !== undefined;
        const hasNotAction = stmt.NotAction !== undefined;
        const actions = stringList(hasAction ? stmt.Action : stmt.NotAction);
        if (hasAction === hasNotAction || actions === undefined) {
            return {
                state: "malformed",
                path: `${at}.${hasNotAction ? "NotAction" : "Action"}`,
                problem: "an Allow statement needs exactly one of Action or NotAction, a string or a list of strings",
            };
        }
        const hasNotResource = stmt.NotResource !== undefined;
        const resources = stringList(hasNotResource ? stmt.NotResource : (stmt.Resource ?? "*"));
        if (resources === undefined || (hasNotResource && stmt.Resource !== undefined)) {
            return {
                state: "malformed",
                path: `${at}.${hasNotResource ? "NotResource" : "Resource"}`,
                problem: "Resource and NotResource must be a string or a list of strings, and not both",
            };
        }
        const patterns = actions.map((a) => iamGlob(a.trim()));
        const matches = (action: string) => patterns.some((re) => re.test(action));
        grants.push({
            where,
            allows: hasNotAction ? (a) => !matches(a) : matches,
            // Allow with NotResource grants everything but the listed resources: all of them, for our purpose.
            allResourcesOf: hasNotResource ? () => true : (service) => resources.some((r) => resourceCoversService(r, service)),
        });
    }
    return { state: "ok", grants };
}

/** Why a set of grants is admin-equivalent; empty when it is not. */
export function adminFindings(grants: readonly Grant[]): string[] {
    const out: string[] = [];
    for (const service of SENSITIVE_SERVICES) {
        const broad = grants.filter((g) => g.allResourcesOf(service));
        const actions = SENSITIVE_SERVICE_ACTIONS[service] ?? [];
        if (broad.length > 0 && actions.length > 0 && actions.every((a) => broad.some((g) => g.allows(`${service}:${a}`)))) {
            out.push(`every ${service} action on all resources (${broad.map((g) => g.where).join(", ")})`);
        }
    }
    if (out.length > 0) return out;
    const iamBroad = grants.filter((g) => g.allResourcesOf("iam"));
    const escalations = ESCALATION_ACTIONS.filter((a) => iamBroad.some((g) => g.allows(a)));
    if (escalations.length > 0) {
        const from = iamBroad.filter((g) => escalations.some((a) => g.allows(a))).map((g) => g.where);
        out.push(
            `privilege escalation through ${escalations.slice(0, 4).join(", ")}${escalations.length > 4 ? ", …" : ""} on all resources (${from.join(", ")})`,
        );
    }
    const passers = iamBroad.filter((g) => g.allows(PASS_ROLE));
    if (passers.length > 0) {
        const compute = COMPUTE_CREATE_ACTIONS.filter((a) => grants.some((g) => g.allows(a)));
        if (compute.length > 0) {
            const from = grants.filter((g) => compute.some((a) => g.allows(a))).map((g) => g.where);
            out.push(
                `iam:PassRole on all roles (${passers.map((g) => g.where).join(", ")}) with ${compute.slice(0, 3).join(", ")}${compute.length > 3 ? ", …" : ""} (${[...new Set(from)].join(", ")}): code can run as any role`,
            );
        }
    }
    return out;
}

/** Statements of a parsed document as records; a non-object statement is malformed. */
export function statementRecords(
    doc: DataRecord,
    path: string,
): { ok: true; list: readonly DataRecord[] } | { ok: false; path: string; problem: string; unknown?: Unknown } {
    const raw = doc.Statement;
    if (isUnknown(raw)) return { ok: false, path: `${path}.Statement`, problem: "unknown", unknown: raw };
    if (raw === undefined) return { ok: false, path: `${path}.Statement`, problem: "the document has no Statement" };
    const list: Data[] = Array.isArray(raw) ? raw : [raw];
    const out: DataRecord[] = [];
    for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (isUnknown(item)) return { ok: false, path: `${path}.Statement.${i}`, problem: "unknown", unknown: item };
        const rec = asRecord(item);
        if (!rec) return { ok: false, path: `${path}.Statement.${i}`, problem: "a statement is not a JSON object" };
        out.push(rec);
    }
    return { ok: true, list: out };
}
