import type * as aws from "@pulumi/aws";
import { asString, readerFor, stackPolicy } from "../../lib";

const recorderRead = readerFor<aws.cfg.RecorderArgs>();
const statusRead = readerFor<aws.cfg.RecorderStatusArgs>();

const RECORDER_STATUS_TYPE = "aws:cfg/recorderStatus:RecorderStatus";
const DELIVERY_CHANNEL_TYPE = "aws:cfg/deliveryChannel:DeliveryChannel";

/**
 * DET-2 over the stack: a recorder alone records nothing. It needs a RecorderStatus whose
 * `name` came from the recorder (config-recorder-enabled checks isEnabled) and a delivery
 * channel in the same stack.
 * No tags on this type: exempt a resource with the pack config's `exclude` key.
 */
export const configRecorderRunning = stackPolicy({
    name: "config-recorder-running",
    control: "DET-2",
    severity: "high",
    layer: "cloud",
    description: "Every AWS Config recorder must have a RecorderStatus (name: recorder.name) and a delivery channel in the same stack.",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation:
        "add an aws.cfg.DeliveryChannel and an aws.cfg.RecorderStatus with name: recorder.name, isEnabled: true and dependsOn the delivery channel",
    subjectTypes: ["aws:cfg/recorder:Recorder"],
    alsoJudges: [RECORDER_STATUS_TYPE, DELIVERY_CHANNEL_TYPE],
    check: (recorder, stack, ctx) => {
        const recorderName = asString(recorderRead(recorder.props, "name"));
        // Linked through the name output, or (both literal) by the same name.
        const sameName = stack.resources.some(
            (r) => r.type === RECORDER_STATUS_TYPE && recorderName !== undefined && asString(statusRead(r.props, "name")) === recorderName,
        );
        if (!sameName && stack.linkedTo(recorder, [RECORDER_STATUS_TYPE], "name").length === 0) {
            ctx.violation(`Config recorder "${recorder.name}" has no RecorderStatus with name taken from it, so it is never started`);
        }
        if (!stack.resources.some((r) => r.type === DELIVERY_CHANNEL_TYPE)) {
            ctx.violation(`Config recorder "${recorder.name}" has no delivery channel in this stack, so it cannot start`);
        }
    },
});
