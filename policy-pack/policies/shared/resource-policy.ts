/**
 * Resource policies (SNS topics, SQS queues, secrets, ECR repositories and registries):
 * who an Allow statement lets in, judged by meaning with the pack's principal and
 * condition readers (iam-principals.ts), and which accounts count as "ours" (config).
 * Pure functions; the policies report what they return.
 */
import type { CheckContext, ConfigProperties, Data, DataRecord, ResourceView } from "../../lib";
import { parseDocument } from "./iam";
import { effectOfStatement, isAnyonePrincipal, readPrincipal, restrictsCaller } from "./iam-principals";
import { iamGlob, statementRecords } from "./iam-privilege";

/** Config keys naming the accounts and organisations the pack treats as the program's own. */
export const TRUSTED_ACCOUNTS_CONFIG: ConfigProperties = {
    trustedAccountIds: {
        type: "array",
        items: { type: "string", pattern: "^[0-9]{12}$" },
        default: [],
        description:
            "AWS account IDs (12 digits) that count as the program's own: grants and pushes to other accounts are violations. Empty: cross-account use cannot be judged and gets an advisory note.",
    },
    trustedOrganizationIds: {
        type: "array",
        items: { type: "string", pattern: "^o-[a-z0-9]{10,32}$" },
        default: [],
        description: "AWS Organizations IDs whose accounts count as the program's own (matched against aws:PrincipalOrgID conditions).",
    },
};

/** What one Allow statement of a resource policy lets in. */
export interface StatementReach {
    readonly index: number;
    readonly sid: string;
    /** Anyone ("*", {AWS: "*"}, account wildcards) with no condition pinning the caller's account or organisation. */
    readonly publicAccess: boolean;
    /** Account IDs named by AWS principals (ARNs or bare IDs) and by account/org conditions on a "*" principal. */
    readonly accounts: readonly string[];
    readonly organizations: readonly string[];
    /** The statement's actions (lower case) and whether they are NotAction (everything else). */
    readonly actions: readonly string[];
    readonly notAction: boolean;
}

export type ReadResourcePolicy =
    | { readonly state: "absent" }
    | { readonly state: "ok"; readonly allows: readonly StatementReach[] }
    | { readonly state: "malformed"; readonly path: string; readonly problem: string };

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/i;

function stringsOf(v: Data): readonly string[] | undefined {
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    return undefined;
}

/** Values a restricting condition pins for `key` (lower case), e.g. aws:principalaccount. */
function pinned(condition: Data, keys: readonly string[]): string[] {
    const out: string[] = [];
    const cond = condition !== null && typeof condition === "object" && !Array.isArray(condition) ? (condition as DataRecord) : {};
    for (const [op, body] of Object.entries(cond)) {
        if (!/^(foranyvalue:)?(stringequals|stringequalsignorecase|stringlike|arnequals|arnlike)$/i.test(op)) continue;
        if (body === null || typeof body !== "object" || Array.isArray(body)) continue;
        for (const [k, v] of Object.entries(body as DataRecord)) {
            if (!keys.includes(k.toLowerCase())) continue;
            for (const value of stringsOf(v) ?? []) out.push(value.trim());
        }
    }
    return out;
}

/**
 * Reads a resource policy (JSON string or object) into what each Allow statement lets in.
 * Absent or empty: no resource policy. Unknown parts are the caller's to check first
 * (ctx.containsUnknown). Malformed: not JSON, no Statement, a statement with no valid
 * Effect, an invalid principal, an Action that is not a string or list: fail closed.
 */
