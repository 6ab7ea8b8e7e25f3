/**
 * DATA-2 judged by meaning (PACK-8): every resource naming a bucket counts and the weakest
 * decides; public ACLs and "anyone" principals in any spelling are blocked; the TLS deny
 * must name this bucket. fast-check generates the spellings and the compliant neighbours.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { s3BucketHardened } from "../../../policy-pack/policies/cloud/s3-bucket-hardened";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT, analyzeStack, of } from "../runtime";

const B = "data";
const NAME = "data-123";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1";
const tlsDeny = (name = NAME, resource: unknown = [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: { AWS: "*" },
    Action: "s3:*",
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": false } },
});
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const side = (type: string, name: string, props: Record<string, unknown>): TestResource => ({
    type: `aws:s3/${type}`,
    name,
    props: { bucket: UNKNOWN, ...props },
    propertyDependencies: { bucket: [B] },
});
const PAB = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const pab = (name: string, flags: Record<string, unknown> = PAB) => side("bucketPublicAccessBlock:BucketPublicAccessBlock", name, flags);
const bucketPolicy = (name: string, policy: unknown) => side("bucketPolicy:BucketPolicy", name, { policy });

function stack(extra: TestResource[] = [], bucketProps: Record<string, unknown> = {}): TestResource[] {
    return [
        { type: "aws:s3/bucket:Bucket", name: B, props: { bucket: NAME, tags: {}, ...bucketProps } },
        pab(`${B}-pab`),
        side("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${B}-sse`, {
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } }],
        }),
        side("bucketVersioning:BucketVersioning", `${B}-versioning`, { versioningConfiguration: { status: "Enabled" } }),
        bucketPolicy(`${B}-policy`, doc(tlsDeny())),
        side("bucketOwnershipControls:BucketOwnershipControls", `${B}-ownership`, { rule: { objectOwnership: "BucketOwnerEnforced" } }),
        ...extra,
    ];
}

async function messages(resources: TestResource[]): Promise<string[]> {
    return of(await analyzeStack([s3BucketHardened], resources), "s3-bucket-hardened")
        .filter((d) => d.enforcementLevel === "mandatory")
        .map((d) => d.message.split("\n").pop() ?? "");
}

describe("DATA-2 buckets judged by meaning (PACK-8)", function () {
    this.timeout(120_000);

    it("the compliant bucket passes", async () => {
        assert.deepEqual(await messages(stack()), []);
    });

    it("the weakest public-access block decides, in any order among 1..N compliant ones", async () => {
        const flag = fc.constantFrom("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets");
        const off = fc.constantFrom<unknown>(false, "false", undefined, 0, "yes", null);
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 0, max: 5 }), flag, off, fc.nat(), async (n, f, value, seed) => {
                const good = Array.from({ length: n }, (_, i) => pab(`extra-${i}`));
                const weak = pab("weak-pab", { ...PAB, [f]: value });
                const all = [...good];
                all.splice(seed % (n + 1), 0, weak);
                const ms = await messages(stack(all));
                assert.equal(ms.length, 1, ms.join("\n"));
                assert.match(ms[0], new RegExp(`lacks all four public-access blocks: weak-pab\\.${f} `));
            }),
            { numRuns: 60 },
        );
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (n) => {
                assert.deepEqual(await messages(stack(Array.from({ length: n }, (_, i) => pab(`extra-${i}`)))), []);
            }),
            { numRuns: 6 },
        );
    });

    it("a weaker encryption, versioning or ownership setting anywhere decides", async () => {
        const weak = fc.constantFrom<[TestResource[], Record<string, unknown>, RegExp]>(
            [
                [
                    side("bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "sse2", {
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                    }),
                ],
                {},
                /SSE-KMS: sse2\.rules\.0/,
            ],
            [
                [],
                { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } },
                /SSE-KMS: data\.serverSideEncryptionConfiguration/,
            ],
            [
                [side("bucketVersioningV2:BucketVersioningV2", "v2", { versioningConfiguration: { status: "Suspended" } })],
                {},
                /versioning Enabled: v2\.versioningConfiguration\.status/,
            ],
            [[], { versioning: { enabled: false } }, /versioning Enabled: data\.versioning\.enabled/],
            [
                [side("bucketOwnershipControls:BucketOwnershipControls", "own2", { rule: { objectOwnership: "ObjectWriter" } })],
                {},
                /BucketOwnerEnforced: own2\.rule\.objectOwnership/,
            ],
        );
        await fc.assert(
            fc.asyncProperty(weak, async ([extra, inline, match]) => {
                const ms = await messages(stack(extra, inline));
                assert.equal(ms.length, 1, ms.join("\n"));
                assert.match(ms[0], match);
            }),
            { numRuns: 20 },
        );
        // Compliant neighbours: the same settings, strong.
        assert.deepEqual(
            await messages(
                stack([], {
                    versioning: { enabled: true },
                    serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
                }),
            ),
            [],
        );
    });

    it("a public ACL or grant through any resource is blocked; private ones pass", async () => {
        const acl = fc.constantFrom("public-read", "public-read-write", "authenticated-read");
        const spelled = fc.tuple(
            acl,
            fc.constantFrom(
                (s: string) => s,
                (s: string) => s.toUpperCase(),
                (s: string) => ` ${s} `,
            ),
        );
        const group = fc.constantFrom(
            "http://acs.amazonaws.com/groups/global/AllUsers",
            "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
            "https://acs.amazonaws.com/groups/global/AllUsers/",
        );
        const carrier = fc.oneof(
            spelled.map(([a, f]): [TestResource[], Record<string, unknown>] => [[], { acl: f(a) }]),
            group.map((uri): [TestResource[], Record<string, unknown>] => [
                [],
                { grants: [{ type: "Group", uri, permissions: ["READ"] }] },
            ]),
            fc
                .tuple(spelled, fc.constantFrom("bucketAcl:BucketAcl", "bucketAclV2:BucketAclV2"))
                .map(([[a, f], t]): [TestResource[], Record<string, unknown>] => [[side(t, "acl", { acl: f(a) })], {}]),
            group.map((uri): [TestResource[], Record<string, unknown>] => [
                [
                    side("bucketAcl:BucketAcl", "acl", {
                        accessControlPolicy: {
                            owner: { id: "o" },
                            grants: [
                                { grantee: { type: "CanonicalUser", id: "me" }, permission: "FULL_CONTROL" },
                                { grantee: { type: "Group", uri }, permission: "READ" },
                            ],
                        },
                    }),
                ],
                {},
            ]),
        );
        await fc.assert(
            fc.asyncProperty(carrier, async ([extra, inline]) => {
                const ms = await messages(stack(extra, inline));
                assert.equal(ms.length, 1, ms.join("\n"));
                assert.match(ms[0], /lacks no public ACL: (data|acl)\.(acl|grants|accessControlPolicy\.grants)/);
            }),
            { numRuns: 40 },
        );
        for (const a of ["private", "log-delivery-write", "bucket-owner-full-control"]) {
            assert.deepEqual(await messages(stack([side("bucketAclV2:BucketAclV2", "acl", { acl: a })], { acl: a })), []);
        }
    });

    const anyone = fc.constantFrom<unknown>(
        "*",
        " * ",
        { AWS: "*" },
        { AWS: ["*"] },
        { AWS: ["arn:aws:iam::123456789012:root", "*"] },
        { CanonicalUser: "*" },
        { AWS: "arn:aws:iam::*:root" },
    );
    const allow = (principal: unknown, condition?: unknown) => ({
        Effect: "Allow",
        Principal: principal,
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${NAME}/*`,
        ...(condition ? { Condition: condition } : {}),
    });

    it("a statement allowing anyone without a restricting condition is blocked, in a BucketPolicy or inline", async () => {
        const weakCondition = fc.constantFrom<unknown>(
            undefined,
            { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
            { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } },
            { StringLike: { "aws:PrincipalOrgID": "*" } },
            { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
            { ArnLike: { "aws:SourceArn": "arn:aws:cloudtrail:*:*:trail/*" } },
        );
        await fc.assert(
            fc.asyncProperty(anyone, weakCondition, fc.boolean(), fc.boolean(), async (p, c, inline, first) => {
                const statements = first ? [allow(p, c), tlsDeny()] : [tlsDeny(), allow(p, c)];
                const resources = inline ? stack([], { policy: doc(...statements) }) : stack([bucketPolicy("open", doc(...statements))]);
                const ms = await messages(resources);
                assert.equal(ms.length, 1, ms.join("\n"));
                assert.match(ms[0], /grants nothing to anyone: (data|open)\.policy\.Statement\.\d allows any principal/);
            }),
            { numRuns: 60 },
        );
    });

    it("anyone restricted to the account, organisation, endpoint or source passes", async () => {
        const restricting = fc.constantFrom<unknown>(
            { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            { StringEquals: { "aws:PrincipalAccount": ["123456789012"] } },
            { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c" } },
            { StringEquals: { "aws:SourceAccount": "123456789012" } },
            { ArnLike: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/*" } },
        );
        await fc.assert(
            fc.asyncProperty(anyone, restricting, async (p, c) => {
                assert.deepEqual(await messages(stack([], { policy: doc(tlsDeny(), allow(p, c)) })), []);
            }),
            { numRuns: 30 },
        );
    });

    it("the TLS deny must name this bucket; equivalent spellings of its resources pass", async () => {
        const naming = fc.constantFrom<unknown>(
            [`arn:aws:s3:::${NAME}/*`, `arn:aws:s3:::${NAME}`],
            `arn:aws:s3:::${NAME}*`,
            "*",
            "arn:aws:s3:::*",
            [`ARN:AWS:S3:::${NAME}`, `arn:aws:s3:::${NAME}/*`],
            [`arn:aws-cn:s3:::${NAME}`, `arn:aws-cn:s3:::${NAME}/*`],
        );
        await fc.assert(
            fc.asyncProperty(naming, async (r) => {
                assert.deepEqual(
                    await messages(stack([], {}).map((x) => (x.name === `${B}-policy` ? bucketPolicy(x.name, doc(tlsDeny(NAME, r))) : x))),
                    [],
                );
            }),
            { numRuns: 12 },
        );
        const wrong = fc.constantFrom<unknown>(
            ["arn:aws:s3:::other-bucket", "arn:aws:s3:::other-bucket/*"],
            `arn:aws:s3:::${NAME}`,
            `arn:aws:s3:::${NAME}/*`,
            [`arn:aws:s3:::${NAME}/logs/*`, `arn:aws:s3:::${NAME}`],
            [`arn:aws:s3:::${NAME}-old`, `arn:aws:s3:::${NAME}-old/*`],
        );
        await fc.assert(
            fc.asyncProperty(wrong, fc.boolean(), async (r, alsoCompliantPolicy) => {
                // A second policy naming the bucket correctly does not save the weaker one.
                const extra = alsoCompliantPolicy ? [bucketPolicy("good-policy", doc(tlsDeny()))] : [];
                const resources = stack(extra).map((x) => (x.name === `${B}-policy` ? bucketPolicy(x.name, doc(tlsDeny(NAME, r))) : x));
                const ms = await messages(resources);
                assert.equal(ms.length, 1, ms.join("\n"));
                assert.match(
                    ms[0],
                    /denying requests without TLS: data-policy\.policy has no statement denying s3:\* to every principal on arn:aws:s3:::data-123/,
                );
            }),
            { numRuns: 20 },
        );
        const narrowed = [
            { ...tlsDeny(), Condition: { Bool: { "aws:SecureTransport": "false" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
            { ...tlsDeny(), Action: "s3:GetObject" },
            { ...tlsDeny(), Principal: { AWS: "arn:aws:iam::123456789012:root" } },
        ];
        for (const s of narrowed) {
            const ms = await messages(stack([], { policy: doc(s) }));
            assert.ok(
                ms.some((m) => /denying requests without TLS: data\.policy has no statement/.test(m)),
                ms.join("\n"),
            );
        }
    });

    it("a second bucket policy without the deny is a violation even beside a compliant one", async () => {
        const ms = await messages(
            stack([
                bucketPolicy(
                    "second",
                    doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "*" }),
                ),
            ]),
        );
        assert.equal(ms.length, 1, ms.join("\n"));
        assert.match(ms[0], /denying requests without TLS: second\.policy has no statement/);
    });

    it("malformed values give a violation naming the resource and property, never a throw", async () => {
        const junk = fc.oneof(
            fc.constantFrom<unknown>(
                null,
                7,
                true,
                "",
                "{",
                "[]",
                "{}",
                [],
                {},
                [null],
                UNKNOWN,
                UNKNOWN_ARRAY,
                UNKNOWN_BOOL,
                UNKNOWN_OBJECT,
            ),
            fc.string({ maxLength: 8 }),
            fc.jsonValue({ maxDepth: 2 }),
        );
        const target = fc.constantFrom(
            ["data-policy", "policy"],
            ["data-sse", "rules"],
            ["data-versioning", "versioningConfiguration"],
            ["data-ownership", "rule"],
            ["data-pab", "blockPublicAcls"],
            ["data", "policy"],
            ["data", "acl"],
            ["data", "grants"],
            ["data", "versioning"],
        );
        await fc.assert(
            fc.asyncProperty(target, junk, async ([resource, prop], value) => {
                const resources = stack().map((r) => (r.name === resource ? { ...r, props: { ...r.props, [prop]: value } } : r));
                const ds = of(await analyzeStack([s3BucketHardened], resources), "s3-bucket-hardened");
                assert.ok(!ds.some((d) => /internal error/.test(d.message)), ds.map((d) => d.message).join("\n"));
                for (const d of ds) assert.match(d.message, new RegExp(`${resource}\\.|no \\w+ is linked`));
            }),
            { numRuns: 300 },
        );
    });
});
