import { strict as assert } from "assert";
import { configDeliveryChannelS3 } from "../../../policy-pack/policies/cloud/config-delivery-channel-s3";
import { configRecorderAllResources } from "../../../policy-pack/policies/cloud/config-recorder-all-resources";
import { configRecorderEnabled } from "../../../policy-pack/policies/cloud/config-recorder-enabled";
import { configRecorderRunning } from "../../../policy-pack/policies/cloud/config-recorder-running";
import { BASELINE_MANAGED_RULES, configManagedRules } from "../../../policy-pack/policies/cloud/config-managed-rules";
import { MANAGED_RULES } from "../../../components/detection/configPlan";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, remediate } from "../runtime";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, assertSome, run, runStack } from "./support";

const RECORDER = "aws:cfg/recorder:Recorder";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const ROLE_ARN = "arn:aws:iam::123456789012:role/config";

describe("DET-2 config-recorder-all-resources", () => {
    const policy = configRecorderAllResources;
    const recorder = (group: Record<string, unknown>): TestResource => ({
        type: RECORDER,
        name: "recorder",
        props: { roleArn: ROLE_ARN, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, ...group } },
    });
    const requireGlobals = { [policy.meta.name]: { requireGlobalResourceTypes: true } };

    it("DET-2: a recorder of all supported types passes; so does the AWS default (no recordingGroup)", async () => {
        assertPass(await run(policy, recorder({})));
        assertPass(await run(policy, { type: RECORDER, name: "r", props: { roleArn: ROLE_ARN } }));
    });
    it("DET-2: allSupported false is a mandatory violation", async () => {
        assertOne(
            await run(policy, recorder({ allSupported: false })),
            /\[DET-2\] Config recorder "recorder" sets recordingGroup.allSupported: false/,
            "mandatory",
        );
    });
    it("DET-2: a resource type list, exclusions or another strategy is a violation", async () => {
        assertSome(
            await run(policy, recorder({ allSupported: false, resourceTypes: ["AWS::EC2::Instance"] })),
            /limits recording to recordingGroup.resourceTypes/,
            "mandatory",
        );
        assertOne(
            await run(policy, recorder({ exclusionByResourceTypes: [{ resourceTypes: ["AWS::IAM::Role"] }] })),
            /excludes resource types \(AWS::IAM::Role\)/,
            "mandatory",
        );
        assertOne(
            await run(policy, recorder({ recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }] })),
            /recording strategy "EXCLUSION_BY_RESOURCE_TYPES"/,
            "mandatory",
        );
    });
    it("DET-2: global types are optional by default (non-home regions), required by config", async () => {
        assertPass(await run(policy, recorder({ includeGlobalResourceTypes: false })));
        assertPass(await run(policy, recorder({}), requireGlobals));
        assertOne(
            await run(policy, recorder({ includeGlobalResourceTypes: false }), requireGlobals),
            /does not record global resource types/,
            "mandatory",
        );
    });
    it("DET-2: unknown allSupported or recordingGroup fails closed; advisory by config", async () => {
        assertOne(
            await run(policy, recorder({ allSupported: UNKNOWN_BOOL })),
            /recordingGroup.allSupported.*unknown at preview.*fail closed/s,
            "mandatory",
        );
        assertOne(
            await run(policy, { type: RECORDER, name: "r", props: { roleArn: ROLE_ARN, recordingGroup: UNKNOWN } }),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        assertOne(
            await run(policy, recorder({ resourceTypes: UNKNOWN_ARRAY }), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("DET-2: a recorder has no tags; exclude exempts it with a note", async () => {
        assertOne(
            await run(policy, recorder({ allSupported: false }), { [policy.meta.name]: { exclude: ["recorder"] } }),
            EXEMPTED,
            "advisory",
        );
    });
});

describe("DET-2 config-recorder-enabled", () => {
    const policy = configRecorderEnabled;
    const status = (isEnabled: unknown): TestResource => ({ type: STATUS, name: "status", props: { name: "default", isEnabled } });

    it("DET-2: isEnabled true passes", async () => {
        assertPass(await run(policy, status(true)));
    });
    it("DET-2: isEnabled false is a mandatory violation", async () => {
        assertOne(await run(policy, status(false)), /\[DET-2\] Config recorder status "status" does not set isEnabled: true/, "mandatory");
    });
    it("DET-2: unknown isEnabled fails closed; advisory by config", async () => {
        assertOne(await run(policy, status(UNKNOWN_BOOL)), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(await run(policy, status(UNKNOWN_BOOL), { [policy.meta.name]: { unknown: "advisory" } }), UNKNOWN_ADVISORY, "advisory");
    });
    it("DET-2: exclude exempts a status resource with a note", async () => {
        assertOne(await run(policy, status(false), { [policy.meta.name]: { exclude: ["sta*"] } }), EXEMPTED, "advisory");
    });
    it("DET-2: remediate switches the recorder on", async () => {
        const r = await remediate([policy], status(false), { [policy.meta.name]: "remediate" });
        assert.equal(r.props?.isEnabled, true);
    });
});

describe("DET-2 config-delivery-channel-s3", () => {
    const policy = configDeliveryChannelS3;
    const channel = (props: Record<string, unknown>): TestResource => ({
        type: CHANNEL,
        name: "channel",
        props: { s3BucketName: "config-history", s3KmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k", ...props },
    });
    const requireKms = { [policy.meta.name]: { requireKmsKey: true } };

    it("DET-2: a channel to a bucket passes (with or without KMS by default)", async () => {
        assertPass(await run(policy, channel({})));
        assertPass(await run(policy, channel({ s3KmsKeyArn: undefined })));
    });
    it("DET-2: no bucket is a violation", async () => {
        assertOne(await run(policy, channel({ s3BucketName: "" })), /has no s3BucketName/, "mandatory");
    });
    it("DET-2: with requireKmsKey, a channel without s3KmsKeyArn is a violation", async () => {
        assertPass(await run(policy, channel({}), requireKms));
        assertOne(
            await run(policy, channel({ s3KmsKeyArn: undefined }), requireKms),
            /has no s3KmsKeyArn, and the pack config requires one/,
            "mandatory",
        );
    });
    it("DET-2: an unknown bucket name is set (it will be something): passes", async () => {
        assertPass(await run(policy, channel({ s3BucketName: UNKNOWN, s3KmsKeyArn: UNKNOWN }), requireKms));
    });
    it("DET-2: exclude exempts a channel with a note", async () => {
        assertOne(await run(policy, channel({ s3BucketName: "" }), { [policy.meta.name]: { exclude: ["channel"] } }), EXEMPTED, "advisory");
    });
});

describe("DET-2 config-recorder-running (stack)", () => {
    const policy = configRecorderRunning;
    const recorder: TestResource = { type: RECORDER, name: "recorder", props: { roleArn: ROLE_ARN } };
    const status: TestResource = {
        type: STATUS,
        name: "status",
        props: { name: UNKNOWN, isEnabled: true },
        propertyDependencies: { name: ["recorder"] },
    };
    const channel: TestResource = { type: CHANNEL, name: "channel", props: { s3BucketName: "b" } };

    it("DET-2: a recorder with a linked status and a delivery channel passes", async () => {
        assertPass(await runStack(policy, [recorder, status, channel]));
    });
    it("DET-2: a status with the recorder's literal name counts as linked", async () => {
        const named = { ...recorder, props: { ...recorder.props, name: "default" } };
        assertPass(await runStack(policy, [named, { type: STATUS, name: "status", props: { name: "default", isEnabled: true } }, channel]));
    });
    it("DET-2: a recorder without a status is a violation", async () => {
        assertOne(await runStack(policy, [recorder, channel]), /Config recorder "recorder" has no RecorderStatus/, "mandatory");
    });
    it("DET-2: a recorder without a delivery channel is a violation", async () => {
        assertOne(await runStack(policy, [recorder, status]), /has no delivery channel in this stack/, "mandatory");
    });
    it("DET-2: exclude exempts the recorder with a note", async () => {
        assertOne(await runStack(policy, [recorder], { [policy.meta.name]: { exclude: ["recorder"] } }), EXEMPTED, "advisory");
    });
});

describe("DET-3 config-managed-rules (stack)", () => {
    const policy = configManagedRules;
    const RULE = "aws:cfg/rule:Rule";
    const recorder: TestResource = { type: RECORDER, name: "recorder", props: { roleArn: ROLE_ARN } };
    const rule = (id: string, owner: unknown = "AWS"): TestResource => ({
        type: RULE,
        name: `rule-${id.toLowerCase()}`,
        props: { source: { owner, sourceIdentifier: id } },
    });
    const all = BASELINE_MANAGED_RULES.map((id) => rule(id));

    it("DET-3: the pack's list is the one the ThreatDetection component creates", () => {
        assert.deepEqual([...BASELINE_MANAGED_RULES].sort(), MANAGED_RULES.map((r) => r.sourceIdentifier).sort());
    });
    it("DET-3: a recorder with every baseline managed rule passes", async () => {
        assertPass(await runStack(policy, [recorder, ...all]));
    });
    it("DET-3: missing rules are named, advisory by default", async () => {
        const ds = await runStack(policy, [recorder, ...all.filter((r) => !/imdsv2|ssh/.test(r.name))]);
        assertOne(
            ds,
            /\[DET-3\] Config recorder "recorder" has no AWS managed rule INCOMING_SSH_DISABLED, EC2_IMDSV2_CHECK in this stack/,
            "advisory",
        );
    });
    it("DET-3: a custom rule (owner CUSTOM_LAMBDA) with a managed rule's name does not count", async () => {
        const ds = await runStack(policy, [recorder, ...all.slice(1), rule(BASELINE_MANAGED_RULES[0], "CUSTOM_LAMBDA")]);
        assertOne(ds, new RegExp(`has no AWS managed rule ${BASELINE_MANAGED_RULES[0]} in`), "advisory");
    });
    it("DET-3: organization managed rules count", async () => {
        const org: TestResource[] = BASELINE_MANAGED_RULES.map((id) => ({
            type: "aws:cfg/organizationManagedRule:OrganizationManagedRule",
            name: `org-${id}`,
            props: { name: id, ruleIdentifier: id },
        }));
        assertPass(await runStack(policy, [recorder, ...org]));
    });
    it("DET-3: an unknown identifier with a rule missing fails closed; with nothing missing it does not matter", async () => {
        const unknownId: TestResource = { type: RULE, name: "computed", props: { source: { owner: "AWS", sourceIdentifier: UNKNOWN } } };
        assertOne(await runStack(policy, [recorder, ...all.slice(1), unknownId]), UNKNOWN_FAIL_CLOSED, "advisory");
        assertPass(await runStack(policy, [recorder, ...all, unknownId]));
    });
    it("DET-3: requiredRules narrows the list; mandatory on request", async () => {
        assertPass(
            await runStack(policy, [recorder, rule("EKS_SECRETS_ENCRYPTED")], {
                [policy.meta.name]: { requiredRules: ["EKS_SECRETS_ENCRYPTED"] },
            }),
        );
        assertOne(
            await runStack(policy, [recorder], {
                [policy.meta.name]: { enforcementLevel: "mandatory", requiredRules: ["EKS_SECRETS_ENCRYPTED"] },
            }),
            /has no AWS managed rule EKS_SECRETS_ENCRYPTED/,
            "mandatory",
        );
    });
    it("DET-3: a stack without a Config recorder is not this policy's business", async () => {
        assertPass(await runStack(policy, [rule("EKS_SECRETS_ENCRYPTED")]));
    });
    it("DET-3: exclude exempts the recorder with a note", async () => {
        assertOne(await runStack(policy, [recorder], { [policy.meta.name]: { exclude: ["recorder"] } }), EXEMPTED, "advisory");
    });
});
