import { eksIrsaTrustScoped } from "../../../policy-pack/policies/cluster/eks-irsa-trust-scoped";
import { iamPolicyNoWildcardAction } from "../../../policy-pack/policies/cloud/iam-policy-no-wildcard-action";
import { TestResource, UNKNOWN, UNKNOWN_OBJECT } from "../runtime";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, assertSome, exemptTags, run } from "./support";

const ROLE = "aws:iam/role:Role";
const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const SA = "system:serviceaccount:kube-system:aws-node";

describe("EKS-4 iam-policy-no-wildcard-action", () => {
    const policy = iamPolicyNoWildcardAction;
    const statement = { Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:CreateTags"], Resource: "*" };
    const doc = (stmt: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement, stmt] });
    const managed = (stmt: Record<string, unknown>): TestResource => ({
        type: "aws:iam/policy:Policy",
        name: "nodes",
        props: { policy: doc(stmt) },
    });

    it("EKS-4: a policy naming its actions passes, as managed, inline (RolePolicy) and a role's inlinePolicies", async () => {
        assertPass(await run(policy, managed({ Effect: "Deny", Action: "*", Resource: "*" })));
        assertPass(
            await run(policy, {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "rp",
                props: { role: "r", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
            }),
        );
        assertPass(
            await run(policy, {
                type: ROLE,
                name: "r",
                props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "i", policy: doc({}) }] },
            }),
        );
    });
    it('EKS-4: Allow Action "*" (or "*:*") is a mandatory violation', async () => {
        assertOne(
            await run(policy, managed({ Effect: "Allow", Action: "*", Resource: "*" })),
            /\[EKS-4\] statement 1 of policy in "nodes" allows Action "\*"/,
            "mandatory",
        );
        assertOne(
            await run(policy, managed({ Sid: "All", Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: "*" })),
            /statement 1 \(Sid "All"\)/,
            "mandatory",
        );
    });
    it("EKS-4: the same in a RolePolicy, a UserPolicy and a role's inlinePolicies, also as an object document", async () => {
        const bad = { Effect: "Allow", Action: "*", Resource: "*" };
        assertOne(
            await run(policy, { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", props: { role: "r", policy: doc(bad) } }),
            /allows Action "\*"/,
            "mandatory",
        );
        assertOne(
            await run(policy, {
                type: "aws:iam/userPolicy:UserPolicy",
                name: "up",
                props: { user: "u", policy: { Version: "2012-10-17", Statement: bad } },
            }),
            /allows Action/,
            "mandatory",
        );
        assertOne(
            await run(policy, { type: ROLE, name: "r", props: { inlinePolicies: [{ name: "i", policy: doc(bad) }] } }),
            /inlinePolicies.0.policy in "r" allows Action/,
            "mandatory",
        );
    });
    it("EKS-4: Allow with NotAction is a violation", async () => {
        assertOne(await run(policy, managed({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })), /allows NotAction/, "mandatory");
    });
    it("EKS-4: a malformed document is a violation", async () => {
        assertOne(
            await run(policy, { type: "aws:iam/policy:Policy", name: "p", props: { policy: "{not json" } }),
            /cannot be read \(it is not valid JSON\)/,
            "mandatory",
        );
    });
    it("EKS-4: an unknown document or action fails closed; advisory by config", async () => {
        assertOne(
            await run(policy, { type: "aws:iam/policy:Policy", name: "p", props: { policy: UNKNOWN } }),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        const objectDoc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: UNKNOWN, Resource: "*" }] };
        assertOne(
            await run(policy, { type: "aws:iam/policy:Policy", name: "p", props: { policy: objectDoc } }),
            /Statement.0.Action.*unknown at preview/s,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                { type: "aws:iam/policy:Policy", name: "p", props: { policy: UNKNOWN } },
                { [policy.meta.name]: { unknown: "advisory" } },
            ),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("EKS-4: an unknown statement among known ones fails closed (it is not skipped)", async () => {
        const doc = { Version: "2012-10-17", Statement: [statement, UNKNOWN_OBJECT] };
        assertOne(
            await run(policy, { type: "aws:iam/policy:Policy", name: "p", props: { policy: doc } }),
            /Statement.1.*unknown at preview/s,
            "mandatory",
        );
    });
    it("EKS-4: an exemption tag on a managed policy skips it with a note", async () => {
        const r = managed({ Effect: "Allow", Action: "*", Resource: "*" });
        assertOne(
            await run(policy, { ...r, props: { ...r.props, tags: exemptTags(policy, "break-glass admin policy") } }),
            EXEMPTED,
            "advisory",
        );
    });
});

