/**
 * DATA-4 cases (../cases.ts format): secrets-access-team-scoped on IAM roles, policies and External
 * Secrets stores, and k8s-secret-no-literal-data on Secrets. Spellings of wildcards and the baseline's
 * own documents are tested beside this file (secrets.test.ts).
 */
import type { ResourceCase } from "./case";
import { secretsAccessTeamScoped } from "../../policy-pack/policies/cloud/secrets-access-team-scoped";
import { k8sSecretNoLiteralData } from "../../policy-pack/policies/code/k8s-secret-no-literal-data";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "./runtime";

const SM = "arn:aws:secretsmanager:us-east-1:123456789012";
const TEAM_SECRETS = `${SM}:secret:apps/payments/*`;
const doc = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "ReadTeamSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: TEAM_SECRETS,
        },
        {
            Sid: "Decrypt",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: "arn:aws:kms:us-east-1:123456789012:key/*",
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
        { Sid: "List", Effect: "Allow", Action: "secretsmanager:ListSecrets", Resource: "*" },
    ],
};
const broad = /\[DATA-4\] statement \d of .* allows secretsmanager:GetSecretValue/;

function iamCase(type: string, name: string, base: Record<string, unknown>, at: string): ResourceCase {
    const p = (rest: string) => `${at}.Statement.${rest}`;
    return {
        kind: "resource",
        policy: secretsAccessTeamScoped,
        type,
        name,
        compliant: base,
        violations: [
            {
                what: "Resource *",
                path: p("0.Resource"),
                value: "*",
                match: /on "\*", more than one team's secrets: it matches every secret/,
            },
            {
                what: "every secret of the account",
                path: p("0.Resource"),
                value: `${SM}:secret:*`,
                match: /does not reach "<prefix>\/<team>\/"/,
            },
            { what: "the prefix without a team", path: p("0.Resource"), value: `${SM}:secret:apps/*`, match: /literal part "apps\/"/ },
            { what: "a wildcard in the team segment", path: p("0.Resource"), value: `${SM}:secret:apps/pay*/*`, match: broad },
            { what: "a wildcard service field", path: p("0.Resource"), value: "arn:aws:*:us-east-1:123456789012:secret:*", match: broad },
            { what: "a truncated ARN", path: p("0.Resource"), value: "arn:aws:secretsmanager:*", match: /matches every secret/ },
            { what: "secretsmanager:Get* on *", path: p("2.Action"), value: "secretsmanager:Get*", match: broad },
            { what: "secretsmanager:* on *", path: p("2.Action"), value: "secretsmanager:*", match: broad },
            { what: "Action * on *", path: p("2.Action"), value: "*", match: broad },
            { what: "NotAction", path: p("2"), value: { Effect: "Allow", NotAction: "iam:*", Resource: "*" }, match: broad },
            {
                what: "NotResource",
                path: p("0"),
                value: { Effect: "Allow", Action: "secretsmanager:GetSecretValue", NotResource: TEAM_SECRETS },
                match: /except its NotResource/,
            },
            {
                what: "outside the configured prefix",
                path: p("0.Sid"),
                value: "Read",
                config: { secretNamePrefixes: ["platform"] },
                match: /does not start with a configured prefix \("platform\/"\)/,
            },
            {
                what: "a configured two-segment prefix without a team",
                path: p("0.Resource"),
                value: `${SM}:secret:org/apps/*`,
                config: { secretNamePrefixes: ["org/apps"] },
                match: /stops before a team segment/,
            },
        ],
        alsoCompliant: [
            { what: "one secret", path: p("0.Resource"), value: `${SM}:secret:db-password-AbCdEf` },
            { what: "a deeper path", path: p("0.Resource"), value: `${SM}:secret:apps/payments/db/*` },
            { what: "a Deny on *", path: p("2"), value: { Effect: "Deny", Action: "secretsmanager:*", Resource: "*" } },
            { what: "the configured prefix", path: p("0.Sid"), value: "Read", config: { secretNamePrefixes: ["apps/"] } },
            { what: "GetSecretValue on another service's ARN", path: p("1.Action"), value: "*" },
        ],
        unknowns: [
            { what: "unknown Resource", path: p("0.Resource"), value: UNKNOWN },
            { what: "unknown Action", path: p("2.Action"), value: UNKNOWN },
        ],
    };
}

const store = (kind: string, spec: Record<string, unknown>) => ({
    apiVersion: "external-secrets.io/v1",
    kind,
    metadata: { name: "team-secrets", namespace: "payments" },
    spec,
});
const AWS_SM = {
    service: "SecretsManager",
    region: "us-east-1",
    role: "arn:aws:iam::123456789012:role/eso-team-payments",
    prefix: "apps/payments/",
};

const secret = (extra: Record<string, unknown>) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db", namespace: "payments" },
    ...extra,
});
const literal = /\[DATA-4\] Secret(Patch)? "db".* carries secret values written by the program/;

