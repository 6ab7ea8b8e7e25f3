/**
 * NET-5: private paths to AWS APIs. An S3 gateway endpoint on the private and isolated route tables, and
 * interface endpoints with private DNS in the private subnets behind one security group that admits
 * HTTPS from the VPC CIDR only.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../common/awsContext";
import { childName } from "../common/naming";
import { HTTPS_PORT, S3_GATEWAY_SERVICE } from "./constants";

/** `com.amazonaws.<region>.<service>`; the prefix is the partition's DNS suffix reversed (so China gets `cn.com.amazonaws`). */
export function endpointServiceName(ctx: AwsContext, service: string): string {
    const reversed = ctx.dnsSuffix.split(".").reverse().join(".");
    return `${reversed}.${ctx.region}.${service}`;
}

export interface EndpointsArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: string;
    readonly gatewayRouteTableIds: pulumi.Input<string>[];
    readonly interfaceSubnetIds: pulumi.Input<string>[];
    readonly interfaceServices: readonly string[];
    readonly tags: (role: string) => Record<string, string>;
}

export interface Endpoints {
    readonly s3Gateway: aws.ec2.VpcEndpoint;
    /** Undefined when interface endpoints are off. */
    readonly securityGroup?: aws.ec2.SecurityGroup;
    readonly interfaceEndpoints: aws.ec2.VpcEndpoint[];
}

export function createEndpoints(name: string, parent: pulumi.Resource, ctx: pulumi.Output<AwsContext>, args: EndpointsArgs): Endpoints {
    const s3Gateway = new aws.ec2.VpcEndpoint(
        childName(name, "endpoint", S3_GATEWAY_SERVICE),
        {
            vpcId: args.vpcId,
            serviceName: ctx.apply((c) => endpointServiceName(c, S3_GATEWAY_SERVICE)),
            vpcEndpointType: "Gateway",
            routeTableIds: args.gatewayRouteTableIds,
            tags: args.tags(`endpoint-${S3_GATEWAY_SERVICE}`),
        },
        { parent },
    );

    if (args.interfaceServices.length === 0) return { s3Gateway, interfaceEndpoints: [] };

    // Endpoint ENIs only answer requests, and security groups are stateful: no egress rule is needed.
    const securityGroup = new aws.ec2.SecurityGroup(
        childName(name, "endpoints-sg"),
        {
            vpcId: args.vpcId,
            description: "Interface endpoints: HTTPS from inside the VPC only",
            ingress: [
                {
                    description: "HTTPS from the VPC",
                    protocol: "tcp",
                    fromPort: HTTPS_PORT,
                    toPort: HTTPS_PORT,
                    cidrBlocks: [args.vpcCidr],
                },
            ],
            egress: [],
            tags: args.tags("endpoints-sg"),
        },
        { parent },
    );

    const interfaceEndpoints = args.interfaceServices.map(
        (service) =>
            new aws.ec2.VpcEndpoint(
                // The service name is part of the logical name: removing one endpoint never touches the others.
                childName(name, "endpoint", service.replace(/\./g, "-")),
                {
                    vpcId: args.vpcId,
                    serviceName: ctx.apply((c) => endpointServiceName(c, service)),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: args.interfaceSubnetIds,
                    securityGroupIds: [securityGroup.id],
                    tags: args.tags(`endpoint-${service}`),
                },
                { parent },
            ),
    );

    return { s3Gateway, securityGroup, interfaceEndpoints };
}
