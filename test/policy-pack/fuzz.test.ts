/**
 * PACK-3: no policy ever throws. fast-check feeds 10,000 generated malformed resources
 * (random trees with unknown sentinels, wrong types, JSON-ish strings, and compliant
 * fixtures with random fields replaced) through every policy for its resource types,
 * plus generated stacks through the stack policies. A throw fails the run (the test
 * runtime rethrows as the server would); an "internal error" violation fails it too,
 * because the readers are meant to handle every shape.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { CASES } from "./cases";
import { withField } from "./case";
import {
    Diagnostic,
    TestResource,
    UNKNOWN,
    UNKNOWN_ARRAY,
    UNKNOWN_BOOL,
    UNKNOWN_NUMBER,
    UNKNOWN_OBJECT,
    analyze,
    analyzeStack,
} from "./runtime";

const RUNS = 10_000;
const STACK_RUNS = 250;

const SENTINELS = [UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, UNKNOWN_BOOL, UNKNOWN_NUMBER];
const INTERESTING = [
    "0.0.0.0/0",
    "::/0",
    "-1",
    "all",
    "tcp",
    "6",
    "true",
    "false",
    "ALL",
    "API",
    "HTTPS",
    "HTTP",
    "Enabled",
    "aws:kms",
    "required",
    "secrets",
    "*",
    "",
    " ",
    "{",
    "[]",
    "null",
];
const KEYS = [
    "ingress",
    "egress",
    "cidrBlocks",
    "ipv6CidrBlocks",
    "cidrIpv4",
    "cidrIpv6",
    "protocol",
    "ipProtocol",
    "fromPort",
    "toPort",
    "type",
    "ruleNo",
    "ruleNumber",
    "action",
    "ruleAction",
    "cidrBlock",
    "ipv6CidrBlock",
    "mapPublicIpOnLaunch",
    "trafficType",
    "vpcId",
    "enableKeyRotation",
    "deletionWindowInDays",
    "policy",
    "Statement",
    "Effect",
    "Principal",
    "AWS",
    "kmsKeyId",
    "retentionInDays",
    "vpcConfig",
    "endpointPublicAccess",
    "endpointPrivateAccess",
    "publicAccessCidrs",
    "encryptionConfig",
    "resources",
    "provider",
    "keyArn",
    "enabledClusterLogTypes",
    "accessConfig",
    "authenticationMode",
    "metadataOptions",
    "httpTokens",
    "httpPutResponseHopLimit",
    "blockDeviceMappings",
    "ebs",
    "encrypted",
    "remoteAccess",
    "ec2SshKey",
    "imageScanningConfiguration",
    "scanOnPush",
    "imageTagMutability",
    "encryptionConfigurations",
    "encryptionType",
    "sslPolicy",
    "defaultActions",
    "redirect",
    "tags",
    "networkInterfaces",
    "associatePublicIpAddress",
    "nodeAssociatePublicIpAddress",
    "skipDefaultNodeGroup",
    "bucket",
    "rules",
    "versioningConfiguration",
    "status",
    "rule",
    "objectOwnership",
    "blockPublicAcls",
    "__proto__",
    "constructor",
    "length",
];

const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -70000, max: 70000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...SENTINELS),
    fc.constantFrom(...INTERESTING),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("tree"), { maxLength: 4 }),
        fc.dictionary(key, tie("tree"), { maxKeys: 5 }),
        // Policy documents are JSON strings: give the parsers malformed ones too.
        fc.dictionary(key, tie("tree"), { maxKeys: 3 }).map((d) => JSON.stringify(d)),
    ),
}));
const propsArb = fc.dictionary(key, tree, { maxKeys: 8 });

const RESOURCE_POLICIES = ALL_POLICIES.filter((p) => p.kind === "resource");
const TYPES = [...new Set(RESOURCE_POLICIES.flatMap((p) => p.types))];
/** Every resource policy that checks `type` (the others only answer "not applicable"). */
function policiesFor(type: string) {
    return RESOURCE_POLICIES.filter((p) => p.types.includes(type));
}
const FIXTURES = CASES.flatMap((c) => (c.kind === "resource" ? [{ type: c.type, props: c.compliant }] : []));

function fixtureFor(type: string): Record<string, unknown> {
    return FIXTURES.find((f) => f.type === type)?.props ?? {};
}

/** Random paths into a fixture, so mutations hit the shapes the policies read. */
const pathArb = fc
    .array(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom("0", "1")), { minLength: 1, maxLength: 4 })
    .map((ks) => ks.join("."));

function assertSane(ds: readonly Diagnostic[]): void {
    for (const d of ds) {
        assert.doesNotMatch(d.message, /internal error/, d.message);
        assert.match(d.message, /\n\[[A-Z0-9]+-\d+\] /, d.message);
    }
}

describe("PACK-3 fuzz: no policy throws on malformed or partial input", function () {
    // No time is asserted (the machines are shared); speed belongs in npm run bench.
    this.timeout(600_000);

    it(`${RUNS} generated resources, each through every policy of its type`, async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...TYPES),
                fc.oneof(
                    propsArb.map((p) => ({ fixture: false, p })),
                    fc.tuple(pathArb, tree).map(([path, v]) => ({ fixture: true, p: { path, v } })),
                ),
                fc.constantFrom("r", "legacy-r", "prod-1"),
                fc.constantFrom<Record<string, unknown>>(
                    {},
                    { unknown: "advisory" },
                    { exclude: ["legacy-*"] },
                    { include: [7], unknown: 3 },
                ),
                async (type, gen, name, config) => {
                    let props: Record<string, unknown>;
                    if (gen.fixture) {
                        const { path, v } = gen.p as { path: string; v: unknown };
                        try {
                            props = withField(fixtureFor(type), path, v);
                        } catch {
                            props = fixtureFor(type);
                        }
                    } else {
                        props = gen.p as Record<string, unknown>;
                    }
                    const policies = policiesFor(type);
                    const r = await analyze(
                        policies,
                        { type, name, props },
                        Object.fromEntries(policies.map((p) => [p.meta.name, config])),
                    );
                    assertSane(r.diagnostics);
                },
            ),
            { numRuns: RUNS, seed: 20261123 },
        );
    });

    it(`${STACK_RUNS} generated stacks through every stack policy`, async () => {
        const stackPolicies = ALL_POLICIES.filter((p) => p.kind === "stack");
        const types = [
            "aws:ec2/vpc:Vpc",
            "aws:ec2/flowLog:FlowLog",
            "aws:s3/bucket:Bucket",
            "aws:s3/bucketV2:BucketV2",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioningV2:BucketVersioningV2",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        ];
        const resourceArb = fc.record({
            t: fc.constantFrom(...types),
            props: propsArb,
            depKey: fc.constantFrom("bucket", "vpcId", "x"),
            dep: fc.nat(5),
        });
        await fc.assert(
            fc.asyncProperty(fc.array(resourceArb, { minLength: 1, maxLength: 8 }), async (items) => {
                const resources: TestResource[] = items.map((it, i) => ({
                    type: it.t,
                    name: `r${i}`,
                    props: it.props,
                    propertyDependencies: { [it.depKey]: [`r${it.dep % items.length}`] },
                }));
                const r = await analyzeStack(stackPolicies, resources);
                assertSane(r.diagnostics);
            }),
            { numRuns: STACK_RUNS, seed: 7 },
        );
    });
});
