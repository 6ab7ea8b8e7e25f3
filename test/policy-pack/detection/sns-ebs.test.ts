import { strict as assert } from "assert";
import { ebsDefaultKmsKey } from "../../../policy-pack/policies/cloud/ebs-default-kms-key";
import { ebsEncryptionByDefaultEnabled } from "../../../policy-pack/policies/cloud/ebs-encryption-by-default-enabled";
import { ebsVolumeEncrypted } from "../../../policy-pack/policies/cloud/ebs-volume-encrypted";
import { snsTopicEncrypted } from "../../../policy-pack/policies/cloud/sns-topic-encrypted";
import { TestResource, UNKNOWN, UNKNOWN_BOOL, remediate } from "../runtime";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run, runStack } from "./support";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";

describe("DET-6 sns-topic-encrypted", () => {
    const policy = snsTopicEncrypted;
    const topic = (props: Record<string, unknown>): TestResource => ({
        type: "aws:sns/topic:Topic",
        name: "alerts",
        props: { kmsMasterKeyId: KEY, ...props },
    });

    it("DET-6: a KMS-encrypted topic passes; an unknown key id is set", async () => {
        assertPass(await run(policy, topic({})));
        assertPass(await run(policy, topic({ kmsMasterKeyId: UNKNOWN })));
    });
    it("DET-6: a topic without kmsMasterKeyId is an advisory violation (medium), mandatory by config", async () => {
        assertOne(
            await run(policy, topic({ kmsMasterKeyId: undefined })),
            /\[DET-6\] SNS topic "alerts" has no kmsMasterKeyId/,
            "advisory",
        );
        assertOne(
            await run(policy, topic({ kmsMasterKeyId: "" }), { [policy.meta.name]: "mandatory" }),
            /has no kmsMasterKeyId/,
            "mandatory",
        );
    });
    it("DET-6: include limits the policy to the topics it is wanted for", async () => {
        const cfg = { [policy.meta.name]: { include: ["alerts*"] } };
        assertOne(await run(policy, topic({ kmsMasterKeyId: undefined }), cfg), /has no kmsMasterKeyId/, "advisory");
        assertOne(
            await run(policy, { ...topic({ kmsMasterKeyId: undefined }), name: "app-events" }, cfg),
            /\[note\].*matches no "include" pattern/s,
            "advisory",
        );
    });
    it("DET-6: an exemption tag skips the topic with a note", async () => {
        assertOne(await run(policy, topic({ kmsMasterKeyId: undefined, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
});

describe("DATA-1 ebs-encryption-by-default-enabled", () => {
    const policy = ebsEncryptionByDefaultEnabled;
    const setting = (enabled: unknown): TestResource => ({
        type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
        name: "ebs-default",
        props: { enabled },
    });

    it("DATA-1: enabled true (or unset, default true) passes", async () => {
        assertPass(await run(policy, setting(true)));
        assertPass(await run(policy, setting(undefined)));
    });
    it("DATA-1: enabled false is a mandatory violation", async () => {
        assertOne(await run(policy, setting(false)), /\[DATA-1\] EBS encryption by default "ebs-default" sets enabled: false/, "mandatory");
    });
    it("DATA-1: unknown enabled fails closed; advisory by config", async () => {
        assertOne(await run(policy, setting(UNKNOWN_BOOL)), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(await run(policy, setting(UNKNOWN_BOOL), { [policy.meta.name]: { unknown: "advisory" } }), UNKNOWN_ADVISORY, "advisory");
    });
    it("DATA-1: exclude exempts it (the resource has no tags) with a note", async () => {
        assertOne(await run(policy, setting(false), { [policy.meta.name]: { exclude: ["ebs-*"] } }), EXEMPTED, "advisory");
    });
    it("DATA-1: remediate sets enabled true", async () => {
        const r = await remediate([policy], setting(false), { [policy.meta.name]: "remediate" });
        assert.equal(r.props?.enabled, true);
    });
});

describe("DATA-1 ebs-volume-encrypted", () => {
    const policy = ebsVolumeEncrypted;
    const volume = (props: Record<string, unknown>): TestResource => ({
        type: "aws:ebs/volume:Volume",
        name: "data",
        props: { availabilityZone: "us-east-1a", size: 20, encrypted: true, kmsKeyId: KEY, ...props },
    });

    it("DATA-1: an encrypted volume passes", async () => {
        assertPass(await run(policy, volume({})));
    });
    it("DATA-1: encrypted false or unset is a mandatory violation", async () => {
        assertOne(
            await run(policy, volume({ encrypted: false })),
            /\[DATA-1\] EBS volume "data" is not encrypted \(encrypted is false\)/,
            "mandatory",
        );
        assertOne(await run(policy, volume({ encrypted: undefined })), /unset, default false/, "mandatory");
    });
    it("DATA-1: unknown encrypted fails closed; advisory by config", async () => {
        assertOne(await run(policy, volume({ encrypted: UNKNOWN_BOOL })), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(
            await run(policy, volume({ encrypted: UNKNOWN_BOOL }), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("DATA-1: an exemption tag skips the volume with a note", async () => {
        assertOne(await run(policy, volume({ encrypted: false, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
    it("DATA-1: there is no automatic fix (encrypting replaces the volume)", () => {
        assert.equal(policy.remediable, false);
    });
});

describe("DATA-1 ebs-default-kms-key (stack)", () => {
    const policy = ebsDefaultKmsKey;
    const setting: TestResource = {
        type: "aws:ebs/encryptionByDefault:EncryptionByDefault",
        name: "ebs-default",
        props: { enabled: true },
    };
    const key = (keyArn: unknown): TestResource => ({ type: "aws:ebs/defaultKmsKey:DefaultKmsKey", name: "ebs-key", props: { keyArn } });

    it("DATA-1: encryption by default with a DefaultKmsKey passes (an unknown key ARN counts)", async () => {
        assertPass(await runStack(policy, [setting, key(KEY)]));
        assertPass(await runStack(policy, [setting, key(UNKNOWN)]));
    });
    it("DATA-1: encryption by default without a DefaultKmsKey is an advisory violation (medium)", async () => {
        assertOne(
            await runStack(policy, [setting]),
            /\[DATA-1\] EBS encryption by default "ebs-default" has no aws.ebs.DefaultKmsKey/,
            "advisory",
        );
        assertOne(await runStack(policy, [setting, key("")]), /has no aws.ebs.DefaultKmsKey/, "advisory");
    });
    it("DATA-1: exclude exempts the setting with a note", async () => {
        assertOne(await runStack(policy, [setting], { [policy.meta.name]: { exclude: ["ebs-*"] } }), EXEMPTED, "advisory");
    });
});
