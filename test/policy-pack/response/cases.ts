/**
 * Cases (see ../cases.ts) for DET-9's lambda-function-hardened: a function as ContainmentResponse
 * builds it, then one field changed. ../cases.ts spreads RESPONSE_CASES into CASES.
 */
import type { Case } from "../case";
import { UNKNOWN } from "../runtime";
import { lambdaFunctionHardened } from "../../../policy-pack/policies/cloud/lambda-function-hardened";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

export const RESPONSE_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: lambdaFunctionHardened,
        type: "aws:lambda/function:Function",
        name: "containment",
        compliant: {
            name: "prod-containment",
            role: "arn:aws:iam::123456789012:role/prod-containment",
            runtime: "nodejs22.x",
            handler: "index.handler",
            kmsKeyArn: KEY_ARN,
            environment: { variables: { CLUSTER_NAME: "prod", DRY_RUN: "false" } },
            deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:123456789012:prod-containment-dlq" },
            reservedConcurrentExecutions: 2,
            tags: {},
        },
        violations: [
            {
                what: "environment variables without a customer key",
                path: "kmsKeyArn",
                value: undefined,
                match: /\[DET-9\] Lambda function "containment" has environment variables \(CLUSTER_NAME, DRY_RUN\) but no kmsKeyArn/,
            },
            {
                what: "no dead-letter queue",
                path: "deadLetterConfig",
                value: undefined,
                match: /\[DET-9\] Lambda function "containment" has no deadLetterConfig.targetArn/,
            },
            {
                what: "an empty dead-letter target",
                path: "deadLetterConfig.targetArn",
                value: "",
                match: /has no deadLetterConfig.targetArn/,
            },
            {
                what: "no reserved concurrency",
                path: "reservedConcurrentExecutions",
                value: undefined,
                match: /has no reservedConcurrentExecutions/,
            },
            {
                what: "reserved concurrency -1 (unreserved)",
                path: "reservedConcurrentExecutions",
                value: -1,
                match: /has no reservedConcurrentExecutions/,
            },
        ],
        alsoCompliant: [
            { what: "no key and no environment variables", path: "environment", value: undefined },
            { what: "a key unknown at preview", path: "kmsKeyArn", value: UNKNOWN },
            { what: "a dead-letter queue unknown at preview", path: "deadLetterConfig.targetArn", value: UNKNOWN },
            { what: "reserved concurrency 0 (the function is switched off)", path: "reservedConcurrentExecutions", value: 0 },
        ],
        unknowns: [],
        unknownsNeverMatter:
            "with a key set, every checked field is must-be-set: an unknown value will be set (the unknown environment is the case below)",
    },
    {
        // A function with neither key nor environment: whether variables exist decides.
        kind: "resource",
        policy: lambdaFunctionHardened,
        type: "aws:lambda/function:Function",
        name: "plain",
        compliant: {
            role: "arn:aws:iam::123456789012:role/plain",
            runtime: "nodejs22.x",
            handler: "index.handler",
            deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:123456789012:plain-dlq" },
            reservedConcurrentExecutions: 5,
        },
        violations: [
            {
                what: "environment variables added without a key",
                path: "environment",
                value: { variables: { TOKEN: "x" } },
                match: /\[DET-9\] Lambda function "plain" has environment variables \(TOKEN\) but no kmsKeyArn/,
            },
        ],
        alsoCompliant: [{ what: "an empty environment", path: "environment", value: { variables: {} } }],
        unknowns: [{ what: "environment variables unknown without a key", path: "environment.variables", value: UNKNOWN }],
    },
];
