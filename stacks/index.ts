/**
 * Pulumi program entry (Pulumi.yaml `main`). Reads and validates the whole stack config first, then
 * builds the baseline; the named exports below are the stack outputs, typed.
 */
import { readConfig } from "./config";
import { buildBaseline } from "./program";

const outputs = buildBaseline(readConfig());

export const vpcId = outputs.vpcId;
export const vpcCidr = outputs.vpcCidr;
export const availabilityZones = outputs.availabilityZones;
export const publicSubnetIds = outputs.publicSubnetIds;
export const privateSubnetIds = outputs.privateSubnetIds;
export const isolatedSubnetIds = outputs.isolatedSubnetIds;
export const endpointSecurityGroupId = outputs.endpointSecurityGroupId;
export const flowLogGroupName = outputs.flowLogGroupName;
export const logsKeyArn = outputs.logsKeyArn;
