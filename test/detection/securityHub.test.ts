import { strict as assert } from "assert";
import { ThreatDetection } from "../../components";
import { MOCK_REGION } from "../../tools/check/canned";
import { RunResult } from "../support/harness";
import { NAME, runDetection, runExpectingError } from "./fixture";

describe("ThreatDetection: Security Hub (DET-5)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection();
    });

    it("DET-5: on by default, with consolidated findings and no implicit default standards", () => {
        const acct = run.one("aws:securityhub/account:Account");
        assert.equal(acct.inputs.enableDefaultStandards, false);
        assert.equal(acct.inputs.controlFindingGenerator, "SECURITY_CONTROL");
        assert.equal(acct.inputs.autoEnableControls, true);
    });

    it("DET-5: subscribes FSBP and CIS 3.0.0, with ARNs built from partition and region, after the account", () => {
        const subs = run.ofType("aws:securityhub/standardsSubscription:StandardsSubscription");
        assert.deepEqual(subs.map((s) => s.inputs.standardsArn).sort(), [
            `arn:aws:securityhub:${MOCK_REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`,
            `arn:aws:securityhub:${MOCK_REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
        ]);
        for (const s of subs) assert.deepEqual(s.dependsOn, [`aws:securityhub/account:Account::${NAME}-securityhub`]);
    });

    it("DET-5: the CIS version is selectable; the flag turns Security Hub off", async () => {
        const v14 = await runDetection({ securityHubCisVersion: "1.4.0" });
        assert.equal(
            v14.one("aws:securityhub/standardsSubscription:StandardsSubscription", "cis").inputs.standardsArn,
            `arn:aws:securityhub:${MOCK_REGION}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
        );
        const off = await runDetection({ securityHub: false });
        assert.equal(off.ofType("aws:securityhub/account:Account").length, 0);
        assert.equal(off.ofType("aws:securityhub/standardsSubscription:StandardsSubscription").length, 0);
    });

    it("DET-5: rejects an unknown CIS version", async () => {
        const r = await runExpectingError(() => new ThreatDetection("x", { securityHubCisVersion: "9.9.9" as "3.0.0" }));
        assert.match(r.message, /securityHubCisVersion "9.9.9" is not allowed; use one of 1.4.0, 3.0.0/);
        assert.equal(r.registered, 0);
    });
});
