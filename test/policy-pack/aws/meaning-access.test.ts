/**
 * PACK-8 for the AWS families of issue 12, on who may reach what (resource policies, ECR, KMS grants, IAM users, images): generated spellings of the same insecure
 * thing are all blocked, and generated compliant neighbours all pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { kmsGrantTrustedPrincipal } from "../../../policy-pack/policies/cloud/kms-grant-trusted-principal";
import { resourcePolicyNotPublic } from "../../../policy-pack/policies/cloud/resource-policy-not-public";
import { iamUserNoAttachedPolicies } from "../../../policy-pack/policies/cloud/iam-user-no-attached-policies";
import { ecrPolicyRestricted } from "../../../policy-pack/policies/container/ecr-policy-restricted";
import { ec2ImageSnapshotNotShared } from "../../../policy-pack/policies/cloud/ec2-image-snapshot-not-shared";
import { assertPass } from "../detection/support";
import { ACCOUNT, KEY_ARN, OTHER_ACCOUNT, doc } from "./families/fixtures";
import { blocked, check, show } from "./support";

describe("issue 12 AWS families: equivalent spellings are blocked, neighbours pass (property)", () => {
    const anyone = fc.constantFrom<unknown>(
        "*",
        { AWS: "*" },
        { AWS: ["*"] },
        { AWS: [`arn:aws:iam::${ACCOUNT}:root`, "*"] },
        { AWS: "arn:aws:iam::*:root" },
        { AWS: " * " },
        { AWS: "arn:aws:iam::*:role/x" },
    );
    const notPinned = fc.constantFrom<Record<string, unknown> | undefined>(
        undefined,
        { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:t" } },
        { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123def4" } },
        { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123def4" } },
        { StringLike: { "aws:PrincipalAccount": "*" } },
        { StringEquals: { "sts:ExternalId": "x" } },
    );
    const pinned = fc.constantFrom<Record<string, unknown>>(
        { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } },
        { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
        { "ForAnyValue:StringEquals": { "aws:PrincipalAccount": [ACCOUNT] } },
    );
    const resourceTypes = fc.constantFrom(
        ["aws:sns/topic:Topic", "policy"],
        ["aws:sqs/queuePolicy:QueuePolicy", "policy"],
        ["aws:secretsmanager/secretPolicy:SecretPolicy", "policy"],
        ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "policyDocument"],
    );
    it("IAM-1 resource policies: anyone in every spelling is blocked unless the caller is pinned; Statement as object or list", async () => {
        await fc.assert(
            fc.asyncProperty(resourceTypes, anyone, notPinned, pinned, fc.boolean(), async ([type, path], Principal, bad, good, single) => {
                const stmt = (Condition?: Record<string, unknown>) => ({
                    Effect: fc.sample(fc.constantFrom("Allow", "allow", " Allow"), 1)[0],
                    Principal,
                    Action: "*",
                    Resource: "*",
                    ...(Condition ? { Condition } : {}),
                });
                const body = (s: unknown) => (single ? JSON.stringify({ Statement: s }) : doc(s));
                blocked(await check(resourcePolicyNotPublic, type, { [path]: body(stmt(bad)) }), /allows anyone/);
                assertPass(await check(resourcePolicyNotPublic, type, { [path]: body(stmt(good)) }));
                blocked(
                    await check(resourcePolicyNotPublic, type, {
                        [path]: body({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "*" }),
                    }),
                    /allows anyone/,
                );
            }),
            { numRuns: 80 },
        );
    });
    it("CTR-1 ECR: push to another account in any action spelling is blocked; pull to it, and push to our own, pass", async () => {
        const push = fc.constantFrom<unknown>(
            "ecr:*",
            "ecr:Put*",
            "ECR:PutImage",
            ["ecr:BatchGetImage", "ecr:*Layer*"],
            "*",
            "ecr:?utImage",
            ["ecr:CompleteLayerUpload"],
        );
        const pull = fc.constantFrom<unknown>(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "ecr:BatchGet*", "ecr:Describe*");
        const principal = (account: string) =>
            fc.sample(
                fc.constantFrom<unknown>(
                    { AWS: account },
                    { AWS: `arn:aws:iam::${account}:root` },
                    { AWS: [`arn:aws:iam::${account}:role/ci`] },
                ),
                1,
            )[0];
        const config = { trustedAccountIds: [ACCOUNT] };
        await fc.assert(
            fc.asyncProperty(
                push,
                pull,
                fc.constantFrom("aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ecr/registryPolicy:RegistryPolicy"),
                async (Action, PullAction, type) => {
                    blocked(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), Action }) },
                            config,
                        ),
                        new RegExp(`lets ${OTHER_ACCOUNT} push`),
                    );
                    blocked(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), NotAction: PullAction }) },
                            config,
                        ),
                        /push or delete/,
                    );
                    assertPass(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(OTHER_ACCOUNT), Action: PullAction }) },
                            config,
                        ),
                    );
                    assertPass(
                        await check(
                            ecrPolicyRestricted,
                            type,
                            { policy: doc({ Effect: "Allow", Principal: principal(ACCOUNT), Action }) },
                            config,
                        ),
                    );
                },
            ),
            { numRuns: 60 },
        );
    });
    it("KMS-1 grants: a principal of another account in any ARN form is blocked; the key's own account and trusted ones pass", async () => {
        const form = fc.constantFrom(
            (a: string) => `arn:aws:iam::${a}:root`,
            (a: string) => `arn:aws:iam::${a}:role/app`,
            (a: string) => `arn:aws:sts::${a}:assumed-role/app/s`,
            (a: string) => `arn:aws-us-gov:iam::${a}:user/u`,
        );
        await fc.assert(
            fc.asyncProperty(form, fc.constantFrom("granteePrincipal", "retiringPrincipal"), async (f, path) => {
                const props = { keyId: KEY_ARN, granteePrincipal: f(ACCOUNT), operations: ["Decrypt"] };
                blocked(
                    await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", { ...props, [path]: f(OTHER_ACCOUNT) }),
                    new RegExp(`gives the key to account ${OTHER_ACCOUNT}`),
                );
                assertPass(await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", props));
                assertPass(
                    await check(
                        kmsGrantTrustedPrincipal,
                        "aws:kms/grant:Grant",
                        { ...props, keyId: "alias/app", [path]: f(OTHER_ACCOUNT) },
                        { trustedAccountIds: [OTHER_ACCOUNT, ACCOUNT] },
                    ),
                );
            }),
            { numRuns: 40 },
        );
    });
    it("KMS-1 grants: with no key ARN and no trustedAccountIds the grant gets an advisory note, never a silent pass", async () => {
        const ds = await check(kmsGrantTrustedPrincipal, "aws:kms/grant:Grant", {
            keyId: "alias/app",
            granteePrincipal: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        });
        assert.equal(ds.length, 1, show(ds));
        assert.equal(ds[0].enforcementLevel, "advisory");
        assert.match(ds[0].message, /\[note\].*cannot be judged.*trustedAccountIds/);
    });
    it("IAM-1 user attachments: every attachment form reaching a user outside allowedUsers is reported", async () => {
        const forms: [string, Record<string, unknown>][] = [
            ["aws:iam/userPolicy:UserPolicy", { user: "bob", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", { user: "bob", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
            [
                "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
                { userName: "bob", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
            ],
            ["aws:iam/userPoliciesExclusive:UserPoliciesExclusive", { userName: "bob", policyNames: ["p"] }],
            ["aws:iam/policyAttachment:PolicyAttachment", { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", users: ["alice", "bob"] }],
        ];
        for (const [type, props] of forms) {
            blocked(await check(iamUserNoAttachedPolicies, type, props), /IAM user/);
            const allowed = await check(iamUserNoAttachedPolicies, type, props, { allowedUsers: ["bob", "alice"] });
            assertPass(allowed);
        }
    });
});

describe("issue 12 AWS families: more spellings (property)", () => {
    it("IAM-1 images and snapshots: public in any group spelling, other accounts blocked; own and trusted accounts pass", async () => {
        const config = { trustedAccountIds: [ACCOUNT] };
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("all", "ALL", " all"),
                fc.constantFrom(
                    "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
                    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
                ),
                async (group, type) => {
                    if (type.includes("ami"))
                        blocked(await check(ec2ImageSnapshotNotShared, type, { imageId: "ami-1", group }, config), /makes an AMI public/);
                    blocked(
                        await check(
                            ec2ImageSnapshotNotShared,
                            type,
                            { imageId: "ami-1", snapshotId: "snap-1", accountId: OTHER_ACCOUNT },
                            config,
                        ),
                        /outside trustedAccountIds/,
                    );
                    assertPass(
                        await check(
                            ec2ImageSnapshotNotShared,
                            type,
                            { imageId: "ami-1", snapshotId: "snap-1", accountId: ACCOUNT },
                            config,
                        ),
                    );
                    assertPass(
                        await check(
                            ec2ImageSnapshotNotShared,
                            "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
                            { imageId: "ami-1", organizationArn: "arn:aws:organizations::123456789012:organization/o-abc123def4" },
                            config,
                        ),
                    );
                },
            ),
            { numRuns: 12 },
        );
    });
});
