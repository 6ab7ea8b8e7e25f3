/**
 * The baseline program as a function of validated config, so tests run it under mocks with any config.
 * Layers: network only for now; later sections add the cluster, detection and teams here.
 */
import * as pulumi from "@pulumi/pulumi";
import { HardenedVpc } from "../components";
import { BaselineConfig } from "./config";

/** Logical names of the top-level components. Renaming one replaces everything under it. */
export const NETWORK_NAME = "network";

export interface BaselineOutputs {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly availabilityZones: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly isolatedSubnetIds: pulumi.Output<string[]>;
    readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
    readonly flowLogGroupName: pulumi.Output<string>;
    readonly logsKeyArn: pulumi.Output<string>;
}

export function buildBaseline(config: BaselineConfig): BaselineOutputs {
    const vpc = new HardenedVpc(NETWORK_NAME, config.network);
    return {
        vpcId: vpc.vpcId,
        vpcCidr: vpc.vpcCidr,
        availabilityZones: vpc.azs,
        publicSubnetIds: vpc.publicSubnetIds,
        privateSubnetIds: vpc.privateSubnetIds,
        isolatedSubnetIds: vpc.isolatedSubnetIds,
        endpointSecurityGroupId: vpc.endpointSecurityGroupId,
        flowLogGroupName: vpc.flowLogGroupName,
        logsKeyArn: vpc.logsKeyArn,
    };
}
