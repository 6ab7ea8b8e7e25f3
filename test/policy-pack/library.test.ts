/**
 * The pack as a library (secure-baseline/policy): the policy list with its metadata, the
 * options other teams set, the errors for bad options, and a composed pack started the way
 * the CLI starts a pack.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { PackProcess } from "../../tools/check/pack";
import { PACK_CTX, bareResource, fixturePack } from "../check/support";
import { baselinePolicies, policies } from "../../policy-pack/library";
import { ALL_POLICIES } from "../../policy-pack/policies";

describe("policy pack as a library", () => {
    it("lists every policy with its metadata and default enforcement", () => {
        assert.deepEqual(
            policies.map((p) => p.name),
            ALL_POLICIES.map((p) => p.meta.name),
        );
        for (const p of policies) {
            assert.match(p.control, /^[A-Z0-9]+-\d+$/);
            assert.equal(p.defaultEnforcement, p.severity === "high" || p.severity === "critical" ? "mandatory" : "advisory");
            assert.ok(p.resourceTypes.length > 0, p.name);
        }
    });

    it("applies per-policy enforcement and leaves out excluded policies", () => {
        const composed = baselinePolicies({
            exclude: ["k8s-service-not-exposed"],
            enforcement: { "ec2-subnet-no-public-ip-mapping": "disabled" },
        });
        assert.equal(composed.length, ALL_POLICIES.length - 1);
        assert.ok(!composed.some((p) => p.name === "k8s-service-not-exposed"));
        assert.equal(composed.find((p) => p.name === "ec2-subnet-no-public-ip-mapping")?.enforcementLevel, "disabled");
        const untouched = ALL_POLICIES.find((p) => p.meta.name === "ec2-security-group-no-public-ingress");
        assert.equal(
            composed.find((p) => p.name === "ec2-security-group-no-public-ingress"),
            untouched?.policy,
        );
    });

    it("refuses policy names it does not have, and levels CrossGuard does not know, naming the option", () => {
        assert.throws(
            () => baselinePolicies({ exclude: ["no-such-policy"] }),
            /^Error: exclude: "no-such-policy" is not a policy of the secure-baseline pack; allowed: the names in `policies`/,
        );
        assert.throws(
            () => baselinePolicies({ enforcement: { "not-ours": "advisory" } }),
            /^Error: enforcement: "not-ours" is not a policy/,
        );
        assert.throws(
            () => baselinePolicies({ enforcement: { "ec2-subnet-no-public-ip-mapping": "block" as never } }),
            /enforcement\.ec2-subnet-no-public-ip-mapping: "block" is not an enforcement level; allowed: advisory, mandatory, remediate, disabled/,
        );
    });

    it("composes into another team's pack, started through run-policy-pack", async function () {
        this.timeout(120_000);
        const pack = await PackProcess.start(fixturePack("composed"), PACK_CTX, { startTimeoutSeconds: 120 });
        try {
            const info = await pack.info();
            const names = info.policies.map((p) => p.name);
            assert.equal(names.length, ALL_POLICIES.length);
            assert.ok(names.includes("acme-bucket-name-prefix") && !names.includes("k8s-service-not-exposed"));
            assert.equal(info.policies.find((p) => p.name === "ec2-subnet-no-public-ip-mapping")?.enforcement, "advisory");
            await pack.configureStack(PACK_CTX);
            const bucket = bareResource("aws:s3/bucket:Bucket", "logs");
            const own = await pack.analyze(bucket);
            assert.deepEqual(
                own.map((d) => [d.policy, d.enforcement]),
                [["acme-bucket-name-prefix", "mandatory"]],
            );
            // The baseline's stack policy judges the same bucket (no public-access block, no encryption).
            const stack = await pack.analyzeStack([bucket]);
            assert.ok(
                stack.some((d) => d.policy === "s3-bucket-hardened" && d.enforcement === "mandatory"),
                JSON.stringify(stack.map((d) => d.policy)),
            );
        } finally {
            await pack.close();
        }
    });
});

describe("pack version", () => {
    it("the pack folder's version is the package's version (the catalogue and the check show it)", () => {
        const read = (f: string) => JSON.parse(readFileSync(join(__dirname, "..", "..", f), "utf8")) as { version: string };
        const [root, pack] = [read("package.json"), read("policy-pack/package.json")];
        assert.equal(pack.version, root.version);
    });
});
