/**
 * DATA-2 end to end at preview: SecureBucket's registered resources, with the new bucket's arn, name
 * and id unknown as in a real `pulumi preview`, go through the pack's `s3-bucket-hardened` stack
 * policy. Before names were planned, the bucket policy was built from `bucket.arn` and so was
 * unknown: the policy failed closed and blocked our own stacks.
 */
import { strict as assert } from "assert";
import { SecureBucket } from "../../components/storage";
import { s3BucketHardened } from "../../policy-pack/policies/cloud/s3-bucket-hardened";
import { MOCK_ACCOUNT_ID } from "../../tools/check/canned";
import { TestResource, UNKNOWN, analyzeStack, of } from "../policy-pack/runtime";
import { runPulumi } from "../support/harness";
import { BUCKET_TYPE, stackOf, withheldOutputs } from "./support/preview";

const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/storage`;
const POLICY = "s3-bucket-hardened";

async function previewRun(): Promise<TestResource[]> {
    const run = await runPulumi(() => new SecureBucket("audit", { kmsKeyArn: KEY }), {
        resourceState: withheldOutputs([BUCKET_TYPE], ["bucket", "arn"]),
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
        const stack = (await previewRun()).map((r) =>
            r.type === "aws:s3/bucketPolicy:BucketPolicy" ? { ...r, props: { ...r.props, policy: UNKNOWN } } : r,
        );
        const found = of(await analyzeStack([s3BucketHardened], stack, { [POLICY]: "mandatory" }), POLICY);
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0].enforcementLevel, "mandatory");
        assert.match(found[0].message, /audit-policy\.policy/);
    });
});
