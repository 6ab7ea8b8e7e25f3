/**
 * PACK-7: the check speaks the analyzer protocol as the CLI does. A probe pack
 * reports back, as violation messages, exactly what @pulumi/policy handed its
 * policies; the assertions are on that, not on what the check meant to send.
 */
import { strict as assert } from "assert";
import { CheckResult, runCheck } from "../../tools/check/check";
import { PackProcess } from "../../tools/check/pack";
import { SECRET_PLACEHOLDER } from "../../tools/check/project";
import { PACK_CTX, REAL_PACK, bareResource, fixturePack, packConfig, program, realPackMissing } from "./support";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { POOLS } from "./fixtureChecks";

/** The policy names the real pack must expose (BRIEF.md contract). */
export const CONTRACT_POLICIES = [
    "ec2-security-group-no-public-ingress",
    "ec2-default-security-group-no-rules",
    "ec2-nacl-no-public-admin-ports",
    "ec2-subnet-no-public-ip-mapping",
    "ec2-vpc-flow-logs-enabled",
    "kms-key-rotation-enabled",
    "kms-key-deletion-window",
    "kms-key-policy-no-wildcard-principal",
    "cloudwatch-log-group-encrypted",
    "s3-bucket-hardened",
    "eks-cluster-endpoint-private",
    "eks-cluster-secrets-encrypted",
    "eks-cluster-control-plane-logging",
    "ec2-launch-template-imdsv2",
    "ec2-launch-template-encrypted-volumes",
    "eks-node-group-no-remote-access",
    "ecr-repository-hardened",
    "elb-listener-tls",
];

interface Echo {
    kind: string;
    urn: string;
    type: string;
    props: Record<string, unknown>;
    opts: { protect: boolean; parent?: string };
    provider: { urn: string; type: string; props: Record<string, unknown> } | null;
    config: Record<string, unknown>;
    resources: {
        urn: string;
        type: string;
        parent: string | null;
        dependencies: string[];
        propertyDependencies: Record<string, string[]>;
        provider: string | null;
        protect: boolean;
        props: Record<string, unknown>;
    }[];
}

function echoes(result: CheckResult): Echo[] {
    return result.report.diagnostics.map((d) => JSON.parse(d.message.slice(d.message.indexOf("\n") + 1)) as Echo);
}

