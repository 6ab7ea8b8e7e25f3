import type * as aws from "@pulumi/aws";
import { Unknown, asString, isUnknown, readerFor, stackPolicy } from "../../lib";
import {
    DETECTOR_FEATURE_TYPE,
    DETECTOR_TYPE,
    EKS_RUNTIME_MONITORING,
    GUARDDUTY_REFERENCES,
    REQUIRED_FEATURES_CONFIG,
    RUNTIME_MONITORING,
} from "./guardduty-shared";

const read = readerFor<aws.guardduty.DetectorFeatureArgs>();
/**
 * DET-1 over the stack: every detector the stack creates has each required feature
 * attached (a DetectorFeature whose detectorId came from the detector), and not both
 * runtime-monitoring features (GuardDuty rejects that combination at apply time).
 * Each feature's status is checked by guardduty-feature-enabled.
 */
export const guarddutyDetectorFeatures = stackPolicy({
    name: "guardduty-detector-features",
    control: "DET-1",
    severity: "high",
    layer: "cloud",
    description:
        "Every GuardDuty detector must have the required features attached as DetectorFeature resources, and not both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING.",
    references: [...GUARDDUTY_REFERENCES],
    remediation:
        "add one aws.guardduty.DetectorFeature per required feature with detectorId: detector.id (the legacy datasources block does not cover runtime monitoring)",
    config: REQUIRED_FEATURES_CONFIG,
    subjectTypes: [DETECTOR_TYPE],
    check: (detector, stack, ctx) => {
        const features = stack.linkedTo(detector, [DETECTOR_FEATURE_TYPE], "detectorId");
        const names = new Set<string>();
        for (const f of features) {
            const name = read(f.props, "name");
            if (!isUnknown(name)) {
                names.add((asString(name) ?? "").trim().toUpperCase());
            }
        }
        const missing = ctx
            .configStrings("requiredFeatures")
            .map((f) => f.toUpperCase())
            .filter((f) => !names.has(f));
        // An unknown name matters when it could be a missing feature or the second runtime one.
        const unknownFeature = features.find((x) => isUnknown(read(x.props, "name")));
        const couldMatter = missing.length > 0 || names.has(RUNTIME_MONITORING) || names.has(EKS_RUNTIME_MONITORING);
        // The unknown sits on the feature, the finding on the detector: name both.
        if (unknownFeature && couldMatter && ctx.isUnknown(new Unknown(""), `name of its DetectorFeature "${unknownFeature.name}"`)) {
            return;
        }
        if (missing.length > 0) {
            ctx.violation(`GuardDuty detector "${detector.name}" has no DetectorFeature for ${missing.join(", ")}`);
        }
        if (names.has(RUNTIME_MONITORING) && names.has(EKS_RUNTIME_MONITORING)) {
            ctx.violation(
                `GuardDuty detector "${detector.name}" has both ${EKS_RUNTIME_MONITORING} and ${RUNTIME_MONITORING}; GuardDuty accepts only one`,
                `remove the ${EKS_RUNTIME_MONITORING} feature: ${RUNTIME_MONITORING} covers EKS`,
            );
        }
    },
});
