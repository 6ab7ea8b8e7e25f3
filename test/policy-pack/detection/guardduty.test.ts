import { guarddutyDetectorEnabled } from "../../../policy-pack/policies/cloud/guardduty-detector-enabled";
import { guarddutyDetectorFeatures } from "../../../policy-pack/policies/cloud/guardduty-detector-features";
import { guarddutyFeatureEnabled } from "../../../policy-pack/policies/cloud/guardduty-feature-enabled";
import { TestResource, UNKNOWN, UNKNOWN_BOOL, remediate } from "../runtime";
import { strict as assert } from "assert";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run, runStack } from "./support";

const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

describe("DET-1 guardduty-detector-enabled", () => {
    const policy = guarddutyDetectorEnabled;
    const detector = (props: Record<string, unknown>): TestResource => ({
        type: DETECTOR,
        name: "detector",
        props: { enable: true, ...props },
    });

    it("DET-1: an enabled detector passes (and an unset enable, the default true)", async () => {
        assertPass(await run(policy, detector({})));
        assertPass(await run(policy, { type: DETECTOR, name: "d", props: {} }));
    });
    it("DET-1: enable false is a mandatory violation", async () => {
        assertOne(
            await run(policy, detector({ enable: false })),
            /\[DET-1\] GuardDuty detector "detector" sets enable: false.*Fix: /s,
            "mandatory",
        );
    });
    it("DET-1: unknown enable fails closed, or is advisory by config", async () => {
        assertOne(await run(policy, detector({ enable: UNKNOWN_BOOL })), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(
            await run(policy, detector({ enable: UNKNOWN_BOOL }), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("DET-1: an exemption tag skips the check with an advisory note", async () => {
        assertOne(await run(policy, detector({ enable: false, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
    it("DET-1: remediate turns the detector on", async () => {
        const r = await remediate([policy], detector({ enable: false }), { [policy.meta.name]: "remediate" });
        assert.equal(r.props?.enable, true);
    });
});

describe("DET-1 guardduty-feature-enabled", () => {
    const policy = guarddutyFeatureEnabled;
    const ADDON = [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }];
    const feature = (props: Record<string, unknown>): TestResource => ({
        type: FEATURE,
        name: "runtime",
        props: { detectorId: "d-1", name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: ADDON, ...props },
    });

    it("DET-1: runtime monitoring with EKS add-on management passes; so does every other required feature ENABLED", async () => {
        assertPass(await run(policy, feature({})));
        for (const name of ["EKS_AUDIT_LOGS", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"]) {
            assertPass(await run(policy, feature({ name, additionalConfigurations: undefined })));
        }
    });
    it("DET-1: a required feature DISABLED is a mandatory violation", async () => {
        assertOne(
            await run(policy, feature({ name: "S3_DATA_EVENTS", status: "DISABLED", additionalConfigurations: undefined })),
            /\[DET-1\] GuardDuty feature S3_DATA_EVENTS on "runtime" has status "DISABLED" instead of ENABLED/,
            "mandatory",
        );
    });
    it("DET-1: a feature outside the required list may be DISABLED", async () => {
        assertPass(await run(policy, feature({ name: "RDS_LOGIN_EVENTS", status: "DISABLED", additionalConfigurations: undefined })));
        assertPass(await run(policy, feature({ name: "EKS_RUNTIME_MONITORING", status: "DISABLED", additionalConfigurations: undefined })));
    });
    it("DET-1: requiredFeatures config narrows the list", async () => {
        const cfg = { [policy.meta.name]: { requiredFeatures: ["EKS_AUDIT_LOGS"] } };
        assertPass(await run(policy, feature({ name: "S3_DATA_EVENTS", status: "DISABLED", additionalConfigurations: undefined }), cfg));
    });
    it("DET-1: runtime monitoring without EKS_ADDON_MANAGEMENT ENABLED is a violation", async () => {
        const re = /does not enable EKS_ADDON_MANAGEMENT/;
        assertOne(await run(policy, feature({ additionalConfigurations: undefined })), re, "mandatory");
        assertOne(
            await run(policy, feature({ additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }] })),
            re,
            "mandatory",
        );
        assertOne(await run(policy, feature({ name: "EKS_RUNTIME_MONITORING", additionalConfigurations: [] })), re, "mandatory");
    });
    it("DET-1: unknown name, status or additional configuration fails closed; advisory by config", async () => {
        assertOne(await run(policy, feature({ name: UNKNOWN })), /name.*unknown at preview.*fail closed/s, "mandatory");
        assertOne(await run(policy, feature({ status: UNKNOWN })), /status.*unknown at preview/s, "mandatory");
        assertOne(
            await run(policy, feature({ additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: UNKNOWN }] })),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        assertOne(
            await run(policy, feature({ status: UNKNOWN }), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("DET-1: a feature has no tags, so the pack config's exclude exempts it (with a note)", async () => {
        assertOne(
            await run(policy, feature({ status: "DISABLED" }), { [policy.meta.name]: { exclude: ["runtime"] } }),
            EXEMPTED,
            "advisory",
        );
    });
});

describe("DET-1 guardduty-detector-features (stack)", () => {
    const policy = guarddutyDetectorFeatures;
    const REQUIRED = ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"];
    const detector: TestResource = { type: DETECTOR, name: "detector", props: { enable: true } };
    const feature = (name: unknown, linked = true): TestResource => ({
        type: FEATURE,
        name: `f-${typeof name === "string" && name !== UNKNOWN ? name.toLowerCase() : "unknown"}`,
        props: { detectorId: linked ? UNKNOWN : "d-other", name, status: "ENABLED" },
        propertyDependencies: linked ? { detectorId: ["detector"] } : {},
    });
    const stack = (names: readonly unknown[]): TestResource[] => [detector, ...names.map((n) => feature(n))];

    it("DET-1: a detector with all four required features passes", async () => {
        assertPass(await runStack(policy, stack(REQUIRED)));
    });
    it("DET-1: a detector missing a feature is a violation naming it", async () => {
        assertOne(
            await runStack(policy, stack(REQUIRED.filter((f) => f !== "S3_DATA_EVENTS"))),
            /detector "detector" has no DetectorFeature for S3_DATA_EVENTS/,
            "mandatory",
        );
    });
    it("DET-1: a feature linked to another detector does not count", async () => {
        const resources = [...stack(REQUIRED.filter((f) => f !== "EKS_AUDIT_LOGS")), feature("EKS_AUDIT_LOGS", false)];
        assertOne(await runStack(policy, resources), /has no DetectorFeature for EKS_AUDIT_LOGS/, "mandatory");
    });
    it("DET-1: both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING is a violation", async () => {
        assertOne(
            await runStack(policy, stack([...REQUIRED, "EKS_RUNTIME_MONITORING"])),
            /has both EKS_RUNTIME_MONITORING and RUNTIME_MONITORING/,
            "mandatory",
        );
    });
    it("DET-1: an unknown feature name fails closed when a feature is missing; advisory by config", async () => {
        const names = [...REQUIRED.filter((f) => f !== "EBS_MALWARE_PROTECTION"), UNKNOWN];
        assertOne(
            await runStack(policy, stack(names)),
            /name of its DetectorFeature "f-unknown".*unknown at preview.*fail closed/s,
            "mandatory",
        );
        assertOne(await runStack(policy, stack(names), { [policy.meta.name]: { unknown: "advisory" } }), UNKNOWN_ADVISORY, "advisory");
    });
    it("DET-1: an unknown extra feature name fails closed: it could be the second runtime feature", async () => {
        assertOne(
            await runStack(policy, stack([...REQUIRED, UNKNOWN])),
            /name of its DetectorFeature "f-unknown".*unknown at preview/s,
            "mandatory",
        );
    });
    it("DET-1: an exemption tag on the detector skips it with a note", async () => {
        const resources = [{ ...detector, props: { tags: exemptTags(policy) } }];
        assertOne(await runStack(policy, resources), EXEMPTED, "advisory");
    });
});
