/** DET-8 stack config: the remediation keys, their defaults from the component, and their errors naming the key. */
import { strict as assert } from "assert";
import { parseConfig } from "../../stacks/config";
import { minimal, throwsWith } from "./support";

describe("stack config: automatic Config remediation (DET-8)", () => {
    it("DET-8 defaults equal the component's: on, nothing opted out, 3 attempts in 300 seconds", () => {
        const { detection } = parseConfig(minimal());
        assert.equal(detection.remediation, true);
        assert.deepEqual(detection.remediationOptOut, []);
        assert.equal(detection.remediationMaxAttempts, 3);
        assert.equal(detection.remediationRetrySeconds, 300);
    });

    it("DET-8: reads the opt-out and the retry limit as Pulumi passes them (text)", () => {
        const { detection } = parseConfig(
            minimal({
                remediationOptOut: '["key-rotation"]',
                remediationMaxAttempts: "5",
                remediationRetrySeconds: "60",
                remediation: "true",
            }),
        );
        assert.deepEqual(detection.remediationOptOut, ["key-rotation"]);
        assert.equal(detection.remediationMaxAttempts, 5);
        assert.equal(detection.remediationRetrySeconds, 60);
    });

    it("DET-8: off when configRules is off (nothing to remediate), and when asked", () => {
        assert.equal(parseConfig(minimal({ configRules: false })).detection.remediation, false);
        assert.equal(parseConfig(minimal({ remediation: false })).detection.remediation, false);
    });

    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
        [
            "an opt-out rule that is not remediated",
            { remediationOptOut: ["key-rotation", "imdsv2"] },
            /secure-baseline:remediationOptOut\[1\] "imdsv2" is not allowed; use one of default-sg-closed, restricted-ssh, key-rotation, bucket-public-access-blocked/,
        ],
        [
            "an opt-out that is not a list",
            { remediationOptOut: "key-rotation" },
            /secure-baseline:remediationOptOut "key-rotation" is not allowed; use a list of text values/,
        ],
        [
            "zero attempts",
            { remediationMaxAttempts: 0 },
            /secure-baseline:remediationMaxAttempts 0 is not allowed; use a whole number from 1 to 25/,
        ],
        [
            "too many attempts",
            { remediationMaxAttempts: 100 },
            /secure-baseline:remediationMaxAttempts 100 is not allowed; use a whole number from 1 to 25/,
        ],
        [
            "a retry window of 0 seconds",
            { remediationRetrySeconds: 0 },
            /secure-baseline:remediationRetrySeconds 0 is not allowed; use a whole number from 1 to 2678000/,
        ],
        [
            "remediation that is not a boolean",
            { remediation: "yes" },
            /secure-baseline:remediation "yes" is not allowed; use true or false/,
        ],
    ];
    for (const [what, extra, message] of bad) {
        it(`DET-8: refuses ${what}, naming the key and the allowed values`, () => {
            throwsWith(() => parseConfig(minimal(extra)), message);
        });
    }
});
