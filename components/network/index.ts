export { HardenedVpc, HARDENED_VPC_TYPE } from "./HardenedVpc";
export { HardenedVpcArgs } from "./args";
export {
    NAT_STRATEGIES,
    NatStrategy,
    SUBNET_TIERS,
    SubnetTier,
    DEFAULT_AZ_COUNT,
    DEFAULT_NAT_STRATEGY,
    DEFAULT_VPC_CIDR,
    DEFAULT_PREFIX_LENGTHS,
    DEFAULT_FLOW_LOG_RETENTION_DAYS,
    DEFAULT_INTERFACE_ENDPOINT_SERVICES,
    MIN_AZ_COUNT,
    MAX_AZ_COUNT,
    MIN_PREFIX_LENGTH,
    MAX_PREFIX_LENGTH,
} from "./constants";
export { PlannedSubnet, SubnetPlanInput, planSubnets } from "./plan";
export { VpcArgsError, VpcArgsInput, VpcSettings, validateHardenedVpcArgs, validateAzAvailability } from "./validate";
