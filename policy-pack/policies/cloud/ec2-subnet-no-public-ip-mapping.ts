import type * as aws from "@pulumi/aws";
import { asBoolean, pathOf, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ec2.SubnetArgs>();
const path = pathOf<aws.ec2.SubnetArgs>();

/** NET-1: no subnet auto-assigns public IPs. */
export const ec2SubnetNoPublicIpMapping = resourcePolicy({
    name: "ec2-subnet-no-public-ip-mapping",
    control: "NET-1",
    severity: "high",
    layer: "cloud",
    description: "Subnets must not assign public IPv4 addresses to instances at launch.",
    references: [
        { framework: "FSBP", id: "EC2.15" },
        { framework: "FSBP", id: "EC2.9" },
        { framework: "CIS", id: "5.4.3" },
    ],
    remediation: "set mapPublicIpOnLaunch: false (or leave it unset); give public endpoints to load balancers, not instances",
    resourceTypes: ["aws:ec2/subnet:Subnet"],
    check: (subnet, ctx) => {
        const value = read(subnet.props, "mapPublicIpOnLaunch");
        if (ctx.isUnknown(value, "mapPublicIpOnLaunch")) {
            return;
        }
        if (asBoolean(value) === true) {
            ctx.violation(`subnet "${subnet.name}" sets mapPublicIpOnLaunch: true, so every instance launched in it gets a public IP`);
        }
    },
    remediate: (subnet) =>
        asBoolean(read(subnet.props, "mapPublicIpOnLaunch")) === true ? [{ path: path("mapPublicIpOnLaunch"), value: false }] : [],
});
