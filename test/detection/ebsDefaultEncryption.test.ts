import { strict as assert } from "assert";
import { EbsEncryptionByDefault } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { parseJsonInput, runPulumi } from "../support/harness";
import { NAME, runDetection } from "./fixture";

describe("EBS encryption by default (DATA-1)", () => {
    it("DATA-1: ThreatDetection turns EBS default encryption on with a new volumes key shared with Auto Scaling", async () => {
        const run = await runDetection();
        const enc = run.one("aws:ebs/encryptionByDefault:EncryptionByDefault");
        assert.equal(enc.inputs.enabled, true);
        assert.equal(enc.protect, true);
        const def = run.one("aws:ebs/defaultKmsKey:DefaultKmsKey");
        assert.equal(def.inputs.keyArn, `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/${NAME}-ebs-volumes-key-key-id`);
        const key = run.one("aws:kms/key:Key", "ebs-volumes-key-key");
        assert.equal((key.inputs.tags as Record<string, string>).purpose, "volumes");
        assert.ok(parseJsonInput<PolicyDocument>(key.inputs.policy).Statement.some((s) => s.Sid === "AllowAutoScalingVolumes"));
    });

    it("DATA-1: a given key ARN is used and no key is created", async () => {
        const given = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/cluster-volumes`;
        const run = await runPulumi(() => new EbsEncryptionByDefault("ebs", { keyArn: given }));
        assert.equal(run.one("aws:ebs/defaultKmsKey:DefaultKmsKey").inputs.keyArn, given);
        assert.equal(run.ofType("aws:kms/key:Key").length, 0);
    });

    it("DATA-1: can be switched off explicitly in ThreatDetection (e.g. when another stack owns the setting)", async () => {
        const run = await runDetection({ ebsEncryptionByDefault: false });
        assert.equal(run.ofType("aws:ebs/encryptionByDefault:EncryptionByDefault").length, 0);
    });
});
