/** Core cases of the KMS policies (KMS-1) and of the log groups a key encrypts (DATA-3). */
import type { Case } from "../../case";
import { UNKNOWN } from "../../runtime";
import { KEY_ARN, policy } from "./fixtures";

const KEY_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        {
            Sid: "Logs",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*"],
            Resource: "*",
        },
    ],
});
const WILDCARD_KEY_POLICY = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }],
});

/** Customer-managed keys and encrypted log groups. */
export const KMS_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: policy("kms-key-rotation-enabled"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "rotation off",
                path: "enableKeyRotation",
                value: false,
                match: /\[KMS-1\] KMS key "logs-key" does not rotate \(enableKeyRotation is false\)/,
            },
            { what: "rotation unset", path: "enableKeyRotation", value: undefined, match: /enableKeyRotation is unset/ },
        ],
        alsoCompliant: [{ what: "an asymmetric signing key (cannot rotate)", path: "customerMasterKeySpec", value: "RSA_2048" }],
        unknowns: [{ what: "unknown enableKeyRotation", path: "enableKeyRotation", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-deletion-window"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "a 7-day window",
                path: "deletionWindowInDays",
                value: 7,
                match: /\[KMS-1\] KMS key "logs-key" has deletionWindowInDays 7; the pack requires 30\.\.30/,
            },
            {
                what: "a 20-day window below a configured 25",
                path: "deletionWindowInDays",
                value: 20,
                config: { minimumDays: 25 },
                match: /requires 25\.\.30/,
            },
        ],
        alsoCompliant: [
            { what: "window unset (AWS default 30)", path: "deletionWindowInDays", value: undefined },
            { what: "a 10-day window with minimumDays 7", path: "deletionWindowInDays", value: 10, config: { minimumDays: 7 } },
        ],
        unknowns: [{ what: "unknown window", path: "deletionWindowInDays", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-policy-no-wildcard-principal"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "Principal {AWS: *}",
                path: "policy",
                value: WILDCARD_KEY_POLICY,
                match: /\[KMS-1\] the key policy of "logs-key" allows a wildcard principal in statement 0/,
            },
            {
                what: 'Principal "*"',
                path: "policy",
                value: JSON.stringify({ Statement: { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" } }),
                match: /wildcard principal/,
            },
            {
                what: "Allow with NotPrincipal",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*" }] }),
                match: /NotPrincipal/,
            },
            { what: "a policy that is not JSON", path: "policy", value: "{not json", match: /cannot be checked: it is not valid JSON/ },
        ],
        alsoCompliant: [
            {
                what: "a Deny with a wildcard principal",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "kms:*" }] }),
            },
            { what: "no explicit policy (AWS default: account root)", path: "policy", value: undefined },
        ],
        unknowns: [{ what: "an unknown policy document", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-policy-no-wildcard-principal"),
        type: "aws:kms/keyPolicy:KeyPolicy",
        name: "logs-key-policy",
        compliant: { keyId: "key-1", policy: KEY_POLICY },
        violations: [
            {
                what: "KeyPolicy with {AWS: [*]}",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] } }] }),
                match: /wildcard principal/,
            },
        ],
        unknowns: [{ what: "unknown KeyPolicy document", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("cloudwatch-log-group-encrypted"),
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "flow-logs",
        compliant: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: {} },
        violations: [
            { what: "no kmsKeyId", path: "kmsKeyId", value: undefined, match: /\[DATA-3\] log group "flow-logs" has no kmsKeyId/ },
            { what: "retention 0 (never expire)", path: "retentionInDays", value: 0, match: /retentionInDays 0/ },
            { what: "retention unset", path: "retentionInDays", value: undefined, match: /unset \(never expire\)/ },
            {
                what: "retention below a configured minimum",
                path: "retentionInDays",
                value: 30,
                config: { minimumRetentionDays: 90 },
                match: /at least 90 day/,
            },
        ],
        alsoCompliant: [{ what: "a key ARN unknown at preview (key created in the same run)", path: "kmsKeyId", value: UNKNOWN }],
        unknowns: [{ what: "unknown retention", path: "retentionInDays", value: UNKNOWN }],
    },
];
