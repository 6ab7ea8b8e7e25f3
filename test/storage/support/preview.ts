/**
 * A closer look at a real `pulumi preview` than the default mocks give: new resources get no id and
 * no computed outputs (only their inputs come back, as a provider's planned state), and the recorded
 * resources are handed to the policy pack with the engine's unknown sentinel.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { TestResource, UNKNOWN } from "../../policy-pack/runtime";
import { RecordedResource, RunOptions } from "../../support/harness";

export const BUCKET_TYPE = "aws:s3/bucket:Bucket";

/** `resourceState` for runPulumi: resources of `types` (all when omitted) keep only their inputs, with an unknown id. */
export function withheldOutputs(
    types?: readonly string[],
    withheldInputs: readonly string[] = [],
): NonNullable<RunOptions["resourceState"]> {
    return (type, _name, inputs) => {
        if (types !== undefined && !types.includes(type)) return undefined;
        const state = { ...inputs };
        for (const k of withheldInputs) delete state[k];
        return { id: "", state };
    };
}

/** Replaces the SDK's unknown marker by the engine's string sentinel, as the analyzer receives it. */
export function engineValue(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return UNKNOWN;
    if (Array.isArray(value)) return value.map(engineValue);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
    return value;
}

/**
 * The custom resources as the analyzer sees them. The harness does not record property
 * dependencies: for each `links` entry (input → type), an unknown input is taken to come from the
 * one resource of that type in the run (e.g. `bucket: bucket.id`, `vpcId: vpc.id`; the storage tests
 * assert SecureBucket passes `bucket.id`). The run must then hold exactly one resource of that type.
 */
/**
 * The links ThreatDetection's resources take from one another: the bucket, the detector's id (its
 * features) and the recorder's name (its status); with each unknown, the engine would report them
 * as property dependencies.
 */
export const DETECTION_LINKS: Readonly<Record<string, string>> = {
    bucket: BUCKET_TYPE,
    detectorId: "aws:guardduty/detector:Detector",
    name: "aws:cfg/recorder:Recorder",
};

export function stackOf(
    resources: readonly RecordedResource[],
    links: Readonly<Record<string, string>> = { bucket: BUCKET_TYPE },
): TestResource[] {
    const target = (prop: string): string => {
        const found = resources.filter((r) => r.type === links[prop]);
        assert.equal(found.length, 1, `stackOf links an unknown ${prop} to the one ${links[prop]} of the run; found ${found.length}`);
        return found[0].name;
    };
    return resources
        .filter((r) => r.custom)
        .map((r) => {
            const deps = Object.keys(links).filter((prop) => pulumi.isUnknown(r.inputs[prop]));
            return {
                type: r.type,
                name: r.name,
                props: engineValue(r.inputs) as Record<string, unknown>,
                ...(deps.length > 0 ? { propertyDependencies: Object.fromEntries(deps.map((prop) => [prop, [target(prop)]])) } : {}),
            };
        });
}
