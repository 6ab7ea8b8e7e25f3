/**
 * PACK-6: safe automatic fixes at enforcement `remediate` — key rotation on (KMS-1),
 * public IP mapping off (NET-1), IMDSv2 required (EKS-6). Each fixed resource then
 * passes its policy; nothing is changed at other levels, on exempted or excluded
 * resources, or through an unknown container; secrets stay secret.
 */
import { strict as assert } from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { ec2SubnetNoPublicIpMapping } from "../../policy-pack/policies/cloud/ec2-subnet-no-public-ip-mapping";
import { kmsKeyRotationEnabled } from "../../policy-pack/policies/cloud/kms-key-rotation-enabled";
import { ec2LaunchTemplateImdsv2 } from "../../policy-pack/policies/cluster/ec2-launch-template-imdsv2";
import { UNKNOWN, UNKNOWN_OBJECT, analyze, of, remediate } from "./runtime";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

const SECRET_SIG = specialSigKey;
const SECRET = specialSecretSig;

const FIXABLE = [
    {
        control: "NET-1",
        policy: ec2SubnetNoPublicIpMapping,
        type: "aws:ec2/subnet:Subnet",
        bad: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true },
        fixed: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false },
    },
    {
        control: "KMS-1",
        policy: kmsKeyRotationEnabled,
        type: "aws:kms/key:Key",
        bad: { description: "k", deletionWindowInDays: 30 },
        fixed: { description: "k", deletionWindowInDays: 30, enableKeyRotation: true },
    },
    {
        control: "EKS-6",
        policy: ec2LaunchTemplateImdsv2,
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        bad: { namePrefix: "n", metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 } },
        fixed: { namePrefix: "n", metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } },
    },
];

describe("PACK-6 remediation", () => {
    it("the three safe policies of the network, key and node layers remediate, and every remediable policy has a remediate test", () => {
        const remediable = ALL_POLICIES.filter((p) => p.remediable).map((p) => p.meta.name);
        for (const f of FIXABLE) assert.ok(remediable.includes(f.policy.meta.name), f.policy.meta.name);
        // The detection layer's remediable policies are fixed in their own folder's tests (remediate(...) on them).
        const testDir = join(__dirname);
        const remediating = (readdirSync(testDir, { recursive: true }) as string[])
            .filter((f) => f.endsWith(".test.ts"))
            .map((f) => readFileSync(join(testDir, f), "utf8"))
            .filter((text) => text.includes("remediate("))
            .join("\n");
        for (const name of remediable) assert.ok(remediating.includes(name), `${name} is remediable but no test remediates it`);
        assert.ok(remediable.length >= FIXABLE.length);
    });

    for (const f of FIXABLE) {
        const name = f.policy.meta.name;
        it(`${f.control} ${name}: fixes the resource at remediate, and the fixed resource passes`, async () => {
            const r = await remediate([f.policy], { type: f.type, name: "r", props: f.bad }, { [name]: "remediate" });
            assert.deepEqual(r.remediated, [name]);
            assert.deepEqual(r.props, f.fixed);
            const after = await analyze([f.policy], { type: f.type, name: "r", props: r.props! }, { [name]: "remediate" });
            assert.deepEqual(of(after, name), []);
        });
        it(`${f.control} ${name}: a violation left at remediate level reports as mandatory`, async () => {
            const ds = of(await analyze([f.policy], { type: f.type, name: "r", props: f.bad }, { [name]: "remediate" }), name);
            assert.ok(ds.length > 0 && ds.every((d) => d.enforcementLevel === "mandatory"));
        });
        it(`${f.control} ${name}: nothing is changed below remediate, or when already compliant`, async () => {
            assert.equal((await remediate([f.policy], { type: f.type, name: "r", props: f.bad })).props, null);
            assert.equal((await remediate([f.policy], { type: f.type, name: "r", props: f.fixed }, { [name]: "remediate" })).props, null);
        });
        it(`${f.control} ${name}: exempted or excluded resources are not changed`, async () => {
            const tags = {
                [`secure-baseline.io/exempt-${name}`]: `vendor; expires=${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}`,
            };
            assert.equal(
                (await remediate([f.policy], { type: f.type, name: "r", props: { ...f.bad, tags } }, { [name]: "remediate" })).props,
                null,
            );
            assert.equal(
                (
                    await remediate(
                        [f.policy],
                        { type: f.type, name: "legacy-r", props: f.bad },
                        { [name]: { enforcementLevel: "remediate", exclude: ["legacy-*"] } },
                    )
                ).props,
                null,
            );
        });
    }

    it("EKS-6: an unknown metadataOptions is not overwritten (the check fails closed instead)", async () => {
        const name = ec2LaunchTemplateImdsv2.meta.name;
        const props = { namePrefix: "n", metadataOptions: UNKNOWN_OBJECT };
        assert.equal(
            (
                await remediate(
                    [ec2LaunchTemplateImdsv2],
                    { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "r", props },
                    { [name]: "remediate" },
                )
            ).props,
            null,
        );
        const ds = of(
            await analyze(
                [ec2LaunchTemplateImdsv2],
                { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "r", props },
                { [name]: "remediate" },
            ),
            name,
        );
        assert.ok(ds.some((d) => d.enforcementLevel === "mandatory" && /unknown at preview/.test(d.message)));
    });

    it("KMS-1: unknown rotation is left alone; an unknown elsewhere is kept as an unknown", async () => {
        const name = kmsKeyRotationEnabled.meta.name;
        const unknownRotation = await remediate(
            [kmsKeyRotationEnabled],
            { type: "aws:kms/key:Key", name: "k", props: { enableKeyRotation: UNKNOWN } },
            { [name]: "remediate" },
        );
        assert.equal(unknownRotation.props, null);
        const r = await remediate(
            [kmsKeyRotationEnabled],
            { type: "aws:kms/key:Key", name: "k", props: { policy: UNKNOWN } },
            { [name]: "remediate" },
        );
        assert.deepEqual(r.props, { policy: UNKNOWN, enableKeyRotation: true });
    });

    it("NET-1: secrets in the remediated props stay secret", async () => {
        const name = ec2SubnetNoPublicIpMapping.meta.name;
        const props = { mapPublicIpOnLaunch: true, tags: { owner: { [SECRET_SIG]: SECRET, value: "team-a" } } };
        const r = await remediate(
            [ec2SubnetNoPublicIpMapping],
            { type: "aws:ec2/subnet:Subnet", name: "s", props },
            { [name]: "remediate" },
        );
        assert.deepEqual(r.props, { mapPublicIpOnLaunch: false, tags: { owner: { [SECRET_SIG]: SECRET, value: "team-a" } } });
    });
});