const BASE_CASES: readonly ResourceCase[] = [
    iamCase(
        "aws:iam/role:Role",
        "eso-team-payments",
        { assumeRolePolicy: "{}", inlinePolicies: [{ name: "team-secrets", policy: doc }] },
        "inlinePolicies.0.policy",
    ),
    {
        ...iamCase(
            "aws:iam/rolePolicy:RolePolicy",
            "payments-secrets",
            { role: "eso-team-payments", policy: JSON.parse(JSON.stringify(doc)) as unknown },
            "policy",
        ),
    },
    {
        ...iamCase("aws:iam/policy:Policy", "payments-secrets", { policy: doc }, "policy"),
        unknowns: [{ what: "unknown policy", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: secretsAccessTeamScoped,
        type: "kubernetes:external-secrets.io/v1:SecretStore",
        name: "secrets-store-payments",
        compliant: store("SecretStore", { provider: { aws: AWS_SM } }),
        violations: [
            {
                what: "no role and no auth (the controller's identity)",
                path: "spec.provider.aws.role",
                value: undefined,
                match: /SecretStore "team-secrets" reads Secrets Manager with the controller's own identity/,
            },
            { what: "an empty role", path: "spec.provider.aws.role", value: " ", match: /controller's own identity/ },
        ],
        alsoCompliant: [
            {
                what: "a service account of the namespace (IRSA)",
                path: "spec.provider.aws.auth",
                value: { jwt: { serviceAccountRef: { name: "reader" } } },
            },
            { what: "Parameter Store", path: "spec.provider.aws.service", value: "ParameterStore" },
            { what: "another provider", path: "spec.provider", value: { vault: { server: "https://vault.example" } } },
        ],
        unknowns: [
            { what: "unknown role", path: "spec.provider.aws.role", value: UNKNOWN },
            { what: "unknown provider", path: "spec.provider.aws", value: UNKNOWN_OBJECT },
        ],
    },
    {
        kind: "resource",
        policy: secretsAccessTeamScoped,
        type: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
        name: "shared-store",
        compliant: store("ClusterSecretStore", { provider: { aws: AWS_SM }, conditions: [{ namespaces: ["payments"] }] }),
        violations: [
            {
                what: "no conditions",
                path: "spec.conditions",
                value: undefined,
                match: /ClusterSecretStore "team-secrets" reads Secrets Manager for every namespace/,
            },
            { what: "two namespaces", path: "spec.conditions.0.namespaces", value: ["payments", "checkout"], match: /a list of several/ },
            {
                what: "a selector",
                path: "spec.conditions.0",
                value: { namespaceSelector: { matchLabels: { team: "payments" } } },
                match: /by selector/,
            },
        ],
        alsoCompliant: [{ what: "another provider", path: "spec.provider", value: { vault: { server: "https://vault.example" } } }],
        unknowns: [{ what: "unknown conditions", path: "spec.conditions", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "resource",
        policy: k8sSecretNoLiteralData,
        type: "kubernetes:core/v1:Secret",
        name: "db",
        compliant: secret({ type: "Opaque" }),
        violations: [
            { what: "data", path: "data", value: { password: "aHVudGVyMg==" }, match: literal },
            { what: "stringData", path: "stringData", value: { password: "hunter2" }, match: /stringData\.password/ },
            {
                what: "a value computed from another resource",
                path: "stringData",
                value: { password: UNKNOWN },
                match: /stringData\.password \(computed\)/,
            },
            { what: "data that is not a map", path: "data", value: "aHVudGVyMg==", match: /not a map of keys to values/ },
        ],
        alsoCompliant: [
            { what: "empty data", path: "data", value: {} },
            { what: "empty stringData", path: "stringData", value: {} },
        ],
        unknowns: [{ what: "unknown data", path: "data", value: UNKNOWN_OBJECT }],
    },
    {
        kind: "resource",
        policy: k8sSecretNoLiteralData,
        type: "kubernetes:core/v1:Secret",
        name: "db",
        compliant: secret({
            type: "kubernetes.io/service-account-token",
            metadata: { name: "db", namespace: "payments", annotations: { "kubernetes.io/service-account.name": "ci" } },
        }),
        violations: [
            {
                what: "a token Secret with data",
                path: "data",
                value: { token: "ZXlK" },
                match: /a service-account-token Secret, which the token controller fills itself/,
            },
        ],
        unknowns: [{ what: "unknown stringData", path: "stringData", value: UNKNOWN_OBJECT }],
    },
];

/** Every type the policies declare: the same cases under the other IAM document types, v1beta1 stores and SecretPatch. */
const retyped = (from: string, to: string): ResourceCase[] => BASE_CASES.filter((c) => c.type === from).map((c) => ({ ...c, type: to }));

export const SECRETS_CASES: readonly ResourceCase[] = [
    ...BASE_CASES,
    ...retyped("aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy"),
    ...retyped("aws:iam/rolePolicy:RolePolicy", "aws:iam/groupPolicy:GroupPolicy"),
    ...retyped("kubernetes:external-secrets.io/v1:SecretStore", "kubernetes:external-secrets.io/v1beta1:SecretStore"),
    ...retyped("kubernetes:external-secrets.io/v1:ClusterSecretStore", "kubernetes:external-secrets.io/v1beta1:ClusterSecretStore"),
    ...retyped("kubernetes:core/v1:Secret", "kubernetes:core/v1:SecretPatch"),
];
