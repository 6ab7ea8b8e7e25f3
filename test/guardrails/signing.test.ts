/**
 * CTR-2 in ClusterGuardrails: the pure planners and validators, the reviewed Helm values (the Release's
 * inputs are what the pack config allows by repository, chart and version), what the component registers
 * under mocks, and the signer and verifier IAM documents evaluated with @cloud-copilot/iam-simulate.
 */
import { createValidatedPolicy, validateIdentityPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ValidationError } from "../../components/common/validation";
import {
    ClusterGuardrails,
    ImageSigningArgs,
    NamespaceBaseline,
    POLICY_CONTROLLER_CHART,
    SIGNATURE_OPT_IN_LABEL,
    imageSigningErrors,
    kmsKeyReference,
    planClusterImagePolicies,
    planControllerNetworkPolicies,
    planControllerValues,
    planSignerPolicy,
    planSignerTrustPolicy,
    planSigningKeyPolicy,
    planVerifierPolicy,
} from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { TEST_STACK, parseJsonInput } from "../support/harness";
import { K8sRun, runExpectingError, runWithCluster } from "./support/run";

const ctx = { partition: "aws", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, dnsSuffix: "amazonaws.com" };
const ECR = `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com`;
const ecr = { accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION };
const CI = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ci-deploy`;
const SIGNING: ImageSigningArgs = { clusterName: "dev", vpcCidr: "10.0.0.0/16", signerPrincipalArns: [CI] };
const ALIAS = `alias/secure-baseline/${TEST_STACK}/signing/guard`;
const KEY_ARN = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
const PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";

describe("CTR-2 signing planners and validators", () => {
    it("CTR-2: reviewed chart values: fail closed for opted-in namespaces only, no-match denied, restricted contexts, system nodes, two replicas and a budget", () => {
        const v = planControllerValues(SIGNING, ECR, MOCK_REGION) as Record<string, Record<string, unknown>>;
        const w = v.webhook as Record<string, unknown> & {
            podSecurityContext: Record<string, unknown>;
            securityContext: Record<string, unknown>;
        };
        assert.equal(w.failurePolicy, "Fail");
        assert.deepEqual(w.namespaceSelector, { matchExpressions: [{ key: SIGNATURE_OPT_IN_LABEL, operator: "In", values: ["true"] }] });
        assert.deepEqual(w.configData, { "no-match-policy": "deny" });
        assert.equal(w.replicaCount, 2);
        assert.deepEqual(w.podDisruptionBudget, { enabled: true, minAvailable: 1 });
        assert.deepEqual(v.commonNodeSelector, { "eks.amazonaws.com/nodegroup": "system" });
        for (const [k, want] of Object.entries({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true }))
            assert.equal(w.podSecurityContext[k], want, k);
        assert.deepEqual(w.podSecurityContext.capabilities, { drop: ["ALL"] });
        assert.deepEqual(w.podSecurityContext.seccompProfile, { type: "RuntimeDefault" });
        assert.equal(w.securityContext.runAsNonRoot, true);
        assert.deepEqual(w.securityContext.seccompProfile, { type: "RuntimeDefault" });
        // Pulled from the account's ECR (K8S-6 admits nothing else); the chart's digest pin is not overridden.
        assert.deepEqual(w.image, { repository: `${ECR}/ghcr/sigstore/policy-controller/policy-controller` });
    });

    it("CTR-2/K8S-2: the controller's namespace: default deny, DNS, 8443 in from the VPC, 443 to the VPC and the Pod Identity agent", () => {
        const p = planControllerNetworkPolicies("10.0.0.0/16");
        const names = p.map((x) => x.metadata?.name);
        assert.deepEqual(names, [
            "default-deny-all",
            "quarantine-deny-all",
            "allow-dns-egress",
            "allow-egress-vpc-https",
            "allow-egress-pod-identity-agent",
            "allow-webhook-from-control-plane",
        ]);
        const webhook = p[5].spec?.ingress?.[0];
        assert.deepEqual(webhook, { from: [{ ipBlock: { cidr: "10.0.0.0/16" } }], ports: [{ port: 8443, protocol: "TCP" }] });
        assert.deepEqual(p[4].spec?.egress?.[0], {
            to: [{ ipBlock: { cidr: "169.254.170.23/32" } }],
            ports: [{ port: 80, protocol: "TCP" }],
        });
    });

    it("CTR-2: image policies: the account's ECR trusts the KMS key, each trusted registry its own key (PEM as data, KMS as kms)", () => {
        const ref = kmsKeyReference(ctx, ALIAS);
        assert.equal(ref, `awskms:///arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${ALIAS}`);
        const p = planClusterImagePolicies(ECR, ref, [
            { glob: "ghcr.io/example-org/**", key: PEM },
            { glob: "quay.io/x/*", key: `awskms:///${KEY_ARN}` },
        ]);
        assert.deepEqual(
            p.map((x) => [x.metadata.name, x.spec.images[0].glob, x.spec.mode]),
            [
                ["secure-baseline-account-ecr", `${ECR}/**`, "enforce"],
                ["secure-baseline-trusted-0", "ghcr.io/example-org/**", "enforce"],
                ["secure-baseline-trusted-1", "quay.io/x/*", "enforce"],
            ],
        );
        assert.deepEqual(
            p.map((x) => x.spec.authorities[0].key),
            [{ kms: ref }, { data: PEM }, { kms: `awskms:///${KEY_ARN}` }],
        );
    });

    it("validators: every bad argument named, quoted, with what is allowed", () => {
        const bad = imageSigningErrors({
            clusterName: "bad name",
            vpcCidr: "10.0.0.0",
            signerPrincipalArns: ["arn:aws:iam::123:user/x"],
            trustedRegistries: [{ glob: "**", key: "ssh-rsa AAAA" }],
            systemNodeGroup: "System",
            replicas: 1,
            controllerImagePrefix: "GHCR/",
        });
        const expect = [
            /imageSigning.clusterName "bad name" is not an EKS cluster name/,
            /imageSigning.vpcCidr "10.0.0.0" is not an IPv4 CIDR/,
            /imageSigning.signerPrincipalArns\[0\] "arn:aws:iam::123:user\/x" is not an IAM role ARN/,
            /imageSigning.trustedRegistries\[0\].glob "\*\*" is not an image glob under one registry/,
            /imageSigning.trustedRegistries\[0\].key "ssh-rsa AAAA" is neither a PEM public key/,
            /imageSigning.systemNodeGroup "System" is not a node group name/,
            /imageSigning.replicas 1 is not allowed; use a whole number from 2 to 10/,
            /imageSigning.controllerImagePrefix "GHCR\/" is not an ECR repository prefix/,
        ];
        const messages = bad.map((p) => new ValidationError(p).message);
        assert.equal(bad.length, expect.length, messages.join("\n"));
        expect.forEach((re, i) => assert.match(messages[i], re));
        // The problems carry their path and value as data, for a caller (the stack) to name by its own keys.
        assert.deepEqual(bad[2].path, ["imageSigning", "signerPrincipalArns", 0]);
        assert.equal(bad[2].value, "arn:aws:iam::123:user/x");
        assert.match(bad[2].allowed, /arn:<partition>:iam::<account>:role\/<name>/);
        assert.deepEqual(
            imageSigningErrors({
                ...SIGNING,
                trustedRegistries: [
                    { glob: "ghcr.io/example-org/**", key: PEM },
                    { glob: "registry.example.com:5000/team/*", key: `awskms:///${KEY_ARN}` },
                ],
            }),
            [],
        );
    });
});

