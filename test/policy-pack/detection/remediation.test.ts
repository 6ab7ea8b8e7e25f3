/** DET-8 config-remediation-bounded: automatic Config remediations carry a retry limit and their own role. */
import { configRemediationBounded } from "../../../policy-pack/policies/cloud/config-remediation-bounded";
import { REMEDIATIONS, remediationParameters } from "../../../components/detection/remediationPlan";
import { TestResource, UNKNOWN, UNKNOWN_BOOL } from "../runtime";
import { EXEMPTED, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, run } from "./support";

const TYPE = "aws:cfg/remediationConfiguration:RemediationConfiguration";
const ROLE = "arn:aws:iam::123456789012:role/detection-remediation-us-east-1";
const policy = configRemediationBounded;

/** What ThreatDetection registers for the default-SG rule: the compliant starting point. */
function baseline(change: Record<string, unknown> = {}): TestResource {
    const plan = REMEDIATIONS[0];
    return {
        type: TYPE,
        name: "sg-fix",
        props: {
            configRuleName: "default-sg-closed",
            targetType: "SSM_DOCUMENT",
            targetId: plan.document,
            resourceType: plan.resourceType,
            parameters: remediationParameters(plan, ROLE),
            automatic: true,
            maximumAutomaticAttempts: 3,
            retryAttemptSeconds: 300,
            ...change,
        },
    };
}

describe("DET-8 config-remediation-bounded", () => {
    it("DET-8: the baseline's own remediations pass, each of them", async () => {
        assertPass(await run(policy, baseline()));
        for (const plan of REMEDIATIONS) {
            assertPass(
                await run(
                    policy,
                    baseline({ targetId: plan.document, resourceType: plan.resourceType, parameters: remediationParameters(plan, ROLE) }),
                ),
            );
        }
    });

    it("DET-8: a manual remediation is not judged, whatever it sets", async () => {
        assertPass(await run(policy, baseline({ automatic: false, maximumAutomaticAttempts: undefined, parameters: [] })));
        assertPass(await run(policy, baseline({ automatic: undefined, retryAttemptSeconds: undefined })));
    });

    it("DET-8: automatic with no maximumAutomaticAttempts is a violation", async () => {
        assertOne(
            await run(policy, baseline({ maximumAutomaticAttempts: undefined })),
            /\[DET-8\] Config remediation "sg-fix" is automatic but sets no maximumAutomaticAttempts/,
            "advisory",
        );
    });

    it("DET-8: attempts above the pack ceiling (10, configurable) are a violation", async () => {
        assertOne(
            await run(policy, baseline({ maximumAutomaticAttempts: 25 })),
            /sets maximumAutomaticAttempts 25; allowed: a whole number from 1 to 10/,
            "advisory",
        );
        assertPass(await run(policy, baseline({ maximumAutomaticAttempts: 25 }), { [policy.meta.name]: { maxAttempts: 25 } }));
        assertOne(
            await run(policy, baseline({ maximumAutomaticAttempts: 4 }), { [policy.meta.name]: { maxAttempts: 3 } }),
            /maximumAutomaticAttempts 4; allowed: a whole number from 1 to 3/,
            "advisory",
        );
    });

    it("DET-8: automatic with no retryAttemptSeconds is a violation", async () => {
        assertOne(await run(policy, baseline({ retryAttemptSeconds: undefined })), /sets no retryAttemptSeconds/, "advisory");
    });

    it("DET-8: an SSM document with no AutomationAssumeRole (or an empty one) is a violation", async () => {
        const [, resourceParam] = remediationParameters(REMEDIATIONS[0], ROLE);
        assertOne(
            await run(policy, baseline({ parameters: [resourceParam] })),
            /runs SSM document "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules" with no AutomationAssumeRole/,
            "advisory",
        );
        assertOne(
            await run(policy, baseline({ parameters: [{ name: "AutomationAssumeRole", staticValue: " " }, resourceParam] })),
            /no AutomationAssumeRole/,
            "advisory",
        );
        // staticValues is the other spelling of the same parameter.
        assertPass(await run(policy, baseline({ parameters: [{ name: "AutomationAssumeRole", staticValues: [ROLE] }, resourceParam] })));
    });

    it("DET-8: unknown automatic, attempts or parameters fail closed", async () => {
        assertOne(await run(policy, baseline({ automatic: UNKNOWN_BOOL })), UNKNOWN_FAIL_CLOSED, "advisory");
        assertOne(await run(policy, baseline({ maximumAutomaticAttempts: UNKNOWN })), UNKNOWN_FAIL_CLOSED, "advisory");
        assertOne(await run(policy, baseline({ parameters: UNKNOWN })), UNKNOWN_FAIL_CLOSED, "advisory");
    });

    it("DET-8: exclude exempts a remediation with a note", async () => {
        assertOne(
            await run(policy, baseline({ maximumAutomaticAttempts: undefined }), { [policy.meta.name]: { exclude: ["sg-fix"] } }),
            EXEMPTED,
            "advisory",
        );
    });
});
