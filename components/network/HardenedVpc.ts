import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../common/awsContext";
import { childName, nameTag } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import { HardenedVpcArgs } from "./args";
import { ANY_IPV4, ELB_ROLE_TAG, INTERNAL_ELB_ROLE_TAG, SUBNET_TIERS, SubnetTier, TIER_TAG, clusterTagKey } from "./constants";
import { createEndpoints } from "./endpoints";
import { createFlowLogs } from "./flowLogs";
import { naclEgressRules, naclIngressRules } from "./nacl";
import { tierCidrs } from "./plan";
import { VpcSettings, validateAzAvailability, validateHardenedVpcArgs } from "./validate";

export const HARDENED_VPC_TYPE = "secure-baseline:network:HardenedVpc";

/** Load-balancer discovery tags per tier: internet-facing LBs in public subnets, internal LBs in private ones. */
function subnetRoleTags(tier: SubnetTier, clusterName: string | undefined): Record<string, string> {
    const cluster = clusterName ? { [clusterTagKey(clusterName)]: "shared" } : {};
    if (tier === "public") return { [ELB_ROLE_TAG]: "1", ...cluster };
    if (tier === "private") return { [INTERNAL_ELB_ROLE_TAG]: "1", ...cluster };
    return cluster;
}

/**
 * A VPC that meets NET-1..NET-8 with no arguments: private subnets for nodes and pods, public subnets for
 * load balancers only (no public IPs on launch), isolated subnets for control-plane ENIs; an explicit NAT
 * strategy; DNS on; the default security group and network ACL adopted and locked down; KMS-encrypted
 * flow logs for all traffic; S3 gateway and interface endpoints.
 */
