import type * as aws from "@pulumi/aws";
import { asBoolean, pathOf, readerFor, resourcePolicy } from "../../lib";
import { DETECTOR_TYPE, GUARDDUTY_REFERENCES } from "./guardduty-shared";

const read = readerFor<aws.guardduty.DetectorArgs>();
const path = pathOf<aws.guardduty.DetectorArgs>();

/** DET-1: a GuardDuty detector is on (`enable` defaults to true; false turns detection off). */
export const guarddutyDetectorEnabled = resourcePolicy({
    name: "guardduty-detector-enabled",
    control: "DET-1",
    severity: "high",
    layer: "cloud",
    description: "GuardDuty detectors must be enabled.",
    references: [GUARDDUTY_REFERENCES[0]],
    remediation: "set enable: true (or leave it unset) on the aws.guardduty.Detector",
    resourceTypes: [DETECTOR_TYPE],
    check: (detector, ctx) => {
        const enable = read(detector.props, "enable");
        if (ctx.isUnknown(enable, "enable")) {
            return;
        }
        if (asBoolean(enable) === false) {
            ctx.violation(`GuardDuty detector "${detector.name}" sets enable: false, so the account has no threat detection`);
        }
    },
    remediate: (detector) => (asBoolean(read(detector.props, "enable")) === false ? [{ path: path("enable"), value: true }] : []),
});
