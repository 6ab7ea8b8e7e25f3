/**
 * IAM-1 trust, KMS-1 key policies and EKS-4 access by meaning (PACK-8): principal shapes,
 * action spellings and OIDC subject patterns; compliant neighbours with conditions that
 * pin the caller's account or organisation pass; malformed input fails closed.
 */
import { strict as assert } from "assert";
import * as fc from "fast-check";
import { iamRoleTrustScoped } from "../../../policy-pack/policies/cloud/iam-role-trust-scoped";
import { kmsKeyPolicyNoWildcardPrincipal } from "../../../policy-pack/policies/cloud/kms-key-policy-no-wildcard-principal";
import { eksAccessEntryAdminGroup } from "../../../policy-pack/policies/cluster/eks-access-entry-admin-group";
import { eksClusterAdminAllowlist } from "../../../policy-pack/policies/cluster/eks-cluster-admin-allowlist";
import { TestResource, UNKNOWN } from "../runtime";
import { assertPass, run, runStack } from "../detection/support";

const anyone = fc.constantFrom<unknown>(
    "*",
    { AWS: "*" },
    { AWS: ["*"] },
    { AWS: ["arn:aws:iam::123456789012:root", "*"] },
    { AWS: "arn:aws:iam::*:root" },
    { AWS: " * " },
);
const assumeAction = fc.constantFrom<unknown>("sts:AssumeRole", "sts:*", "sts:Assume*", ["sts:AssumeRole"], "STS:ASSUMEROLE", "*");
const pinned = fc.constantFrom<Record<string, unknown>>(
    { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } },
    { StringEquals: { "aws:PrincipalAccount": ["123456789012"] } },
    { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": "o-abc123def4" } },
    { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/ci-*" } },
);
const notPinned = fc.constantFrom<Record<string, unknown> | undefined>(
    undefined,
    { StringEquals: { "sts:ExternalId": "shared-secret" } },
    { StringEqualsIfExists: { "aws:PrincipalAccount": "123456789012" } },
    { StringLike: { "aws:PrincipalOrgID": "o-*" } },
    { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123def4" } },
);
const role = (statement: Record<string, unknown>): TestResource => ({
    type: "aws:iam/role:Role",
    name: "r",
    props: { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) },
});
const show = (ds: readonly { message: string }[]) => ds.map((d) => d.message).join(" | ");

describe("IAM-1 iam-role-trust-scoped (property)", () => {
    const policy = iamRoleTrustScoped;
    it("any-account principals, however written, without a pinning condition are blocked", async () => {
        await fc.assert(
            fc.asyncProperty(anyone, assumeAction, notPinned, async (Principal, Action, Condition) => {
                const ds = await run(policy, role({ Effect: "Allow", Principal, Action, ...(Condition ? { Condition } : {}) }));
                assert.ok(
                    ds.some((d) => /lets any AWS account assume it/.test(d.message)),
                    show(ds),
                );
            }),
            { numRuns: 80 },
        );
    });
    it("the same principals pinned to an account or organisation pass", async () => {
        await fc.assert(
            fc.asyncProperty(anyone, assumeAction, pinned, async (Principal, Action, Condition) => {
                assertPass(await run(policy, role({ Effect: "Allow", Principal, Action, Condition })));
            }),
            { numRuns: 60 },
        );
    });
    it("NotPrincipal allows, missing Effect and invalid principal shapes fail closed", async () => {
        for (const stmt of [
            { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" },
            { Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: 5, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: { AWS: [] }, Action: "sts:AssumeRole" },
            { Effect: "Allow", Principal: "arn:aws:iam::123456789012:root", Action: "sts:AssumeRole" },
        ]) {
            const ds = await run(policy, role(stmt));
            assert.equal(ds.length, 1, `${JSON.stringify(stmt)}: ${show(ds)}`);
            assert.match(ds[0].message, /\[IAM-1\] trust statement 0 of role "r" .*(NotPrincipal|Effect|invalid principal)/);
        }
    });

    const GH = "token.actions.githubusercontent.com";
    const github = (sub: unknown, op = "StringLike", federated: unknown = `arn:aws:iam::123456789012:oidc-provider/${GH}`) =>
        role({
            Effect: "Allow",
            Principal: { Federated: federated },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition:
                sub === undefined
                    ? { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } }
                    : op === "StringEquals"
                      ? { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: sub } }
                      : { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, [op]: { [`${GH}:sub`]: sub } },
        });
    it("OIDC subjects wider than one repository or service account are blocked, whatever the issuer (also unknown at preview)", async () => {
        const loose = fc.constantFrom<unknown>(
            undefined,
            "*",
            "repo:*",
            "repo:org/*",
            "repo:org/*:*",
            "repo:org/app*:ref:refs/heads/main",
            ["repo:org/app:*", "repo:*"],
            "system:serviceaccount:ns:*",
            "system:serviceaccount:*:sa",
            "system:serviceaccount:*",
            "project_path:group/*:*",
            "some-issuer-subject-*",
        );
        const federated = fc.constantFrom<unknown>(
            `arn:aws:iam::123456789012:oidc-provider/${GH}`,
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com",
            UNKNOWN,
        );
        await fc.assert(
            fc.asyncProperty(loose, federated, async (sub, fed) => {
                const ds = await run(policy, github(sub, "StringLike", fed));
                assert.ok(
                    ds.some((d) => /has no StringEquals or StringLike condition on <issuer>:sub|admits too many subjects/.test(d.message)),
                    `${JSON.stringify(sub)}: ${show(ds)}`,
                );
            }),
            { numRuns: 60 },
        );
    });
    it("OIDC subjects naming one repository (any ref) or one service account pass; StringEquals values are literal", async () => {
        const narrow = fc.constantFrom<[unknown, string]>(
            ["repo:org/app:ref:refs/heads/main", "StringLike"],
            ["repo:org/app:*", "StringLike"],
            ["repo:org/app:environment:prod", "StringEquals"],
            ["system:serviceaccount:payments:api", "StringLike"],
            ["repo:org/*", "StringEquals"],
            [["repo:org/app:*", "repo:org/lib:ref:refs/tags/*"], "StringLike"],
        );
        await fc.assert(
            fc.asyncProperty(
                narrow,
                fc.constantFrom<unknown>(`arn:aws:iam::123456789012:oidc-provider/${GH}`, UNKNOWN),
                async ([sub, op], fed) => {
                    assertPass(await run(policy, github(sub, op, fed)));
                },
            ),
            { numRuns: 20 },
        );
    });
    it("an OIDC trust without an audience condition is blocked", async () => {
        const ds = await run(
            policy,
            role({
                Effect: "Allow",
                Principal: { Federated: "arn:aws:iam::1:oidc-provider/x" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { "x:sub": "repo:o/a:ref:refs/heads/main" } },
            }),
        );
        assert.ok(
            ds.some((d) => /no condition on <issuer>:aud/.test(d.message)),
            show(ds),
        );
    });
    it("malformed trust documents: a violation naming the role and assumeRolePolicy, never a throw", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(
                    fc.jsonValue().map((v) => JSON.stringify(v)),
                    fc.string(),
                ),
                async (text) => {
                    const ds = await run(policy, { type: "aws:iam/role:Role", name: "r", props: { assumeRolePolicy: text } });
                    for (const d of ds) assert.doesNotMatch(d.message, /could not evaluate/);
                    for (const d of ds) assert.match(d.message, /role "r"/);
                },
            ),
            { numRuns: 200 },
        );
    });
});

