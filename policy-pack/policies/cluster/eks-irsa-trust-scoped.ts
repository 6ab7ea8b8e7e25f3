import type * as aws from "@pulumi/aws";
import { Unknown, asRecord, asStringList, findUnknown, globToRegExp, isUnknown, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, DataRecord } from "../../lib";
import { actionsOf, effectOf, forEachTrustStatement } from "../cloud/iam-statements";

/** The issuer in a Federated principal ARN: ...:oidc-provider/oidc.eks.<region>.amazonaws.com[.cn]/id/<ID>. */
const EKS_OIDC_PROVIDER = /:oidc-provider\/(oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+)$/;
/** One exact service account: namespace (DNS label) and name (DNS subdomain), no wildcards. */
const EXACT_SERVICE_ACCOUNT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;
const STS_AUDIENCE = "sts.amazonaws.com";
const readRole = readerFor<aws.iam.RoleArgs>();
/** A trust statement's federated principal, as the SDK's policy-document types spell it. */
const readFederated = readerFor<{ Principal?: aws.iam.FederatedPrincipal }>();
const WEB_IDENTITY_ACTION = "sts:assumerolewithwebidentity";
const STRING_EQUALS = "stringequals";

/** Values of `<issuer>:<claim>` under the condition operator `op` (case-insensitive), or undefined. */
function conditionValues(condition: DataRecord, op: string, key: string): readonly string[] | undefined {
    for (const [operator, body] of Object.entries(condition)) {
        if (operator.toLowerCase() !== op) continue;
        for (const [k, v] of Object.entries(asRecord(body) ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) return asStringList(v);
        }
    }
    return undefined;
}

/** Operators other than StringEquals that constrain `key` (e.g. StringLike). */
function otherOperatorsOn(condition: DataRecord, key: string): readonly string[] {
    return Object.entries(condition)
        .filter(
            ([op, body]) =>
                op.toLowerCase() !== STRING_EQUALS && Object.keys(asRecord(body) ?? {}).some((k) => k.toLowerCase() === key.toLowerCase()),
        )
        .map(([op]) => op);
}

function checkIssuer(ctx: CheckContext, role: string, where: string, issuer: string, condition: DataRecord): void {
    const subKey = `${issuer}:sub`;
    const audKey = `${issuer}:aud`;
    const sub = conditionValues(condition, STRING_EQUALS, subKey) ?? [];
    const others = otherOperatorsOn(condition, subKey);
    if (sub.length === 0) {
        const used = others.length > 0 ? ` (it uses ${others.join(", ")}, which admits patterns)` : "";
        ctx.violation(
            `${where} of role "${role}" lets any service account of the cluster assume it: no StringEquals condition on ${subKey}${used}`,
            `add Condition.StringEquals["${subKey}"] = "system:serviceaccount:<namespace>:<name>"`,
        );
    } else {
        const loose = sub.filter((s) => !EXACT_SERVICE_ACCOUNT.test(s.trim()));
        if (loose.length > 0) {
            ctx.violation(
                `${where} of role "${role}" allows ${subKey} values that are not one exact service account: ${loose.map((s) => `"${s}"`).join(", ")}`,
                `use "system:serviceaccount:<namespace>:<name>" without wildcards`,
            );
        }
    }
    const aud = conditionValues(condition, STRING_EQUALS, audKey) ?? [];
    if (aud.length === 0 || aud.some((a) => a.trim() !== STS_AUDIENCE)) {
        ctx.violation(
            `${where} of role "${role}" does not require StringEquals ${audKey} = "${STS_AUDIENCE}"`,
            `add Condition.StringEquals["${audKey}"] = "${STS_AUDIENCE}"`,
        );
    }
}

/** Checks one trust statement; unknowns that could hide an IRSA grant fail closed. */
function checkStatement(ctx: CheckContext, role: string, stmt: DataRecord, i: number): void {
    const where = `trust statement ${i}`;
    const path = `assumeRolePolicy.Statement.${i}`;
    const federated = readFederated(stmt, "Principal", "Federated");
    const fedUnknown = findUnknown(federated) ?? (isUnknown(stmt.Principal) ? stmt.Principal : undefined);
    const actionUnknown = findUnknown(stmt.Action) ?? findUnknown(stmt.NotAction);
    // IAM action patterns ("*", "sts:*", "sts:Assume*") and Allow-with-NotAction both count.
    const covers = (patterns: readonly string[]) => patterns.some((a) => globToRegExp(a).test(WEB_IDENTITY_ACTION));
    const webIdentity = covers(actionsOf(stmt)) || (stmt.NotAction !== undefined && !covers(actionsOf(stmt, "NotAction")));
    if (fedUnknown) {
        // An unknown federated principal matters only if the statement can grant web identity.
        if (webIdentity || actionUnknown) ctx.isUnknown(new Unknown(""), `${path}.Principal.Federated`);
        return;
    }
    const issuers = asStringList(federated)
        .map((f) => EKS_OIDC_PROVIDER.exec(f.trim())?.[1])
        .filter((x): x is string => x !== undefined);
    if (issuers.length === 0) {
        return;
    }
    if (actionUnknown) {
        ctx.isUnknown(actionUnknown, `${path}.Action`);
        return;
    }
    if (!webIdentity) {
        return;
    }
    if (ctx.isUnknown(stmt.Effect, `${path}.Effect`) || effectOf(stmt) !== "allow") {
        return;
    }
    if (ctx.containsUnknown(stmt.Condition, `${path}.Condition`)) {
        return;
    }
    const condition = asRecord(stmt.Condition) ?? {};
    for (const issuer of issuers) {
        checkIssuer(ctx, role, where, issuer, condition);
    }
}

/**
 * EKS-5: an IRSA role (trusted by the cluster's OIDC provider through
 * sts:AssumeRoleWithWebIdentity) names the one service account and the STS audience with
 * StringEquals; otherwise any pod of the cluster (or a StringLike pattern's worth of
 * service accounts) can take the role.
 */
export const eksIrsaTrustScoped = resourcePolicy({
    name: "eks-irsa-trust-scoped",
    control: "EKS-5",
    severity: "high",
    layer: "cluster",
    description:
        "IAM roles trusted by an EKS OIDC provider must require StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name> (no wildcards) and <issuer>:aud = sts.amazonaws.com.",
    references: [{ framework: "BPG", id: "IRSA: scope the role trust policy to the service account" }],
    remediation:
        'add Condition.StringEquals { "<issuer>:sub": "system:serviceaccount:<namespace>:<name>", "<issuer>:aud": "sts.amazonaws.com" } to the web-identity statement',
    resourceTypes: ["aws:iam/role:Role"],
    check: (role, ctx) => {
        forEachTrustStatement(ctx, role.name, readRole(role.props, "assumeRolePolicy"), (stmt, i) =>
            checkStatement(ctx, role.name, stmt, i),
        );
    },
});