export function readResourcePolicy(value: Data, path: string): ReadResourcePolicy {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return { state: "absent" };
    const parsed = parseDocument(value);
    if (!parsed.ok) return { state: "malformed", path, problem: parsed.problem };
    const list = statementRecords(parsed.doc, path);
    if (!list.ok) return { state: "malformed", path: list.path, problem: list.problem };
    const allows: StatementReach[] = [];
    for (const [i, stmt] of list.list.entries()) {
        const at = `${path}.Statement.${i}`;
        const effect = effectOfStatement(stmt);
        if (effect === undefined)
            return { state: "malformed", path: `${at}.Effect`, problem: "the statement has no valid Effect (Allow or Deny)" };
        if (effect === "deny") continue;
        if (stmt.NotPrincipal !== undefined) {
            // Allow + NotPrincipal allows everyone but the named principals.
            allows.push({
                index: i,
                sid: sidOf(stmt),
                publicAccess: true,
                accounts: [],
                organizations: [],
                actions: ["*"],
                notAction: false,
            });
            continue;
        }
        const principal = readPrincipal(stmt.Principal);
        if (!principal.ok) return { state: "malformed", path: `${at}.Principal`, problem: principal.problem };
        const notAction = stmt.NotAction !== undefined;
        const actions = stringsOf(notAction ? stmt.NotAction : stmt.Action);
        if (!actions)
            return {
                state: "malformed",
                path: `${at}.${notAction ? "NotAction" : "Action"}`,
                problem: "it is not a string or a list of strings",
            };
        const anyone = principal.entries.some(isAnyonePrincipal);
        const restricted = anyone && restrictsCaller(stmt.Condition);
        const accounts = principal.entries
            .filter((e) => e.kind.toLowerCase() === "aws" && !isAnyonePrincipal(e))
            .map((e) =>
                /^\d{12}$/.test(e.value) ? e.value : (ACCOUNT_IN_ARN.exec(e.value)?.[1] ?? `unreadable principal ${e.value.slice(0, 60)}`),
            );
        if (restricted) {
            accounts.push(...pinned(stmt.Condition, ["aws:principalaccount", "kms:calleraccount"]));
            accounts.push(
                ...pinned(stmt.Condition, ["aws:principalarn"]).map(
                    (arn) => ACCOUNT_IN_ARN.exec(arn)?.[1] ?? `unreadable principal ${arn.slice(0, 60)}`,
                ),
            );
        }
        const organizations = restricted ? pinned(stmt.Condition, ["aws:principalorgid"]) : [];
        allows.push({
            index: i,
            sid: sidOf(stmt),
            publicAccess: anyone && !restricted,
            accounts,
            organizations,
            actions: actions.map((a) => a.trim().toLowerCase()),
            notAction,
        });
    }
    return { state: "ok", allows };
}

function sidOf(stmt: DataRecord): string {
    return typeof stmt.Sid === "string" && stmt.Sid !== "" ? ` (Sid "${stmt.Sid.slice(0, 40)}")` : "";
}

/** True when the statement allows at least one of `actions` (lower case "service:Name"). */
export function allowsAny(reach: StatementReach, actions: readonly string[]): boolean {
    return actions.some((action) => {
        const listed = reach.actions.some((p) => iamGlob(p).test(action));
        return reach.notAction ? !listed : listed;
    });
}

/**
 * The accounts and organisations a statement reaches that are not trusted. `undefined`
 * when nothing is configured (the caller notes that cross-account use cannot be judged).
 */
export function untrustedOf(
    reach: StatementReach,
    trustedAccounts: readonly string[],
    trustedOrgs: readonly string[],
): string[] | undefined {
    if (trustedAccounts.length === 0 && trustedOrgs.length === 0) return undefined;
    const out = reach.accounts.filter((a) => !trustedAccounts.includes(a));
    out.push(...reach.organizations.filter((o) => !trustedOrgs.includes(o)).map((o) => `organisation ${o}`));
    return out;
}

/** Where a resource type keeps its policy document, read through the SDK's input type. */
export interface DocumentAt {
    readonly path: string;
    readonly read: (props: Data) => Data;
}

/**
 * Reads the resource's policy document and reports what stops judging it: an unknown
 * (recorded, fail closed) or a malformed document (a violation naming the property).
 * Returns the Allow statements, or undefined when there is nothing (more) to judge.
 */
export function allowStatements(
    r: ResourceView,
    where: DocumentAt,
    label: string,
    ctx: CheckContext,
): readonly StatementReach[] | undefined {
    const value = where.read(r.props);
    if (ctx.containsUnknown(value, where.path)) return undefined;
    const doc = readResourcePolicy(value, where.path);
    if (doc.state === "malformed") {
        ctx.violation(
            `the ${label} of "${r.name}" cannot be checked: ${doc.problem} (${doc.path})`,
            `pass ${where.path} as a JSON policy document with Effect, Principal and Action in every statement`,
        );
        return undefined;
    }
    return doc.state === "absent" ? undefined : doc.allows;
}

/** The message for a statement that lets anyone in. */
export function anyoneMessage(r: ResourceView, where: DocumentAt, label: string, s: StatementReach): string {
    return `the ${label} of "${r.name}" allows anyone in statement ${s.index}${s.sid} (${where.path}.Statement.${s.index}.Principal) without a condition on aws:PrincipalAccount or aws:PrincipalOrgID`;
}
