/**
 * ThreatDetection at a realistic preview: every new resource has an unknown id and no computed
 * outputs (only its inputs come back). Every registered resource then goes through every AWS policy
 * of the pack, and the whole stack through its stack policies: nothing may fail closed on a value
 * our own components make unknown (DATA-2: the audit bucket's policy; KMS-1: key policies; DATA-3:
 * log groups).
 */
import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { AWS_POLICIES } from "../../policy-pack/policies";
import { Diagnostic, UNKNOWN, analyze, analyzeStack } from "../policy-pack/runtime";
import { runPulumi } from "../support/harness";
import { DETECTION_LINKS, stackOf, withheldOutputs } from "../storage/support/preview";
import { AUDIT_BUCKET, NAME } from "./fixture";

describe("ThreatDetection at preview under the pack (DATA-2, KMS-1, DATA-3)", () => {
    it("DATA-2, KMS-1, DATA-3: no pack policy fails closed when every new resource's outputs are unknown", async () => {
        const run = await runPulumi(() => new ThreatDetection(NAME), { resourceState: withheldOutputs() });
        const stack = stackOf(run.resources, DETECTION_LINKS);
        // The run really is a preview of new resources: ids and computed outputs such as key ARNs are
        // unknown; outputs that echo an input (the bucket's planned name) stay known, as with a provider.
        const sse = stack.find((r) => r.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        assert.equal(sse?.props.bucket, UNKNOWN);
        assert.deepEqual(sse?.props.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, bucketKeyEnabled: true },
        ]);
        assert.equal(stack.find((r) => r.type === "aws:cloudtrail/trail:Trail")?.props.kmsKeyId, UNKNOWN);
        assert.equal(stack.find((r) => r.type === "aws:cloudtrail/trail:Trail")?.props.s3BucketName, AUDIT_BUCKET);
        const diagnostics: Diagnostic[] = [];
        for (const r of stack) diagnostics.push(...(await analyze(AWS_POLICIES, r)).diagnostics);
        diagnostics.push(...(await analyzeStack(AWS_POLICIES, stack)).diagnostics);
        assert.deepEqual(diagnostics, []);
        // The pack did look at what matters here.
        for (const type of ["aws:kms/key:Key", "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucketPolicy:BucketPolicy"]) {
            assert.ok(
                stack.some((r) => r.type === type),
                type,
            );
        }
    });
});
