import type * as aws from "@pulumi/aws";
import { asBoolean, pathOf, readerFor, resourcePolicy } from "../../lib";

const SUBNET = "aws:ec2/subnet:Subnet";
const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const subnetPath = pathOf<aws.ec2.SubnetArgs>();
// DefaultSubnetArgs has the same `mapPublicIpOnLaunch` input.
const readDefault = readerFor<aws.ec2.DefaultSubnetArgs>();
const readSubnet = readerFor<aws.ec2.SubnetArgs>();

/**
 * NET-1: no subnet auto-assigns public IPs. An adopted default subnet keeps AWS's
 * default (true) unless the program sets false.
 */
export const ec2SubnetNoPublicIpMapping = resourcePolicy({
    name: "ec2-subnet-no-public-ip-mapping",
    control: "NET-1",
    severity: "high",
    layer: "cloud",
    description: "Subnets must not assign public IPv4 addresses to instances at launch; adopted default subnets (public by default) must set mapPublicIpOnLaunch false.",
    references: [
        { framework: "FSBP", id: "EC2.15" },
        { framework: "FSBP", id: "EC2.9" },
        { framework: "CIS", id: "5.4.3" },
    ],
    remediation: "set mapPublicIpOnLaunch: false (or leave it unset on a new subnet); give public endpoints to load balancers, not instances",
    resourceTypes: [SUBNET, DEFAULT_SUBNET],
    check: (subnet, ctx) => {
        const value = subnet.type === DEFAULT_SUBNET ? readDefault(subnet.props, "mapPublicIpOnLaunch") : readSubnet(subnet.props, "mapPublicIpOnLaunch");
        if (ctx.isUnknown(value, "mapPublicIpOnLaunch")) {
            return;
        }
        if (asBoolean(value) === true) {
            ctx.violation(`subnet "${subnet.name}" sets mapPublicIpOnLaunch: true, so every instance launched in it gets a public IP`);
        } else if (subnet.type === DEFAULT_SUBNET && asBoolean(value) !== false) {
            ctx.violation(`default subnet "${subnet.name}" leaves mapPublicIpOnLaunch ${value === undefined ? "unset" : JSON.stringify(value).slice(0, 30)}, and AWS default subnets map public IPs`);
        }
    },
    remediate: (subnet) => {
        const value = readSubnet(subnet.props, "mapPublicIpOnLaunch");
        const fix = asBoolean(value) === true || (subnet.type === DEFAULT_SUBNET && value === undefined);
        return fix ? [{ path: subnetPath("mapPublicIpOnLaunch"), value: false }] : [];
    },
});
