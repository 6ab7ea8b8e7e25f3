import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { teamGroupName } from "../../components";
import { RunResult, parseJsonInput, promiseOf } from "../support/harness";
import {
    ACCESS_ENTRY,
    K8S_PROVIDER,
    NAMESPACE_BASELINE,
    ProgramExports,
    ROLE_BINDING,
    BindingInputs,
    accessEntryGroups,
    assertComposition,
    count,
    isKubernetesObject,
    roleBindingGroups,
    runProgram,
} from "./composition";
import { stackConfig } from "./stackFiles";

describe("stacks/index.ts end to end under mocks: dev", () => {
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram(stackConfig("dev"), "dev");
    });

    it("NET: 2 AZs, one NAT gateway, flow logs kept 90 days, 8 endpoints (with Secrets Manager's, DATA-4)", () => {
        assert.equal(count(run, "aws:ec2/subnet:Subnet"), 6);
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 1);
        assert.equal(count(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"), 1);
        assert.equal(run.one("aws:ec2/flowLog:FlowLog").inputs.trafficType, "ALL");
        assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").inputs.retentionInDays, 90);
        assert.equal(count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), 8);
        assert.equal(run.one("aws:ec2/vpc:Vpc").parentName, "network");
    });

    it("EKS-1/EKS-6: the cluster uses the VPC's isolated subnets for its control plane and its private subnets for nodes", () => {
        assertComposition(run, "dev", ["network-private-0-id", "network-private-1-id"], ["network-isolated-0-id", "network-isolated-1-id"]);
        const ng = run.one("aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng.inputs.capacityType, "SPOT");
        assert.deepEqual(ng.inputs.scalingConfig, { desiredSize: 2, maxSize: 3, minSize: 1 });
    });

    it("EKS-7: with NAT (natStrategy single) nodes get internet egress on 443, and S3 through the gateway endpoint's prefix list", () => {
        assert.equal(
            run.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "node-to-internet-https").inputs.cidrIpv4,
            "0.0.0.0/0",
        );
        const s3 = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.prefixListId !== undefined);
        assert.deepEqual(
            s3.map((r) => r.inputs.prefixListId),
            ["pl-network-endpoint-s3-id"],
        );
    });

    it("EKS-3/EKS-4: control-plane logs kept 90 days; the placeholder admin gets cluster admin and nothing else does", () => {
        assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup", "cluster-control-plane-logs").inputs.retentionInDays, 90);
        const admin = run
            .ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
            .filter((a) => String(a.inputs.policyArn).endsWith("AmazonEKSClusterAdminPolicy"));
        assert.deepEqual(
            admin.map((a) => a.inputs.principalArn),
            ["arn:aws:iam::123456789012:role/REPLACE-ME-platform-admin"],
        );
        // K8S-5: the committed stack puts nobody in the break-glass group.
        assert.ok(run.ofType(ACCESS_ENTRY).every((e) => !(e.inputs.kubernetesGroups as string[]).includes("secure-baseline:break-glass")));
    });

    it("K8S-1..K8S-6: guardrails and every namespace go through the cluster's Kubernetes provider, after the cluster", () => {
        assert.deepEqual(
            run.ofType(K8S_PROVIDER).map((p) => p.name),
            ["cluster-k8s"],
        );
        const k8s = run.resources.filter(isKubernetesObject);
        assert.ok(k8s.length > 20);
        for (const r of k8s) assert.ok(r.hasExplicitProvider, `${r.type} ${r.name} has the cluster's provider`);
        for (const c of [run.one("secure-baseline:guardrails:ClusterGuardrails"), ...run.ofType(NAMESPACE_BASELINE)]) {
            assert.ok(c.hasExplicitProvider, c.name);
            assert.ok(c.dependsOn.includes("secure-baseline:cluster:SecureCluster::cluster"), c.name);
        }
    });

    it("K8S-5: one NamespaceBaseline for the example team; its RoleBindings name the groups of its EKS access entries", () => {
        assert.deepEqual(
            run.ofType(NAMESPACE_BASELINE).map((n) => n.name),
            ["namespace-example"],
        );
        assert.deepEqual(accessEntryGroups(run, "example"), [teamGroupName("example", "edit")]);
        assert.deepEqual(roleBindingGroups(run, "example"), [teamGroupName("example", "edit"), teamGroupName("example", "view")]);
        // deploy is left unbound (no access entry carries a deploy group).
        const roles = run
            .ofType(ROLE_BINDING)
            .filter((b) => b.parentType === NAMESPACE_BASELINE)
            .map((b) => (b.inputs as unknown as BindingInputs).roleRef.name)
            .sort();
        assert.deepEqual(roles, ["secure-baseline-edit", "secure-baseline-view"]);
    });

    it("K8S-6: the admission allowlist is the account's ECR host, read from the account and region", () => {
        const policies = run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy");
        const registries = policies.find((p) => (p.inputs.metadata as { name: string }).name.endsWith("allowed-registries"));
        assert.ok(registries, "an allowed-registries policy");
        assert.ok(JSON.stringify(registries.inputs).includes("'123456789012.dkr.ecr.us-east-1.amazonaws.com'"));
        for (const b of run.ofType("kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding")) {
            assert.deepEqual((b.inputs.spec as { validationActions: string[] }).validationActions, ["Deny"], b.name);
        }
    });

    it("DET-1/DATA-1: detection is present; EBS default encryption uses detection's own key, not the cluster's", () => {
        assert.equal(count(run, "aws:guardduty/detector:Detector"), 1);
        assert.equal(count(run, "aws:securityhub/account:Account"), 0, "dev turns Security Hub off");
        const defaultKey = String(run.one("aws:ebs/defaultKmsKey:DefaultKmsKey").inputs.keyArn);
        assert.match(defaultKey, /key\/detection-/);
        assert.doesNotMatch(defaultKey, /cluster-volumes/);
    });

    it("CTR-1: the repository policy lets exactly the cluster's node role pull; basic scanning in dev", () => {
        const policy = parseJsonInput<{ Statement: Array<{ Principal: { AWS: string[] } }> }>(
            run.one("aws:ecr/repositoryPolicy:RepositoryPolicy").inputs.policy,
        );
        assert.deepEqual(
            policy.Statement.map((s) => s.Principal.AWS),
            [[`arn:aws:iam::123456789012:role/secure-baseline-dev-node-us-east-1`]],
        );
        assert.equal(run.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").inputs.scanType, "BASIC");
    });

    it("typed stack outputs, the kubeconfig secret", async () => {
        const out = run.value;
        assert.deepEqual(Object.keys(out).sort(), [
            "admissionPolicyNames",
            "alertTopicArn",
            "auditBucketName",
            "availabilityZones",
            "clusterEndpoint",
            "clusterName",
            "detectorId",
            "endpointSecurityGroupId",
            "flowLogGroupName",
            "isolatedSubnetIds",
            "kubeconfig",
            "logsKeyArn",
            "nodeRoleArn",
            "oidcProviderArn",
            "privateSubnetIds",
            "publicSubnetIds",
            "repositoryUrls",
            "secretsKeyArn",
            "secretsTeamRoleArns",
            "signerRoleArn",
            "signingKeyReference",
            "teamNamespaces",
            "vpcCidr",
            "vpcId",
            "webAclArn",
        ]);
        assert.equal(await promiseOf(out.vpcId), "network-vpc-id");
        assert.deepEqual(await promiseOf(out.privateSubnetIds), ["network-private-0-id", "network-private-1-id"]);
        assert.deepEqual(await promiseOf(out.availabilityZones), ["us-east-1a", "us-east-1b"]);
        assert.equal(await promiseOf(out.clusterName), "secure-baseline-dev");
        assert.equal(await pulumi.isSecret(out.kubeconfig), true);
        assert.equal(await pulumi.isSecret(out.clusterEndpoint), false);
        assert.deepEqual(await promiseOf(out.teamNamespaces), { example: ["example"] });
        assert.equal(
            await promiseOf(out.signingKeyReference),
            "awskms:///arn:aws:kms:us-east-1:123456789012:alias/secure-baseline/dev/signing/guardrails",
        );
        assert.match(String(await promiseOf(out.signerRoleArn)), /guardrails-signer/);
        assert.deepEqual(await promiseOf(out.repositoryUrls), {
            "example/app": "123456789012.dkr.ecr.us-east-1.amazonaws.com/example/app",
        });
        // K8S-6's six, and CODE-3's ALB Ingress web-ACL policy (edgeProtection is on).
        const names = (await promiseOf(out.admissionPolicyNames)) as string[];
        assert.equal(names.length, 7);
        assert.ok(names.includes("secure-baseline-alb-ingress-waf"));
    });
});