describe("EKS-5 eks-irsa-trust-scoped", () => {
    const policy = eksIrsaTrustScoped;
    const CONDITION = { StringEquals: { [`${ISSUER}:sub`]: SA, [`${ISSUER}:aud`]: "sts.amazonaws.com" } };
    const webIdentity = {
        Effect: "Allow",
        Principal: { Federated: PROVIDER_ARN },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: CONDITION,
    };
    const role = (stmt: Record<string, unknown>, asObject = false): TestResource => {
        const doc = { Version: "2012-10-17", Statement: [{ ...webIdentity, ...stmt }] };
        return { type: ROLE, name: "vpc-cni", props: { assumeRolePolicy: asObject ? doc : JSON.stringify(doc) } };
    };

    it("EKS-5: a trust with StringEquals on the exact service account and audience passes (string or object)", async () => {
        assertPass(await run(policy, role({})));
        assertPass(await run(policy, role({}, true)));
    });
    it("EKS-5: roles not trusted by an EKS OIDC provider are out of scope", async () => {
        assertPass(
            await run(policy, role({ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Condition: undefined })),
        );
        assertPass(
            await run(
                policy,
                role({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
                    Condition: undefined,
                }),
            ),
        );
    });
    it("EKS-5: no sub condition lets every service account assume the role", async () => {
        assertOne(
            await run(policy, role({ Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } } })),
            /\[EKS-5\] trust statement 0 of role "vpc-cni" lets any service account of the cluster assume it/,
            "mandatory",
        );
    });
    it("EKS-5: StringLike with a wildcard on sub is a violation", async () => {
        const cond = {
            StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:*" },
            StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
        };
        assertOne(await run(policy, role({ Condition: cond })), /no StringEquals condition on .*:sub \(it uses StringLike/, "mandatory");
    });
    it("EKS-5: action patterns and NotAction that cover AssumeRoleWithWebIdentity are checked too", async () => {
        const re = /lets any service account/;
        assertSome(await run(policy, role({ Action: "sts:Assume*", Condition: undefined })), re, "mandatory");
        assertSome(await run(policy, role({ Action: undefined, NotAction: "sts:TagSession", Condition: undefined })), re, "mandatory");
        assertPass(await run(policy, role({ Action: "sts:TagSession", Condition: undefined })));
    });
    it("EKS-5: a wildcard inside StringEquals sub is a violation", async () => {
        const cond = {
            StringEquals: { [`${ISSUER}:sub`]: ["system:serviceaccount:kube-system:*"], [`${ISSUER}:aud`]: "sts.amazonaws.com" },
        };
        assertOne(
            await run(policy, role({ Condition: cond })),
            /values that are not one exact service account: "system:serviceaccount:kube-system:\*"/,
            "mandatory",
        );
    });
    it("EKS-5: a missing or wrong audience is a violation", async () => {
        const re = /does not require StringEquals .*:aud = "sts.amazonaws.com"/;
        assertOne(await run(policy, role({ Condition: { StringEquals: { [`${ISSUER}:sub`]: SA } } })), re, "mandatory");
        assertOne(
            await run(policy, role({ Condition: { StringEquals: { [`${ISSUER}:sub`]: SA, [`${ISSUER}:aud`]: "*" } } })),
            re,
            "mandatory",
        );
    });
    it("EKS-5: no condition at all is two violations (sub and aud)", async () => {
        const ds = await run(policy, role({ Condition: undefined }));
        assertSome(ds, /lets any service account/, "mandatory");
        assertSome(ds, /does not require StringEquals/, "mandatory");
    });
    it("EKS-5: unknown trust policy, provider or condition fails closed; advisory by config", async () => {
        assertOne(await run(policy, { type: ROLE, name: "r", props: { assumeRolePolicy: UNKNOWN } }), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(
            await run(policy, role({ Principal: { Federated: UNKNOWN } }, true)),
            /Principal.Federated.*unknown at preview/s,
            "mandatory",
        );
        assertOne(
            await run(policy, role({ Condition: { StringEquals: UNKNOWN } }, true)),
            /Condition\.StringEquals.*unknown at preview/s,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                { type: ROLE, name: "r", props: { assumeRolePolicy: UNKNOWN } },
                { [policy.meta.name]: { unknown: "advisory" } },
            ),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("EKS-5: an unknown federated principal on a non-web-identity statement does not matter", async () => {
        assertPass(await run(policy, role({ Principal: { Federated: UNKNOWN }, Action: "sts:TagSession" }, true)));
    });
    it("EKS-5: an exemption tag on the role skips it with a note", async () => {
        const r = role({ Condition: undefined });
        assertOne(await run(policy, { ...r, props: { ...r.props, tags: exemptTags(policy) } }), EXEMPTED, "advisory");
    });
});
