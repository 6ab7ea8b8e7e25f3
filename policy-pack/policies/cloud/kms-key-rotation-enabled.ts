import type * as aws from "@pulumi/aws";
import { asBoolean, asString, isUnknown, pathOf, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.kms.KeyArgs>();
const path = pathOf<aws.kms.KeyArgs>();

const KEY = "aws:kms/key:Key";
/** Only symmetric encryption keys support automatic rotation. */
const ROTATABLE_SPECS = ["SYMMETRIC_DEFAULT"];

function rotatable(spec: unknown): boolean {
    const s = asString(spec);
    return s === undefined || ROTATABLE_SPECS.includes(s);
}

/** KMS-1: customer-managed keys rotate. */
export const kmsKeyRotationEnabled = resourcePolicy({
    name: "kms-key-rotation-enabled",
    control: "KMS-1",
    severity: "high",
    layer: "cloud",
    description: "Symmetric customer-managed KMS keys must have automatic rotation enabled.",
    references: [
        { framework: "FSBP", id: "KMS.4" },
        { framework: "CIS", id: "KMS rotation" },
    ],
    remediation: "set enableKeyRotation: true on the key",
    resourceTypes: [KEY],
    check: (key, ctx) => {
        const spec = read(key.props, "customerMasterKeySpec");
        if (ctx.isUnknown(spec, "customerMasterKeySpec")) return;
        if (!rotatable(spec)) return;
        const rotation = read(key.props, "enableKeyRotation");
        if (ctx.isUnknown(rotation, "enableKeyRotation")) return;
        if (asBoolean(rotation) !== true) {
            ctx.violation(
                `KMS key "${key.name}" does not rotate (enableKeyRotation is ${rotation === undefined ? "unset" : JSON.stringify(rotation)})`,
            );
        }
    },
    remediate: (key) => {
        const spec = read(key.props, "customerMasterKeySpec");
        const rotation = read(key.props, "enableKeyRotation");
        return rotatable(spec) && !isUnknown(spec) && !isUnknown(rotation) && asBoolean(rotation) !== true
            ? [{ path: path("enableKeyRotation"), value: true }]
            : [];
    },
});