describe("offline check: the analyzer protocol (PACK-7)", function () {
    this.timeout(180_000);

    describe("GetAnalyzerInfo through run-policy-pack lists every policy", () => {
        const cases: { name: string; dir: string; expected: () => string[]; missing?: () => string | undefined; exact?: boolean }[] = [
            { name: "one-policy fixture pack", dir: fixturePack("one-policy"), expected: () => ["ec2-security-group-no-public-ingress"] },
            { name: "probe fixture pack", dir: fixturePack("probe"), expected: () => ["probe-resource", "probe-stack"] },
            {
                name: "floor-64 fixture pack (bench)",
                dir: fixturePack("floor-64"),
                expected: () => [
                    "ec2-security-group-no-public-ingress",
                    ...Array.from({ length: 63 }, (_, i) => `floor-policy-${String(i + 1).padStart(2, "0")}-does-not-apply`),
                ],
                exact: true,
            },
            {
                name: "the real pack (policy-pack)",
                dir: REAL_PACK,
                expected: () => ALL_POLICIES.map((p) => p.meta.name),
                missing: realPackMissing,
                exact: true,
            },
        ];
        for (const c of cases) {
            it(`${c.name}`, async function () {
                const why = c.missing?.();
                if (why) this.skip();
                const pack = await PackProcess.start(c.dir, PACK_CTX, { startTimeoutSeconds: 120 });
                try {
                    const info = await pack.info();
                    const names = info.policies.map((p) => p.name);
                    for (const n of c.expected()) assert.ok(names.includes(n), `${c.name} lists ${n} (has: ${names.join(", ")})`);
                    // The real pack lists every policy it declares, and nothing else: one that failed to load cannot hide.
                    if (c.exact) assert.deepEqual([...names].sort(), [...c.expected()].sort());
                    assert.ok(pack.port > 0);
                } finally {
                    await pack.close();
                }
            });
        }
    });

    it("floor-64 fixture pack (bench): the one policy judges an open security group, the other 63 never apply", async () => {
        const pack = await PackProcess.start(fixturePack("floor-64"), PACK_CTX, { startTimeoutSeconds: 120 });
        try {
            const info = await pack.info();
            await pack.configureStack(PACK_CTX);
            const diags = await pack.analyze(
                bareResource("aws:ec2/securityGroup:SecurityGroup", "sg", {
                    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
                }),
            );
            assert.equal(info.policies.length, 64);
            assert.deepEqual(
                diags.map((d) => d.policy),
                ["ec2-security-group-no-public-ingress"],
            );
        } finally {
            await pack.close();
        }
    });

    describe("what the pack receives (probe pack, a program using every option)", () => {
        let result: CheckResult;
        let each: Echo[];
        let stack: Echo["resources"];
        const find = (suffix: string) => {
            const e = each.find((x) => x.urn.endsWith(suffix));
            assert.ok(e, `Analyze was called for *${suffix}`);
            return e;
        };
        before(async () => {
            // Up mode: the probe's stack policy echoes every property, and at preview some are unknown (that is tested in preview.test.ts).
            result = await runCheck({
                programDir: program("wire"),
                packDir: fixturePack("probe"),
                stack: "test",
                timeoutSeconds: 120,
                mode: "up",
                ...POOLS,
            });
            each = echoes(result).filter((e) => e.kind === "resource");
            stack = echoes(result).find((e) => e.kind === "stack")!.resources;
        });

        it("Analyze is called once per registered resource, the stack included", () => {
            assert.equal(each.length, result.report.resources.length);
            assert.deepEqual(new Set(each.map((e) => e.urn)), new Set(result.report.resources.map((r) => r.urn)));
            assert.ok(each.some((e) => e.type === "pulumi:pulumi:Stack"));
        });

        it("URNs are the engine's: children of the stack are not qualified by the stack type, children of a component are", () => {
            assert.ok(each.some((e) => e.urn === "urn:pulumi:test::fixture-wire::aws:s3/bucket:Bucket::data"));
            assert.ok(each.some((e) => e.urn === "urn:pulumi:test::fixture-wire::fixture:index:Group$aws:kms/key:Key::grp-key"));
        });

        it("options carry protect and the parent URN", () => {
            const key = find("::grp-key");
            assert.equal(key.opts.protect, true);
            assert.equal(key.opts.parent, "urn:pulumi:test::fixture-wire::fixture:index:Group::grp");
            assert.equal(find("::data").opts.protect, false);
        });

        it("inputs are the program's, with Pulumi.yaml defaults applied to config", () => {
            assert.deepEqual(find("::grp-key").props, { description: "hello", enableKeyRotation: true });
            assert.deepEqual(find("::data").props.tags, { team: "platform" });
        });

        it("secrets reach the pack unwrapped (as the CLI sends them); a secure config value is a placeholder", () => {
            assert.equal(find("::db-password").props.value, SECRET_PLACEHOLDER);
            assert.equal(find("::made-secret").props.value, "in-code");
            assert.ok(!JSON.stringify(result.report.resources).includes("in-code"), "reports mask secrets");
        });

        it("the default provider is the engine's (default_<version>) with the stack's aws config; an explicit provider is passed as registered", () => {
            const key = find("::grp-key");
            assert.equal(key.provider?.urn, "urn:pulumi:test::fixture-wire::pulumi:providers:aws::default_7_48_0");
            assert.equal(key.provider?.props.region, "eu-west-1");
            assert.equal(find("::data").provider?.urn, "urn:pulumi:test::fixture-wire::pulumi:providers:aws::west");
            assert.equal(find("::data").provider?.props.region, "eu-west-2");
        });

        it("Configure applies the policy's schema defaults", () => {
            assert.equal(find("::data").config.marker, "from-default");
        });

        it("AnalyzeStack gets parents, dependencies and property dependencies as resource links", () => {
            const sse = stack.find((r) => r.urn.endsWith("::data-sse"))!;
            assert.deepEqual(sse.propertyDependencies.bucket, ["urn:pulumi:test::fixture-wire::aws:s3/bucket:Bucket::data"]);
            assert.deepEqual(sse.propertyDependencies.rules, [
                "urn:pulumi:test::fixture-wire::fixture:index:Group$aws:kms/key:Key::grp-key",
            ]);
            const key = stack.find((r) => r.urn.endsWith("::grp-key"))!;
            assert.equal(key.parent, "urn:pulumi:test::fixture-wire::fixture:index:Group::grp");
            assert.equal(key.protect, true);
            const bucket = stack.find((r) => r.urn.endsWith("::data"))!;
            assert.ok(bucket.dependencies.includes(key.urn), "dependsOn a component reaches its children");
        });

        it("AnalyzeStack sees the state after the canned create (computed outputs added)", () => {
            const key = stack.find((r) => r.urn.endsWith("::grp-key"))!;
            assert.equal(key.props.arn, "arn:aws:kms:us-east-1:123456789012:key/grp-key-id");
        });
    });

    describe("pack config", () => {
        it("a YAML pack config downgrades a policy and sets its config (exit status follows)", async () => {
            const base = { programDir: program("open-ssh"), packDir: fixturePack("one-policy"), stack: "dev", timeoutSeconds: 120 };
            const relaxed = await runCheck({ ...base, packConfigFile: packConfig("advisory.yaml") });
            // 22 is now an allowed public port, so nothing is reported at all.
            assert.equal(relaxed.report.summary.mandatory, 0);
            assert.equal(relaxed.report.diagnostics.length, 0);
        });
    });
});
