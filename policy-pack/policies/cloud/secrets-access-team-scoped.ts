import type * as aws from "@pulumi/aws";
import { asArray, asRecord, asString, findUnknown, isUnknown, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data, ResourceView } from "../../lib";
import { effectOf, parseIamDocument } from "./iam-statements";
import { allowsGetSecretValue, secretPatternProblem, stringsOf } from "../shared/secret-scope";

const POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
];
const ROLE_TYPE = "aws:iam/role:Role";
const STORE_TYPES = [
    "kubernetes:external-secrets.io/v1:SecretStore",
    "kubernetes:external-secrets.io/v1:ClusterSecretStore",
    "kubernetes:external-secrets.io/v1beta1:SecretStore",
    "kubernetes:external-secrets.io/v1beta1:ClusterSecretStore",
];
const STORE_TYPE = /^kubernetes:external-secrets\.io\/[^:]+:(Cluster)?SecretStore$/;

const policyRead = readerFor<aws.iam.PolicyArgs & aws.iam.RolePolicyArgs & aws.iam.UserPolicyArgs & aws.iam.GroupPolicyArgs>();
const roleRead = readerFor<aws.iam.RoleArgs>();

/** The part of an External Secrets store this policy reads (the CRD has no SDK type). */
interface StoreShape {
    metadata?: { name?: string; namespace?: string };
    spec?: {
        provider?: { aws?: { service?: string; role?: string; auth?: Record<string, unknown> } };
        conditions?: Array<{ namespaces?: string[]; namespaceSelector?: unknown; namespaceRegexes?: string[] }>;
    };
}
const storeRead = readerFor<StoreShape>();

function checkDocument(ctx: CheckContext, owner: string, path: string, value: Data, prefixes: readonly string[]): void {
    const parsed = parseIamDocument(value);
    if (parsed.state === "absent") return;
    if (parsed.state === "unknown") {
        ctx.isUnknown(parsed.unknown, parsed.unknown.path !== "" ? parsed.unknown.path : path);
        return;
    }
    if (parsed.state === "malformed") {
        ctx.violation(
            `${path} of "${owner}" cannot be read (${parsed.problem}), so it may grant any secret`,
            "pass a valid JSON policy document",
        );
        return;
    }
    parsed.statements.forEach((stmt, i) => {
        const at = `${path}.Statement.${i}`;
        for (const key of ["Effect", "Action", "NotAction", "Resource", "NotResource"]) {
            const u = findUnknown(stmt[key]);
            if (u) {
                ctx.isUnknown(u, `${at}.${key}`);
                return;
            }
        }
        if (effectOf(stmt) !== "allow") return;
        const allows = allowsGetSecretValue(stmt);
        if (allows === undefined) {
            ctx.violation(
                `statement ${i} of ${path} in "${owner}" has an Action that is neither a string nor a list of strings, so it may allow secretsmanager:GetSecretValue`,
            );
            return;
        }
        if (!allows) return;
        const where = `statement ${i} of ${path} in "${owner}" allows secretsmanager:GetSecretValue`;
        if (stmt.NotResource !== undefined) {
            ctx.violation(`${where} on every resource except its NotResource, so on every team's secrets`);
            return;
        }
        const resources = stmt.Resource === undefined ? ["*"] : stringsOf(stmt.Resource);
        if (resources === undefined) {
            ctx.violation(`${where} with a Resource that is neither a string nor a list of strings`);
            return;
        }
        for (const r of resources) {
            const problem = secretPatternProblem(r, prefixes);
            if (problem !== undefined) ctx.violation(`${where} on "${r}", more than one team's secrets: ${problem}`);
        }
    });
}

