import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { teamGroupName } from "../../components";
import { RecordedResource, RunResult, parseJsonInput, promiseOf, runPulumi } from "../support/harness";
import { ROOT, stackConfig } from "./stackFiles";

const PROGRAM = path.join(ROOT, "stacks", "index.ts");
type ProgramExports = Record<string, pulumi.Output<unknown>>;

/** Runs stacks/index.ts itself (fresh each time, as `pulumi up` would) with the given stack config. */
function runProgram(config: Record<string, unknown>, stack: string): Promise<RunResult<ProgramExports>> {
    return runPulumi(
        async () => {
            delete require.cache[require.resolve(PROGRAM)];
            return (await import(PROGRAM)) as ProgramExports;
        },
        { config, stack },
    );
}

const count = (run: RunResult<unknown>, type: string) => run.ofType(type).length;
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const NAMESPACE_BASELINE = "secure-baseline:guardrails:NamespaceBaseline";

interface Subject {
    kind: string;
    name: string;
}
interface BindingInputs {
    metadata: { name: string; namespace: string };
    roleRef: { name: string };
    subjects: Subject[];
}

/** Groups on the EKS access entries of a team's principals, per role (from the registered entries). */
function accessEntryGroups(run: RunResult<unknown>, team: string): string[] {
    return [
        ...new Set(
            run.ofType(ACCESS_ENTRY).flatMap((e) => (e.inputs.kubernetesGroups as string[]).filter((g) => g.startsWith(`team:${team}:`))),
        ),
    ].sort();
}

/** Group subjects of the RoleBindings in one namespace. */
function roleBindingGroups(run: RunResult<unknown>, namespace: string): string[] {
    return (
        run
            .ofType(ROLE_BINDING)
            // The team's own bindings (NamespaceBaseline's); DET-9's containment binding is tested in test/response.
            .filter((b) => b.parentType === NAMESPACE_BASELINE)
            .map((b) => b.inputs as unknown as BindingInputs)
            .filter((b) => b.metadata.namespace === namespace)
            .flatMap((b) => b.subjects.filter((s) => s.kind === "Group").map((s) => s.name))
            .sort()
    );
}

function isKubernetesObject(r: RecordedResource): boolean {
    return r.type.startsWith("kubernetes:");
}

/** Common composition checks for every committed stack. */
function assertComposition(run: RunResult<ProgramExports>, stack: string, privateSubnets: string[], isolatedSubnets: string[]): void {
    const cluster = run.one("aws:eks/cluster:Cluster");
    assert.equal(cluster.inputs.name, `secure-baseline-${stack}`);
    // EKS-1/NET-1: control plane ENIs in the isolated subnets, nodes in the private ones.
    assert.deepEqual((cluster.inputs.vpcConfig as { subnetIds: string[] }).subnetIds, isolatedSubnets);
    for (const ng of run.ofType("aws:eks/nodeGroup:NodeGroup")) assert.deepEqual(ng.inputs.subnetIds, privateSubnets, ng.name);
    // The subnets carry the tag of exactly this cluster.
    for (const s of run.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.includes("private"))) {
        assert.equal((s.inputs.tags as Record<string, string>)[`kubernetes.io/cluster/secure-baseline-${stack}`], "shared", s.name);
    }
    // The cluster's security groups live in the VPC the program built.
    for (const sg of run.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => g.parentName === "cluster"))
        assert.equal(sg.inputs.vpcId, "network-vpc-id");
}

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

describe("stacks/index.ts end to end under mocks: natStrategy none (NET-7)", () => {
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), "secure-baseline:natStrategy": "none" }, "dev");
    });

    it("NET-7: composes with no NAT gateway, no elastic IP and no default route from the private subnets", () => {
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 0);
        assert.equal(count(run, "aws:ec2/eip:Eip"), 0);
        assert.ok(!run.ofType("aws:ec2/route:Route").some((r) => r.name.includes("private")));
        // The six interface endpoints and the S3 gateway stay; DATA-4 adds secretsmanager, DET-9's containment function sns (no NAT to reach it).
        assert.equal(count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), 9, "interface endpoints stay, plus secretsmanager and sns");
        assert.ok(
            run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => String(e.inputs.serviceName).endsWith(".sns")),
            "an sns endpoint",
        );
        assertComposition(run, "dev", ["network-private-0-id", "network-private-1-id"], ["network-isolated-0-id", "network-isolated-1-id"]);
    });

    it("NET-7/EKS-7: nodes get no internet egress, and 443 to the VPC's S3 gateway endpoint prefix list", () => {
        const egress = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        assert.ok(!egress.some((r) => r.name.includes("node-to-internet")));
        assert.ok(!egress.some((r) => r.inputs.cidrIpv4 === "0.0.0.0/0"), "nodeInternetEgress is false");
        const s3 = egress.filter((r) => r.inputs.prefixListId !== undefined);
        assert.deepEqual(
            s3.map((r) => [r.inputs.prefixListId, r.inputs.fromPort, r.inputs.toPort]),
            [["pl-network-endpoint-s3-id", 443, 443]],
        );
    });
});

