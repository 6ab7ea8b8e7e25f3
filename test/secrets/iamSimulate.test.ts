/**
 * SecretsAccess IAM (DATA-4), evaluated with @cloud-copilot/iam-simulate. The documents are taken from the
 * registered resources: team A's role reads <prefix>/a/* and nothing of team B; it decrypts with the
 * Secrets Manager key only through Secrets Manager; only the controller's role may assume it; the
 * controller's role may only assume team roles.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { buildKeyPolicy } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { TEST_STACK, parseJsonInput } from "../support/harness";
import { ROLE, SM, roleArn, runSecrets } from "./fixture";

const ctx = { partition: "aws", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, dnsSuffix: "amazonaws.com" };
const KEY = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/secrets-key-key-id`;
const ALIAS = { "kms:ResourceAliases": [`alias/secure-baseline/${TEST_STACK}/secrets/secrets-key`] };
const VIA_SM = { "kms:ViaService": `secretsmanager.${MOCK_REGION}.amazonaws.com` };

interface Docs {
    trust: Map<string, PolicyDocument>;
    inline: Map<string, PolicyDocument>;
}

async function simulate(
    principal: string,
    action: string,
    resource: string,
    identity: PolicyDocument[],
    resourcePolicy?: PolicyDocument,
    context: Record<string, string | string[]> = {},
): Promise<string> {
    const r = await runSimulation(
        {
            request: { principal, action, resource: { resource, accountId: MOCK_ACCOUNT_ID }, contextVariables: context },
            identityPolicies: identity.map((policy, i) => ({ name: `p${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy,
        },
        {},
    );
    assert.notEqual(r.resultType, "error", JSON.stringify(r.resultType === "error" ? r.errors : ""));
    return r.resultType === "error" ? "error" : r.overallResult;
}

describe("SecretsAccess IAM, evaluated with iam-simulate (DATA-4)", () => {
    let docs: Docs;
    before(async () => {
        const run = await runSecrets();
        const roles = run.ofType(ROLE);
        docs = {
            trust: new Map(roles.map((r) => [String(r.inputs.name), parseJsonInput<PolicyDocument>(r.inputs.assumeRolePolicy)])),
            inline: new Map(
                roles.flatMap((r) =>
                    (r.inputs.inlinePolicies as Array<{ policy: string }>).map(
                        (p) => [String(r.inputs.name), parseJsonInput<PolicyDocument>(p.policy)] as const,
                    ),
                ),
            ),
        };
    });
    const payments = () => docs.inline.get("dev-eso-team-payments")!;
    const payRole = roleArn("dev-eso-team-payments");

    for (const action of ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]) {
        it(`team A's role: ${action} on <prefix>/a/x allowed, on <prefix>/b/x, <prefix>/ax and outside the prefix denied`, async () => {
            assert.equal(await simulate(payRole, action, `${SM}:apps/payments/db-AbCdEf`, [payments()]), "Allowed");
            assert.equal(await simulate(payRole, action, `${SM}:apps/payments/nested/db-AbCdEf`, [payments()]), "Allowed");
            assert.equal(await simulate(payRole, action, `${SM}:apps/checkout/db-AbCdEf`, [payments()]), "ImplicitlyDenied");
            assert.equal(await simulate(payRole, action, `${SM}:apps/payments-batch/db-AbCdEf`, [payments()]), "ImplicitlyDenied");
            assert.equal(await simulate(payRole, action, `${SM}:other/payments/db-AbCdEf`, [payments()]), "ImplicitlyDenied");
        });
    }

    it("team A's role cannot write, list or delete secrets, even its own", async () => {
        for (const action of [
            "secretsmanager:PutSecretValue",
            "secretsmanager:DeleteSecret",
            "secretsmanager:UpdateSecret",
            "secretsmanager:GetResourcePolicy",
        ]) {
            assert.equal(await simulate(payRole, action, `${SM}:apps/payments/db-AbCdEf`, [payments()]), "ImplicitlyDenied", action);
        }
        assert.equal(await simulate(payRole, "secretsmanager:ListSecrets", "*", [payments()]), "ImplicitlyDenied");
    });

    it("team A's role decrypts with the Secrets Manager key through Secrets Manager only, and nothing else", async () => {
        const keyPolicy = buildKeyPolicy(ctx, []);
        assert.equal(await simulate(payRole, "kms:Decrypt", KEY, [payments()], keyPolicy, { ...ALIAS, ...VIA_SM }), "Allowed");
        assert.equal(await simulate(payRole, "kms:Decrypt", KEY, [payments()], keyPolicy, ALIAS), "ImplicitlyDenied", "direct decrypt");
        assert.equal(
            await simulate(payRole, "kms:Decrypt", KEY, [payments()], keyPolicy, {
                ...ALIAS,
                "kms:ViaService": `s3.${MOCK_REGION}.amazonaws.com`,
            }),
            "ImplicitlyDenied",
            "through another service",
        );
        assert.equal(
            await simulate(payRole, "kms:Decrypt", KEY, [payments()], keyPolicy, { "kms:ResourceAliases": ["alias/other"], ...VIA_SM }),
            "ImplicitlyDenied",
            "another key",
        );
        for (const action of ["kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom"]) {
            assert.equal(
                await simulate(payRole, action, KEY, [payments()], keyPolicy, { ...ALIAS, ...VIA_SM }),
                "ImplicitlyDenied",
                action,
            );
        }
    });

    it("only the controller's role may assume a team role", async () => {
        const trust = docs.trust.get("dev-eso-team-payments")!;
        const asCaller = (caller: string) =>
            simulate(
                caller,
                "sts:AssumeRole",
                payRole,
                [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] }],
                trust,
                { "aws:PrincipalArn": caller },
            );
        assert.equal(await asCaller(roleArn("dev-eso-controller")), "Allowed");
        assert.equal(await asCaller(roleArn("dev-eso-team-checkout")), "ImplicitlyDenied");
        assert.equal(await asCaller(roleArn("some-admin")), "ImplicitlyDenied");
    });

    it("the controller's role may assume the team roles, reads no secret and decrypts nothing itself", async () => {
        const controller = docs.inline.get("dev-eso-controller")!;
        const me = roleArn("dev-eso-controller");
        assert.equal(await simulate(me, "sts:AssumeRole", payRole, [controller]), "Allowed");
        assert.equal(await simulate(me, "sts:AssumeRole", roleArn("dev-eso-team-checkout"), [controller]), "Allowed");
        assert.equal(await simulate(me, "sts:AssumeRole", roleArn("dev-cluster-role"), [controller]), "ImplicitlyDenied");
        assert.equal(
            await simulate(me, "secretsmanager:GetSecretValue", `${SM}:apps/payments/db-AbCdEf`, [controller]),
            "ImplicitlyDenied",
        );
        assert.equal(
            await simulate(me, "kms:Decrypt", KEY, [controller], buildKeyPolicy(ctx, []), { ...ALIAS, ...VIA_SM }),
            "ImplicitlyDenied",
        );
    });

    it("the controller's role is assumable by EKS Pod Identity for the operator's service account of this cluster only", async () => {
        const trust = docs.trust.get("dev-eso-controller")!;
        const tags = (ns: string, sa: string, cluster = "dev") => ({
            "aws:SourceAccount": MOCK_ACCOUNT_ID,
            "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:cluster/${cluster}`,
            "aws:RequestTag/kubernetes-namespace": ns,
            "aws:RequestTag/kubernetes-service-account": sa,
        });
        const me = roleArn("dev-eso-controller");
        assert.equal(
            await simulate("pods.eks.amazonaws.com", "sts:AssumeRole", me, [], trust, tags("external-secrets", "external-secrets")),
            "Allowed",
        );
        assert.equal(
            await simulate("pods.eks.amazonaws.com", "sts:AssumeRole", me, [], trust, tags("payments", "external-secrets")),
            "ImplicitlyDenied",
        );
        assert.equal(
            await simulate("pods.eks.amazonaws.com", "sts:AssumeRole", me, [], trust, tags("external-secrets", "default")),
            "ImplicitlyDenied",
        );
        assert.equal(
            await simulate("pods.eks.amazonaws.com", "sts:AssumeRole", me, [], trust, tags("external-secrets", "external-secrets", "prod")),
            "ImplicitlyDenied",
        );
    });
});
