import { strict as assert } from "assert";
import { ADDON_VERSIONS } from "../../components";
import { nodeRoleNameFor } from "../../components/cluster/cluster";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RecordedResource, parseJsonInput } from "../support/harness";
import {
    ADDON,
    ANY_KEY,
    BASE_ARGS,
    CLUSTER,
    EGRESS,
    INGRESS,
    INLINE,
    Props,
    ROLE,
    TYPE,
    attachedTo,
    byAlias,
    keyArn,
    obj,
    policyArn,
    roleArn,
    runCluster,
} from "./fixture";

describe("SecureCluster (EKS-5..EKS-8): workload identity, nodes, security groups, add-ons", () => {
    describe("EKS-5 workload identity", () => {
        it("EKS-5: an OIDC provider for the cluster issuer, with the STS audience", async () => {
            const run = await runCluster();
            const oidc = run.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.match(String(oidc.inputs.url), /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[A-Z0-9]+$/);
            assert.deepEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
            assert.equal(oidc.inputs.thumbprintLists, undefined);
        });
        it("EKS-5: the Pod Identity agent add-on is installed", async () => {
            const run = await runCluster();
            assert.equal(run.one(ADDON, "eks-pod-identity-agent").inputs.addonName, "eks-pod-identity-agent");
        });
        const podIdentityTrust = (sa: string) => ({
            StringEquals: {
                "aws:SourceAccount": MOCK_ACCOUNT_ID,
                "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:cluster/dev`,
                "aws:RequestTag/kubernetes-namespace": "kube-system",
                "aws:RequestTag/kubernetes-service-account": sa,
            },
        });
        it("EKS-5: the VPC CNI runs on its own Pod Identity role holding the CNI policy, after the agent; the node role does not", async () => {
            const run = await runCluster();
            const cni = run.one(ADDON, "dev-vpc-cni");
            assert.equal(cni.inputs.serviceAccountRoleArn, undefined);
            assert.deepEqual(cni.inputs.podIdentityAssociations, [{ roleArn: roleArn("dev-vpc-cni-role"), serviceAccount: "aws-node" }]);
            assert.ok(cni.dependsOn.includes(`${ADDON}::dev-eks-pod-identity-agent`), cni.dependsOn.join(", "));
            const trust = parseJsonInput<PolicyDocument>(run.one(ROLE, "vpc-cni-role").inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
            assert.deepEqual(trust.Statement[0].Action, ["sts:AssumeRole", "sts:TagSession"]);
            assert.deepEqual(trust.Statement[0].Condition, podIdentityTrust("aws-node"));
            assert.equal(trust.Statement.length, 1);
            assert.deepEqual(attachedTo(run.resources, "dev-vpc-cni-role"), [policyArn("AmazonEKS_CNI_Policy")]);
            assert.ok(!attachedTo(run.resources, `dev-node-${MOCK_REGION}`).includes(policyArn("AmazonEKS_CNI_Policy")));
        });
        it("EKS-5: the EBS CSI driver runs on its own Pod Identity role with its policy and the volumes key", async () => {
            const run = await runCluster();
            const ebs = run.one(ADDON, "aws-ebs-csi-driver");
            assert.equal(ebs.inputs.serviceAccountRoleArn, undefined);
            assert.deepEqual(ebs.inputs.podIdentityAssociations, [
                { roleArn: roleArn("dev-ebs-csi-role"), serviceAccount: "ebs-csi-controller-sa" },
            ]);
            assert.ok(ebs.dependsOn.includes("secure-baseline:common:CustomerManagedKey::dev-volumes"), ebs.dependsOn.join(", "));
            const trust = parseJsonInput<PolicyDocument>(run.one(ROLE, "ebs-csi-role").inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Condition, podIdentityTrust("ebs-csi-controller-sa"));
            assert.deepEqual(attachedTo(run.resources, "dev-ebs-csi-role"), [policyArn("service-role/AmazonEBSCSIDriverPolicy")]);
            const kms = parseJsonInput<PolicyDocument>(run.one(INLINE, "ebs-csi-role-volumes-key").inputs.policy);
            assert.ok(kms.Statement.every((s) => s.Resource === ANY_KEY && obj(s.Condition)["ForAnyValue:StringEquals"] !== undefined));
            assert.ok(
                kms.Statement.every(
                    (s) =>
                        JSON.stringify(obj(s.Condition)["ForAnyValue:StringEquals"]) ===
                        JSON.stringify(byAlias("volumes")["ForAnyValue:StringEquals"]),
                ),
            );
        });
    });

    describe("EKS-6 nodes", () => {
        it("EKS-6: node groups in the private subnets, through a launch template, with no remote access", async () => {
            const run = await runCluster();
            const ng = run.one("aws:eks/nodeGroup:NodeGroup");
            assert.deepEqual(ng.inputs.subnetIds, BASE_ARGS.privateSubnetIds);
            assert.equal(ng.inputs.remoteAccess, undefined);
            assert.equal(ng.inputs.diskSize, undefined);
            assert.equal(ng.inputs.amiType, "AL2023_x86_64_STANDARD");
            assert.deepEqual(ng.inputs.scalingConfig, { minSize: 2, desiredSize: 2, maxSize: 4 });
            assert.deepEqual(ng.inputs.launchTemplate, { id: "dev-system-lt-id", version: "1" }, "the template's latest version");
            assert.equal(ng.inputs.nodeRoleArn, roleArn(`dev-node-${MOCK_REGION}`));
        });
        it("EKS-6: the launch template requires IMDSv2 with hop limit 1, encrypts gp3 with the volumes key, has no SSH key", async () => {
            const run = await runCluster();
            const lt = run.one("aws:ec2/launchTemplate:LaunchTemplate");
            assert.deepEqual(lt.inputs.metadataOptions, {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
                instanceMetadataTags: "disabled",
            });
            assert.deepEqual(lt.inputs.blockDeviceMappings, [
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeType: "gp3", volumeSize: 50, encrypted: "true", deleteOnTermination: "true", kmsKeyId: keyArn("volumes") },
                },
            ]);
            assert.equal(lt.inputs.keyName, undefined);
            assert.deepEqual(lt.inputs.vpcSecurityGroupIds, ["dev-node-sg-id"]);
            const volumesKey = parseJsonInput<PolicyDocument>(run.one("aws:kms/key:Key", "dev-volumes-key").inputs.policy);
            assert.ok(volumesKey.Statement.some((s) => s.Sid === "AllowAutoScalingVolumes"));
        });
        it("EKS-6: hop limit 2 only through the explicit argument; Bottlerocket encrypts both volumes", async () => {
            const run = await runCluster({
                nodeGroups: [
                    {
                        name: "br",
                        instanceTypes: ["m7g.large"],
                        amiType: "BOTTLEROCKET_ARM_64",
                        minSize: 1,
                        desiredSize: 1,
                        maxSize: 3,
                        httpPutResponseHopLimit: 2,
                        diskSizeGiB: 80,
                    },
                ],
            });
            const lt = run.one("aws:ec2/launchTemplate:LaunchTemplate");
            assert.equal(obj(lt.inputs.metadataOptions).httpPutResponseHopLimit, 2);
            assert.equal(obj(lt.inputs.metadataOptions).httpTokens, "required");
            const devices = lt.inputs.blockDeviceMappings as Props[];
            assert.deepEqual(
                devices.map((d) => [d.deviceName, obj(d.ebs).volumeSize, obj(d.ebs).encrypted, obj(d.ebs).kmsKeyId]),
                [
                    ["/dev/xvda", 4, "true", keyArn("volumes")],
                    ["/dev/xvdb", 80, "true", keyArn("volumes")],
                ],
            );
            assert.equal(run.one("aws:eks/nodeGroup:NodeGroup").inputs.amiType, "BOTTLEROCKET_ARM_64");
        });
        it("EKS-6: the node role has only the worker-node and registry-pull policies (SSM only when asked)", async () => {
            const run = await runCluster();
            assert.deepEqual(attachedTo(run.resources, `dev-node-${MOCK_REGION}`), [
                policyArn("AmazonEC2ContainerRegistryPullOnly"),
                policyArn("AmazonEKSWorkerNodePolicy"),
            ]);
            assert.equal(
                run.ofType(INLINE).filter((r) => r.inputs.role === `dev-node-${MOCK_REGION}` || r.inputs.role === "dev-node-role-id")
                    .length,
                0,
            );
            const withSsm = await runCluster({ nodeSsmAccess: true });
            assert.ok(attachedTo(withSsm.resources, `dev-node-${MOCK_REGION}`).includes(policyArn("AmazonSSMManagedInstanceCore")));
            const trust = parseJsonInput<PolicyDocument>(run.one(ROLE, "dev-node-role").inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Principal, { Service: "ec2.amazonaws.com" });
        });
        it("EKS-6: the node role has a fixed name (cluster and region), so its ARN is known at preview", async () => {
            const run = await runCluster();
            assert.equal(run.one(ROLE, "dev-node-role").inputs.name, `dev-node-${MOCK_REGION}`);
            assert.equal(nodeRoleNameFor("c".repeat(100), "ap-southeast-2").length, 64);
            assert.notEqual(nodeRoleNameFor("c".repeat(100), "ap-southeast-2"), nodeRoleNameFor("c".repeat(100), "ap-southeast-1"));
        });
    });

    describe("EKS-7 security groups", () => {
        it("EKS-7: only the rules EKS needs, referencing the groups; nothing from any CIDR inbound", async () => {
            const run = await runCluster();
            for (const sg of run.ofType("aws:ec2/securityGroup:SecurityGroup")) {
                assert.equal(sg.inputs.ingress, undefined, `${sg.name} has no inline ingress`);
                assert.equal(sg.inputs.egress, undefined, `${sg.name} has no inline egress`);
                assert.equal(sg.inputs.vpcId, "vpc-0abc");
            }
            const ingress = run.ofType(INGRESS);
            for (const r of ingress) {
                assert.equal(r.inputs.cidrIpv4, undefined, `${r.name} admits a CIDR`);
                assert.equal(r.inputs.cidrIpv6, undefined, `${r.name} admits a CIDR`);
                assert.ok(r.inputs.referencedSecurityGroupId, `${r.name} references a group`);
            }
            const describe = (r: RecordedResource) =>
                `${r.inputs.securityGroupId} ${r.type === INGRESS ? "in" : "out"} ${r.inputs.ipProtocol}:${r.inputs.fromPort ?? "*"} ${r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4 ?? r.inputs.prefixListId}`;
            assert.deepEqual([...ingress, ...run.ofType(EGRESS)].map(describe).sort(), [
                "dev-cluster-sg-id in tcp:443 dev-node-sg-id",
                "dev-cluster-sg-id out tcp:10250 dev-node-sg-id",
                "dev-cluster-sg-id out tcp:443 dev-node-sg-id",
                "dev-cluster-sg-id out tcp:8443 dev-node-sg-id",
                "dev-node-sg-id in -1:* dev-node-sg-id",
                "dev-node-sg-id in tcp:10250 dev-cluster-sg-id",
                "dev-node-sg-id in tcp:443 dev-cluster-sg-id",
                "dev-node-sg-id in tcp:8443 dev-cluster-sg-id",
                "dev-node-sg-id out -1:* dev-node-sg-id",
                "dev-node-sg-id out tcp:443 10.20.0.0/16",
                "dev-node-sg-id out tcp:443 dev-cluster-sg-id",
                "dev-node-sg-id out tcp:443 pl-63a5400a",
                "dev-node-sg-id out tcp:53 10.20.0.0/16",
                "dev-node-sg-id out udp:53 10.20.0.0/16",
            ]);
            assert.deepEqual(obj(run.one(CLUSTER).inputs.vpcConfig).securityGroupIds, ["dev-cluster-sg-id"]);
        });
        it("EKS-7: with NAT, nodes may also reach 443 outside the VPC, and nothing else", async () => {
            const run = await runCluster({ nodeInternetEgress: true });
            const open = run.ofType(EGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0");
            assert.deepEqual(
                open.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]),
                [["tcp", 443, 443]],
            );
            assert.ok(run.ofType(INGRESS).every((r) => r.inputs.cidrIpv4 === undefined));
        });
    });

    describe("EKS-8 add-ons and storage", () => {
        it("EKS-8: the VPC CNI enforces network policy; add-ons are pinned and overwrite drift", async () => {
            const run = await runCluster();
            const cni = run.one(ADDON, "dev-vpc-cni");
            assert.deepEqual(JSON.parse(String(cni.inputs.configurationValues)), { enableNetworkPolicy: "true" });
            // The default version (1.35) has no confirmed builds: EKS's default build for it, no addonVersion.
            for (const a of run.ofType(ADDON)) {
                const name = String(a.inputs.addonName);
                assert.equal(a.inputs.addonVersion, undefined, `${name} takes EKS's default build`);
                assert.equal(a.inputs.resolveConflictsOnUpdate, "OVERWRITE");
                assert.equal(a.inputs.clusterName, "dev");
            }
            assert.deepEqual(
                run
                    .ofType(ADDON)
                    .map((a) => a.inputs.addonName)
                    .sort(),
                ["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"],
            );
            assert.equal(run.one(CLUSTER).inputs.bootstrapSelfManagedAddons, false);
        });
        it("EKS-8: add-on versions follow the Kubernetes version (pinned for 1.34), with explicit overrides", async () => {
            const run = await runCluster({ kubernetesVersion: "1.34", addonVersions: { coredns: "v1.12.3-eksbuild.99" } });
            const pinned = ADDON_VERSIONS["1.34"];
            assert.ok(pinned);
            for (const a of run.ofType(ADDON)) {
                const name = String(a.inputs.addonName) as keyof typeof pinned;
                assert.equal(a.inputs.addonVersion, name === "coredns" ? "v1.12.3-eksbuild.99" : pinned[name], `${name}`);
            }
            const unpinned = await runCluster({ kubernetesVersion: "1.36", addonVersions: { "kube-proxy": "v1.36.0-eksbuild.1" } });
            assert.equal(unpinned.one(ADDON, "kube-proxy").inputs.addonVersion, "v1.36.0-eksbuild.1");
            assert.equal(unpinned.one(ADDON, "coredns").inputs.addonVersion, undefined);
        });
        it("EKS-8: a default gp3 StorageClass encrypted with the volumes key, through the cluster's provider", async () => {
            const run = await runCluster();
            const sc = run.one("kubernetes:storage.k8s.io/v1:StorageClass");
            assert.ok(sc.hasExplicitProvider);
            assert.equal(sc.parentType, TYPE);
            assert.equal(sc.inputs.provisioner, "ebs.csi.aws.com");
            assert.deepEqual(sc.inputs.parameters, { type: "gp3", encrypted: "true", kmsKeyId: keyArn("volumes") });
            assert.deepEqual(obj(sc.inputs.metadata).annotations, { "storageclass.kubernetes.io/is-default-class": "true" });
            assert.ok(sc.dependsOn.some((d) => d.endsWith("dev-aws-ebs-csi-driver")));
        });
    });
});