describe("KMS-1 kms-key-policy-no-wildcard-principal: FSBP KMS.5 reading (property)", () => {
    const policy = kmsKeyPolicyNoWildcardPrincipal;
    const key = (statement: Record<string, unknown>): TestResource => ({
        type: "aws:kms/key:Key",
        name: "k",
        props: {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                    statement,
                ],
            }),
        },
    });
    const kmsPinned = fc.constantFrom<Record<string, unknown>>(
        { StringEquals: { "kms:CallerAccount": "123456789012" } },
        { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } },
        { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
    );
    it("* pinned to the caller's account or organisation is not public; unpinned is", async () => {
        await fc.assert(
            fc.asyncProperty(anyone, kmsPinned, notPinned, async (Principal, good, bad) => {
                assertPass(await run(policy, key({ Effect: "Allow", Principal, Action: "kms:Decrypt", Resource: "*", Condition: good })));
                const ds = await run(
                    policy,
                    key({ Effect: "Allow", Principal, Action: "kms:Decrypt", Resource: "*", ...(bad ? { Condition: bad } : {}) }),
                );
                assert.ok(
                    ds.some((d) => /allows a wildcard principal in statement 1/.test(d.message)),
                    show(ds),
                );
            }),
            { numRuns: 50 },
        );
    });
    it("no Effect, invalid principal shapes and non-object statements fail closed", async () => {
        for (const [stmt, re] of [
            [{ Principal: "*", Action: "kms:Decrypt", Resource: "*" }, /has no valid Effect/],
            [{ Effect: "Allow", Principal: 7, Action: "kms:Decrypt" }, /invalid principal/],
            [{ Effect: "Allow", Principal: "arn:aws:iam::1:root", Action: "kms:Decrypt" }, /invalid principal/],
            [{ Effect: "Allow", Principal: { AWS: [1] }, Action: "kms:Decrypt" }, /invalid principal/],
        ] as const) {
            const ds = await run(policy, key(stmt));
            assert.equal(ds.length, 1, show(ds));
            assert.match(ds[0].message, re);
        }
        const ds = await run(policy, { type: "aws:kms/key:Key", name: "k", props: { policy: JSON.stringify({ Statement: ["x"] }) } });
        assert.match(show(ds), /cannot be checked: a statement is not a JSON object/);
    });
});

