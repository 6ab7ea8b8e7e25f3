/**
 * The framework's behaviour, shown on real policies: include/exclude (PACK-4),
 * enforcement defaults and overrides (PACK-1), config defaults, never-throw (PACK-3),
 * metadata (PACK-5) and the contract names.
 */
import { strict as assert } from "assert";
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { SecurePolicy, defaultEnforcementLevel, resolveConfig, resourcePolicy, scopeSkipReason } from "../../policy-pack/lib";
import { configSchema } from "../../policy-pack/lib/config";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { ec2SubnetNoPublicIpMapping as subnetPolicy } from "../../policy-pack/policies/cloud/ec2-subnet-no-public-ip-mapping";
import { UNKNOWN, analyze, of } from "./runtime";
import { sdkServer } from "./sdk-server";

/** One Analyze through the SDK's own server handler (fast path included). */
function serverAnalyze(
    policies: ResourceValidationPolicy[],
    type: string,
    props: Record<string, unknown>,
): Promise<{ diagnostics: unknown[]; notApplicable: { policyName: string; reason: string }[] }> {
    // The SDK's server handler: the real fast path is what is tested.
    const fn = sdkServer.makeAnalyzeRpcFun("test", "0.0.1", "advisory", policies);
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(type);
    req.setName("r");
    req.setUrn(`urn:pulumi:s::p::${type}::r`);
    req.setProperties(Struct.fromJavaScript(props as Record<string, JavaScriptValue>));
    req.setOptions(new analyzerProto.AnalyzerResourceOptions());
    return new Promise((resolve, reject) => {
        void fn({ request: req }, (err, res) => {
            if (err) return reject(err);
            resolve({
                diagnostics: res.getDiagnosticsList(),
                notApplicable: res.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
            });
        });
    });
}

const SUBNET = "aws:ec2/subnet:Subnet";
const publicSubnet = { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true };
const NAME = subnetPolicy.meta.name;

/** The policy names other helpers rely on (BRIEF.md contract), with their controls. */
const CONTRACT: Record<string, string> = {
    "ec2-security-group-no-public-ingress": "NET-6",
    "ec2-default-security-group-no-rules": "NET-2",
    "ec2-nacl-no-public-admin-ports": "NET-3",
    "ec2-subnet-no-public-ip-mapping": "NET-1",
    "ec2-vpc-flow-logs-enabled": "NET-4",
    "kms-key-rotation-enabled": "KMS-1",
    "kms-key-deletion-window": "KMS-1",
    "kms-key-policy-no-wildcard-principal": "KMS-1",
    "cloudwatch-log-group-encrypted": "DATA-3",
    "s3-bucket-hardened": "DATA-2",
    "eks-cluster-endpoint-private": "EKS-1",
    "eks-cluster-secrets-encrypted": "EKS-2",
    "eks-cluster-control-plane-logging": "EKS-3",
    "ec2-launch-template-imdsv2": "EKS-6",
    "ec2-launch-template-encrypted-volumes": "EKS-6",
    "eks-node-group-no-remote-access": "EKS-6",
    "ecr-repository-hardened": "CTR-1",
    "elb-listener-tls": "CODE-1",
};

