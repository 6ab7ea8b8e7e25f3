import { asBoolean, at, resourcePolicy } from "../../lib";

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
        const value = at(subnet.props, "mapPublicIpOnLaunch");
        if (ctx.isUnknown(value, "mapPublicIpOnLaunch")) {
            return;
        }
        if (asBoolean(value) === true) {
            ctx.violation(`subnet "${subnet.name}" sets mapPublicIpOnLaunch: true, so every instance launched in it gets a public IP`);
        }
    },
    remediate: (subnet) => (asBoolean(at(subnet.props, "mapPublicIpOnLaunch")) === true ? [{ path: ["mapPublicIpOnLaunch"], value: false }] : []),
});