function checkStore(r: ResourceView, ctx: CheckContext): void {
    const awsProvider = storeRead(r.props, "spec", "provider", "aws");
    if (ctx.isUnknown(awsProvider, "spec.provider.aws")) return;
    if (awsProvider === undefined || awsProvider === null) return;
    const service = storeRead(r.props, "spec", "provider", "aws", "service");
    if (ctx.isUnknown(service, "spec.provider.aws.service")) return;
    if (asString(service) !== undefined && asString(service) !== "SecretsManager") return;
    const name = asString(storeRead(r.props, "metadata", "name")) ?? r.name;
    if (r.type.endsWith(":ClusterSecretStore")) {
        const conditions = storeRead(r.props, "spec", "conditions");
        if (ctx.containsUnknown(conditions, "spec.conditions")) return;
        const list = asArray(conditions).map((c) => asRecord(c) ?? {});
        const onlyNames =
            list.length > 0 &&
            list.every((c) => c.namespaceSelector === undefined && c.namespaceRegexes === undefined && Array.isArray(c.namespaces));
        const namespaces = new Set(list.flatMap((c) => asArray(c.namespaces).map(String)));
        if (!onlyNames || namespaces.size !== 1) {
            ctx.violation(
                `ClusterSecretStore "${name}" reads Secrets Manager for ${list.length === 0 ? "every namespace" : "namespaces chosen by selector, pattern or a list of several"}, so one identity serves more than one team`,
                "give each team namespace its own SecretStore naming that team's role (spec.provider.aws.role), or limit spec.conditions to the one namespace by name",
            );
        }
        return;
    }
    const role = storeRead(r.props, "spec", "provider", "aws", "role");
    const auth = storeRead(r.props, "spec", "provider", "aws", "auth");
    if (ctx.isUnknown(role, "spec.provider.aws.role") || ctx.isUnknown(auth, "spec.provider.aws.auth")) return;
    const hasRole = (asString(role) ?? "").trim() !== "";
    const hasAuth = asRecord(auth) !== undefined && Object.keys(asRecord(auth) ?? {}).length > 0;
    if (!hasRole && !hasAuth) {
        ctx.violation(
            `SecretStore "${name}" reads Secrets Manager with the controller's own identity (no spec.provider.aws.role or auth), which every store of the cluster shares`,
            "name the team's role in spec.provider.aws.role (a role that reads only <prefix>/<team>/*)",
        );
    }
}

/**
 * DATA-4: a secret store or an IAM grant must not reach more than one team's secrets. IAM: every Allow
 * statement whose actions cover secretsmanager:GetSecretValue (wildcards such as secretsmanager:Get* or
 * "*" and NotAction included) must name single secrets or patterns whose literal part reaches
 * `<prefix>/<team>/`; conditions are not credited. Stores: a ClusterSecretStore serves many namespaces,
 * and a SecretStore without a role or auth uses the controller's shared identity.
 */
export const secretsAccessTeamScoped = resourcePolicy({
    name: "secrets-access-team-scoped",
    control: "DATA-4",
    severity: "high",
    layer: "cloud",
    description:
        "IAM roles and policies (Pod Identity roles included) and External Secrets stores must not give access to secrets beyond one team's prefix: secretsmanager:GetSecretValue (also through wildcards or NotAction) only on <prefix>/<team>/* or single secrets, no ClusterSecretStore serving several namespaces, no SecretStore on the controller's shared identity.",
    references: [{ framework: "BPG", id: "Use an external secrets provider; least-privileged access to secrets" }],
    remediation:
        "scope the grant to arn:<partition>:secretsmanager:<region>:<account>:secret:<prefix>/<team>/* (one team per role) and give each team namespace its own SecretStore naming that role",
    config: {
        secretNamePrefixes: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "The secret name prefixes in use (secretNamePrefix of the stacks). Set: a team pattern must start with one of them, then a team segment. Empty: the literal part must hold two segments (<prefix>/<team>/).",
        },
    },
    resourceTypes: [...POLICY_TYPES, ROLE_TYPE, ...STORE_TYPES],
    alsoApplies: (type) => STORE_TYPE.test(type),
    check: (r, ctx) => {
        const prefixes = ctx
            .configStrings("secretNamePrefixes")
            .map((p) => p.replace(/\/+$/, ""))
            .filter((p) => p !== "");
        if (STORE_TYPE.test(r.type)) {
            checkStore(r, ctx);
            return;
        }
        if (r.type !== ROLE_TYPE) {
            checkDocument(ctx, r.name, "policy", policyRead(r.props, "policy"), prefixes);
            return;
        }
        const inline = roleRead(r.props, "inlinePolicies");
        if (isUnknown(inline)) {
            ctx.isUnknown(inline, "inlinePolicies");
            return;
        }
        asArray(inline).forEach((_, i) =>
            checkDocument(ctx, r.name, `inlinePolicies.${i}.policy`, roleRead(r.props, "inlinePolicies", i, "policy"), prefixes),
        );
    },
});
