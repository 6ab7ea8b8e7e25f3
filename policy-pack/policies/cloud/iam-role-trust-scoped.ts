import type * as aws from "@pulumi/aws";
import { asRecord, findUnknown, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, DataRecord } from "../../lib";
import { forEachTrustStatement } from "./iam-statements";
import { effectOfStatement, isAnyonePrincipal, readPrincipal, restrictsCaller } from "../shared/iam-principals";
import { iamGlob } from "../shared/iam-privilege";
import { subjectProblems } from "../shared/iam-oidc";

const readRole = readerFor<aws.iam.RoleArgs>();
const ASSUME_ACTIONS = [
    "sts:assumerole",
    "sts:assumerolewithwebidentity",
    "sts:assumerolewithsaml",
    "sts:tagsession",
    "sts:setsourceidentity",
];
const WEB_IDENTITY = "sts:assumerolewithwebidentity";

/** The assume actions a statement allows (Action patterns, or everything NotAction leaves). */
function assumeActions(stmt: DataRecord): string[] | undefined {
    const raw = stmt.Action !== undefined ? stmt.Action : stmt.NotAction;
    const list =
        typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((x) => typeof x === "string") ? (raw as string[]) : undefined;
    if (!list || (stmt.Action !== undefined) === (stmt.NotAction !== undefined)) return undefined;
    const hit = (a: string) => list.some((p) => iamGlob(p.trim()).test(a));
    return ASSUME_ACTIONS.filter((a) => (stmt.Action !== undefined ? hit(a) : !hit(a)));
}

function checkStatement(ctx: CheckContext, role: string, stmt: DataRecord, i: number): void {
    const path = `assumeRolePolicy.Statement.${i}`;
    const where = `trust statement ${i} of role "${role}"`;
    for (const key of ["Effect", "Action", "NotAction", "Principal", "NotPrincipal"]) {
        const u = findUnknown(stmt[key]);
        // An unknown federated principal is judged on its conditions below: the issuer ARN is often unknown at preview.
        if (
            u &&
            !(
                key === "Principal" &&
                asRecord(stmt.Principal) &&
                Object.keys(asRecord(stmt.Principal) ?? {}).every((k) => k === "Federated")
            )
        ) {
            ctx.isUnknown(u, `${path}.${key}`);
            return;
        }
    }
    const effect = effectOfStatement(stmt);
    if (effect === undefined) {
        ctx.violation(`${where} has no valid Effect (${path}.Effect)`, 'set Effect to "Allow" or "Deny"');
        return;
    }
    if (effect === "deny") return;
    const actions = assumeActions(stmt);
    if (actions === undefined) {
        ctx.violation(
            `${where} needs exactly one of Action or NotAction, a string or a list of strings (${path}.Action)`,
            "name the sts:AssumeRole* action",
        );
        return;
    }
    if (actions.length === 0) return;
    if (stmt.NotPrincipal !== undefined) {
        ctx.violation(
            `${where} uses Allow with NotPrincipal, which trusts everyone else (${path}.NotPrincipal)`,
            "name the trusted principals in Principal",
        );
        return;
    }
    if (ctx.containsUnknown(stmt.Condition, `${path}.Condition`)) return;
    const federatedUnknown = findUnknown(stmt.Principal);
    const principal = federatedUnknown ? { ok: true as const, entries: [{ kind: "Federated", value: "" }] } : readPrincipal(stmt.Principal);
    if (!principal.ok) {
        ctx.violation(
            `${where} has an invalid principal (${path}.Principal: ${principal.problem})`,
            'use "*" or { "AWS" | "Service" | "Federated": string or list }',
        );
        return;
    }
    if (principal.entries.some(isAnyonePrincipal) && !restrictsCaller(stmt.Condition)) {
        ctx.violation(
            `${where} lets any AWS account assume it: Principal "*" without a condition on aws:PrincipalAccount, aws:PrincipalOrgID or aws:PrincipalArn (sts:ExternalId alone is not enough)`,
            "name the trusted account or role ARNs, or add Condition.StringEquals aws:PrincipalOrgID / aws:PrincipalAccount",
        );
        return;
    }
    const federated = principal.entries.filter((e) => e.kind.toLowerCase() === "federated" && !/:saml-provider\//i.test(e.value));
    if (federated.length > 0 && actions.includes(WEB_IDENTITY)) {
        for (const problem of subjectProblems(
            asRecord(stmt.Condition) ?? {},
            federated.map((f) => f.value),
        )) {
            ctx.violation(
                `${where} (web identity from ${federated.map((f) => (f.value === "" ? "an issuer unknown at preview" : `"${f.value}"`)).join(", ")}) ${problem}`,
            );
        }
    }
}

/**
 * IAM-1: a role's trust policy names who may assume it. Principal "*" needs a condition
 * pinning the caller's account or organisation; a web-identity (OIDC) trust needs a `sub`
 * condition narrowed to one repository (GitHub and other CI issuers) or one namespace and
 * service account (EKS), whatever the issuer, even when its ARN is unknown at preview.
 */
export const iamRoleTrustScoped = resourcePolicy({
    name: "iam-role-trust-scoped",
    control: "IAM-1",
    severity: "critical",
    layer: "cloud",
    description:
        'IAM role trust policies must not let any account assume the role (Principal "*" without an account/organisation condition, NotPrincipal), and OIDC trusts must require a sub condition scoped to one repository or one service account.',
    references: [
        { framework: "FSBP", id: "IAM.1" },
        { framework: "BPG", id: "IRSA: scope the role trust policy to the service account" },
    ],
    remediation:
        "name the trusted principals; for OIDC add Condition.StringEquals (or StringLike within one repository) on <issuer>:sub and <issuer>:aud",
    resourceTypes: ["aws:iam/role:Role"],
    check: (role, ctx) => {
        forEachTrustStatement(ctx, role.name, readRole(role.props, "assumeRolePolicy"), (stmt, i) =>
            checkStatement(ctx, role.name, stmt, i),
        );
    },
});
