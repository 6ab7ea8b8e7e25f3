import type * as aws from "@pulumi/aws";
import { asNumber, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.kms.KeyArgs>();

/** AWS bounds for the pending-deletion window, and its default when unset. */
const AWS_MIN_WINDOW_DAYS = 7;
const AWS_MAX_WINDOW_DAYS = 30;
const DEFAULT_MINIMUM_DAYS = 30;

/** KMS-1: a deleted key stays recoverable for the configured window (default 30 days). */
export const kmsKeyDeletionWindow = resourcePolicy({
    name: "kms-key-deletion-window",
    control: "KMS-1",
    severity: "medium",
    layer: "cloud",
    description: "KMS keys must keep a pending-deletion window of at least the configured minimum (default 30 days, the AWS maximum).",
    references: [{ framework: "FSBP", id: "KMS.3" }],
    remediation: "set deletionWindowInDays to 30 (or leave it unset: AWS defaults to 30)",
    config: {
        minimumDays: {
            type: "integer",
            minimum: AWS_MIN_WINDOW_DAYS,
            maximum: AWS_MAX_WINDOW_DAYS,
            default: DEFAULT_MINIMUM_DAYS,
            description: "The shortest deletion window accepted, in days (7..30).",
        },
    },
    resourceTypes: ["aws:kms/key:Key"],
    check: (key, ctx) => {
        const minimum = ctx.configNumber("minimumDays", DEFAULT_MINIMUM_DAYS);
        const raw = read(key.props, "deletionWindowInDays");
        if (ctx.isUnknown(raw, "deletionWindowInDays")) return;
        if (raw === undefined || raw === null) return; // AWS default: 30 days
        const days = asNumber(raw);
        if (days === undefined || days < minimum || days > AWS_MAX_WINDOW_DAYS) {
            ctx.violation(
                `KMS key "${key.name}" has deletionWindowInDays ${JSON.stringify(raw)}; the pack requires ${minimum}..${AWS_MAX_WINDOW_DAYS}`,
                `set deletionWindowInDays to a value in ${minimum}..${AWS_MAX_WINDOW_DAYS} (30 recommended)`,
            );
        }
    },
});
