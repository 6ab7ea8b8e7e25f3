import { strict as assert } from "assert";
import { IPv4, IPv4CidrRange } from "ip-num";
import { HardenedVpc, HardenedVpcArgs } from "../../components/network";
import { naclAdmitsTcp, NaclRule } from "../../components/network/nacl";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { RunResult, TEST_STACK, parseJsonInput, promiseOf, runPulumi } from "../support/harness";

/** NET-4: the flow-log group's fixed name (known at preview, so is the delivery policy written from it). */
const FLOW_LOG_GROUP = `/secure-baseline/${TEST_STACK}/net/vpc-flow-logs`;

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    defaultNacl: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    key: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    igw: "aws:ec2/internetGateway:InternetGateway",
    route: "aws:ec2/route:Route",
    rt: "aws:ec2/routeTable:RouteTable",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
};

type Run = RunResult<HardenedVpc>;
const build = (args: HardenedVpcArgs = {}) => runPulumi(() => new HardenedVpc("net", args));
const tagsOf = (r: { inputs: Record<string, unknown> }) => (r.inputs.tags ?? {}) as Record<string, string>;
const subnetsOf = (run: Run, tier: string) => run.ofType(T.subnet).filter((s) => tagsOf(s)["secure-baseline:tier"] === tier);
const inCidr = (cidr: string) => (source: string) => IPv4CidrRange.fromCidr(cidr).contains(IPv4.fromString(source));

