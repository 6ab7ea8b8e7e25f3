/**
 * Callouts judged by meaning: who may invoke a Lambda function (lambda-not-public) and what an
 * admission webhook is sent (k8s-admission-webhook-scoped). Equivalent spellings of the same
 * exposure must all be blocked; compliant neighbours must all pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { lambdaNotPublic } from "../../../policy-pack/policies/cloud/lambda-not-public";
import { k8sAdmissionWebhookScoped } from "../../../policy-pack/policies/cluster/k8s-admission-webhook-scoped";
import { analyze, of } from "../runtime";
import { ACCOUNT, BUCKET_ARN, PERMISSION, WEBHOOK_CONFIG } from "./callouts-cases";

const LAMBDA = "lambda-not-public";
const WEBHOOK = "k8s-admission-webhook-scoped";

async function lambdaHits(type: string, props: Record<string, unknown>): Promise<string[]> {
    return of(await analyze([lambdaNotPublic], { type, name: "p", props }), LAMBDA).map((d) => d.message);
}
async function webhookHits(
    props: Record<string, unknown>,
    type = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
    config?: Record<string, unknown>,
): Promise<string[]> {
    const cfg = config ? { [WEBHOOK]: config } : undefined;
    return of(await analyze([k8sAdmissionWebhookScoped], { type, name: "w", props }, cfg), WEBHOOK).map((d) => d.message);
}

const PERMISSION_TYPE = "aws:lambda/permission:Permission";
/** Ways of writing "anyone" in a Lambda principal. */
const anyone = fc.constantFrom("*", " * ", "arn:aws:iam::*:root", "*.amazonaws.com", "arn:aws:iam::*:role/*");
/** Service principals, in the partitions' spellings. */
const service = fc
    .tuple(
        fc.constantFrom("s3", "events", "sns", "apigateway", "elasticloadbalancing", "logs", "iot", "cognito-idp"),
        fc.constantFrom(".amazonaws.com", ".amazonaws.com.cn", ".AMAZONAWS.COM"),
    )
    .map(([s, d]) => `${s}${d}`);

function webhookWith(rules: unknown[], clientConfig: unknown = WEBHOOK_CONFIG.webhooks[0].clientConfig): Record<string, unknown> {
    return { ...WEBHOOK_CONFIG, webhooks: [{ ...WEBHOOK_CONFIG.webhooks[0], rules, clientConfig }] };
}
const ruleOf = (apiGroups: readonly string[], resources: readonly string[]) => ({
    apiGroups,
    apiVersions: ["*"],
    operations: ["CREATE"],
    resources,
});
/** Rules that reach Secret objects: the core group (alone or with others, or "*") and secrets itself or a wildcard. */
const secretRule = fc
    .tuple(
        fc.constantFrom<string[]>([""], ["*"], ["", "apps"], ["apps", "*"]),
        fc.constantFrom<string[]>(["secrets"], ["*"], ["*/*"], ["pods", "secrets"], ["configmaps", "*"]),
    )
    .map(([g, r]) => ruleOf(g, r));
/** Neighbours that do not: other groups, other resources, subresources of secrets only. */
const harmlessRule = fc
    .tuple(
        fc.constantFrom<string[]>([""], ["apps"], ["batch", "apps"], ["networking.k8s.io"]),
        fc.constantFrom<string[]>(["pods"], ["configmaps", "services"], ["secrets/status"], ["pods/*"]),
    )
    .filter(([g, r]) => !(g.includes("") && r.includes("secrets")))
    .map(([g, r]) => ruleOf(g, r));
const webhookTypes = fc.constantFrom(
    "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
    "kubernetes:admissionregistration.k8s.io/v1beta1:MutatingWebhookConfiguration",
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfigurationPatch",
);