describe("CTR-2 ClusterGuardrails imageSigning under mocks", () => {
    let run: K8sRun<ClusterGuardrails>;
    before(async () => {
        run = await runWithCluster((provider) => new ClusterGuardrails("guard", { ecr, imageSigning: SIGNING }, { provider }));
    });

    it("CTR-2/PACK-9: one Helm v3 Release of exactly the chart the stacks' pack config allows, hooks off, into its own namespace", () => {
        const r = run.one("kubernetes:helm.sh/v3:Release");
        assert.equal(r.name, "guard-policy-controller");
        assert.deepEqual(
            [r.inputs.chart, r.inputs.version, (r.inputs.repositoryOpts as { repo: string }).repo],
            [POLICY_CONTROLLER_CHART.chart, POLICY_CONTROLLER_CHART.version, POLICY_CONTROLLER_CHART.repository],
        );
        assert.equal(r.inputs.namespace, "cosign-system");
        assert.equal(r.inputs.disableWebhooks, true);
        assert.deepEqual(r.inputs.values, planControllerValues(SIGNING, ECR, MOCK_REGION));
        for (const stack of ["dev", "prod"]) {
            const packConfig = JSON.parse(
                readFileSync(path.join(__dirname, "..", "..", "stacks", `policy-pack.${stack}.json`), "utf8"),
            ) as Record<string, { allowed: Array<Record<string, string>> }>;
            const entry = packConfig["opaque-resources-allowed"].allowed.find((e) => e.chart === POLICY_CONTROLLER_CHART.chart);
            assert.deepEqual(
                [entry?.repository, entry?.version, entry?.name],
                [POLICY_CONTROLLER_CHART.repository, POLICY_CONTROLLER_CHART.version, "guardrails-policy-controller"],
                stack,
            );
            assert.ok((entry?.reason ?? "").length > 20, stack);
        }
        assert.ok(
            r.dependsOn.some((d) => d.endsWith("guard-signing-namespace")),
            "after its namespace",
        );
    });

    it("CTR-2: the signing key is ECC_NIST_P256 SIGN_VERIFY, protected, with an alias; image policies wait for the chart's CRDs", () => {
        const key = run.one("aws:kms/key:Key");
        assert.deepEqual(
            [key.inputs.customerMasterKeySpec, key.inputs.keyUsage, key.protect, key.retainOnDelete],
            ["ECC_NIST_P256", "SIGN_VERIFY", true, true],
        );
        assert.deepEqual(parseJsonInput(key.inputs.policy), planSigningKeyPolicy(ctx));
        const alias = run.one("aws:kms/alias:Alias");
        assert.deepEqual([alias.inputs.name, alias.protect], [ALIAS, true]);
        const cips = run.ofType("kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy");
        assert.equal(cips.length, 1);
        assert.deepEqual((cips[0].inputs.spec as { authorities: unknown[] }).authorities, [
            { name: "key", key: { kms: kmsKeyReference(ctx, ALIAS) } },
        ]);
        assert.ok(cips[0].dependsOn.some((d) => d.endsWith("guard-policy-controller")));
    });

    it("CTR-2: the verifier's Pod Identity association is for the chart's service account in its namespace", () => {
        const a = run.one("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        assert.deepEqual(
            [a.inputs.clusterName, a.inputs.namespace, a.inputs.serviceAccount],
            ["dev", "cosign-system", "policy-controller-webhook"],
        );
        const ns = run.one("kubernetes:core/v1:Namespace");
        const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(labels[SIGNATURE_OPT_IN_LABEL], undefined, "the verifier's own namespace is not judged by itself");
    });

    it("no signer principal: no signer role; bad arguments: a clear error and nothing registered", async () => {
        const none = await runWithCluster(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: { ...SIGNING, signerPrincipalArns: [] } }, { provider }),
        );
        assert.deepEqual(
            none.ofType("aws:iam/role:Role").map((r) => r.name),
            ["g-verifier"],
        );
        const bad = await runExpectingError(
            (provider) => new ClusterGuardrails("g", { ecr, imageSigning: { ...SIGNING, vpcCidr: "any" } }, { provider }),
        );
        assert.match(bad.message, /^ClusterGuardrails "g": imageSigning.vpcCidr "any" is not an IPv4 CIDR/);
        assert.deepEqual(bad.registered, []);
        const missing = await runExpectingError((provider) => new ClusterGuardrails("g", { ecr } as never, { provider }));
        assert.match(missing.message, /imageSigning is required; pass \{ clusterName, vpcCidr \}.* or false/);
    });
});