describe("HardenedVpc (NET-1..NET-8)", () => {
    let run: Run;
    /** Every optional argument that changes a default, in one run (each run costs about a second). */
    let variant: Run;
    /** Two AZs, one NAT gateway. */
    let single: Run;
    before(async () => {
        run = await build();
        variant = await build({
            protect: false,
            flowLogRetentionDays: 731,
            clusterName: "prod",
            interfaceEndpointServices: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "eks-auth"],
        });
        single = await build({ natStrategy: "single", azCount: 2 });
    });

    it("NET-8: the VPC has DNS support and DNS hostnames on", () => {
        const vpc = run.one(T.vpc);
        assert.equal(vpc.inputs.enableDnsSupport, true);
        assert.equal(vpc.inputs.enableDnsHostnames, true);
        assert.equal(vpc.inputs.cidrBlock, "10.0.0.0/16");
        assert.equal(vpc.parentType, "secure-baseline:network:HardenedVpc");
    });

    it("NET-1: one public, private and isolated subnet per AZ, none maps public IPs on launch", () => {
        const subnets = run.ofType(T.subnet);
        assert.equal(subnets.length, 9);
        for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false, s.name);
        for (const tier of ["public", "private", "isolated"]) {
            assert.deepEqual(
                subnetsOf(run, tier).map((s) => s.inputs.availabilityZone),
                ["us-east-1a", "us-east-1b", "us-east-1c"],
                tier,
            );
        }
        assert.deepEqual(
            subnetsOf(run, "private").map((s) => s.inputs.cidrBlock),
            ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
        );
    });

    it("NET-1: public subnets are tagged for internet-facing load balancers only, private for internal ones, isolated for neither", () => {
        for (const s of subnetsOf(run, "public")) {
            assert.equal(tagsOf(s)["kubernetes.io/role/elb"], "1");
            assert.equal(tagsOf(s)["kubernetes.io/role/internal-elb"], undefined);
        }
        for (const s of subnetsOf(run, "private")) {
            assert.equal(tagsOf(s)["kubernetes.io/role/internal-elb"], "1");
            assert.equal(tagsOf(s)["kubernetes.io/role/elb"], undefined);
        }
        for (const s of subnetsOf(run, "isolated")) {
            assert.ok(!Object.keys(tagsOf(s)).some((k) => k.startsWith("kubernetes.io/")), s.name);
        }
    });

    it("NET-1: with a cluster name every subnet carries kubernetes.io/cluster/<name>=shared", () => {
        for (const s of variant.ofType(T.subnet)) assert.equal(tagsOf(s)["kubernetes.io/cluster/prod"], "shared", s.name);
    });

    it("NET-1: only the public route table reaches the internet gateway; isolated subnets have no default route", () => {
        const routes = run.ofType(T.route);
        const igwRoutes = routes.filter((r) => r.inputs.gatewayId !== undefined);
        assert.deepEqual(
            igwRoutes.map((r) => [r.inputs.routeTableId, r.inputs.gatewayId]),
            [["net-public-rt-id", "net-igw-id"]],
        );
        assert.ok(!routes.some((r) => r.inputs.routeTableId === "net-isolated-rt-id"));
        const isolatedIds = subnetsOf(run, "isolated").map((s) => `${s.name}-id`);
        const rtaOf = (subnetId: string) => run.ofType(T.rta).find((a) => a.inputs.subnetId === subnetId)?.inputs.routeTableId;
        assert.deepEqual(isolatedIds.map(rtaOf), ["net-isolated-rt-id", "net-isolated-rt-id", "net-isolated-rt-id"]);
        assert.deepEqual(
            subnetsOf(run, "private").map((s) => rtaOf(`${s.name}-id`)),
            ["net-private-0-rt-id", "net-private-1-rt-id", "net-private-2-rt-id"],
        );
    });

    it("NET-2: the default security group is adopted with no ingress and no egress rules", () => {
        const sg = run.one(T.defaultSg);
        assert.equal(sg.inputs.vpcId, "net-vpc-id");
        assert.deepEqual(sg.inputs.ingress, []);
        assert.deepEqual(sg.inputs.egress, []);
    });

    it("NET-3: the default network ACL is adopted for every subnet", () => {
        const nacl = run.one(T.defaultNacl);
        assert.equal(nacl.inputs.defaultNetworkAclId, "net-vpc-id-default-nacl");
        assert.deepEqual(
            [...(nacl.inputs.subnetIds as string[])].sort(),
            run
                .ofType(T.subnet)
                .map((s) => `${s.name}-id`)
                .sort(),
        );
    });

    it("NET-3: the NACL never lets 0.0.0.0/0 reach 22 or 3389, and has no ::/0 rule at all", () => {
        const rules = run.one(T.defaultNacl).inputs.ingress as NaclRule[];
        for (const port of [22, 3389]) {
            for (const source of ["203.0.113.7", "8.8.8.8", "192.168.1.1"]) {
                assert.equal(
                    naclAdmitsTcp(rules, (c) => inCidr(c)(source), port),
                    false,
                    `${source}:${port}`,
                );
            }
        }
        const nacl = run.one(T.defaultNacl).inputs;
        const all = [...(nacl.ingress as Array<Record<string, unknown>>), ...(nacl.egress as Array<Record<string, unknown>>)];
        assert.ok(!all.some((r) => r.ipv6CidrBlock !== undefined));
        // every allow rule from anywhere is preceded by the admin-port denies
        const allowAny = rules.find((r) => r.action === "allow" && r.cidrBlock === "0.0.0.0/0");
        const denies = rules.filter((r) => r.action === "deny" && r.cidrBlock === "0.0.0.0/0");
        assert.deepEqual(
            denies.map((d) => d.fromPort).sort((a, b) => a - b),
            [22, 3389],
        );
        assert.ok(denies.every((d) => allowAny !== undefined && d.ruleNo < allowAny.ruleNo));
    });

    it("NET-3: the NACL keeps the VPC working: VPC traffic, HTTPS from the internet and return traffic pass", () => {
        const rules = run.one(T.defaultNacl).inputs.ingress as NaclRule[];
        const from = (source: string) => (c: string) => inCidr(c)(source);
        assert.equal(naclAdmitsTcp(rules, from("10.0.40.9"), 22), true, "SSH inside the VPC");
        assert.equal(naclAdmitsTcp(rules, from("203.0.113.7"), 443), true, "HTTPS to load balancers");
        assert.equal(naclAdmitsTcp(rules, from("203.0.113.7"), 40000), true, "ephemeral return traffic");
        assert.deepEqual(run.one(T.defaultNacl).inputs.egress, [
            { ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 },
        ]);
    });

    it("NET-4: flow logs capture ALL traffic of the VPC into the log group, through the delivery role", () => {
        const fl = run.one(T.flowLog);
        assert.equal(fl.inputs.trafficType, "ALL");
        assert.equal(fl.inputs.vpcId, "net-vpc-id");
        assert.equal(fl.inputs.logDestinationType, "cloud-watch-logs");
        assert.equal(fl.inputs.logDestination, `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${FLOW_LOG_GROUP}`);
        assert.equal(fl.inputs.iamRoleArn, `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/net-flow-logs-role`);
        assert.deepEqual(fl.dependsOn, ["aws:iam/rolePolicy:RolePolicy::net-flow-logs-delivery"]);
    });

    it("NET-4: the log group is encrypted with the logs customer-managed key and keeps 365 days by default", () => {
        const group = run.one(T.logGroup);
        assert.equal(group.inputs.kmsKeyId, `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/net-flow-logs-key-key-id`);
        assert.equal(group.inputs.retentionInDays, 365);
        // A fixed name, not namePrefix: the delivery policy is written from it and known at preview.
        assert.equal(group.inputs.name, FLOW_LOG_GROUP);
        assert.equal(group.inputs.namePrefix, undefined);
        const key = run.one(T.key);
        assert.equal(key.parentName, "net-flow-logs-key");
        assert.equal(tagsOf(key).purpose, "logs");
        const policy = parseJsonInput<PolicyDocument>(key.inputs.policy);
        assert.ok(
            policy.Statement.some((s) => s.Principal?.Service === `logs.${MOCK_REGION}.amazonaws.com`),
            "logs service may use the key",
        );
    });

    it("NET-4: the key and the log group are protected and retained on delete by default", () => {
        for (const r of [run.one(T.key), run.one(T.logGroup)]) {
            assert.equal(r.protect, true, r.name);
            assert.equal(r.retainOnDelete, true, r.name);
        }
    });

    it("NET-4: protection can be turned off explicitly", () => {
        assert.equal(variant.one(T.logGroup).protect, false);
        assert.equal(variant.one(T.logGroup).retainOnDelete, false);
        assert.equal(variant.one(T.key).protect, false);
    });

    it("NET-4: retention is configurable", () => {
        assert.equal(variant.one(T.logGroup).inputs.retentionInDays, 731);
    });

    it("NET-4: the delivery role trusts only vpc-flow-logs for this account and may only write to its log group", () => {
        const trust = parseJsonInput<PolicyDocument>(run.one(T.role).inputs.assumeRolePolicy);
        assert.equal(trust.Statement.length, 1);
        assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
        assert.deepEqual(trust.Statement[0].Condition?.StringEquals, { "aws:SourceAccount": MOCK_ACCOUNT_ID });
        assert.deepEqual(trust.Statement[0].Condition?.ArnLike, {
            "aws:SourceArn": `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:vpc-flow-log/*`,
        });

        const policy = run.one(T.rolePolicy);
        assert.equal(policy.inputs.role, "net-flow-logs-role-id");
        const doc = parseJsonInput<PolicyDocument>(policy.inputs.policy);
        const group = `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${FLOW_LOG_GROUP}`;
        assert.deepEqual(doc.Statement, [
            {
                Sid: "DeliverToFlowLogGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [group, `${group}:*`],
            },
        ]);
    });

    it("NET-5: an S3 gateway endpoint serves the private and isolated route tables", () => {
        const s3 = run.one(T.endpoint, "endpoint-s3");
        assert.equal(s3.inputs.serviceName, `com.amazonaws.${MOCK_REGION}.s3`);
        assert.equal(s3.inputs.vpcEndpointType, "Gateway");
        assert.deepEqual(s3.inputs.routeTableIds, [
            "net-private-0-rt-id",
            "net-private-1-rt-id",
            "net-private-2-rt-id",
            "net-isolated-rt-id",
        ]);
    });

    it("NET-5: interface endpoints for ecr.api, ecr.dkr, sts, logs, ec2 and kms, with private DNS, in the private subnets", () => {
        const endpoints = run.ofType(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
        assert.deepEqual(
            endpoints.map((e) => e.inputs.serviceName),
            ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms"].map((s) => `com.amazonaws.${MOCK_REGION}.${s}`),
        );
        const privateIds = subnetsOf(run, "private").map((s) => `${s.name}-id`);
        for (const e of endpoints) {
            assert.equal(e.inputs.privateDnsEnabled, true, e.name);
            assert.deepEqual(e.inputs.subnetIds, privateIds, e.name);
            assert.deepEqual(e.inputs.securityGroupIds, ["net-endpoints-sg-id"], e.name);
        }
    });

    it("NET-5: the endpoint security group admits TCP 443 from the VPC CIDR only and has no egress", () => {
        const sg = run.one(T.sg, "endpoints-sg");
        assert.equal(sg.inputs.vpcId, "net-vpc-id");
        assert.deepEqual(
            (sg.inputs.ingress as Array<Record<string, unknown>>).map(({ protocol, fromPort, toPort, cidrBlocks, ipv6CidrBlocks }) => ({
                protocol,
                fromPort,
                toPort,
                cidrBlocks,
                ipv6CidrBlocks,
            })),
            [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: undefined }],
        );
        assert.deepEqual(sg.inputs.egress, []);
    });

    it("NET-5: the endpoint list is configurable and extra services get the same treatment", () => {
        const extra = variant.one(T.endpoint, "endpoint-eks-auth");
        assert.equal(extra.inputs.serviceName, `com.amazonaws.${MOCK_REGION}.eks-auth`);
        assert.equal(extra.inputs.privateDnsEnabled, true);
    });

    it("NET-6: no security group the VPC creates admits 0.0.0.0/0 or ::/0", () => {
        const groups = [...run.ofType(T.sg), ...run.ofType(T.defaultSg)];
        assert.ok(groups.length >= 2);
        for (const g of groups) {
            for (const rule of (g.inputs.ingress ?? []) as Array<Record<string, unknown>>) {
                assert.ok(!((rule.cidrBlocks ?? []) as string[]).includes("0.0.0.0/0"), g.name);
                assert.ok(!((rule.ipv6CidrBlocks ?? []) as string[]).includes("::/0"), g.name);
            }
        }
    });

    it("NET-7: perAz by default: one NAT gateway per AZ in the public subnets, each private route table uses its own AZ's", () => {
        const nats = run.ofType(T.nat);
        assert.deepEqual(
            nats.map((n) => n.inputs.subnetId),
            subnetsOf(run, "public").map((s) => `${s.name}-id`),
        );
        assert.equal(run.ofType(T.eip).length, 3);
        const natRoutes = run.ofType(T.route).filter((r) => r.inputs.natGatewayId !== undefined);
        assert.deepEqual(
            natRoutes.map((r) => [r.inputs.routeTableId, r.inputs.natGatewayId, r.inputs.destinationCidrBlock]),
            [
                ["net-private-0-rt-id", "net-nat-0-id", "0.0.0.0/0"],
                ["net-private-1-rt-id", "net-nat-1-id", "0.0.0.0/0"],
                ["net-private-2-rt-id", "net-nat-2-id", "0.0.0.0/0"],
            ],
        );
    });

    it("NET-7: single: one NAT gateway shared by every private route table", () => {
        assert.equal(single.ofType(T.nat).length, 1);
        assert.deepEqual(
            single
                .ofType(T.route)
                .filter((x) => x.inputs.natGatewayId !== undefined)
                .map((x) => x.inputs.natGatewayId),
            ["net-nat-0-id", "net-nat-0-id"],
        );
    });

    it("NET-7: none: no NAT gateway, no elastic IP, no default route from private subnets; endpoints stay", async () => {
        const r = await build({ natStrategy: "none" });
        assert.equal(r.ofType(T.nat).length, 0);
        assert.equal(r.ofType(T.eip).length, 0);
        assert.ok(!r.ofType(T.route).some((x) => String(x.inputs.routeTableId).includes("private")));
        assert.equal(r.ofType(T.endpoint).length, 7);
        // Nodes without NAT reach S3 (ECR image layers) only through the gateway endpoint's prefix list.
        assert.equal(await promiseOf(r.value.s3PrefixListId), "pl-net-endpoint-s3-id");
    });

    it("NET-7: none without public subnets: no internet gateway at all", async () => {
        const r = await build({ natStrategy: "none", publicSubnets: false });
        assert.equal(r.ofType(T.igw).length, 0);
        assert.equal(r.ofType(T.route).length, 0);
        assert.equal(subnetsOf(r, "public").length, 0);
        assert.equal(r.ofType(T.subnet).length, 6);
    });

    it("outputs: ids by tier, S3 prefix list, endpoint security group, flow-log group, AZs and the logs key", async () => {
        const vpc = single.value;
        assert.equal(await promiseOf(vpc.vpcId), "net-vpc-id");
        assert.equal(await promiseOf(vpc.vpcCidr), "10.0.0.0/16");
        assert.deepEqual(await promiseOf(vpc.azs), ["us-east-1a", "us-east-1b"]);
        assert.deepEqual(await promiseOf(vpc.publicSubnetIds), ["net-public-0-id", "net-public-1-id"]);
        assert.deepEqual(await promiseOf(vpc.privateSubnetIds), ["net-private-0-id", "net-private-1-id"]);
        assert.deepEqual(await promiseOf(vpc.isolatedSubnetIds), ["net-isolated-0-id", "net-isolated-1-id"]);
        assert.equal(await promiseOf(vpc.endpointSecurityGroupId), "net-endpoints-sg-id");
        // NET-5: the S3 gateway endpoint's prefix list (the provider's computed `prefixListId`).
        assert.equal(await promiseOf(vpc.s3PrefixListId), "pl-net-endpoint-s3-id");
        assert.equal(await promiseOf(vpc.flowLogGroupName), FLOW_LOG_GROUP);
        assert.equal(await promiseOf(vpc.logsKeyArn), `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/net-flow-logs-key-key-id`);
    });

    it("uses no invokes beyond partition, caller identity, region and availability zones", () => {
        assert.deepEqual([...new Set(run.invokes)].sort(), [
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:index/getPartition:getPartition",
            "aws:index/getRegion:getRegion",
        ]);
    });
});
