/**
 * EKS-5 eks-pod-identity-trust-scoped: a role trusted by EKS Pod Identity is reached only through
 * associations of clusters in pinned accounts. Judged by meaning: every spelling of "no account
 * pinned" (missing condition, wildcards, IfExists, ForAllValues, a key that pins nothing) is blocked,
 * whatever the principal, action and operator spelling; compliant neighbours pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { eksPodIdentityTrustScoped, pinnedAccounts } from "../../../policy-pack/policies/cluster/eks-pod-identity-trust-scoped";
import { TestResource, UNKNOWN } from "../runtime";
import { POD_IDENTITY_TRUST } from "./cases/fixtures";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run } from "./support";

const policy = eksPodIdentityTrustScoped;
const ACCOUNT = "123456789012";
const CLUSTER = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/dev`;
const role = (stmt: Record<string, unknown>, asObject = false): TestResource => {
    const doc = { Version: "2012-10-17", Statement: [{ ...POD_IDENTITY_TRUST.Statement[0], ...stmt }] };
    return { type: "aws:iam/role:Role", name: "pods", props: { assumeRolePolicy: asObject ? doc : JSON.stringify(doc) } };
};
const ANY_ACCOUNT = /lets EKS Pod Identity assume it for any account's clusters/;

/** Spellings of the Pod Identity principal: string or list, any case, the China suffix. */
const podPrincipal = fc
    .oneof(
        fc.constantFrom(
            "pods.eks.amazonaws.com",
            "PODS.EKS.AMAZONAWS.COM",
            "Pods.Eks.AmazonAWS.com",
            "pods.eks.amazonaws.com.cn",
            " pods.eks.amazonaws.com ",
        ),
    )
    .chain((svc) => fc.constantFrom<unknown>({ Service: svc }, { Service: [svc] }, { Service: ["ec2.amazonaws.com", svc] }));
