import type * as aws from "@pulumi/aws";
import { asRecord, findUnknown, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, DataRecord } from "../../lib";
import { forEachTrustStatement } from "../cloud/iam-statements";
import { effectOfStatement, readPrincipal } from "../shared/iam-principals";
import { iamGlob } from "../shared/iam-privilege";

const readRole = readerFor<aws.iam.RoleArgs>();

/** The EKS Pod Identity service principal, in every partition's DNS suffix. */
const POD_IDENTITY_SERVICE = /^pods\.eks\.amazonaws\.com(\.cn)?$/i;
const ASSUME_ROLE = "sts:assumerole";
/** Operators that hold only when the key is present and matches: IfExists and ForAllValues pass on a missing key. */
const PRESENT_OPERATORS = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"];
const TWELVE_DIGITS = /^\d{12}$/;
/** A cluster ARN whose account is written out (region and name may be patterns: the account is what is pinned). */
const CLUSTER_ARN_ACCOUNT = /^arn:aws[a-z-]*:eks:[^:]*:(\d{12}):cluster\/.+$/i;
/** Condition keys whose value pins the account the Pod Identity request comes from. */
const ACCOUNT_KEY = "aws:sourceaccount";
const CLUSTER_KEYS = ["aws:sourcearn", "aws:requesttag/eks-cluster-arn"];

/** True when the statement grants sts:AssumeRole (through Action patterns, or an Allow-with-NotAction that leaves it). */
function grantsAssumeRole(stmt: DataRecord): boolean | undefined {
    const raw = stmt.Action !== undefined ? stmt.Action : stmt.NotAction;
    const list =
        typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((x) => typeof x === "string") ? (raw as string[]) : undefined;
    if (!list || (stmt.Action !== undefined) === (stmt.NotAction !== undefined)) return undefined;
    const hit = list.some((p) => iamGlob(p.trim()).test(ASSUME_ROLE));
    return stmt.Action !== undefined ? hit : !hit;
}

/**
 * The accounts a condition block pins the caller to, or undefined when it pins none: aws:SourceAccount
 * (twelve digits, no wildcard) or a cluster ARN key (aws:SourceArn, aws:RequestTag/eks-cluster-arn) whose
 * account is written out, under an operator that fails when the key is absent. Every value of a key
 * must pin; one wildcard value lets any account through.
 */
export function pinnedAccounts(condition: unknown): readonly string[] | undefined {
    const found = new Set<string>();
    for (const [op, body] of Object.entries(asRecord(condition) ?? {})) {
        const operator = op
            .trim()
            .toLowerCase()
            .replace(/^foranyvalue:/, "");
        if (!PRESENT_OPERATORS.includes(operator)) continue;
        for (const [k, v] of Object.entries(asRecord(body) ?? {})) {
            const key = k.trim().toLowerCase();
            const values =
                typeof v === "string"
                    ? [v]
                    : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")
                      ? (v as string[])
                      : [];
            const accounts = values
                .map((x) => x.trim())
                .map((x) =>
                    key === ACCOUNT_KEY
                        ? TWELVE_DIGITS.test(x)
                            ? x
                            : undefined
                        : CLUSTER_KEYS.includes(key)
                          ? CLUSTER_ARN_ACCOUNT.exec(x)?.[1]
                          : undefined,
                );
            if (values.length > 0 && accounts.every((a): a is string => a !== undefined)) accounts.forEach((a) => found.add(a));
        }
    }
    return found.size > 0 ? [...found].sort() : undefined;
}

function checkStatement(ctx: CheckContext, role: string, stmt: DataRecord, i: number): void {
    const path = `assumeRolePolicy.Statement.${i}`;
    const where = `trust statement ${i} of role "${role}"`;
    for (const key of ["Effect", "Principal", "Action", "NotAction"]) {
        const u = findUnknown(stmt[key]);
        if (u) {
            ctx.isUnknown(u, `${path}.${key}`);
            return;
        }
    }
    // Invalid effects, principals and actions are iam-role-trust-scoped's to report.
    const principal = readPrincipal(stmt.Principal);
    if (effectOfStatement(stmt) !== "allow" || !principal.ok || grantsAssumeRole(stmt) !== true) return;
    const pods = principal.entries.filter((e) => e.kind.trim().toLowerCase() === "service" && POD_IDENTITY_SERVICE.test(e.value));
    if (pods.length === 0) return;
    const others = principal.entries.filter((e) => !pods.includes(e));
    if (others.length > 0) {
        ctx.violation(
            `${where} trusts EKS Pod Identity together with ${others.map((e) => `${e.kind} "${e.value}"`).join(", ")}: those reach the role without a Pod Identity association, under conditions written for Pod Identity (${path}.Principal)`,
            "give EKS Pod Identity (pods.eks.amazonaws.com) a statement of its own",
        );
    }
    if (ctx.containsUnknown(stmt.Condition, `${path}.Condition`)) return;
    const accounts = pinnedAccounts(stmt.Condition);
    if (accounts === undefined) {
        ctx.violation(
            `${where} lets EKS Pod Identity assume it for any account's clusters: no condition pins aws:SourceAccount (or the cluster ARN in aws:SourceArn / aws:RequestTag/eks-cluster-arn) to an account (${path}.Condition)`,
        );
        return;
    }
    const allowed = ctx.configStrings("allowedAccounts");
    const outside = allowed.length > 0 ? accounts.filter((a) => !allowed.includes(a)) : [];
    if (outside.length > 0) {
        ctx.violation(
            `${where} lets EKS Pod Identity of account(s) ${outside.join(", ")} assume it, not in the pack config's allowedAccounts (${allowed.join(", ")})`,
            "scope aws:SourceAccount to one of the allowed accounts, or add the account to allowedAccounts",
        );
    }
}

/**
 * EKS-5: a role trusted by EKS Pod Identity (pods.eks.amazonaws.com) is reached only through Pod Identity
 * associations of this account's clusters: its statement pins the source account (aws:SourceAccount, or
 * the cluster ARN) and names no other principal. Which service account gets the role is the association's
 * to say; `aws:RequestTag/kubernetes-service-account` in the trust narrows it further (recommended).
 */
export const eksPodIdentityTrustScoped = resourcePolicy({
    name: "eks-pod-identity-trust-scoped",
    control: "EKS-5",
    severity: "high",
    layer: "cluster",
    description:
        "IAM roles trusted by EKS Pod Identity (pods.eks.amazonaws.com) must pin the source account (aws:SourceAccount, or the cluster ARN in aws:SourceArn / aws:RequestTag/eks-cluster-arn) and trust no other principal in the same statement.",
    references: [{ framework: "BPG", id: "EKS Pod Identity: scope the role trust policy" }],
    remediation:
        'add Condition.StringEquals { "aws:SourceAccount": "<account>", "aws:RequestTag/eks-cluster-arn": "<cluster ARN>", "aws:RequestTag/kubernetes-namespace": "<namespace>", "aws:RequestTag/kubernetes-service-account": "<name>" } to the pods.eks.amazonaws.com statement',
    config: {
        allowedAccounts: {
            type: "array",
            items: { type: "string", pattern: "^\\d{12}$" },
            default: [],
            description:
                "Accounts whose clusters may reach Pod Identity roles. Empty: any account written out in the condition (no wildcard).",
        },
    },
    resourceTypes: ["aws:iam/role:Role"],
    check: (role, ctx) => {
        forEachTrustStatement(ctx, role.name, readRole(role.props, "assumeRolePolicy"), (stmt, i) =>
            checkStatement(ctx, role.name, stmt, i),
        );
    },
});
