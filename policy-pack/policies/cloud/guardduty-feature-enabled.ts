import type * as aws from "@pulumi/aws";
import { asArray, asString, readerFor, resourcePolicy } from "../../lib";
import {
    DETECTOR_FEATURE_TYPE,
    DISABLED,
    EKS_ADDON_MANAGEMENT,
    ENABLED,
    GUARDDUTY_REFERENCES,
    REQUIRED_FEATURES_CONFIG,
    RUNTIME_FEATURES,
} from "./guardduty-shared";

const read = readerFor<aws.guardduty.DetectorFeatureArgs>();
const extraRead = readerFor<aws.types.input.guardduty.DetectorFeatureAdditionalConfiguration>();
/**
 * DET-1: a required GuardDuty feature is not switched off, and runtime monitoring manages
 * its EKS agent (otherwise EKS nodes get no runtime sensor). DetectorFeature has no tags:
 * exempt one with the pack config's `exclude` key.
 */
export const guarddutyFeatureEnabled = resourcePolicy({
    name: "guardduty-feature-enabled",
    control: "DET-1",
    severity: "high",
    layer: "cloud",
    description:
        "Required GuardDuty detector features (EKS audit logs, runtime monitoring, S3 data events, EBS malware protection) must be ENABLED; runtime monitoring must enable EKS_ADDON_MANAGEMENT.",
    references: [...GUARDDUTY_REFERENCES],
    remediation: `set status: "${ENABLED}" on the aws.guardduty.DetectorFeature; for runtime monitoring add additionalConfigurations [{ name: "${EKS_ADDON_MANAGEMENT}", status: "${ENABLED}" }]`,
    config: REQUIRED_FEATURES_CONFIG,
    resourceTypes: [DETECTOR_FEATURE_TYPE],
    check: (feature, ctx) => {
        const name = read(feature.props, "name");
        if (ctx.isUnknown(name, "name")) {
            return;
        }
        const featureName = (asString(name) ?? "").trim().toUpperCase();
        const required = ctx.configStrings("requiredFeatures").map((f) => f.toUpperCase());
        const isRuntime = RUNTIME_FEATURES.includes(featureName);
        if (!required.includes(featureName) && !isRuntime) {
            return;
        }
        const status = read(feature.props, "status");
        if (ctx.isUnknown(status, "status")) {
            return;
        }
        const statusText = (asString(status) ?? "").trim().toUpperCase();
        if (statusText !== ENABLED) {
            if (required.includes(featureName) || statusText !== DISABLED) {
                ctx.violation(
                    `GuardDuty feature ${featureName} on "${feature.name}" has status "${asString(status) ?? ""}" instead of ${ENABLED}`,
                );
            }
            return;
        }
        if (isRuntime) {
            const extras = read(feature.props, "additionalConfigurations");
            if (ctx.containsUnknown(extras, "additionalConfigurations")) {
                return;
            }
            const addon = asArray(extras).find((e) => (asString(extraRead(e, "name")) ?? "").trim().toUpperCase() === EKS_ADDON_MANAGEMENT);
            if ((asString(extraRead(addon, "status")) ?? "").trim().toUpperCase() !== ENABLED) {
                ctx.violation(
                    `GuardDuty feature ${featureName} on "${feature.name}" does not enable ${EKS_ADDON_MANAGEMENT}, so EKS nodes get no runtime-monitoring agent`,
                    `add additionalConfigurations: [{ name: "${EKS_ADDON_MANAGEMENT}", status: "${ENABLED}" }]`,
                );
            }
        }
    },
});
