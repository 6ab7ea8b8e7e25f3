/**
 * DATA-2 end to end at preview: SecureBucket's registered resources, with the new bucket's arn, name
 * and id unknown as in a real `pulumi preview`, go through the pack's `s3-bucket-hardened` stack
 * policy. Before names were planned, the bucket policy was built from `bucket.arn` and so was
 * unknown: the policy failed closed and blocked our own stacks.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../../components/storage";
import { s3BucketHardened } from "../../policy-pack/policies/cloud/s3-bucket-hardened";
import { MOCK_ACCOUNT_ID } from "../../tools/check/canned";
import { TestResource, UNKNOWN, analyzeStack, of } from "../policy-pack/runtime";
import { RecordedResource, runPulumi } from "../support/harness";

const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/storage`;
const BUCKET_TYPE = "aws:s3/bucket:Bucket";
const POLICY = "s3-bucket-hardened";

/** Replaces the SDK's unknown marker by the engine's string sentinel, as the analyzer receives it. */
function engineValue(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return UNKNOWN;
    if (Array.isArray(value)) return value.map(engineValue);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
    return value;
}

/**
 * The stack as the analyzer sees it. The harness does not record property dependencies; the only
 * outputs withheld in this run are the bucket's, so an unknown `bucket` input comes from `bucket.id`.
 */
function stackOf(resources: readonly RecordedResource[]): TestResource[] {
    const bucket = resources.find((r) => r.type === BUCKET_TYPE);
    assert.ok(bucket, "the run registered no bucket");
    return resources
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            props: engineValue(r.inputs) as Record<string, unknown>,
            ...(pulumi.isUnknown(r.inputs.bucket) ? { propertyDependencies: { bucket: [bucket.name] } } : {}),
        }));
}

async function previewRun(): Promise<TestResource[]> {
    const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }), {
        resourceState: (type, _name, inputs) => {
            if (type !== BUCKET_TYPE) return undefined;
            const state = { ...inputs };
            delete state.bucket;
            delete state.arn;
            return { id: "", state };
        },
    });
    return stackOf(run.resources);
}

describe("SecureBucket at preview under the pack (DATA-2)", () => {
    it("DATA-2: s3-bucket-hardened passes a new SecureBucket whose arn, name and id are unknown", async () => {
        const stack = await previewRun();
        // The sidecars really are linked only by the dependency: their bucket input is unknown.
        const sidecars = stack.filter((r) => r.type !== BUCKET_TYPE);
        assert.equal(sidecars.length, 5);
        for (const r of sidecars) assert.equal(r.props.bucket, UNKNOWN, r.name);
        const result = await analyzeStack([s3BucketHardened], stack, { [POLICY]: "mandatory" });
        assert.deepEqual(of(result, POLICY), []);
    });

    it("DATA-2: the same stack with the bucket policy unknown (built from bucket.arn) fails closed", async () => {
        const stack = (await previewRun()).map((r) => (r.type === "aws:s3/bucketPolicy:BucketPolicy" ? { ...r, props: { ...r.props, policy: UNKNOWN } } : r));
        const found = of(await analyzeStack([s3BucketHardened], stack, { [POLICY]: "mandatory" }), POLICY);
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0].enforcementLevel, "mandatory");
        assert.match(found[0].message, /audit-policy\.policy/);
    });
});