export class HardenedVpc extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidr: pulumi.Output<string>;
    /** The availability zones used, in subnet order. */
    public readonly azs: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly isolatedSubnetIds: pulumi.Output<string[]>;
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    /**
     * The prefix list (`pl-…`) of the S3 gateway endpoint, for security-group egress to S3 without NAT
     * (e.g. SecureCluster's `s3PrefixListId`: ECR serves image layers from S3). Always present: the
     * gateway endpoint exists with every NAT strategy.
     */
    public readonly s3PrefixListId: pulumi.Output<string>;
    /** Undefined when interface endpoints are off. */
    public readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
    public readonly flowLogGroupName: pulumi.Output<string>;
    /** The customer-managed key that encrypts the flow logs (purpose `logs`). */
    public readonly logsKeyArn: pulumi.Output<string>;
    /** The validated settings with defaults applied (plain data: the plan, NAT strategy, endpoint services). */
    public readonly settings: VpcSettings;

    constructor(name: string, args: HardenedVpcArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const settings = validateHardenedVpcArgs(args);
        super(HARDENED_VPC_TYPE, name, {}, opts);
        this.settings = settings;

        const protect = args.protect ?? true;
        const ctx = awsContext(this);
        const tags = (role: string, extra: Tags = {}) =>
            baselineTags(HARDENED_VPC_TYPE, args.tags, { Name: nameTag(name, role), ...extra });

        // Only zones that need no opt-in: Local and Wavelength Zones cannot host EKS control-plane ENIs.
        const zones = aws.getAvailabilityZonesOutput(
            { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
            { parent: this },
        );
        const azs = zones.names.apply((names) => validateAzAvailability(settings.azCount, names));

        // NET-8: the private API endpoint and interface endpoints resolve only with DNS support and hostnames.
        const vpc = new aws.ec2.Vpc(
            childName(name, "vpc"),
            { cidrBlock: settings.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: tags("vpc") },
            { parent: this },
        );

        // NET-2: adopting the default security group with no rules removes AWS's allow-all rules.
        new aws.ec2.DefaultSecurityGroup(
            childName(name, "default-sg"),
            { vpcId: vpc.id, ingress: [], egress: [], tags: tags("default-sg") },
            { parent: this },
        );

        const subnets = {} as Record<SubnetTier, aws.ec2.Subnet[]>;
        for (const tier of SUBNET_TIERS) {
            subnets[tier] = tierCidrs(settings.plan, tier).map(
                (cidr, az) =>
                    new aws.ec2.Subnet(
                        // Renaming a tier or AZ index replaces the subnet and everything in it.
                        childName(name, tier, az),
                        {
                            vpcId: vpc.id,
                            cidrBlock: cidr,
                            availabilityZone: azs.apply((list) => list[az]),
                            // NET-1: nothing launched anywhere gets a public IP, load balancers included.
                            mapPublicIpOnLaunch: false,
                            tags: tags(`${tier}-${az}`, { [TIER_TAG]: tier, ...subnetRoleTags(tier, settings.clusterName) }),
                        },
                        { parent: this },
                    ),
            );
        }
        const allSubnets = SUBNET_TIERS.flatMap((t) => subnets[t]);

        // NET-3: the default NACL guards every subnet; see nacl.ts for why the rules are ordered as they are.
        new aws.ec2.DefaultNetworkAcl(
            childName(name, "default-nacl"),
            {
                defaultNetworkAclId: vpc.defaultNetworkAclId,
                subnetIds: allSubnets.map((s) => s.id),
                ingress: naclIngressRules(settings.cidrBlock),
                egress: naclEgressRules(),
                tags: tags("default-nacl"),
            },
            { parent: this },
        );

        const routeTable = (role: string) =>
            new aws.ec2.RouteTable(childName(name, role, "rt"), { vpcId: vpc.id, tags: tags(`${role}-rt`) }, { parent: this });
        const associate = (tier: SubnetTier, rts: (az: number) => aws.ec2.RouteTable) =>
            subnets[tier].forEach(
                (subnet, az) =>
                    new aws.ec2.RouteTableAssociation(
                        childName(name, tier, az, "rta"),
                        { subnetId: subnet.id, routeTableId: rts(az).id },
                        { parent: this },
                    ),
            );

        // Public tier: the internet gateway exists only when public subnets do (load balancers, NAT gateways).
        const natGateways: aws.ec2.NatGateway[] = [];
        if (settings.publicSubnets) {
            const igw = new aws.ec2.InternetGateway(childName(name, "igw"), { vpcId: vpc.id, tags: tags("igw") }, { parent: this });
            const publicRt = routeTable("public");
            new aws.ec2.Route(
                childName(name, "public", "default-route"),
                { routeTableId: publicRt.id, destinationCidrBlock: ANY_IPV4, gatewayId: igw.id },
                { parent: this },
            );
            associate("public", () => publicRt);

            // NET-7: NAT gateways live in public subnets; `single` uses the first AZ's.
            const natCount = settings.natStrategy === "perAz" ? settings.azCount : settings.natStrategy === "single" ? 1 : 0;
            for (let az = 0; az < natCount; az++) {
                const eip = new aws.ec2.Eip(
                    childName(name, "nat", az, "eip"),
                    { domain: "vpc", tags: tags(`nat-${az}-eip`) },
                    { parent: this, dependsOn: [igw] },
                );
                natGateways.push(
                    new aws.ec2.NatGateway(
                        childName(name, "nat", az),
                        { allocationId: eip.id, subnetId: subnets.public[az].id, connectivityType: "public", tags: tags(`nat-${az}`) },
                        { parent: this, dependsOn: [igw] },
                    ),
                );
            }
        }

        // Private tier: one route table per AZ, so `perAz` keeps each AZ's egress in its own AZ.
        const privateRts = subnets.private.map((_, az) => routeTable(`private-${az}`));
        privateRts.forEach((rt, az) => {
            const nat = natGateways[settings.natStrategy === "perAz" ? az : 0];
            if (nat) {
                new aws.ec2.Route(
                    childName(name, "private", az, "default-route"),
                    { routeTableId: rt.id, destinationCidrBlock: ANY_IPV4, natGatewayId: nat.id },
                    { parent: this },
                );
            }
        });
        associate("private", (az) => privateRts[az]);

        // Isolated tier: local routes and the S3 gateway only, never a default route.
        const isolatedRt = routeTable("isolated");
        associate("isolated", () => isolatedRt);

        const endpoints = createEndpoints(name, this, ctx, {
            vpcId: vpc.id,
            vpcCidr: settings.cidrBlock,
            gatewayRouteTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
            interfaceSubnetIds: subnets.private.map((s) => s.id),
            interfaceServices: settings.interfaceEndpointServices,
            tags: (role) => tags(role),
        });

        const flowLogs = createFlowLogs(name, this, ctx, {
            vpcId: vpc.id,
            retentionInDays: settings.flowLogRetentionDays,
            protect,
            tags: tags("flow-logs"),
        });

        const ids = (list: aws.ec2.Subnet[]) => pulumi.all(list.map((s) => s.id));
        this.vpcId = vpc.id;
        this.vpcCidr = vpc.cidrBlock;
        this.azs = azs;
        this.publicSubnetIds = ids(subnets.public);
        this.privateSubnetIds = ids(subnets.private);
        this.isolatedSubnetIds = ids(subnets.isolated);
        this.privateRouteTableIds = pulumi.all(privateRts.map((rt) => rt.id));
        this.s3PrefixListId = endpoints.s3Gateway.prefixListId;
        this.endpointSecurityGroupId = endpoints.securityGroup ? endpoints.securityGroup.id : pulumi.output<string | undefined>(undefined);
        this.flowLogGroupName = flowLogs.logGroup.name;
        this.logsKeyArn = flowLogs.key.arn;
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            azs: this.azs,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            privateRouteTableIds: this.privateRouteTableIds,
            s3PrefixListId: this.s3PrefixListId,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
            logsKeyArn: this.logsKeyArn,
        });
    }
}
