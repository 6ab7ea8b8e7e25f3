import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, resourcePolicy } from "../../lib";
import { INSTANCE_TYPES, kindOf, readLaunch } from "../shared/ec2-instances";

const EIP = "aws:ec2/eip:Eip";
const EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation";
const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const defaultSubnet = readerFor<aws.ec2.DefaultSubnetArgs>();
const eip = readerFor<aws.ec2.EipArgs>();
const association = readerFor<aws.ec2.EipAssociationArgs>();

/**
 * NET-1: instances get no public address, neither at launch (associatePublicIpAddress)
 * nor afterwards through an Elastic IP bound to the instance or to a network interface.
 * An unset associatePublicIpAddress follows the subnet, which ec2-subnet-no-public-ip-mapping
 * judges; an adopted default subnet keeps AWS's default (public) unless the program sets
 * mapPublicIpOnLaunch false. Elastic IPs for NAT gateways name neither and pass.
 */
export const ec2InstanceNoPublicIp = resourcePolicy({
    name: "ec2-instance-no-public-ip",
    control: "NET-1",
    severity: "high",
    layer: "cloud",
    description:
        "EC2 instances, spot instance requests and launch configurations must not set associatePublicIpAddress true, and no Elastic IP (Eip.instance / Eip.networkInterface, EipAssociation.instanceId / networkInterfaceId) may give an instance or network interface a public address; adopted default subnets must set mapPublicIpOnLaunch false.",
    references: [
        { framework: "FSBP", id: "EC2.9" },
        { framework: "FSBP", id: "AutoScaling.5" },
    ],
    remediation:
        "launch instances in private subnets with associatePublicIpAddress: false and reach them through a load balancer or SSM Session Manager; keep Elastic IPs for NAT gateways",
    resourceTypes: [...INSTANCE_TYPES, EIP, EIP_ASSOCIATION, DEFAULT_SUBNET],
    check: (r, ctx) => {
        if (r.type === DEFAULT_SUBNET) {
            const map = defaultSubnet(r.props, "mapPublicIpOnLaunch");
            if (!ctx.isUnknown(map, "mapPublicIpOnLaunch") && asBoolean(map) !== false) {
                ctx.violation(
                    `default subnet "${r.name}" leaves mapPublicIpOnLaunch ${map === undefined ? "unset" : JSON.stringify(map).slice(0, 30)}, and AWS default subnets give every instance a public IP`,
                    "set mapPublicIpOnLaunch: false on the adopted default subnet",
                );
            }
            return;
        }
        if (r.type === EIP || r.type === EIP_ASSOCIATION) {
            const targets =
                r.type === EIP
                    ? [
                          { path: "instance", value: eip(r.props, "instance") },
                          { path: "networkInterface", value: eip(r.props, "networkInterface") },
                      ]
                    : [
                          { path: "instanceId", value: association(r.props, "instanceId") },
                          { path: "networkInterfaceId", value: association(r.props, "networkInterfaceId") },
                      ];
            for (const t of targets) {
                // An unknown target is still set: it will be some instance or interface.
                if (t.value === undefined || t.value === null || t.value === "") continue;
                ctx.violation(
                    `Elastic IP ${r.type === EIP ? "" : "association "}"${r.name}" gives a public address to ${t.path.startsWith("instance") ? "an instance" : "a network interface"} (${t.path} is set)`,
                    `remove ${t.path}; publish the workload through a load balancer instead`,
                );
            }
            return;
        }
        const assoc = readLaunch(r.props, "associatePublicIpAddress");
        if (ctx.isUnknown(assoc, "associatePublicIpAddress")) return;
        if (assoc === undefined || assoc === null) return;
        const value = asBoolean(assoc);
        if (value === undefined) {
            ctx.violation(
                `${kindOf(r)} "${r.name}" has an associatePublicIpAddress that is not a boolean (${JSON.stringify(assoc).slice(0, 40)})`,
                "set associatePublicIpAddress: false",
            );
        } else if (value) {
            ctx.violation(`${kindOf(r)} "${r.name}" gets a public IP address (associatePublicIpAddress true)`);
        }
    },
});