describe("CTR-2 NamespaceBaseline opt-in label", () => {
    const labelOf = async (args: ConstructorParameters<typeof NamespaceBaseline>[1]) => {
        const r = await runWithCluster((provider) => new NamespaceBaseline("ns", args, { provider }));
        return (r.one("kubernetes:core/v1:Namespace").inputs.metadata as { labels: Record<string, string> }).labels[SIGNATURE_OPT_IN_LABEL];
    };
    it('CTR-2: team namespaces opt in by default; the user\'s labels cannot change it; verifyImageSignatures false labels it "false"', async () => {
        assert.equal(await labelOf({ namespace: "team-a" }), "true");
        assert.equal(await labelOf({ namespace: "team-a", labels: { [SIGNATURE_OPT_IN_LABEL]: "false" } }), "true");
        assert.equal(await labelOf({ namespace: "team-a", verifyImageSignatures: false }), "false");
    });
});

/** One request against the key whose policy is the baseline's signing key policy (root delegates to IAM). */
async function onSigningKey(identity: PolicyDocument, principal: string, action: string, aliases: string[] = [ALIAS]): Promise<string> {
    const r = await runSimulation(
        {
            request: {
                principal,
                action,
                resource: { resource: KEY_ARN, accountId: MOCK_ACCOUNT_ID },
                contextVariables: { "kms:ResourceAliases": aliases },
            },
            identityPolicies: [{ name: "inline", policy: identity }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: planSigningKeyPolicy(ctx),
        },
        {},
    );
    assert.notEqual(r.resultType, "error", JSON.stringify(r.resultType === "error" ? r.errors : ""));
    return r.resultType === "error" ? "error" : r.overallResult;
}

describe("CTR-2 signer and verifier IAM, evaluated with iam-simulate", () => {
    const signer = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/guard-signer`;
    const verifier = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/guard-verifier`;

    it("the signer may Sign and GetPublicKey on the signing key, and nothing else (no Decrypt, no key deletion, no other key)", async () => {
        const policy = planSignerPolicy(ctx, ALIAS);
        assert.deepEqual(validateIdentityPolicy(policy), []);
        for (const action of ["kms:Sign", "kms:GetPublicKey"]) assert.equal(await onSigningKey(policy, signer, action), "Allowed", action);
        for (const action of [
            "kms:Decrypt",
            "kms:ScheduleKeyDeletion",
            "kms:PutKeyPolicy",
            "kms:Verify",
            "kms:CreateGrant",
            "kms:UpdateAlias",
        ]) {
            assert.equal(await onSigningKey(policy, signer, action), "ImplicitlyDenied", action);
        }
        assert.equal(await onSigningKey(policy, signer, "kms:Sign", ["alias/other"]), "ImplicitlyDenied", "a key without the alias");
    });

    it("the verifier may only read the public key", async () => {
        const policy = planVerifierPolicy(ctx, ALIAS);
        assert.equal(await onSigningKey(policy, verifier, "kms:GetPublicKey"), "Allowed");
        for (const action of ["kms:Sign", "kms:Decrypt", "kms:ScheduleKeyDeletion"])
            assert.equal(await onSigningKey(policy, verifier, action), "ImplicitlyDenied", action);
    });

    it("only the configured principals may assume the signer role", async () => {
        const trust = planSignerTrustPolicy([CI]);
        assert.deepEqual(createValidatedPolicy(trust, validateTrustPolicy, { name: "trust" }).errors, []);
        const assume = async (principal: string) => {
            const r = await runSimulation(
                {
                    request: {
                        principal,
                        action: "sts:AssumeRole",
                        resource: { resource: signer, accountId: MOCK_ACCOUNT_ID },
                        contextVariables: {},
                    },
                    identityPolicies: [
                        {
                            name: "caller",
                            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] },
                        },
                    ],
                    serviceControlPolicies: [],
                    resourceControlPolicies: [],
                    resourcePolicy: trust,
                },
                {},
            );
            return r.resultType === "error" ? "error" : r.overallResult;
        };
        assert.equal(await assume(CI), "Allowed");
        assert.equal(await assume(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/someone-else`), "ImplicitlyDenied");
        assert.equal(await assume("arn:aws:iam::999999999999:role/ci-deploy"), "ImplicitlyDenied");
    });
});
