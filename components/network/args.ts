import { Tags } from "../common/tags";
import { NatStrategy, SubnetTier } from "./constants";

export interface HardenedVpcArgs {
    /** IPv4 CIDR of the VPC, /16 to /28, large enough for every subnet. @default "10.0.0.0/16" */
    readonly cidrBlock?: string;
    /**
     * Number of availability zones to spread subnets across, 2 to 6 and at most what the region offers
     * (checked against the region's zones when they are known). @default 3
     */
    readonly azCount?: number;
    /**
     * NET-7. `none`: no NAT, no internet egress; needs interface endpoints. `single`: one NAT gateway for all
     * AZs (cheap; an outage of its AZ cuts egress everywhere, so non-production only). `perAz`: one per AZ.
     * @default "perAz"
     */
    readonly natStrategy?: NatStrategy;
    /**
     * Public subnets for internet-facing load balancers (and the NAT gateways). Without them there is no
     * internet gateway at all, which needs natStrategy `none`. @default true
     */
    readonly publicSubnets?: boolean;
    /** Prefix length per tier (16 to 28). @default { public: 24, private: 19, isolated: 27 } */
    readonly subnetPrefixLengths?: Partial<Readonly<Record<SubnetTier, number>>>;
    /**
     * Explicit CIDRs per tier, exactly one per AZ in AZ order, inside the VPC and disjoint from every other
     * subnet. Pins addresses so later changes to azCount or sizes cannot move (replace) those subnets.
     * @default planned from cidrBlock and subnetPrefixLengths
     */
    readonly subnetCidrs?: Partial<Readonly<Record<SubnetTier, readonly string[]>>>;
    /**
     * NET-5 interface endpoints in the private subnets. Turning them off sends AWS API traffic through NAT
     * and the internet path; not allowed with natStrategy `none`. @default true
     */
    readonly interfaceEndpoints?: boolean;
    /**
     * Short service names of the interface endpoints (the region prefix is added). The list must keep the
     * NET-5 minimum (ecr.api, ecr.dkr, sts, logs, ec2, kms); add others such as `eks-auth` or `ssm`.
     * @default ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms"]
     */
    readonly interfaceEndpointServices?: readonly string[];
    /** Flow-log retention in days; one of CloudWatch's allowed values. @default 365 */
    readonly flowLogRetentionDays?: number;
    /**
     * EKS cluster that will use this VPC: subnets get `kubernetes.io/cluster/<name>=shared`.
     * @default none (no cluster tag)
     */
    readonly clusterName?: string;
    /**
     * Protects the flow-log key and log group from `pulumi destroy` and retains them on delete, so audit
     * records outlive the stack. Turning it off lets a destroy delete them. @default true
     */
    readonly protect?: boolean;
    readonly tags?: Tags;
}
