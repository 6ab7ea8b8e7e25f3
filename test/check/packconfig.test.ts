/**
 * PACK-7: pack config is explicit. A program's folder never supplies one by
 * itself (only --pack-config does, or this project's own stacks by their
 * stacks/policy-pack.<stack>.json convention), and every output format names
 * the file used, its sha256 and each policy it disables or downgrades.
 */
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import type * as sarif from "sarif";
import { CheckResult, runCheck } from "../../tools/check/check";
import type { PackInfo, PolicyInfo } from "../../tools/check/pack";
import { describePackConfig } from "../../tools/check/packConfig";
import { toSarif } from "../../tools/check/report/sarif";
import { formatText } from "../../tools/check/report/text";
import { openSshOnePolicy } from "./fixtureChecks";
import { fixturePack, packConfig, program, sarifValidator } from "./support";

const ONE = fixturePack("one-policy");
const POLICY = "ec2-security-group-no-public-ingress";

function policy(name: string, enforcement: PolicyInfo["enforcement"]): PolicyInfo {
    return { name, displayName: "", description: "", enforcement, kind: "resource", severity: "high", tags: [], remediation: "", url: "" };
}

describe("offline check: pack config is explicit and reported (PACK-7)", function () {
    this.timeout(180_000);

    describe("describePackConfig: what a file weakens", () => {
        const info: PackInfo = {
            name: "pack",
            version: "1",
            initialConfig: { "off-by-pack": { enforcement: "disabled", properties: {} } },
            policies: [
                policy("strict", "mandatory"),
                policy("fixable", "remediate"),
                policy("soft", "advisory"),
                policy("kept", "mandatory"),
                policy("off-by-pack", "mandatory"),
                policy("raised", "advisory"),
            ],
        };
        const file = packConfig("empty.json");
        it("lists each policy it disables or downgrades from mandatory, with its level without the file", () => {
            const used = describePackConfig(file, info, {
                strict: { enforcement: "advisory", properties: {} },
                fixable: { enforcement: "advisory", properties: {} },
                soft: { enforcement: "disabled", properties: {} },
                raised: { enforcement: "mandatory", properties: {} },
                kept: { properties: {} },
            });
            assert.deepEqual(used.weakened, [
                { policy: "fixable", from: "remediate", to: "advisory" },
                { policy: "soft", from: "advisory", to: "disabled" },
                { policy: "strict", from: "mandatory", to: "advisory" },
            ]);
        });
        it('"all": "disabled" names every policy the pack had on (not the one its own initial config turned off)', () => {
            const used = describePackConfig(file, info, { all: { enforcement: "disabled", properties: {} } });
            assert.deepEqual(
                used.weakened.map((w) => w.policy),
                ["fixable", "kept", "raised", "soft", "strict"],
            );
        });
        it("path relative to the working folder, sha256 of the bytes", () => {
            const used = describePackConfig(file, info, {});
            assert.equal(used.path, "test/fixtures/pack-config/empty.json");
            assert.equal(used.sha256, createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
            assert.deepEqual(used.weakened, []);
        });
    });

    it("a pack config beside a --program's stack file is not loaded (regression: one disabling every policy turned BLOCKED into PASSED)", async () => {
        assert.ok(
            fs.existsSync(`${program("open-ssh")}/policy-pack.dev.json`),
            "the fixture keeps a disabling config beside its stack file",
        );
        const r = await openSshOnePolicy();
        assert.equal(r.packConfigFile, undefined);
        assert.equal(r.report.packConfig, null);
        assert.equal(r.report.summary.mandatory, 1);
        assert.match(formatText(r), /\nPack config: none \(every policy at the pack's own levels and defaults\)\n/);
        const run = toSarif(r, "0").runs[0];
        assert.equal(run.properties?.packConfig, null);
        assert.deepEqual(run.invocations?.[0].ruleConfigurationOverrides, []);
    });

    describe("a --pack-config that downgrades the policy: every format says so", () => {
        let r: CheckResult;
        const file = packConfig("advisory.yaml");
        const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
        before(async () => {
            r = await runCheck({ programDir: program("open-ssh"), packDir: ONE, stack: "dev", packConfigFile: file, timeoutSeconds: 120 });
        });

        it("json: packConfig with path, sha256 and the downgraded policy", () => {
            assert.deepEqual(JSON.parse(JSON.stringify(r.report)).packConfig, {
                path: "test/fixtures/pack-config/advisory.yaml",
                sha256,
                weakened: [{ policy: POLICY, from: "mandatory", to: "advisory" }],
            });
        });

        it("text: the file, its hash and the downgrade", () => {
            const text = formatText(r);
            assert.match(
                text,
                new RegExp(
                    `\\nPack config: test/fixtures/pack-config/advisory\\.yaml \\(sha256 ${sha256}\\)\\n {2}downgrades to advisory: ${POLICY} \\(mandatory without it\\)\\n`,
                ),
            );
        });

        it("sarif: the file as an artifact with its sha-256, the downgrade as a rule configuration override; valid SARIF 2.1.0", () => {
            const log = toSarif(r, "0.1.0");
            const run = log.runs[0] as sarif.Run;
            const artifact = run.artifacts?.find((a) => a.location?.uri === "test/fixtures/pack-config/advisory.yaml");
            assert.deepEqual(artifact?.hashes, { "sha-256": sha256 });
            assert.deepEqual(artifact?.roles, ["userSpecifiedConfiguration"]);
            const overrides = run.invocations?.[0].ruleConfigurationOverrides ?? [];
            assert.deepEqual(
                overrides.map((o) => [o.descriptor.id, o.configuration.level, o.configuration.enabled]),
                [[POLICY, "warning", true]],
            );
            assert.equal(run.tool.driver.rules?.[overrides[0].descriptor.index!].id, POLICY);
            const validate = sarifValidator();
            if (validate) assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        });
    });
});
