/** Core cases of the network policies: security groups, NACLs, subnets, flow logs. */
import { DROP } from "../../case";
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY } from "../../runtime";
import { policy } from "./fixtures";

const sg = {
    vpcId: "vpc-1",
    description: "app",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
};

/** Security groups (NET-6), the default group (NET-2), NACLs (NET-3) and subnets (NET-1). */
export const NETWORK_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: policy("ec2-security-group-no-public-ingress"),
        subject: "app-sg",
        compliant: [
            { type: "aws:ec2/vpc:Vpc", name: "main-vpc", props: { cidrBlock: "10.0.0.0/16", tags: {} } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "app-sg", props: sg, propertyDependencies: { vpcId: ["main-vpc"] } },
            {
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "app-ssh",
                props: { type: "ingress", securityGroupId: UNKNOWN, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
                propertyDependencies: { securityGroupId: ["app-sg"] },
            },
            {
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: "app-https",
                props: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16", tags: {} },
                propertyDependencies: { securityGroupId: ["app-sg"] },
            },
        ],
        violations: [
            {
                what: "SSH from 0.0.0.0/0",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
                match: /\[NET-6\] security group "app-sg" lets 0\.0\.0\.0\/0 .* reach administrative tcp port 22 through security group "app-sg" ingress\.0/,
            },
            {
                what: "RDP from ::/0 (ipv6CidrBlocks)",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] },
                match: /::\/0 .*administrative tcp port 3389/,
            },
            {
                what: "a port range covering 22",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] },
                match: /administrative tcp ports 22-23/,
            },
            {
                what: "protocol -1 (all)",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
                match: /reach other protocols/,
            },
            {
                what: "443 from the internet on a group not listed as a load balancer",
                resource: "app-sg",
                path: "ingress.0.cidrBlocks",
                value: ["0.0.0.0/0"],
                match: /only load-balancer groups listed in the pack config/,
            },
            {
                what: "a listed load-balancer group opening 8080",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] },
                config: { loadBalancerSecurityGroups: ["app-*"] },
                match: /a load-balancer group may open only tcp 80 or 443/,
            },
            {
                what: "the separate SecurityGroupRule opening SSH to half the internet",
                resource: "app-ssh",
                path: "cidrBlocks",
                value: ["0.0.0.0/1"],
                match: /security group "app-sg" lets 0\.0\.0\.0\/1 .*administrative tcp port 22 through security group rule "app-ssh"/,
            },
            {
                what: "the vpc.SecurityGroupIngressRule opening 443 to ::/0",
                resource: "app-https",
                path: "cidrIpv6",
                value: "::/0",
                match: /::\/0 .*reach tcp port 443 through security group rule "app-https"/,
            },
            {
                what: "a malformed CIDR",
                resource: "app-https",
                path: "cidrIpv4",
                value: "10.0.0.0/33",
                match: /security group rule "app-https" cidrIpv4: "10\.0\.0\.0\/33" is not an IPv4 or IPv6 CIDR/,
            },
            {
                what: "a prefix list not created in the program on SSH",
                resource: "app-ssh",
                path: "prefixListIds",
                value: ["pl-0123456789abcdef0"],
                match: /a prefix list not created in this program.*administrative tcp port 22; treated as open/,
            },
        ],
        alsoCompliant: [
            {
                what: "443 from the internet on a configured load-balancer group",
                resource: "app-sg",
                path: "ingress.0.cidrBlocks",
                value: ["0.0.0.0/0"],
                config: { loadBalancerSecurityGroups: ["app-*"] },
            },
            { what: "an egress SecurityGroupRule to 0.0.0.0/0", resource: "app-ssh", path: "type", value: "egress" },
            {
                what: "an ingress from a security group id that is unknown at preview",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: [UNKNOWN] },
            },
            {
                what: "SSH from an allowlisted /24",
                resource: "app-ssh",
                path: "cidrBlocks",
                value: ["203.0.113.0/24"],
                config: { adminAllowedCidrs: ["203.0.113.0/24"] },
            },
            { what: "no inline ingress", resource: "app-sg", path: "ingress", value: undefined },
        ],
        unknowns: [
            { what: "an unknown CIDR", resource: "app-sg", path: "ingress.0.cidrBlocks.0", value: UNKNOWN },
            { what: "an unknown CIDR list", resource: "app-sg", path: "ingress.0.cidrBlocks", value: UNKNOWN_ARRAY },
            { what: "an unknown ingress list", resource: "app-sg", path: "ingress", value: UNKNOWN_ARRAY },
            { what: "an unknown rule type", resource: "app-ssh", path: "type", value: UNKNOWN },
            { what: "an unknown cidrIpv4", resource: "app-https", path: "cidrIpv4", value: UNKNOWN },
            {
                what: "unknown ports on a world rule",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: ["0.0.0.0/0"] },
            },
        ],
    },
    {
        kind: "resource",
        policy: policy("ec2-default-security-group-no-rules"),
        type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        name: "default-sg",
        compliant: { vpcId: "vpc-1", ingress: [], egress: [], tags: {} },
        violations: [
            {
                what: "an ingress rule",
                path: "ingress",
                value: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
                match: /\[NET-2\] default security group "default-sg" has 1 ingress rule/,
            },
            {
                what: "an egress rule",
                path: "egress",
                value: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
                match: /1 egress rule/,
            },
        ],
        unknowns: [{ what: "unknown ingress", path: "ingress", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "stack",
        policy: policy("ec2-nacl-no-public-admin-ports"),
        subject: "private-nacl",
        compliant: [
            {
                type: "aws:ec2/networkAcl:NetworkAcl",
                name: "private-nacl",
                props: {
                    vpcId: "vpc-1",
                    ingress: [
                        { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
                        { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
                        { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
                    ],
                    tags: {},
                },
            },
            {
                type: "aws:ec2/networkAclRule:NetworkAclRule",
                name: "allow-https",
                props: {
                    networkAclId: UNKNOWN,
                    ruleNumber: 105,
                    egress: false,
                    protocol: "tcp",
                    ruleAction: "allow",
                    cidrBlock: "0.0.0.0/0",
                    fromPort: 443,
                    toPort: 443,
                },
                propertyDependencies: { networkAclId: ["private-nacl"] },
            },
        ],
        violations: [
            {
                what: "the SSH deny numbered after the allow-all",
                resource: "private-nacl",
                path: "ingress.0.ruleNo",
                value: 300,
                match: /\[NET-3\] network ACL "private-nacl" allows 0\.0\.0\.0\/0 to reach tcp port 22 through network ACL "private-nacl" ingress\.2 \(rule 200\)/,
            },
            {
                what: "an IPv6 allow-all with no IPv6 denies",
                resource: "private-nacl",
                path: "ingress.3",
                value: { ruleNo: 210, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlock: "::/0" },
                match: /allows ::\/0 to reach tcp ports 22, 3389/,
            },
            {
                what: "the RDP deny turned into a deny for udp",
                resource: "private-nacl",
                path: "ingress.1.protocol",
                value: "udp",
                match: /tcp port 3389/,
            },
            {
                what: "the separate rule widened to 3389, numbered before the deny",
                resource: "allow-https",
                path: "toPort",
                value: 4000,
                match: /tcp port 3389 through network ACL rule "allow-https" \(rule 105\)/,
            },
            {
                what: "the deny covering only half the internet",
                resource: "private-nacl",
                path: "ingress.0.cidrBlock",
                value: "0.0.0.0/1",
                match: /allows 128\.0\.0\.0\/1 .*tcp port 22/,
            },
        ],
        alsoCompliant: [
            { what: "the allow-all narrowed to the VPC", resource: "private-nacl", path: "ingress.2.cidrBlock", value: "10.0.0.0/16" },
            { what: "the separate rule as egress", resource: "allow-https", path: "egress", value: true },
            {
                what: "the deny split into 0.0.0.0/1 and a 128.0.0.0/1 rule",
                resource: "private-nacl",
                path: "ingress.3",
                value: { ruleNo: 101, action: "deny", protocol: "6", fromPort: 22, toPort: 22, cidrBlock: "128.0.0.0/1" },
            },
        ],
        unknowns: [
            { what: "an unknown CIDR on the allow", resource: "private-nacl", path: "ingress.2.cidrBlock", value: UNKNOWN },
            { what: "an unknown port on the separate rule", resource: "allow-https", path: "fromPort", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: policy("ec2-subnet-no-public-ip-mapping"),
        type: "aws:ec2/subnet:Subnet",
        name: "private-a",
        compliant: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false, tags: {} },
        violations: [
            {
                what: "mapPublicIpOnLaunch true",
                path: "mapPublicIpOnLaunch",
                value: true,
                match: /\[NET-1\] subnet "private-a" sets mapPublicIpOnLaunch: true/,
            },
        ],
        alsoCompliant: [{ what: "mapPublicIpOnLaunch unset", path: "mapPublicIpOnLaunch", value: undefined }],
        unknowns: [{ what: "unknown mapPublicIpOnLaunch", path: "mapPublicIpOnLaunch", value: UNKNOWN }],
    },
];

/** VPC flow logs (NET-4). */
export const FLOW_LOG_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: policy("ec2-vpc-flow-logs-enabled"),
        subject: "main-vpc",
        compliant: [
            { type: "aws:ec2/vpc:Vpc", name: "main-vpc", props: { cidrBlock: "10.0.0.0/16", tags: {} } },
            {
                type: "aws:ec2/flowLog:FlowLog",
                name: "main-flow",
                props: { vpcId: UNKNOWN, trafficType: "ALL", logDestination: UNKNOWN },
                propertyDependencies: { vpcId: ["main-vpc"] },
            },
        ],
        violations: [
            {
                what: "trafficType REJECT",
                resource: "main-flow",
                path: "trafficType",
                value: "REJECT",
                match: /\[NET-4\] VPC "main-vpc" has flow logs \("main-flow"\) but none with trafficType ALL/,
            },
            { what: "no flow log", resource: "main-flow", path: "", value: DROP, match: /\[NET-4\] VPC "main-vpc" has no flow log/ },
            {
                what: "a flow log not linked by property dependency",
                resource: "main-flow",
                path: "deps.vpcId",
                value: undefined,
                match: /has no flow log/,
            },
        ],
        unknowns: [{ what: "unknown trafficType", resource: "main-flow", path: "trafficType", value: UNKNOWN }],
    },
];