/** Spellings that grant sts:AssumeRole. */
const assumeAction = fc.constantFrom<Record<string, unknown>>(
    { Action: "sts:AssumeRole" },
    { Action: ["sts:AssumeRole", "sts:TagSession"] },
    { Action: "sts:*" },
    { Action: "sts:Assume*" },
    { Action: "STS:ASSUMEROLE" },
    { Action: "*" },
    { Action: undefined, NotAction: "sts:TagSession" },
    { Action: undefined, NotAction: ["iam:*"] },
);
/** Conditions that pin no account. */
const unpinned = fc.constantFrom<unknown>(
    undefined,
    {},
    { StringEquals: { "aws:RequestTag/kubernetes-service-account": "aws-node", "aws:RequestTag/kubernetes-namespace": "kube-system" } },
    { StringLike: { "aws:SourceAccount": "*" } },
    { StringLike: { "aws:SourceAccount": "1234567890??" } },
    { StringEquals: { "aws:SourceAccount": [ACCOUNT, "*"] } },
    { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
    { "ForAllValues:StringEquals": { "aws:SourceAccount": ACCOUNT } },
    { StringNotEquals: { "aws:SourceAccount": "999999999999" } },
    { ArnLike: { "aws:SourceArn": "arn:aws:eks:*:*:cluster/*" } },
    { ArnLike: { "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:*:cluster/dev" } },
    { StringEquals: { "aws:SourceAccount": "12345678901" } },
    { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
);
/** Conditions that pin this account, in every accepted spelling. */
const pinned = fc.constantFrom<unknown>(
    { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    { stringequals: { "AWS:SOURCEACCOUNT": [ACCOUNT] } },
    { "ForAnyValue:StringEquals": { "aws:SourceAccount": ACCOUNT } },
    { StringLike: { "aws:SourceAccount": ACCOUNT } },
    { ArnEquals: { "aws:SourceArn": CLUSTER } },
    { ArnLike: { "aws:SourceArn": `arn:aws:eks:*:${ACCOUNT}:cluster/*` } },
    { StringEquals: { "aws:RequestTag/eks-cluster-arn": CLUSTER, "aws:RequestTag/kubernetes-service-account": "aws-node" } },
    { StringEquals: { "aws:SourceAccount": ACCOUNT }, StringLike: { "aws:RequestTag/kubernetes-namespace": "team-*" } },
);

describe("EKS-5 eks-pod-identity-trust-scoped", () => {
    it("EKS-5: the trust SecureCluster writes passes, as a JSON string and as an object", async () => {
        assertPass(await run(policy, role({})));
        assertPass(await run(policy, role({}, true)));
    });

    it("EKS-5: any spelling of a Pod Identity trust that pins no account is a mandatory violation (property)", async () => {
        await fc.assert(
            fc.asyncProperty(podPrincipal, assumeAction, unpinned, async (Principal, action, Condition) => {
                const ds = await run(policy, role({ Principal, ...action, Condition }));
                assert.ok(
                    ds.some((d) => ANY_ACCOUNT.test(d.message) && d.enforcementLevel === "mandatory"),
                    JSON.stringify({ Principal, action, Condition, ds }),
                );
            }),
            { numRuns: 120 },
        );
    });

    it("EKS-5: compliant neighbours pass: any principal and action spelling with an account pinned (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                podPrincipal.filter((p) => !JSON.stringify(p).includes("ec2")),
                assumeAction,
                pinned,
                async (Principal, action, Condition) => {
                    assertPass(await run(policy, role({ Principal, ...action, Condition })));
                },
            ),
            { numRuns: 120 },
        );
    });

    it("EKS-5: another principal in the Pod Identity statement is a violation (it needs no association)", async () => {
        assertOne(
            await run(policy, role({ Principal: { Service: ["pods.eks.amazonaws.com", "ec2.amazonaws.com"] } })),
            /together with Service "ec2.amazonaws.com".*without a Pod Identity association/,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                role({ Principal: { Service: "pods.eks.amazonaws.com", Federated: "arn:aws:iam::123456789012:oidc-provider/x" } }),
            ),
            /together with Federated/,
            "mandatory",
        );
    });

    it("EKS-5: out of scope: other services, Deny statements, statements that do not grant sts:AssumeRole", async () => {
        assertPass(await run(policy, role({ Principal: { Service: "ec2.amazonaws.com" }, Condition: undefined })));
        assertPass(await run(policy, role({ Effect: "Deny", Condition: undefined })));
        assertPass(await run(policy, role({ Action: "sts:TagSession", Condition: undefined })));
        assertPass(await run(policy, role({ Action: undefined, NotAction: "sts:AssumeRole", Condition: undefined })));
    });

    it("EKS-5: allowedAccounts in the pack config limits the pinned accounts", async () => {
        const config = { [policy.meta.name]: { allowedAccounts: [ACCOUNT] } };
        assertPass(await run(policy, role({}), config));
        const other = role({ Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } } });
        assertOne(
            await run(policy, other, config),
            /account\(s\) 210987654321 assume it, not in the pack config's allowedAccounts \(123456789012\)/,
            "mandatory",
        );
        assertPass(await run(policy, other));
    });

    it("EKS-5: an unknown document, principal or condition fails closed; advisory by config", async () => {
        assertOne(
            await run(policy, { type: "aws:iam/role:Role", name: "pods", props: { assumeRolePolicy: UNKNOWN } }),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        assertOne(await run(policy, role({ Condition: UNKNOWN }, true)), /Statement.0.Condition.*unknown at preview/s, "mandatory");
        assertOne(await run(policy, role({ Principal: UNKNOWN }, true)), /Statement.0.Principal.*unknown at preview/s, "mandatory");
        assertOne(
            await run(policy, role({ Condition: UNKNOWN }, true), { [policy.meta.name]: { unknown: "advisory" } }),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });

    it("EKS-5: a malformed trust policy is a violation naming the role and assumeRolePolicy", async () => {
        assertOne(
            await run(policy, { type: "aws:iam/role:Role", name: "pods", props: { assumeRolePolicy: "{not json" } }),
            /the assumeRolePolicy of role "pods" cannot be read/,
            "mandatory",
        );
    });

    it("EKS-5: arbitrary trust documents and conditions never throw (fuzz)", async () => {
        const value = fc.anything({ maxDepth: 3 });
        await fc.assert(
            fc.asyncProperty(value, value, value, async (Principal, Action, Condition) => {
                const ds = await run(policy, role({ Principal, Action, Condition }, true));
                assert.ok(
                    ds.every((d) => !/could not evaluate/.test(d.message)),
                    ds.map((d) => d.message).join(" | "),
                );
                assert.doesNotThrow(() => pinnedAccounts(Condition));
            }),
            { numRuns: 150 },
        );
    });

    it("EKS-5: an exemption tag skips the role with a note", async () => {
        const r = role({ Condition: undefined });
        assertOne(await run(policy, { ...r, props: { ...r.props, tags: exemptTags(policy) } }), EXEMPTED, "advisory");
    });
});
