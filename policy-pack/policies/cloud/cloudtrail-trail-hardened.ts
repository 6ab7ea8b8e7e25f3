import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, asString, asStringList, isUnknown, pathOf, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data, ResourceView } from "../../lib";

const trailRead = readerFor<aws.cloudtrail.TrailArgs>();
const trailPath = pathOf<aws.cloudtrail.TrailArgs>();
const basicRead = readerFor<aws.types.input.cloudtrail.TrailEventSelector>();
const advancedRead = readerFor<aws.types.input.cloudtrail.TrailAdvancedEventSelector>();
const fieldRead = readerFor<aws.types.input.cloudtrail.TrailAdvancedEventSelectorFieldSelector>();

/** Selector values (CloudTrail API spelling). */
const READ_WRITE_ALL = "ALL";
const MANAGEMENT = "MANAGEMENT";

/** A boolean setting that must be true, with the provider's default when unset. */
interface Flag {
    readonly key: "isMultiRegionTrail" | "enableLogFileValidation" | "includeGlobalServiceEvents" | "enableLogging";
    readonly providerDefault: boolean;
    readonly why: string;
}

const FLAGS: readonly Flag[] = [
    { key: "isMultiRegionTrail", providerDefault: false, why: "activity in other regions is not logged" },
    { key: "enableLogFileValidation", providerDefault: false, why: "tampering with delivered log files cannot be detected" },
    { key: "includeGlobalServiceEvents", providerDefault: true, why: "IAM and other global service events are not logged" },
    { key: "enableLogging", providerDefault: true, why: "the trail records nothing" },
];

/** Values a trail must carry (unknown counts as set: it will be something). */
const REQUIRED_SETTINGS: readonly { readonly key: "kmsKeyId" | "cloudWatchLogsGroupArn"; readonly why: string }[] = [
    { key: "kmsKeyId", why: "log files are encrypted only with S3-managed keys" },
    { key: "cloudWatchLogsGroupArn", why: "events do not reach CloudWatch Logs for alarms and metric filters" },
];

function isSet(value: Data): boolean {
    return isUnknown(value) || (asString(value) ?? "").trim() !== "";
}

/** Basic selectors: some selector takes management events, both read and write. */
function basicSelectorsCoverManagement(selectors: readonly Data[]): boolean {
    return selectors.some((s) => {
        const include = asBoolean(basicRead(s, "includeManagementEvents"));
        const rw = (asString(basicRead(s, "readWriteType")) ?? READ_WRITE_ALL).trim().toUpperCase();
        return include !== false && rw === READ_WRITE_ALL;
    });
}

/**
 * Advanced selectors: some selector selects eventCategory Management and does not filter
 * on readOnly (a readOnly field selector keeps only reads or only writes).
 */
function advancedSelectorsCoverManagement(selectors: readonly Data[]): boolean {
    return selectors.some((s) => {
        const fields = asArray(advancedRead(s, "fieldSelectors"));
        const field = (f: Data) => (asString(fieldRead(f, "field")) ?? "").trim().toLowerCase();
        const management = fields.some(
            (f) => field(f) === "eventcategory" && asStringList(fieldRead(f, "equals")).some((v) => v.trim().toUpperCase() === MANAGEMENT),
        );
        return management && !fields.some((f) => field(f) === "readonly");
    });
}

function checkSelectors(trail: ResourceView, ctx: CheckContext): void {
    const advanced = trailRead(trail.props, "advancedEventSelectors");
    const basic = trailRead(trail.props, "eventSelectors");
    if (ctx.containsUnknown(advanced, "advancedEventSelectors") || ctx.containsUnknown(basic, "eventSelectors")) {
        return;
    }
    const adv = asArray(advanced);
    const bas = asArray(basic);
    // No selectors at all: CloudTrail logs all read and write management events.
    const covered = adv.length > 0 ? advancedSelectorsCoverManagement(adv) : bas.length === 0 || basicSelectorsCoverManagement(bas);
    if (!covered) {
        ctx.violation(
            `CloudTrail trail "${trail.name}" does not log both read and write management events`,
            'use an event selector with readWriteType: "All" and includeManagementEvents: true, or an advanced selector eventCategory = Management without a readOnly field',
        );
    }
}

/** DET-4: a trail that is multi-region, validated, encrypted, streamed to CloudWatch Logs. */
export const cloudtrailTrailHardened = resourcePolicy({
    name: "cloudtrail-trail-hardened",
    control: "DET-4",
    severity: "high",
    layer: "cloud",
    description:
        "CloudTrail trails must be multi-region, include global service events, validate log files, encrypt with KMS, deliver to CloudWatch Logs, be logging, and record read and write management events.",
    references: [
        { framework: "FSBP", id: "CloudTrail.1" },
        { framework: "FSBP", id: "CloudTrail.2" },
        { framework: "FSBP", id: "CloudTrail.4" },
        { framework: "FSBP", id: "CloudTrail.5" },
    ],
    remediation:
        "set isMultiRegionTrail, includeGlobalServiceEvents, enableLogFileValidation and enableLogging to true, kmsKeyId to a customer-managed key, cloudWatchLogsGroupArn (with cloudWatchLogsRoleArn), and keep management events read and write",
    resourceTypes: ["aws:cloudtrail/trail:Trail"],
    check: (trail, ctx) => {
        for (const flag of FLAGS) {
            const value = trailRead(trail.props, flag.key);
            if (ctx.isUnknown(value, flag.key)) {
                continue;
            }
            if (!(asBoolean(value) ?? flag.providerDefault)) {
                ctx.violation(
                    `CloudTrail trail "${trail.name}" has ${flag.key} false${value === undefined ? " (the default)" : ""}, so ${flag.why}`,
                    `set ${flag.key}: true`,
                );
            }
        }
        for (const setting of REQUIRED_SETTINGS) {
            if (!isSet(trailRead(trail.props, setting.key))) {
                ctx.violation(`CloudTrail trail "${trail.name}" has no ${setting.key}, so ${setting.why}`, `set ${setting.key}`);
            }
        }
        checkSelectors(trail, ctx);
    },
    // Turning these flags on only adds logging; unknown values are left alone.
    remediate: (trail) =>
        FLAGS.filter((f) => {
            const value = trailRead(trail.props, f.key);
            return !isUnknown(value) && !(asBoolean(value) ?? f.providerDefault);
        }).map((f) => ({ path: trailPath(f.key), value: true })),
});
