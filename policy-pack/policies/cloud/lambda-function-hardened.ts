import type * as aws from "@pulumi/aws";
import { asNumber, asRecord, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.lambda.FunctionArgs>();

/** The provider's value for "no reserved concurrency" (the function shares the account's pool). */
const UNRESERVED = -1;

/**
 * DET-9 (the containment function, and every other function a stack makes): what a function that acts
 * on its own needs to be trusted. Environment variables under a customer key (Lambda's default key is
 * AWS managed, so no key policy limits who decrypts them), a dead-letter queue so a failed asynchronous
 * run is kept, not dropped, and reserved concurrency so a burst of events cannot run it without bound
 * (nor starve it). Medium: advisory by default.
 */
export const lambdaFunctionHardened = resourcePolicy({
    name: "lambda-function-hardened",
    control: "DET-9",
    severity: "medium",
    layer: "cloud",
    description:
        "Lambda functions must encrypt their environment variables with a customer-managed key (kmsKeyArn), send failed asynchronous invocations to a dead-letter queue (deadLetterConfig.targetArn) and reserve their concurrency (reservedConcurrentExecutions).",
    // The same checks exist as AWS Config managed rules (lambda-dlq-check, lambda-concurrency-check).
    references: [{ framework: "BPG", id: "Incident response: automate isolating a compromised pod" }],
    remediation:
        "set kmsKeyArn to a customer-managed key, deadLetterConfig.targetArn to an encrypted SQS queue or SNS topic, and reservedConcurrentExecutions to the most runs the function may have at once",
    resourceTypes: ["aws:lambda/function:Function"],
    check: (fn, ctx) => {
        const key = read(fn.props, "kmsKeyArn");
        const hasKey = isUnknown(key) || (asString(key) ?? "").trim() !== "";
        if (!hasKey) {
            const variables = read(fn.props, "environment", "variables");
            if (ctx.isUnknown(variables, "environment.variables")) return;
            const names = Object.keys(asRecord(variables) ?? {});
            if (names.length > 0)
                ctx.violation(
                    `Lambda function "${fn.name}" has environment variables (${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}) but no kmsKeyArn, so they are encrypted only with the AWS managed key`,
                );
        }
        const dlq = read(fn.props, "deadLetterConfig", "targetArn");
        if (!isUnknown(dlq) && (asString(dlq) ?? "").trim() === "") {
            ctx.violation(
                `Lambda function "${fn.name}" has no deadLetterConfig.targetArn, so an asynchronous run that fails after its retries is dropped`,
            );
        }
        const reserved = read(fn.props, "reservedConcurrentExecutions");
        if (!isUnknown(reserved)) {
            const n = asNumber(reserved);
            if (n === undefined || n === UNRESERVED)
                ctx.violation(
                    `Lambda function "${fn.name}" has no reservedConcurrentExecutions, so nothing bounds how many runs it has at once`,
                );
        }
    },
});
