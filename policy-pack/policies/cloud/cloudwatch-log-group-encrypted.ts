import type * as aws from "@pulumi/aws";
import { asNumber, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.cloudwatch.LogGroupArgs>();

const DEFAULT_MINIMUM_RETENTION_DAYS = 1;

/** DATA-3: log groups are KMS-encrypted and expire. */
export const cloudwatchLogGroupEncrypted = resourcePolicy({
    name: "cloudwatch-log-group-encrypted",
    control: "DATA-3",
    severity: "high",
    layer: "cloud",
    description:
        "CloudWatch log groups must be encrypted with a KMS key (kmsKeyId) and have a retention (retentionInDays, not 0 = never expire).",
    references: [],
    remediation: "set kmsKeyId to a customer-managed key ARN (purpose logs) and retentionInDays (e.g. 365)",
    config: {
        minimumRetentionDays: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_MINIMUM_RETENTION_DAYS,
            description: "The shortest retention accepted, in days.",
        },
    },
    resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
    check: (lg, ctx) => {
        const key = read(lg.props, "kmsKeyId");
        // An unknown key ARN (a key created in the same run) is set: it passes.
        if (!isUnknown(key) && (asString(key) ?? "").trim() === "") {
            ctx.violation(
                `log group "${lg.name}" has no kmsKeyId, so its logs are encrypted only with an AWS-owned key`,
                "set kmsKeyId to a customer-managed KMS key ARN whose policy lets logs.<region>.amazonaws.com use it",
            );
        }
        const retention = read(lg.props, "retentionInDays");
        if (ctx.isUnknown(retention, "retentionInDays")) return;
        const days = asNumber(retention);
        const minimum = ctx.configNumber("minimumRetentionDays", DEFAULT_MINIMUM_RETENTION_DAYS);
        if (days === undefined || days === 0 || days < minimum) {
            ctx.violation(
                `log group "${lg.name}" has retentionInDays ${retention === undefined ? "unset (never expire)" : JSON.stringify(retention)}; the pack requires a retention of at least ${minimum} day(s)`,
                "set retentionInDays (e.g. 365)",
            );
        }
    },
});
