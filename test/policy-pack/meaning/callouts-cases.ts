/**
 * Cases for the two policies on callouts a red-team pass found unjudged: Lambda's resource
 * policies (lambda-not-public) and admission webhooks (k8s-admission-webhook-scoped).
 * cases.ts spreads CALLOUT_CASES into CASES, so policies.test.ts, exemptions.test.ts and
 * fuzz.test.ts run them like every other policy's cases.
 */
import { lambdaNotPublic } from "../../../policy-pack/policies/cloud/lambda-not-public";
import { k8sAdmissionWebhookScoped } from "../../../policy-pack/policies/cluster/k8s-admission-webhook-scoped";
import type { Case, ResourceCase } from "../case";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../runtime";

export const ACCOUNT = "123456789012";
export const BUCKET_ARN = "arn:aws:s3:::uploads-123456789012";

export const PERMISSION = { action: "lambda:InvokeFunction", function: "thumbnails", principal: "s3.amazonaws.com", sourceArn: BUCKET_ARN };

export const WEBHOOK_CONFIG = {
    metadata: { name: "policy-engine" },
    webhooks: [
        {
            name: "pods.policy.example.com",
            admissionReviewVersions: ["v1"],
            sideEffects: "None",
            failurePolicy: "Fail",
            clientConfig: { service: { namespace: "policy-system", name: "webhook", path: "/validate", port: 443 } },
            rules: [
                { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
                { apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments", "secrets"] },
                { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["secrets/status"] },
            ],
        },
    ],
};

/** Every type the policy declares: both kinds, their Patch variants and their older apiVersions. */
const WEBHOOK_TYPES = k8sAdmissionWebhookScoped.types;

const URL_FIX = /\[K8S-6\] .*webhook "pods\.policy\.example\.com" sends the objects it intercepts to https:\/\/hooks\.example\.net\/admit/;
const SECRETS = /\[K8S-6\] .*webhook "pods\.policy\.example\.com" intercepts Secret objects/;

export const CALLOUT_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: lambdaNotPublic,
        type: "aws:lambda/permission:Permission",
        name: "thumbnails-from-s3",
        compliant: PERMISSION,
        violations: [
            {
                what: "any principal",
                path: "principal",
                value: "*",
                match: /\[IAM-1\] Lambda permission "thumbnails-from-s3" lets any principal \("\*"\) invoke the function/,
            },
            {
                what: "a service principal with no source",
                path: "sourceArn",
                value: undefined,
                match: /on behalf of any account \(no sourceArn or sourceAccount\)/,
            },
        ],
        alsoCompliant: [
            { what: "an account principal", path: "principal", value: ACCOUNT },
            { what: "a role ARN", path: "principal", value: `arn:aws:iam::${ACCOUNT}:role/caller` },
        ],
        unknowns: [{ what: "unknown principal", path: "principal", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: lambdaNotPublic,
        type: "aws:lambda/functionUrl:FunctionUrl",
        name: "api",
        compliant: { functionName: "api", authorizationType: "AWS_IAM" },
        violations: [
            {
                what: "no authentication",
                path: "authorizationType",
                value: "NONE",
                match: /\[IAM-1\] Lambda function URL "api" has authorizationType "NONE": anyone who finds the URL can invoke/,
            },
            { what: "lower-case none", path: "authorizationType", value: "none", match: /anyone who finds the URL/ },
        ],
        alsoCompliant: [{ what: "aws_iam in lower case", path: "authorizationType", value: "aws_iam" }],
        unknowns: [{ what: "unknown authorization type", path: "authorizationType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: lambdaNotPublic,
        type: "aws:lambda/layerVersionPermission:LayerVersionPermission",
        name: "shared-layer",
        compliant: { action: "lambda:GetLayerVersion", layerName: "libs", principal: "210987654321", statementId: "s", versionNumber: 3 },
        violations: [
            {
                what: "every account",
                path: "principal",
                value: "*",
                match: /\[IAM-1\] Lambda layer permission "shared-layer" shares the layer version with every AWS account/,
            },
        ],
        alsoCompliant: [{ what: "an organisation", path: "organizationId", value: "o-abc123" }],
        unknowns: [{ what: "unknown principal", path: "principal", value: UNKNOWN }],
    },
    ...WEBHOOK_TYPES.map((type): ResourceCase => ({
        kind: "resource",
        policy: k8sAdmissionWebhookScoped,
        type,
        name: "policy-engine",
        compliant: WEBHOOK_CONFIG,
        violations: [
            { what: "an outside URL", path: "webhooks.0.clientConfig", value: { url: "https://hooks.example.net/admit" }, match: URL_FIX },
            { what: "every core resource", path: "webhooks.0.rules.0.resources", value: ["*"], match: SECRETS },
            { what: "secrets by name", path: "webhooks.0.rules.0.resources", value: ["pods", "secrets"], match: SECRETS },
            {
                what: "every group and resource",
                path: "webhooks.0.rules.0",
                value: { apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*/*"] },
                match: SECRETS,
            },
        ],
        alsoCompliant: [
            {
                what: "an allowed URL",
                path: "webhooks.0.clientConfig",
                value: { url: "https://10.0.0.5:8443/admit" },
                config: { allowedUrls: ["https://10.0.0.5:8443/*"] },
            },
            {
                what: "an allowed secret webhook",
                path: "webhooks.0.rules.0.resources",
                value: ["*"],
                config: { allowedSecretWebhooks: ["*.policy.example.com"] },
            },
        ],
        unknowns: [
            { what: "unknown client config", path: "webhooks.0.clientConfig", value: UNKNOWN_OBJECT },
            { what: "unknown rules", path: "webhooks.0.rules", value: UNKNOWN_ARRAY },
            { what: "unknown resources", path: "webhooks.0.rules.0.resources", value: UNKNOWN_ARRAY },
        ],
    })),
];
