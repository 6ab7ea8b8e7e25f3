import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, asNumber, asString, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.cfg.RemediationConfigurationArgs>();
const readParameter = readerFor<aws.types.input.cfg.RemediationConfigurationParameter>();

/** AWS accepts 1..25 automatic attempts; the pack's ceiling is lower by default (config `maxAttempts`). */
const DEFAULT_MAX_ATTEMPTS = 10;
const AWS_MAX_ATTEMPTS = 25;
const ASSUME_ROLE_PARAMETER = "AutomationAssumeRole";

/**
 * DET-8: an automatic AWS Config remediation runs with no human in the loop, so it must say how often it
 * may retry a resource that keeps failing (maximumAutomaticAttempts within retryAttemptSeconds; left out,
 * AWS picks for you) and which role the SSM Automation document runs as (AutomationAssumeRole), so its
 * reach is a least-privilege role the stack can see, not the permissions of whoever starts it.
 * Manual remediations (automatic false) are not judged. No tags on this type: exempt with `exclude`.
 */
export const configRemediationBounded = resourcePolicy({
    name: "config-remediation-bounded",
    control: "DET-8",
    severity: "medium",
    layer: "cloud",
    description:
        "Automatic AWS Config remediations must set a retry limit (maximumAutomaticAttempts up to maxAttempts, retryAttemptSeconds) and, for SSM documents, an AutomationAssumeRole.",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation:
        "set maximumAutomaticAttempts (1 to maxAttempts) and retryAttemptSeconds, and pass a least-privilege role ARN as the AutomationAssumeRole static parameter",
    config: {
        maxAttempts: {
            type: "integer",
            minimum: 1,
            maximum: AWS_MAX_ATTEMPTS,
            default: DEFAULT_MAX_ATTEMPTS,
            description: "Largest maximumAutomaticAttempts allowed for an automatic remediation.",
        },
    },
    resourceTypes: ["aws:cfg/remediationConfiguration:RemediationConfiguration"],
    check: (rc, ctx) => {
        const automatic = read(rc.props, "automatic");
        if (ctx.isUnknown(automatic, "automatic")) return;
        if (asBoolean(automatic) !== true) return;
        const name = `Config remediation "${rc.name}"`;

        const maxAttempts = ctx.configNumber("maxAttempts", DEFAULT_MAX_ATTEMPTS);
        const attempts = read(rc.props, "maximumAutomaticAttempts");
        if (!ctx.isUnknown(attempts, "maximumAutomaticAttempts")) {
            const n = asNumber(attempts);
            if (n === undefined) {
                ctx.violation(`${name} is automatic but sets no maximumAutomaticAttempts, so its retry limit is whatever AWS defaults to`);
            } else if (!Number.isInteger(n) || n < 1 || n > maxAttempts) {
                ctx.violation(`${name} sets maximumAutomaticAttempts ${n}; allowed: a whole number from 1 to ${maxAttempts}`);
            }
        }
        const retry = read(rc.props, "retryAttemptSeconds");
        if (!ctx.isUnknown(retry, "retryAttemptSeconds") && asNumber(retry) === undefined) {
            ctx.violation(`${name} is automatic but sets no retryAttemptSeconds, the window its attempts are counted over`);
        }

        const targetType = read(rc.props, "targetType");
        if (ctx.isUnknown(targetType, "targetType") || asString(targetType) !== "SSM_DOCUMENT") return;
        const parameters = read(rc.props, "parameters");
        if (ctx.containsUnknown(parameters, "parameters")) return;
        const role = asArray(parameters).find((p) => asString(readParameter(p, "name")) === ASSUME_ROLE_PARAMETER);
        const value =
            role === undefined
                ? undefined
                : (asString(readParameter(role, "staticValue")) ?? asString(asArray(readParameter(role, "staticValues"))[0]));
        if (value === undefined || value.trim() === "") {
            ctx.violation(
                `${name} runs SSM document "${asString(read(rc.props, "targetId")) ?? "?"}" with no AutomationAssumeRole static parameter, so its reach is not a role this stack defines`,
            );
        }
    },
});
