import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, asString, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.cfg.RecorderArgs>();
const exclusionRead = readerFor<aws.types.input.cfg.RecorderRecordingGroupExclusionByResourceType>();
const strategyRead = readerFor<aws.types.input.cfg.RecorderRecordingGroupRecordingStrategy>();

/** The recording strategy that records every supported resource type. */
const ALL_SUPPORTED = "ALL_SUPPORTED_RESOURCE_TYPES";

/**
 * DET-2: the Config recorder records every supported resource type. Global types (IAM)
 * are recorded in one home region only, so `includeGlobalResourceTypes: false` passes
 * unless the pack config sets `requireGlobalResourceTypes` (do that for the home region's
 * stack). An absent recordingGroup is the AWS default: all supported regional types.
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const configRecorderAllResources = resourcePolicy({
    name: "config-recorder-all-resources",
    control: "DET-2",
    severity: "high",
    layer: "cloud",
    description: "AWS Config recorders must record all supported resource types (and global types where the pack config requires them).",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation:
        "set recordingGroup: { allSupported: true } with no resourceTypes, exclusions or other recording strategy (and includeGlobalResourceTypes: true in the home region)",
    config: {
        requireGlobalResourceTypes: {
            type: "boolean",
            default: false,
            description:
                "Require recordingGroup.includeGlobalResourceTypes: true. Set it for the stack of the home region that records global (IAM) resource types; other regions leave it false to avoid duplicate records.",
        },
    },
    resourceTypes: ["aws:cfg/recorder:Recorder"],
    check: (recorder, ctx) => {
        const group = read(recorder.props, "recordingGroup");
        if (ctx.isUnknown(group, "recordingGroup")) {
            return;
        }
        const allSupported = read(recorder.props, "recordingGroup", "allSupported");
        if (!ctx.isUnknown(allSupported, "recordingGroup.allSupported") && asBoolean(allSupported) === false) {
            ctx.violation(
                `Config recorder "${recorder.name}" sets recordingGroup.allSupported: false, so it records only some resource types`,
            );
        }
        const types = read(recorder.props, "recordingGroup", "resourceTypes");
        if (!ctx.containsUnknown(types, "recordingGroup.resourceTypes") && asArray(types).length > 0) {
            ctx.violation(`Config recorder "${recorder.name}" limits recording to recordingGroup.resourceTypes`);
        }
        const exclusions = read(recorder.props, "recordingGroup", "exclusionByResourceTypes");
        if (!ctx.containsUnknown(exclusions, "recordingGroup.exclusionByResourceTypes")) {
            const excluded = asArray(exclusions).flatMap((e) => asArray(exclusionRead(e, "resourceTypes")));
            if (excluded.length > 0) {
                ctx.violation(
                    `Config recorder "${recorder.name}" excludes resource types (${excluded.map((t) => asString(t) ?? "?").join(", ")})`,
                );
            }
        }
        const strategies = read(recorder.props, "recordingGroup", "recordingStrategies");
        if (!ctx.containsUnknown(strategies, "recordingGroup.recordingStrategies")) {
            for (const s of asArray(strategies)) {
                const useOnly = asString(strategyRead(s, "useOnly"));
                if (useOnly !== undefined && useOnly.trim().toUpperCase() !== ALL_SUPPORTED) {
                    ctx.violation(`Config recorder "${recorder.name}" uses recording strategy "${useOnly}" instead of ${ALL_SUPPORTED}`);
                }
            }
        }
        if (ctx.configBoolean("requireGlobalResourceTypes", false)) {
            const globals = read(recorder.props, "recordingGroup", "includeGlobalResourceTypes");
            if (!ctx.isUnknown(globals, "recordingGroup.includeGlobalResourceTypes") && asBoolean(globals) !== true) {
                ctx.violation(
                    `Config recorder "${recorder.name}" does not record global resource types (IAM), and the pack config requires them in this stack`,
                    "set recordingGroup.includeGlobalResourceTypes: true (only in the home region)",
                );
            }
        }
    },
});