describe("PACK framework", () => {
    describe("PACK-1/PACK-5 metadata", () => {
        it("every contract policy exists with its control ID", () => {
            for (const [name, control] of Object.entries(CONTRACT)) {
                const p = ALL_POLICIES.find((x) => x.meta.name === name);
                assert.ok(p, `missing ${name}`);
                assert.equal(p.meta.control, control, name);
            }
        });
        it("names are unique; stack policies are the stack ones of the contract", () => {
            const names = ALL_POLICIES.map((p) => p.meta.name);
            assert.equal(new Set(names).size, names.length);
            assert.deepEqual(
                ALL_POLICIES.filter((p) => p.kind === "stack" && p.meta.name in CONTRACT)
                    .map((p) => p.meta.name)
                    .sort(),
                [
                    "ec2-nacl-no-public-admin-ports",
                    "ec2-security-group-no-public-ingress",
                    "ec2-vpc-flow-logs-enabled",
                    "s3-bucket-hardened",
                ],
            );
        });
        it("default enforcement is mandatory for high/critical and advisory otherwise", () => {
            for (const p of ALL_POLICIES) {
                assert.equal(
                    p.policy.enforcementLevel,
                    ["high", "critical"].includes(p.meta.severity) ? "mandatory" : "advisory",
                    p.meta.name,
                );
                assert.equal(p.policy.severity, p.meta.severity);
                assert.ok(p.policy.remediationSteps && p.policy.description.startsWith(`[${p.meta.control}]`));
                assert.ok(
                    p.policy.configSchema?.properties.unknown &&
                        p.policy.configSchema.properties.include &&
                        p.policy.configSchema.properties.exclude,
                );
            }
        });
        it("rejects bad metadata when a policy is declared", () => {
            const base = {
                name: "x-y",
                control: "NET-6",
                severity: "high" as const,
                layer: "cloud" as const,
                description: "d",
                references: [],
                remediation: "r",
                resourceTypes: [SUBNET],
                check: () => undefined,
            };
            assert.throws(() => resourcePolicy({ ...base, control: "NET6" }), /control "NET6" must look like NET-6/);
            assert.throws(() => resourcePolicy({ ...base, name: "Bad Name" }), /must be kebab-case/);
            assert.throws(() => resourcePolicy({ ...base, config: { unknown: { type: "string" } } }), /config key "unknown" is reserved/);
        });
    });

    describe("PACK-1 enforcement overrides through the pack config", () => {
        it("a plain level string", async () => {
            const ds = of(await analyze([subnetPolicy], { type: SUBNET, name: "s", props: publicSubnet }, { [NAME]: "advisory" }), NAME);
            assert.deepEqual(
                ds.map((d) => d.enforcementLevel),
                ["advisory"],
            );
        });
        it("an object with enforcementLevel", async () => {
            const ds = of(
                await analyze(
                    [subnetPolicy],
                    { type: SUBNET, name: "s", props: publicSubnet },
                    { [NAME]: { enforcementLevel: "advisory" } },
                ),
                NAME,
            );
            assert.deepEqual(
                ds.map((d) => d.enforcementLevel),
                ["advisory"],
            );
        });
        it("disabled", async () => {
            const r = await analyze([subnetPolicy], { type: SUBNET, name: "s", props: publicSubnet }, { [NAME]: "disabled" });
            assert.deepEqual(of(r, NAME), []);
        });
        it("other resource types are not applicable (reported, not silent)", async () => {
            const r = await analyze([subnetPolicy], { type: "aws:ec2/vpc:Vpc", name: "v", props: {} });
            assert.equal(r.notApplicable.length, 1);
            assert.match(r.notApplicable[0].reason ?? "", /only applies to resources of type 'aws:ec2\/subnet:Subnet'/);
        });
        it("single-type policies take the SDK server's fast path, with the same reason as the framework's own filter", async () => {
            for (const p of ALL_POLICIES.filter((x) => x.kind === "resource")) {
                const fn = (p.policy as ResourceValidationPolicy).validateResource as unknown as { __pulumiType?: string };
                assert.equal(fn.__pulumiType, p.types.length === 1 ? p.types[0] : undefined, p.meta.name);
            }
            // The real server skips the policy for another type without calling it...
            let calls = 0;
            const counted: ResourceValidationPolicy = { ...(subnetPolicy.policy as ResourceValidationPolicy) };
            const original = counted.validateResource as (a: ResourceValidationArgs, r: ReportViolation) => void;
            counted.validateResource = Object.assign(
                (a: ResourceValidationArgs, r: ReportViolation) => {
                    calls++;
                    original(a, r);
                },
                { __pulumiType: SUBNET },
            );
            const fromServer = await serverAnalyze([counted], "aws:ec2/vpc:Vpc", {});
            assert.equal(calls, 0);
            // ...with the reason the framework gives (the tests' runtime calls the function).
            const ours = await analyze([subnetPolicy], { type: "aws:ec2/vpc:Vpc", name: "v", props: {} });
            assert.deepEqual(
                fromServer.notApplicable,
                ours.notApplicable.map((n) => ({ policyName: n.policyName, reason: n.reason })),
            );
            // The matching type is still checked through the server.
            const hit = await serverAnalyze([counted], SUBNET, publicSubnet);
            assert.equal(calls, 1);
            assert.equal(hit.diagnostics.length, 1);
        });
    });

    describe("PACK-1 multi-type policies: not applicable through the real server, every time", () => {
        const multi = ALL_POLICIES.filter((p) => p.kind === "resource" && p.types.length > 1);
        it("each reports other types as not applicable with the count of its types, on every call", async () => {
            assert.ok(multi.length > 10);
            const policies = multi.map((p) => p.policy as ResourceValidationPolicy);
            const expected = multi.map((p) => ({
                policyName: p.meta.name,
                reason: `Policy only applies to ${p.types.length} resource types`,
            }));
            // Three calls: the first builds each policy's not-applicable error, later calls throw it again.
            for (let i = 0; i < 3; i++) {
                const r = await serverAnalyze(policies, "aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" });
                assert.deepEqual(r.notApplicable, expected, `call ${i + 1}`);
                assert.deepEqual(r.diagnostics, []);
            }
        });
        it("a second host (another notApplicable function) gets its own error, never the first host's", async () => {
            const sg = multi.find((p) => p.meta.name === "eks-cluster-endpoint-private")!;
            const reason = `Policy only applies to ${sg.types.length} resource types`;
            await serverAnalyze([sg.policy as ResourceValidationPolicy], "aws:ec2/vpc:Vpc", {});
            class OtherHostsError extends Error {}
            const args = {
                type: "aws:ec2/vpc:Vpc",
                name: "v",
                urn: "urn:pulumi:s::p::aws:ec2/vpc:Vpc::v",
                props: unknownCheckingProxy({}),
                opts: {},
                getConfig: () => ({}),
                notApplicable: (reason?: string): never => {
                    throw new OtherHostsError(reason);
                },
            } as unknown as ResourceValidationArgs;
            for (let i = 0; i < 2; i++) {
                assert.throws(
                    () =>
                        (
                            (sg.policy as ResourceValidationPolicy).validateResource as (
                                a: ResourceValidationArgs,
                                r: ReportViolation,
                            ) => void
                        )(args, () => undefined),
                    (e: unknown) => e instanceof OtherHostsError && e.message === reason,
                );
            }
            // ...and the real server still gets its own.
            const again = await serverAnalyze([sg.policy as ResourceValidationPolicy], "aws:ec2/vpc:Vpc", {});
            assert.deepEqual(again.notApplicable, [{ policyName: sg.meta.name, reason }]);
        });
    });

    describe("PACK-4 include / exclude by name", () => {
        it("exclude: a matching resource is skipped with an advisory note", async () => {
            const ds = of(
                await analyze(
                    [subnetPolicy],
                    { type: SUBNET, name: "legacy-public-a", props: publicSubnet },
                    { [NAME]: { exclude: ["legacy-*"] } },
                ),
                NAME,
            );
            assert.equal(ds.length, 1);
            assert.equal(ds[0].enforcementLevel, "advisory");
            assert.match(
                ds[0].message,
                /\[NET-1\] \[note\] aws:ec2\/subnet:Subnet "legacy-public-a" is not checked: its name "legacy-public-a" matches the "exclude" pattern "legacy-\*"/,
            );
        });
        it("exclude: a non-matching resource is checked", async () => {
            const ds = of(
                await analyze(
                    [subnetPolicy],
                    { type: SUBNET, name: "new-public-a", props: publicSubnet },
                    { [NAME]: { exclude: ["legacy-*"] } },
                ),
                NAME,
            );
            assert.deepEqual(
                ds.map((d) => d.enforcementLevel),
                ["mandatory"],
            );
        });
        it("include: a resource outside the patterns is skipped with a note; one inside is checked", async () => {
            const cfg = { [NAME]: { include: ["prod-?"] } };
            const out = of(await analyze([subnetPolicy], { type: SUBNET, name: "dev-1", props: publicSubnet }, cfg), NAME);
            assert.match(out[0].message, /matches no "include" pattern \("prod-\?"\)/);
            assert.equal(out[0].enforcementLevel, "advisory");
            const inside = of(await analyze([subnetPolicy], { type: SUBNET, name: "prod-1", props: publicSubnet }, cfg), NAME);
            assert.deepEqual(
                inside.map((d) => d.enforcementLevel),
                ["mandatory"],
            );
        });
        it("glob patterns are anchored and escape regex characters", () => {
            assert.equal(scopeSkipReason("a.b", [], ["a?b"]) !== undefined, true);
            assert.equal(scopeSkipReason("axb", [], ["a.b"]), undefined);
            assert.equal(scopeSkipReason("xa", [], ["a*"]), undefined);
        });
    });

    describe("config resolution", () => {
        const schema = configSchema({ minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 30 } });
        it("applies defaults and keeps valid values", () => {
            assert.deepEqual(resolveConfig(schema, { minimumDays: 10 }), {
                unknown: "fail-closed",
                include: [],
                exclude: [],
                exemptionMaxDays: 90,
                approvedExemptions: [],
                minimumDays: 10,
            });
        });
        it("falls back to the default for ill-typed or out-of-range values (never fail open)", () => {
            assert.deepEqual(resolveConfig(schema, { unknown: "maybe", include: "x", exclude: [1], minimumDays: 3 }), {
                unknown: "fail-closed",
                include: [],
                exclude: [],
                exemptionMaxDays: 90,
                approvedExemptions: [],
                minimumDays: 30,
            });
            assert.deepEqual(resolveConfig(schema, null), resolveConfig(schema, {}));
        });
    });

    describe("PACK-3 never throws", () => {
        const throwing: SecurePolicy = resourcePolicy({
            name: "test-throwing",
            control: "NET-1",
            severity: "high",
            layer: "cloud",
            description: "test",
            references: [],
            remediation: "none",
            resourceTypes: [SUBNET],
            check: () => {
                throw new TypeError("boom");
            },
        });
        it("an unexpected error becomes one violation at the policy level (fail closed)", async () => {
            const ds = of(await analyze([throwing], { type: SUBNET, name: "s", props: {} }), "test-throwing");
            assert.equal(ds.length, 1);
            assert.equal(ds[0].enforcementLevel, "mandatory");
            assert.match(
                ds[0].message,
                /\[NET-1\] test-throwing could not evaluate aws:ec2\/subnet:Subnet "s" \(internal error: boom\); treated as non-compliant/,
            );
        });
        it("an UnknownValueError escaping a check still fails closed instead of turning advisory", async () => {
            const sneaky = resourcePolicy({
                name: "test-sneaky",
                control: "NET-1",
                severity: "high",
                layer: "cloud",
                description: "test",
                references: [],
                remediation: "none",
                resourceTypes: [SUBNET],
                check: () => {
                    const proxied: Record<string, unknown> = unknownCheckingProxy({ deep: UNKNOWN });
                    void proxied.deep;
                },
            });
            const ds = of(await analyze([sneaky], { type: SUBNET, name: "s", props: {} }), "test-sneaky");
            assert.equal(ds.length, 1);
            assert.equal(ds[0].enforcementLevel, "mandatory");
            assert.match(ds[0].message, /deep \(checking .*\) is unknown at preview/);
        });
        it("defaultEnforcementLevel maps severities", () => {
            assert.deepEqual(
                ["low", "medium", "high", "critical"].map((s) => defaultEnforcementLevel(s as "low")),
                ["advisory", "advisory", "mandatory", "mandatory"],
            );
        });
    });
});
