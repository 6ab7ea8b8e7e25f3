import type * as aws from "@pulumi/aws";
import { asBoolean, pathOf, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.cfg.RecorderStatusArgs>();
const path = pathOf<aws.cfg.RecorderStatusArgs>();

/**
 * DET-2: the recorder is switched on (a recorder without a running status records nothing).
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const configRecorderEnabled = resourcePolicy({
    name: "config-recorder-enabled",
    control: "DET-2",
    severity: "high",
    layer: "cloud",
    description: "AWS Config recorder status resources must set isEnabled: true.",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation: "set isEnabled: true on the aws.cfg.RecorderStatus (with dependsOn the delivery channel)",
    resourceTypes: ["aws:cfg/recorderStatus:RecorderStatus"],
    check: (status, ctx) => {
        const enabled = read(status.props, "isEnabled");
        if (ctx.isUnknown(enabled, "isEnabled")) {
            return;
        }
        if (asBoolean(enabled) !== true) {
            ctx.violation(`Config recorder status "${status.name}" does not set isEnabled: true, so the recorder is stopped`);
        }
    },
    remediate: (status) => (asBoolean(read(status.props, "isEnabled")) === false ? [{ path: path("isEnabled"), value: true }] : []),
});