describe("EKS-4 admin access policies and admin groups (property)", () => {
    const ARN = "arn:aws:iam::123456789012:role/dev";
    const assoc = (policyArn: string, accessScope: unknown): TestResource => ({
        type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        name: "a",
        props: { clusterName: "c", principalArn: ARN, policyArn, accessScope },
    });
    const partition = fc.constantFrom("aws", "aws-cn", "aws-us-gov");
    it("AmazonEKSClusterAdminPolicy at any scope, AmazonEKSAdminPolicy at cluster scope or over a system namespace, in any partition and case", async () => {
        const cases = fc.constantFrom<[string, unknown]>(
            ["AmazonEKSClusterAdminPolicy", { type: "namespace", namespaces: ["team-a"] }],
            ["amazoneksclusteradminpolicy", { type: "cluster" }],
            ["AmazonEKSAdminPolicy", { type: "cluster" }],
            ["AmazonEKSAdminPolicy", { type: "Cluster" }],
            ["AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["team-a", "kube-system"] }],
            ["AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["kube-*"] }],
            ["AmazonEKSAdminPolicy", { type: "namespace", namespaces: ["*"] }],
            ["AmazonEKSAdminPolicy", { type: "namespace", namespaces: "kube-system" }],
        );
        await fc.assert(
            fc.asyncProperty(partition, cases, async (p, [name, scope]) => {
                const ds = await run(eksClusterAdminAllowlist, assoc(`arn:${p}:eks::aws:cluster-access-policy/${name}`, scope));
                assert.ok(
                    ds.some((d) =>
                        /gives cluster-admin to "arn:aws:iam::123456789012:role\/dev"|access scope that cannot be read/.test(d.message),
                    ),
                    `${name} ${JSON.stringify(scope)}: ${show(ds)}`,
                );
                assertPass(
                    await run(eksClusterAdminAllowlist, assoc(`arn:${p}:eks::aws:cluster-access-policy/${name}`, scope), {
                        [eksClusterAdminAllowlist.meta.name]: { clusterAdminPrincipals: ["arn:aws:iam::123456789012:role/*"] },
                    }),
                );
            }),
            { numRuns: 40 },
        );
    });
    it("namespace-scoped AmazonEKSAdminPolicy over team namespaces passes", async () => {
        assertPass(
            await run(
                eksClusterAdminAllowlist,
                assoc("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy", {
                    type: "namespace",
                    namespaces: ["team-a", "default"],
                }),
            ),
        );
    });

    const entry = (groups: unknown): TestResource => ({
        type: "aws:eks/accessEntry:AccessEntry",
        name: "e",
        props: { clusterName: "c", principalArn: ARN, kubernetesGroups: groups },
    });
    const binding = (version: string, roleName: string, group: string): TestResource => ({
        type: `kubernetes:rbac.authorization.k8s.io/${version}:ClusterRoleBinding`,
        name: "b",
        props: {
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
            subjects: [
                { kind: "User", name: "x" },
                { kind: "Group", name: group },
            ],
        },
    });
    it("an entry whose group is bound to cluster-admin or admin (any apiVersion), or system:masters, needs the allowlist", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom("v1", "v1beta1", "v1alpha1"),
                fc.constantFrom("cluster-admin", "admin"),
                fc.constantFrom("ops", "break-glass"),
                async (v, r, g) => {
                    const ds = await runStack(eksAccessEntryAdminGroup, [entry(["team-view", g]), binding(v, r, g)]);
                    assert.ok(
                        ds.some((d) => new RegExp(`through group "${g}"`).test(d.message)),
                        show(ds),
                    );
                    assertPass(
                        await runStack(eksAccessEntryAdminGroup, [entry(["team-view", g]), binding(v, r, g)], {
                            [eksAccessEntryAdminGroup.meta.name]: { clusterAdminPrincipals: [ARN] },
                        }),
                    );
                    assertPass(await runStack(eksAccessEntryAdminGroup, [entry(["team-view"]), binding(v, r, g)]));
                    assertPass(await runStack(eksAccessEntryAdminGroup, [entry([g]), binding(v, "view", g)]));
                },
            ),
            { numRuns: 20 },
        );
        const masters = await runStack(eksAccessEntryAdminGroup, [entry(["system:masters"])]);
        assert.match(show(masters), /system:masters/);
    });
});
