/**
 * A stack that uses the baseline as a library: it imports HardenedVpc from the package entry point,
 * exactly as `import { HardenedVpc } from "secure-baseline"` reads in another repository.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedVpc, HardenedVpcArgs, NatStrategy } from "secure-baseline";

const natStrategy: NatStrategy = "single";
const args: HardenedVpcArgs = { cidrBlock: "10.42.0.0/16", azCount: 2, natStrategy, clusterName: "apps" };

const vpc = new HardenedVpc("apps", args);

export const vpcId: pulumi.Output<string> = vpc.vpcId;
export const privateSubnetIds: pulumi.Output<string[]> = vpc.privateSubnetIds;
export const isolatedSubnetIds: pulumi.Output<string[]> = vpc.isolatedSubnetIds;
export const endpointSecurityGroupId: pulumi.Output<string | undefined> = vpc.endpointSecurityGroupId;
