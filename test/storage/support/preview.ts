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
export function withheldOutputs(types?: readonly string[], withheldInputs: readonly string[] = []): NonNullable<RunOptions["resourceState"]> {
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
 * dependencies: a run must hold exactly one bucket, and an unknown `bucket` input is taken to come
 * from its `bucket.id` (what SecureBucket passes; the storage tests assert it).
 */
export function stackOf(resources: readonly RecordedResource[]): TestResource[] {
    const buckets = resources.filter((r) => r.type === BUCKET_TYPE);
    assert.equal(buckets.length, 1, "stackOf links side-by-side resources to the one bucket of the run");
    return resources
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            props: engineValue(r.inputs) as Record<string, unknown>,
            ...(pulumi.isUnknown(r.inputs.bucket) ? { propertyDependencies: { bucket: [buckets[0].name] } } : {}),
        }));
}
