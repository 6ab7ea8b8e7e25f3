import { strict as assert } from "assert";
import { cloudtrailTrailHardened as policy } from "../../../policy-pack/policies/cloud/cloudtrail-trail-hardened";
import { TestResource, UNKNOWN, UNKNOWN_BOOL, remediate } from "../runtime";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run } from "./support";

const TYPE = "aws:cloudtrail/trail:Trail";
const COMPLIANT = {
    s3BucketName: "trail-logs",
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    enableLogging: true,
    kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k",
    cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail",
    eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
};
const trail = (props: Record<string, unknown>): TestResource => ({ type: TYPE, name: "trail", props: { ...COMPLIANT, ...props } });
const MANAGEMENT = { field: "eventCategory", equals: ["Management"] };

describe("DET-4 cloudtrail-trail-hardened", () => {
    it("DET-4: a multi-region, validated, encrypted, streamed trail passes (also without selectors: all management events)", async () => {
        assertPass(await run(policy, trail({})));
        assertPass(await run(policy, trail({ eventSelectors: undefined })));
    });
    for (const [key, re] of [
        ["isMultiRegionTrail", /has isMultiRegionTrail false, so activity in other regions is not logged/],
        ["enableLogFileValidation", /has enableLogFileValidation false/],
        ["includeGlobalServiceEvents", /has includeGlobalServiceEvents false/],
        ["enableLogging", /has enableLogging false, so the trail records nothing/],
    ] as const) {
        it(`DET-4: ${key} false is a mandatory violation`, async () => {
            assertOne(await run(policy, trail({ [key]: false })), re, "mandatory");
        });
    }
    it("DET-4: unset isMultiRegionTrail and enableLogFileValidation take the insecure defaults", async () => {
        assertOne(await run(policy, trail({ isMultiRegionTrail: undefined })), /isMultiRegionTrail false \(the default\)/, "mandatory");
        assertOne(
            await run(policy, trail({ enableLogFileValidation: undefined })),
            /enableLogFileValidation false \(the default\)/,
            "mandatory",
        );
    });
    it("DET-4: no kmsKeyId or no cloudWatchLogsGroupArn is a violation", async () => {
        assertOne(await run(policy, trail({ kmsKeyId: undefined })), /\[DET-4\] CloudTrail trail "trail" has no kmsKeyId/, "mandatory");
        assertOne(await run(policy, trail({ cloudWatchLogsGroupArn: "" })), /has no cloudWatchLogsGroupArn/, "mandatory");
    });
    it("DET-4: selectors that keep only reads, only writes, or no management events are a violation", async () => {
        const re = /does not log both read and write management events/;
        assertOne(await run(policy, trail({ eventSelectors: [{ readWriteType: "WriteOnly" }] })), re, "mandatory");
        assertOne(
            await run(policy, trail({ eventSelectors: [{ readWriteType: "All", includeManagementEvents: false }] })),
            re,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                trail({
                    eventSelectors: undefined,
                    advancedEventSelectors: [{ fieldSelectors: [MANAGEMENT, { field: "readOnly", equals: ["false"] }] }],
                }),
            ),
            re,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                trail({
                    eventSelectors: undefined,
                    advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] }],
                }),
            ),
            re,
            "mandatory",
        );
    });
    it("DET-4: an advanced Management selector without a readOnly filter passes", async () => {
        assertPass(
            await run(
                policy,
                trail({ eventSelectors: undefined, advancedEventSelectors: [{ name: "mgmt", fieldSelectors: [MANAGEMENT] }] }),
            ),
        );
    });
    it("DET-4: unknown flags and selectors fail closed; advisory by config; unknown kmsKeyId is set", async () => {
        assertOne(
            await run(policy, trail({ isMultiRegionTrail: UNKNOWN_BOOL })),
            /isMultiRegionTrail.*unknown at preview.*fail closed/s,
            "mandatory",
        );
        assertOne(await run(policy, trail({ eventSelectors: [{ readWriteType: UNKNOWN }] })), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(
            await run(policy, trail({ enableLogging: UNKNOWN_BOOL }), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
        assertPass(await run(policy, trail({ kmsKeyId: UNKNOWN, cloudWatchLogsGroupArn: UNKNOWN })));
    });
    it("DET-4: an exemption tag skips the trail with a note", async () => {
        assertOne(await run(policy, trail({ isMultiRegionTrail: false, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
    it("DET-4: remediate turns the logging flags on, and leaves unknowns alone", async () => {
        const cfg = { [policy.meta.name]: "remediate" } as const;
        const r = await remediate(
            [policy],
            trail({ isMultiRegionTrail: undefined, enableLogFileValidation: false, enableLogging: UNKNOWN_BOOL }),
            cfg,
        );
        assert.equal(r.props?.isMultiRegionTrail, true);
        assert.equal(r.props?.enableLogFileValidation, true);
        assert.notEqual(r.props?.enableLogging, true);
    });
});
