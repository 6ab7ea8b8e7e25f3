import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { DEFAULT_BREAK_GLASS_GROUP, SecureCluster, teamGroupName } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { parseJsonInput, promiseOf, runPulumi } from "../support/harness";
import {
    ADMIN,
    ANY_KEY,
    BASE_ARGS,
    CLUSTER,
    EDITOR,
    INLINE,
    TYPE,
    VIEWER,
    byAlias,
    keyAlias,
    keyArn,
    obj,
    roleArn,
    runCluster,
} from "./fixture";

describe("SecureCluster (EKS-1..EKS-10)", () => {
    describe("EKS-1 endpoint", () => {
        it("EKS-1: the API endpoint is private only by default", async () => {
            const vpc = obj((await runCluster()).one(CLUSTER).inputs.vpcConfig);
            assert.equal(vpc.endpointPrivateAccess, true);
            assert.equal(vpc.endpointPublicAccess, false);
            assert.equal(vpc.publicAccessCidrs, undefined);
            assert.deepEqual(vpc.subnetIds, BASE_ARGS.privateSubnetIds);
        });
        it("EKS-1: a public endpoint only with the listed admin CIDRs", async () => {
            const vpc = obj((await runCluster({ publicAccessCidrs: ["203.0.113.0/24"] })).one(CLUSTER).inputs.vpcConfig);
            assert.equal(vpc.endpointPrivateAccess, true);
            assert.equal(vpc.endpointPublicAccess, true);
            assert.deepEqual(vpc.publicAccessCidrs, ["203.0.113.0/24"]);
        });
        it("EKS-1: control-plane ENIs go to the given control-plane subnets", async () => {
            const vpc = obj((await runCluster({ controlPlaneSubnetIds: ["subnet-iso-a", "subnet-iso-b"] })).one(CLUSTER).inputs.vpcConfig);
            assert.deepEqual(vpc.subnetIds, ["subnet-iso-a", "subnet-iso-b"]);
        });
    });

    it("EKS-2: Secrets are envelope-encrypted with the rotating secrets key, which the cluster role may use (and only it)", async () => {
        const run = await runCluster();
        assert.deepEqual(run.one(CLUSTER).inputs.encryptionConfig, { resources: ["secrets"], provider: { keyArn: keyArn("secrets") } });
        const key = run.one("aws:kms/key:Key", "dev-secrets-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.deepEqual(obj(key.inputs.tags).purpose, "secrets");
        assert.equal(run.one(CLUSTER).inputs.roleArn, roleArn("dev-cluster-role"));
        const inline = run.one(INLINE, "cluster-role-secrets-key");
        assert.equal(inline.inputs.role, "dev-cluster-role-id");
        const doc = parseJsonInput<PolicyDocument>(inline.inputs.policy);
        assert.deepEqual(
            doc.Statement.map((s) => s.Resource),
            [ANY_KEY],
        );
        assert.deepEqual(
            doc.Statement.map((s) => s.Condition),
            [byAlias("secrets")],
        );
        assert.equal(run.one("aws:kms/alias:Alias", "dev-secrets-alias").inputs.name, keyAlias("secrets"));
        assert.ok(run.one(CLUSTER).dependsOn.includes(`${INLINE}::dev-cluster-role-secrets-key`));
        // EKS uses the key through the cluster role only once the key component (its alias, which scopes the role) exists.
        assert.ok(
            run.one(CLUSTER).dependsOn.includes("secure-baseline:common:CustomerManagedKey::dev-secrets"),
            run.one(CLUSTER).dependsOn.join(", "),
        );
    });

    describe("EKS-3 control-plane logging", () => {
        it("EKS-3: all five log types go to an encrypted log group created before the cluster", async () => {
            const run = await runCluster();
            const cluster = run.one(CLUSTER);
            assert.deepEqual(cluster.inputs.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            const lg = run.one("aws:cloudwatch/logGroup:LogGroup");
            assert.equal(lg.inputs.name, "/aws/eks/dev/cluster");
            assert.equal(lg.inputs.kmsKeyId, keyArn("logs"));
            assert.equal(lg.inputs.retentionInDays, 365);
            assert.ok(cluster.dependsOn.includes(`aws:cloudwatch/logGroup:LogGroup::${lg.name}`));
            const logsKeyPolicy = parseJsonInput<PolicyDocument>(run.one("aws:kms/key:Key", "dev-logs-key").inputs.policy);
            assert.ok(logsKeyPolicy.Statement.some((s) => s.Sid === "AllowCloudWatchLogs"));
        });
        it("EKS-3: retention and cluster name are configurable", async () => {
            const run = await runCluster({ logRetentionDays: 90, clusterName: "prod-eu" });
            assert.equal(run.one(CLUSTER).inputs.name, "prod-eu");
            const lg = run.one("aws:cloudwatch/logGroup:LogGroup");
            assert.equal(lg.inputs.name, "/aws/eks/prod-eu/cluster");
            assert.equal(lg.inputs.retentionInDays, 90);
        });
    });

    describe("EKS-4 access", () => {
        it("EKS-4: API authentication mode, no cluster-creator admin, cluster-admin only for the listed principals", async () => {
            const run = await runCluster();
            assert.deepEqual(run.one(CLUSTER).inputs.accessConfig, {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: false,
            });
            const entries = run.ofType("aws:eks/accessEntry:AccessEntry");
            assert.deepEqual(
                entries.map((e) => e.inputs.principalArn),
                [ADMIN],
            );
            assert.equal(entries[0].inputs.type, "STANDARD");
            const assoc = run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            assert.equal(assoc.length, 1);
            assert.equal(assoc[0].inputs.principalArn, ADMIN);
            assert.equal(assoc[0].inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(assoc[0].inputs.accessScope, { type: "cluster" });
            assert.equal(assoc[0].inputs.clusterName, "dev");
        });
        it("EKS-4/K8S-5: teams get the namespace-scoped view policy and their Kubernetes groups; no one gets AmazonEKSEditPolicy", async () => {
            const run = await runCluster({
                teams: [
                    { name: "payments", namespaces: ["payments", "payments-jobs"], viewers: [VIEWER], editors: [EDITOR] },
                    { name: "search", namespaces: ["search"], viewers: [VIEWER] },
                ],
            });
            const entries = run.ofType("aws:eks/accessEntry:AccessEntry");
            const byPrincipal = new Map(entries.map((e) => [e.inputs.principalArn, e]));
            assert.equal(entries.length, 3, "one entry per principal");
            assert.deepEqual(byPrincipal.get(VIEWER)?.inputs.kubernetesGroups, [
                teamGroupName("payments", "view"),
                teamGroupName("search", "view"),
            ]);
            assert.deepEqual(byPrincipal.get(EDITOR)?.inputs.kubernetesGroups, [teamGroupName("payments", "edit")]);
            const assoc = run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            const viewer = assoc.filter((a) => a.inputs.principalArn === VIEWER);
            assert.equal(viewer.length, 1);
            assert.equal(viewer[0].inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
            assert.deepEqual(viewer[0].inputs.accessScope, { type: "namespace", namespaces: ["payments", "payments-jobs", "search"] });
            // K8S-5/K8S-3: editors read through the view policy; their writes come only from the edit RoleBinding.
            const editor = assoc.filter((a) => a.inputs.principalArn === EDITOR);
            assert.deepEqual(
                editor.map((a) => [a.inputs.policyArn, a.inputs.accessScope]),
                [
                    [
                        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                        { type: "namespace", namespaces: ["payments", "payments-jobs"] },
                    ],
                ],
            );
            assert.ok(
                assoc.every((a) => !String(a.inputs.policyArn).endsWith("/AmazonEKSEditPolicy")),
                "no association uses AmazonEKSEditPolicy",
            );
        });
    });

    describe("EKS-4/K8S-5 break-glass", () => {
        const IR = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/incident-response`;
        it("EKS-4/K8S-5: no break-glass principals by default: only the admin's entry", async () => {
            const run = await runCluster();
            assert.deepEqual(
                run.ofType("aws:eks/accessEntry:AccessEntry").map((e) => e.inputs.kubernetesGroups),
                [[]],
            );
        });
        it("EKS-4/K8S-5: each break-glass principal gets an entry mapping it to ClusterGuardrails' default group, with no access policy", async () => {
            const run = await runCluster({ breakGlassPrincipalArns: [IR] });
            const entry = run.ofType("aws:eks/accessEntry:AccessEntry").find((e) => e.inputs.principalArn === IR);
            assert.ok(entry, "an access entry for the break-glass principal");
            assert.deepEqual(entry.inputs.kubernetesGroups, [DEFAULT_BREAK_GLASS_GROUP]);
            assert.equal(DEFAULT_BREAK_GLASS_GROUP, "secure-baseline:break-glass");
            assert.equal(entry.inputs.type, "STANDARD");
            const assoc = run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            assert.deepEqual(
                assoc.filter((a) => a.inputs.principalArn === IR),
                [],
                "no access policy association",
            );
            assert.deepEqual(
                assoc.map((a) => a.inputs.principalArn),
                [ADMIN],
            );
        });
        it("EKS-4/K8S-5: a custom break-glass group is used as given", async () => {
            const run = await runCluster({ breakGlassPrincipalArns: [IR], breakGlassGroup: "ir:break-glass" });
            const entry = run.ofType("aws:eks/accessEntry:AccessEntry").find((e) => e.inputs.principalArn === IR);
            assert.deepEqual(entry?.inputs.kubernetesGroups, ["ir:break-glass"]);
        });
    });

    it("EKS-9: the version is pinned (default 1.35) with the standard upgrade policy", async () => {
        const run = await runCluster();
        assert.equal(run.one(CLUSTER).inputs.version, "1.35");
        assert.deepEqual(run.one(CLUSTER).inputs.upgradePolicy, { supportType: "STANDARD" });
        assert.equal(run.one("aws:eks/nodeGroup:NodeGroup").inputs.version, "1.35");
        const pinned = await runCluster({ kubernetesVersion: "1.36" });
        assert.equal(pinned.one(CLUSTER).inputs.version, "1.36");
    });

    describe("EKS-10 protection", () => {
        it("EKS-10: cluster, keys and log group are protected by default; EKS deletion protection is on", async () => {
            const run = await runCluster();
            const cluster = run.one(CLUSTER);
            assert.equal(cluster.protect, true);
            assert.equal(cluster.inputs.deletionProtection, true);
            const keys = run.ofType("aws:kms/key:Key");
            assert.equal(keys.length, 3);
            assert.ok(keys.every((k) => k.protect && k.retainOnDelete));
            const lg = run.one("aws:cloudwatch/logGroup:LogGroup");
            assert.ok(lg.protect && lg.retainOnDelete);
        });
        it("EKS-10: protection is off only when asked", async () => {
            const run = await runCluster({ protect: false });
            assert.equal(run.one(CLUSTER).protect, false);
            assert.equal(run.one(CLUSTER).inputs.deletionProtection, false);
            assert.ok(run.ofType("aws:kms/key:Key").every((k) => !k.protect));
            assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup").protect, false);
        });
    });

    describe("outputs", () => {
        it("exposes the cluster's identity, network and a get-token kubeconfig (secret) with a bound provider", async () => {
            const run = await runPulumi(async () => {
                const c = new SecureCluster("dev", BASE_ARGS);
                return {
                    c,
                    values: await promiseOf(
                        pulumi.all({
                            clusterName: c.clusterName,
                            endpoint: c.endpoint,
                            ca: c.certificateAuthority,
                            oidcProviderArn: c.oidcProviderArn,
                            oidcIssuer: c.oidcIssuer,
                            nodeRoleArn: c.nodeRoleArn,
                            nodeSg: c.nodeSecurityGroupId,
                            clusterSg: c.clusterSecurityGroupId,
                            volumesKeyArn: c.volumesKeyArn,
                            kubeconfig: c.kubeconfig,
                        }),
                    ),
                    kubeconfigSecret: await pulumi.isSecret(c.kubeconfig),
                };
            });
            const v = run.value.values;
            assert.equal(v.clusterName, "dev");
            assert.match(v.endpoint, /^https:\/\/dev-cluster-id\./);
            assert.equal(Buffer.from(v.ca, "base64").toString(), "mock-ca-for-dev");
            assert.equal(v.oidcProviderArn, `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${v.oidcIssuer.replace("https://", "")}`);
            assert.equal(v.nodeRoleArn, roleArn(`dev-node-${MOCK_REGION}`));
            assert.equal(v.nodeSg, "dev-node-sg-id");
            assert.equal(v.clusterSg, "dev-cluster-sg-id");
            assert.equal(v.volumesKeyArn, keyArn("volumes"));
            assert.equal(run.value.kubeconfigSecret, true);
            const kc = JSON.parse(v.kubeconfig);
            assert.equal(kc.clusters[0].cluster.server, v.endpoint);
            assert.deepEqual(kc.users[0].user.exec.args, [
                "eks",
                "get-token",
                "--cluster-name",
                "dev",
                "--region",
                MOCK_REGION,
                "--output",
                "json",
            ]);
            assert.ok(!/token:|client-key|password/i.test(v.kubeconfig.replace("get-token", "")), "no static credentials");
            const provider = run.one("pulumi:providers:kubernetes");
            assert.equal(provider.parentType, TYPE);
            assert.equal(provider.parentName, "dev");
        });
        it("every child is parented to the component (directly or through a key)", async () => {
            const run = await runCluster();
            for (const r of run.resources.filter((x) => x.type !== TYPE)) {
                assert.ok(r.parentType === TYPE || r.parentType === "secure-baseline:common:CustomerManagedKey", `${r.type} ${r.name}`);
            }
        });
    });
});
