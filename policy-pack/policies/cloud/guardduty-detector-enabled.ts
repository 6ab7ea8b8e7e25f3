import { asBoolean, at, resourcePolicy } from "../../lib";
import { DETECTOR_TYPE, GUARDDUTY_REFERENCES } from "./guardduty-shared";

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
        const enable = at(detector.props, "enable");
        if (ctx.isUnknown(enable, "enable")) {
            return;
        }
        if (asBoolean(enable) === false) {
            ctx.violation(`GuardDuty detector "${detector.name}" sets enable: false, so the account has no threat detection`);
        }
    },
    remediate: (detector) => (asBoolean(at(detector.props, "enable")) === false ? [{ path: ["enable"], value: true }] : []),
});