describe("stacks/index.ts end to end under mocks: break-glass principals (EKS-4, K8S-5)", () => {
    const IR = "arn:aws:iam::123456789012:role/REPLACE-ME-incident-response";
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), "secure-baseline:breakGlassPrincipalArns": [IR] }, "dev");
    });

    it("EKS-4/K8S-5: the break-glass principal's access entry carries exactly the group the cluster-admin binding names, and no access policy", () => {
        const entry = run.ofType(ACCESS_ENTRY).find((e) => e.inputs.principalArn === IR);
        assert.ok(entry, "an access entry for the break-glass principal");
        const admin = run
            .ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
            .map((b) => b.inputs as unknown as { roleRef: { name: string }; subjects: Subject[] })
            .filter((b) => b.roleRef.name === "cluster-admin");
        assert.equal(admin.length, 1);
        assert.deepEqual(
            entry.inputs.kubernetesGroups,
            admin[0].subjects.map((s) => s.name),
        );
        assert.deepEqual(entry.inputs.kubernetesGroups, ["secure-baseline:break-glass"]);
        assert.deepEqual(
            run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.inputs.principalArn === IR),
            [],
        );
    });
});

describe("stacks/index.ts: bad config stops the program before any resource", () => {
    async function failure(change: Record<string, unknown>, stack = "dev"): Promise<RunResult<string>> {
        return runPulumi(
            async () => {
                try {
                    delete require.cache[require.resolve(PROGRAM)];
                    await import(PROGRAM);
                } catch (e) {
                    return (e as Error).message;
                }
                return "built";
            },
            { config: { ...stackConfig(stack), ...change } },
        );
    }

    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        [
            "NET-7: an unknown NAT strategy",
            { "secure-baseline:natStrategy": "dual" },
            /^invalid stack config: secure-baseline:natStrategy "dual" is not allowed; use one of none, single, perAz$/,
        ],
        ["a misspelt key", { "secure-baseline:azcount": 3 }, /secure-baseline:azcount "3" is not a config key/],
        [
            "EKS-9: an unsupported Kubernetes version",
            { "secure-baseline:kubernetesVersion": "1.20" },
            /secure-baseline:kubernetesVersion "1\.20" is not allowed; use one of 1\.34, 1\.35, 1\.36/,
        ],
        [
            "EKS-1: a world-open endpoint CIDR",
            { "secure-baseline:publicAccessCidrs": ["0.0.0.0/0"] },
            /secure-baseline:publicAccessCidrs\[0\] "0\.0\.0\.0\/0" opens the API endpoint/,
        ],
        [
            "DET-1: an unknown GuardDuty feature",
            { "secure-baseline:guardDutyFeatures": ["EKS_AUDIT_LOGS", "FOO"] },
            /secure-baseline:guardDutyFeatures\[1\] "FOO" is not allowed; use one of S3_DATA_EVENTS/,
        ],
        [
            "CTR-1: a bad repository name",
            { "secure-baseline:repositories": ["Example/App"] },
            /secure-baseline:repositories\[0\] "Example\/App" is not a valid ECR name/,
        ],
        [
            "K8S-4: a quota Kubernetes would not parse",
            { "secure-baseline:teams": [{ name: "example", quota: { requestsCpu: "2 cores" } }] },
            /secure-baseline:teams\[0\]\.quota\.requestsCpu "2 cores" is not a Kubernetes quantity/,
        ],
        [
            "K8S-6: a registry allowlist entry that is not a host",
            { "secure-baseline:additionalRegistries": ["https://ghcr.io"] },
            /secure-baseline:additionalRegistries\[0\] "https:\/\/ghcr\.io" is not a registry host/,
        ],
    ];
    for (const [title, change, message] of cases) {
        it(`rejects ${title}, naming the key, and registers nothing`, async () => {
            const run = await failure(change);
            assert.match(run.value, message);
            assert.equal(run.resources.length, 0);
        });
    }

    it("EKS-4: a stack without adminPrincipalArns is refused (no default admin)", async () => {
        const config = stackConfig("dev");
        delete config["secure-baseline:adminPrincipalArns"];
        const run = await runPulumi(
            async () => {
                try {
                    delete require.cache[require.resolve(PROGRAM)];
                    await import(PROGRAM);
                } catch (e) {
                    return (e as Error).message;
                }
                return "built";
            },
            { config },
        );
        assert.match(run.value, /secure-baseline:adminPrincipalArns is required and has no default/);
        assert.equal(run.resources.length, 0);
    });
});