describe("Callouts judged by meaning (lambda-not-public, k8s-admission-webhook-scoped)", () => {
    describe("IAM-1: Lambda invoke permissions", () => {
        it("every spelling of 'anyone' is blocked unless an organisation or account pins it", async () => {
            await fc.assert(
                fc.asyncProperty(
                    anyone,
                    fc.constantFrom("lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:*"),
                    async (principal, action) => {
                        const open = await lambdaHits(PERMISSION_TYPE, { action, function: "f", principal });
                        assert.equal(open.length, 1, principal);
                        assert.match(open[0], /lets any principal/);
                        assert.deepEqual(
                            await lambdaHits(PERMISSION_TYPE, { action, function: "f", principal, principalOrgId: "o-abc123" }),
                            [],
                        );
                        assert.deepEqual(
                            await lambdaHits(PERMISSION_TYPE, { action, function: "f", principal, sourceAccount: ACCOUNT }),
                            [],
                        );
                    },
                ),
                { numRuns: 30 },
            );
        });
        it("a public function URL permission names the missing authentication", async () => {
            const [m] = await lambdaHits(PERMISSION_TYPE, {
                action: "lambda:InvokeFunctionUrl",
                function: "f",
                principal: "*",
                functionUrlAuthType: "NONE",
            });
            assert.match(m, /through its function URL without authentication/);
        });
        it("a service principal needs a source (ARN or account); with either it passes", async () => {
            await fc.assert(
                fc.asyncProperty(service, async (principal) => {
                    assert.equal(
                        (await lambdaHits(PERMISSION_TYPE, { action: "lambda:InvokeFunction", function: "f", principal })).length,
                        1,
                        principal,
                    );
                    assert.deepEqual(
                        await lambdaHits(PERMISSION_TYPE, {
                            action: "lambda:InvokeFunction",
                            function: "f",
                            principal,
                            sourceArn: BUCKET_ARN,
                        }),
                        [],
                    );
                    assert.deepEqual(
                        await lambdaHits(PERMISSION_TYPE, {
                            action: "lambda:InvokeFunction",
                            function: "f",
                            principal,
                            sourceAccount: ACCOUNT,
                        }),
                        [],
                    );
                }),
                { numRuns: 30 },
            );
        });
        it("accounts and IAM ARNs are named principals", async () => {
            for (const principal of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws-cn:iam::${ACCOUNT}:role/x`]) {
                assert.deepEqual(await lambdaHits(PERMISSION_TYPE, { ...PERMISSION, principal, sourceArn: undefined }), [], principal);
            }
        });
        it("a function URL passes only with AWS_IAM, in any case", async () => {
            await fc.assert(
                fc.asyncProperty(fc.string({ maxLength: 10 }), async (auth) => {
                    const hits = await lambdaHits("aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: auth });
                    assert.equal(hits.length, auth.trim().toUpperCase() === "AWS_IAM" ? 0 : 1, JSON.stringify(auth));
                }),
                { numRuns: 40 },
            );
            assert.deepEqual(
                await lambdaHits("aws:lambda/functionUrl:FunctionUrl", { functionName: "f", authorizationType: "Aws_Iam" }),
                [],
            );
        });
    });

    describe("K8S-6: admission webhooks", () => {
        it("every rule shape that reaches Secret objects is blocked, on every webhook configuration type", async () => {
            await fc.assert(
                fc.asyncProperty(secretRule, fc.array(harmlessRule, { maxLength: 2 }), webhookTypes, async (bad, others, type) => {
                    const hits = await webhookHits(webhookWith([...others, bad]), type);
                    assert.equal(hits.length, 1, JSON.stringify(bad));
                    assert.match(hits[0], /intercepts Secret objects/);
                }),
                { numRuns: 60 },
            );
        });
        it("rules that never reach Secret objects pass", async () => {
            await fc.assert(
                fc.asyncProperty(fc.array(harmlessRule, { minLength: 1, maxLength: 3 }), webhookTypes, async (rules, type) => {
                    assert.deepEqual(await webhookHits(webhookWith(rules), type), []);
                }),
                { numRuns: 60 },
            );
        });
        it("an outside URL is blocked unless allowed; an in-cluster service is not", async () => {
            const url = { url: "https://admission.example.org:8443/mutate" };
            const hits = await webhookHits(webhookWith([ruleOf(["apps"], ["deployments"])], url));
            assert.equal(hits.length, 1);
            assert.match(hits[0], /sends the objects it intercepts to https:\/\/admission\.example\.org:8443\/mutate/);
            assert.deepEqual(
                await webhookHits(webhookWith([ruleOf(["apps"], ["deployments"])], url), undefined, {
                    allowedUrls: ["https://admission.example.org:8443/*"],
                }),
                [],
            );
        });
        it("an outside URL that also reads Secrets gets both findings; a long URL is cut in the message", async () => {
            const long = `https://collector.example.org/${"a".repeat(400)}`;
            const hits = await webhookHits(webhookWith([ruleOf([""], ["*"])], { url: long }));
            assert.equal(hits.length, 2);
            assert.ok(hits.every((h) => h.length < 1200));
        });
        it("malformed webhooks fail closed: a violation naming the property, never a pass", async () => {
            const service = { service: { name: "s", namespace: "n" } };
            const cases: Array<[unknown, RegExp]> = [
                [[{ name: "x", rules: "secrets", clientConfig: service }], /webhook "x" has webhooks\[0\]\.rules that is not a list/],
                [[null], /has webhooks\[0\] that is not an object/],
                ["nope", /has webhooks that is not a list/],
            ];
            for (const [webhooks, message] of cases) {
                const hits = await webhookHits({ metadata: { name: "w" }, webhooks });
                assert.equal(hits.length, 1, JSON.stringify(webhooks));
                assert.match(hits[0], message);
            }
            const noName = await webhookHits({ webhooks: [{ rules: [ruleOf([""], ["secrets"])] }] });
            assert.match(noName[0], /webhook "webhooks\[0\]" intercepts Secret objects/);
        });
    });
});
