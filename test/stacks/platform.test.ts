/**
 * Stack config checks across keys: aws:region against the provider's Region enum, the Pod Security
 * version against the cluster version, warnings for allowed values that loosen the baseline, and bad
 * values quoted cut to 200 characters.
 */
import { strict as assert } from "assert";
import { Region } from "@pulumi/aws/types/enums";
import { configWarnings, parseConfig } from "../../stacks/config";
import { AWS_REGIONS } from "../../stacks/sections/platform";

const ADMIN = "arn:aws:iam::111122223333:role/platform-admin";
const minimal = (extra: Record<string, unknown> = {}) => ({ adminPrincipalArns: [ADMIN], ...extra });

function message(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        return (e as Error).message;
    }
    return assert.fail("expected an error");
}

const team = (network: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    name: "payments",
    viewers: [],
    editors: [],
    network,
    ...extra,
});

describe("stack config: checks across keys", () => {
    describe("aws:region", () => {
        it("the allowed list is the installed @pulumi/aws Region enum", () => {
            assert.deepEqual([...AWS_REGIONS].sort(), Object.values(Region).sort());
            assert.ok(AWS_REGIONS.includes("us-east-1") && AWS_REGIONS.includes("eu-west-1"));
        });
        it("a known region passes; no region is left to the provider", () => {
            assert.doesNotThrow(() => parseConfig(minimal(), "dev", "eu-central-1"));
            assert.doesNotThrow(() => parseConfig(minimal(), "dev", undefined));
        });
        for (const bad of ["us-east-9", "US-EAST-1", "eu-west", "", "moon-1"]) {
            it(`${JSON.stringify(bad)} is refused, naming the key and the allowed regions`, () => {
                assert.match(
                    message(() => parseConfig(minimal(), "dev", bad)),
                    new RegExp(`aws:region ${JSON.stringify(bad)} is not a region @pulumi/aws knows; use one of .*us-east-1`),
                );
            });
        }
        it("a 5 MB bad region is quoted cut to 200 characters with its length", () => {
            const m = message(() => parseConfig(minimal(), "dev", "r".repeat(5 * 1024 * 1024)));
            assert.match(m, /aws:region "r{200}…" \(5242880 characters, first 200 shown\) is not a region/);
            assert.ok(m.length < 2000, `${m.length} characters`);
        });
    });

    describe("podSecurityVersion not newer than kubernetesVersion", () => {
        it("older or equal passes", () => {
            assert.doesNotThrow(() => parseConfig(minimal({ kubernetesVersion: "1.34", podSecurityVersion: "v1.34" })));
            assert.doesNotThrow(() => parseConfig(minimal({ kubernetesVersion: "1.35", podSecurityVersion: "v1.30" })));
        });
        it("newer is refused, naming both keys and the newest allowed", () => {
            assert.match(
                message(() => parseConfig(minimal({ kubernetesVersion: "1.34", podSecurityVersion: "v1.35" }))),
                /secure-baseline:podSecurityVersion "v1\.35" is newer than the cluster \(secure-baseline:kubernetesVersion "1\.34"\); use v1\.34 or older/,
            );
        });
    });

    describe("allowed values that loosen the baseline print a warning naming the key", () => {
        it("the defaults warn about nothing", () => {
            assert.deepEqual(configWarnings(parseConfig(minimal())), []);
        });
        it("egress to the whole internet (IPv4 or IPv6)", () => {
            const config = parseConfig(
                minimal({
                    teams: [
                        team({
                            egressTo: [
                                { name: "db", cidrs: ["10.1.0.0/16"], ports: [{ port: 5432 }] },
                                { name: "any", cidrs: ["10.2.0.0/16", "0.0.0.0/0"], ports: [{ port: 443 }] },
                            ],
                        }),
                    ],
                }),
            );
            const w = configWarnings(config);
            assert.equal(w.length, 1, w.join("\n"));
            assert.match(
                w[0],
                /^secure-baseline:teams\[0\]\.network\.egressTo\[1\]\.cidrs\[1\] "0\.0\.0\.0\/0" lets the team's pods reach the whole internet/,
            );
        });
        it("a team namespace in the admission exemptions", () => {
            const config = parseConfig(minimal({ admissionExemptNamespaces: ["amazon-guardduty", "payments"], teams: [team({})] }));
            const w = configWarnings(config);
            assert.deepEqual(w.length, 1, w.join("\n"));
            assert.match(
                w[0],
                /^secure-baseline:admissionExemptNamespaces\[1\] "payments" is a team namespace \(secure-baseline:teams\[0\]\): the admission policies skip its workloads/,
            );
        });
    });

    it("a 5 MB bad value of a project key is quoted cut to 200 characters with its length", () => {
        const m = message(() => parseConfig(minimal({ natStrategy: "n".repeat(5 * 1024 * 1024) })));
        assert.match(m, /secure-baseline:natStrategy "n{200}…" \(5242880 characters, first 200 shown\) is not allowed/);
        assert.ok(m.length < 2000, `${m.length} characters`);
    });
});
