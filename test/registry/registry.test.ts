import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ContainerRegistry,
    HardenedRepository,
    buildLifecyclePolicy,
    buildPullPolicy,
    validateContainerRegistryArgs,
    validateHardenedRepositoryArgs,
} from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { parseJsonInput, promiseOf, runPulumi } from "../support/harness";
import { assertNoWildcardActions, decide } from "../storage/support/iamChecks";

const KEY = `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/storage`;
const NODE_ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/cluster-nodes`;
const APP_ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/app-irsa`;
const REPO_ARN = `arn:aws:ecr:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:repository/team/app`;

describe("HardenedRepository and ContainerRegistry (CTR-1)", () => {
    it("CTR-1: immutable tags, scan on push, KMS with the storage key, protected and retained", async () => {
        const run = await runPulumi(() => new HardenedRepository("app", { repositoryName: "team/app", kmsKeyArn: KEY }));
        const repo = run.one("aws:ecr/repository:Repository");
        assert.equal(repo.inputs.name, "team/app");
        assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
        assert.deepEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
        assert.deepEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: KEY }]);
        assert.equal(repo.inputs.forceDelete, false);
        assert.equal(repo.protect, true);
        assert.equal(repo.retainOnDelete, true);
    });

    it("CTR-1: a lifecycle policy on the repository expires untagged images after 14 days by default", async () => {
        const run = await runPulumi(() => new HardenedRepository("app", { repositoryName: "team/app", kmsKeyArn: KEY }));
        const lc = run.one("aws:ecr/lifecyclePolicy:LifecyclePolicy");
        assert.equal(lc.inputs.repository, "team/app");
        assert.deepEqual(parseJsonInput(lc.inputs.policy), buildLifecyclePolicy(14));
        assert.deepEqual(buildLifecyclePolicy(3).rules[0].selection, {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 3,
        });
        assert.equal(buildLifecyclePolicy(3).rules[0].action.type, "expire");
    });

    it("CTR-1: no pull principals, no repository policy", async () => {
        const run = await runPulumi(
            () => new HardenedRepository("app", { repositoryName: "team/app", kmsKeyArn: KEY, pullPrincipalArns: [] }),
        );
        assert.equal(run.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 0);
        assert.equal(buildPullPolicy([]), undefined);
    });

    it("CTR-1: the repository policy lets only the named roles pull, and nobody push (iam-simulate)", async () => {
        const run = await runPulumi(
            () =>
                new HardenedRepository("app", {
                    repositoryName: "team/app",
                    kmsKeyArn: KEY,
                    pullPrincipalArns: [NODE_ROLE, pulumi.output(APP_ROLE)],
                }),
        );
        const pol = run.one("aws:ecr/repositoryPolicy:RepositoryPolicy");
        assert.equal(pol.inputs.repository, "team/app");
        const doc = parseJsonInput<PolicyDocument>(pol.inputs.policy);
        assertNoWildcardActions(doc, "repository policy");
        const req = (principal: string, action: string) => ({
            principal,
            action,
            resource: REPO_ARN,
            resourceAccount: MOCK_ACCOUNT_ID,
            resourcePolicy: doc,
        });
        for (const role of [NODE_ROLE, APP_ROLE]) {
            assert.equal(await decide(req(role, "ecr:BatchGetImage")), "Allowed", role);
            assert.equal(await decide(req(role, "ecr:GetDownloadUrlForLayer")), "Allowed", role);
            assert.equal(await decide(req(role, "ecr:PutImage")), "ImplicitlyDenied", role);
            assert.equal(await decide(req(role, "ecr:DeleteRepository")), "ImplicitlyDenied", role);
        }
        assert.equal(await decide(req(`arn:aws:iam::${MOCK_ACCOUNT_ID}:role/someone-else`, "ecr:BatchGetImage")), "ImplicitlyDenied");
    });

    it("CTR-1: the registry turns on enhanced, continuous scanning for every repository by default", async () => {
        const run = await runPulumi(
            () => new ContainerRegistry("ecr", { repositories: ["team/app", "team/worker"], pullPrincipalArns: [NODE_ROLE] }),
        );
        const scan = run.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
        assert.equal(scan.inputs.scanType, "ENHANCED");
        assert.deepEqual(scan.inputs.rules, [
            { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
        ]);
        const repos = run.ofType("aws:ecr/repository:Repository");
        assert.deepEqual(repos.map((r) => r.inputs.name).sort(), ["team/app", "team/worker"]);
        const key = run.one("aws:kms/key:Key");
        assert.equal((key.inputs.tags as Record<string, string>).purpose, "storage");
        for (const r of repos)
            assert.deepEqual(r.inputs.encryptionConfigurations, [
                { encryptionType: "KMS", kmsKey: `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/ecr-storage-key-key-id` },
            ]);
        assert.equal(run.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy").length, 2);
        const urls = await promiseOf(run.value.repositoryUrls);
        assert.equal(urls["team/app"], `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.amazonaws.com/team/app`);
    });

    it("CTR-1: enhanced scanning off falls back to basic scan on push; a given key is used", async () => {
        const run = await runPulumi(() => new ContainerRegistry("ecr", { repositories: ["app"], enhancedScanning: false, kmsKeyArn: KEY }));
        const scan = run.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
        assert.equal(scan.inputs.scanType, "BASIC");
        assert.equal((scan.inputs.rules as Array<{ scanFrequency: string }>)[0].scanFrequency, "SCAN_ON_PUSH");
        assert.equal(run.ofType("aws:kms/key:Key").length, 0);
    });

    describe("bad input", () => {
        it("CTR-1: rejects repository names ECR would refuse", () => {
            for (const bad of ["Team/App", "a", "team//app", "-app", "app-", "team/app/"]) {
                assert.throws(
                    () => validateHardenedRepositoryArgs({ repositoryName: bad, kmsKeyArn: KEY }),
                    new RegExp(`repositoryName "${bad.replace(/[/]/g, "\\/")}" is not a valid ECR name`),
                    bad,
                );
            }
            assert.doesNotThrow(() => validateHardenedRepositoryArgs({ repositoryName: "team/app_v2.x-1", kmsKeyArn: KEY }));
        });
        it("CTR-1: rejects a pull principal that is not a role ARN", () => {
            assert.throws(
                () => validateHardenedRepositoryArgs({ repositoryName: "app", kmsKeyArn: KEY, pullPrincipalArns: ["*"] }),
                /pullPrincipalArns\[0\] "\*" is not an IAM role ARN/,
            );
            assert.throws(() => buildPullPolicy([`arn:aws:iam::${MOCK_ACCOUNT_ID}:root`]), /is not an IAM role ARN/);
        });
        it("CTR-1: a pull principal known only later (an Output) is checked when known: the policy never reaches the provider", async () => {
            // Under the mock runtime the failed apply leaves the policy without inputs; a real `pulumi up` fails with the message.
            const run = await runPulumi(
                () =>
                    new HardenedRepository("app", {
                        repositoryName: "app",
                        kmsKeyArn: KEY,
                        pullPrincipalArns: [pulumi.output(`arn:aws:iam::${MOCK_ACCOUNT_ID}:user/bob`)],
                    }),
            );
            assert.deepEqual(run.one("aws:ecr/repositoryPolicy:RepositoryPolicy").inputs, {});
            const ok = await runPulumi(
                () =>
                    new HardenedRepository("app", { repositoryName: "app", kmsKeyArn: KEY, pullPrincipalArns: [pulumi.output(NODE_ROLE)] }),
            );
            assert.equal(typeof ok.one("aws:ecr/repositoryPolicy:RepositoryPolicy").inputs.policy, "string");
        });
        it("CTR-1: rejects an untagged expiry that is not a positive whole number", () => {
            assert.throws(
                () => validateHardenedRepositoryArgs({ repositoryName: "app", kmsKeyArn: KEY, untaggedImageExpiryDays: 0 }),
                /untaggedImageExpiryDays 0 is not allowed/,
            );
        });
        it("CTR-1: rejects a repository listed twice", () => {
            assert.throws(
                () => validateContainerRegistryArgs("ecr", { repositories: ["app", "app"] }),
                /ContainerRegistry "ecr": repositories\[1\] "app" is listed twice/,
            );
        });
        it("CTR-1: nothing is registered when validation fails", async () => {
            const run = await runPulumi(() => {
                try {
                    new ContainerRegistry("ecr", { repositories: ["Bad Name"] });
                } catch {
                    return "threw";
                }
                return "built";
            });
            assert.equal(run.value, "threw");
            assert.equal(run.resources.length, 0);
        });
    });
});