describe("stacks/index.ts end to end under mocks: prod", () => {
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram(stackConfig("prod"), "prod");
    });

    it("NET: 3 AZs, a NAT gateway per AZ, protected flow logs kept a year", () => {
        assert.equal(count(run, "aws:ec2/subnet:Subnet"), 9);
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 3);
        const logs = run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
        assert.equal(logs.inputs.retentionInDays, 365);
        assert.equal(logs.protect, true);
    });

    it("EKS-1/EKS-6/EKS-10: cluster in the VPC's subnets, protected", () => {
        assertComposition(
            run,
            "prod",
            ["network-private-0-id", "network-private-1-id", "network-private-2-id"],
            ["network-isolated-0-id", "network-isolated-1-id", "network-isolated-2-id"],
        );
        assert.equal(run.one("aws:eks/cluster:Cluster").protect, true);
    });

    it("K8S-1..K8S-5: one NamespaceBaseline per team namespace, through the cluster's provider", () => {
        assert.deepEqual(
            run
                .ofType(NAMESPACE_BASELINE)
                .map((n) => n.name)
                .sort(),
            ["namespace-payments", "namespace-search", "namespace-search-batch"],
        );
        for (const r of run.resources.filter(isKubernetesObject)) assert.ok(r.hasExplicitProvider, `${r.type} ${r.name}`);
        const quota = run
            .ofType("kubernetes:core/v1:ResourceQuota")
            .find((q) => (q.inputs.metadata as { namespace: string }).namespace === "payments");
        assert.equal((quota?.inputs.spec as { hard: Record<string, string> }).hard["limits.cpu"], "16");
        const egress = run
            .ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .filter((p) => (p.inputs.metadata as { name: string }).name === "allow-egress-payment-provider");
        assert.equal(egress.length, 1);
    });

    it("K8S-5/EKS-4: for each team, the RoleBinding groups are exactly the groups of its EKS access entries (viewers and editors)", () => {
        assert.deepEqual(accessEntryGroups(run, "payments"), [teamGroupName("payments", "edit"), teamGroupName("payments", "view")]);
        assert.deepEqual(roleBindingGroups(run, "payments"), accessEntryGroups(run, "payments"));
        // search has editors only: its edit group matches; its view binding waits for viewers.
        for (const ns of ["search", "search-batch"]) {
            assert.ok(roleBindingGroups(run, ns).includes(teamGroupName("search", "edit")), ns);
            assert.deepEqual(accessEntryGroups(run, "search"), [teamGroupName("search", "edit")]);
        }
        // An editor's access policy is the view policy, scoped to exactly the team's namespaces; writes come
        // only from the edit RoleBinding above (K8S-3: no Secrets, no pod patching through EKS).
        const associations = run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        const search = associations
            .filter((a) => String(a.inputs.principalArn).endsWith("REPLACE-ME-search-developer"))
            .map((a) => [a.inputs.policyArn, a.inputs.accessScope]);
        assert.deepEqual(search, [
            ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", { type: "namespace", namespaces: ["search", "search-batch"] }],
        ]);
        assert.ok(associations.every((a) => !String(a.inputs.policyArn).endsWith("/AmazonEKSEditPolicy")));
    });

    it("DET-5/DET-6: Security Hub on, alerts to the placeholder mailbox", () => {
        assert.equal(count(run, "aws:securityhub/account:Account"), 1);
        const subs = run.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint]);
        assert.deepEqual(subs, [["email", "REPLACE-ME-security-alerts@example.com"]]);
    });

    it("CTR-1: two repositories, each pullable by the node role only; enhanced continuous scanning", () => {
        const policies = run.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy");
        assert.equal(policies.length, 2);
        for (const p of policies) assert.ok(String(p.inputs.policy).includes(`role/secure-baseline-prod-node-us-east-1`), p.name);
        assert.equal(run.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").inputs.scanType, "ENHANCED");
    });

    it("typed outputs name every team's namespaces", async () => {
        assert.deepEqual(await promiseOf(run.value.teamNamespaces), { payments: ["payments"], search: ["search", "search-batch"] });
    });
});
