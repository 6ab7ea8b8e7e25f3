/**
 * The `network` section of the stack config: flat keys (Pulumi.yaml project config types are only string,
 * integer, boolean and array), mapped to HardenedVpc arguments. zod checks each key's type and closed set;
 * validateHardenedVpcArgs then checks what depends on several keys, naming config keys by NETWORK_ARGUMENT_KEYS.
 */
import { z } from "zod";
import {
    DEFAULT_AZ_COUNT,
    DEFAULT_FLOW_LOG_RETENTION_DAYS,
    DEFAULT_INTERFACE_ENDPOINT_SERVICES,
    DEFAULT_NAT_STRATEGY,
    DEFAULT_PREFIX_LENGTHS,
    DEFAULT_VPC_CIDR,
    HardenedVpcArgs,
    LOG_RETENTION_DAYS,
    MAX_AZ_COUNT,
    MAX_PREFIX_LENGTH,
    MIN_AZ_COUNT,
    MIN_PREFIX_LENGTH,
    NAT_STRATEGIES,
    validateHardenedVpcArgs,
} from "../../components";
import { booleanField, integerField, numberOneOfField, oneOfField, stringField, stringListField } from "./fields";
import { configNaming } from "./naming";

export const NETWORK_KEYS = {
    vpcCidr: stringField(DEFAULT_VPC_CIDR),
    azCount: integerField(MIN_AZ_COUNT, MAX_AZ_COUNT, DEFAULT_AZ_COUNT),
    natStrategy: oneOfField(NAT_STRATEGIES, DEFAULT_NAT_STRATEGY),
    publicSubnets: booleanField(true),
    publicSubnetPrefixLength: integerField(MIN_PREFIX_LENGTH, MAX_PREFIX_LENGTH, DEFAULT_PREFIX_LENGTHS.public),
    privateSubnetPrefixLength: integerField(MIN_PREFIX_LENGTH, MAX_PREFIX_LENGTH, DEFAULT_PREFIX_LENGTHS.private),
    isolatedSubnetPrefixLength: integerField(MIN_PREFIX_LENGTH, MAX_PREFIX_LENGTH, DEFAULT_PREFIX_LENGTHS.isolated),
    publicSubnetCidrs: stringListField([]),
    privateSubnetCidrs: stringListField([]),
    isolatedSubnetCidrs: stringListField([]),
    interfaceEndpoints: booleanField(true),
    interfaceEndpointServices: stringListField(DEFAULT_INTERFACE_ENDPOINT_SERVICES),
    flowLogRetentionDays: numberOneOfField(LOG_RETENTION_DAYS, DEFAULT_FLOW_LOG_RETENTION_DAYS, "a CloudWatch Logs retention"),
    /** Empty means no cluster tag. */
    clusterName: stringField(""),
    protect: booleanField(true),
} as const;

type NetworkKey = keyof typeof NETWORK_KEYS;

/** The network section as the program uses it: HardenedVpc arguments, validated. */
export type NetworkConfig = Required<
    Pick<
        HardenedVpcArgs,
        | "cidrBlock"
        | "azCount"
        | "natStrategy"
        | "publicSubnets"
        | "interfaceEndpoints"
        | "interfaceEndpointServices"
        | "flowLogRetentionDays"
        | "protect"
    >
> &
    Pick<HardenedVpcArgs, "subnetPrefixLengths" | "subnetCidrs" | "clusterName">;

/** HardenedVpc argument → network config key: the table the component's messages are named by. */
export const NETWORK_ARGUMENT_KEYS: Readonly<Record<string, NetworkKey>> = {
    cidrBlock: "vpcCidr",
    azCount: "azCount",
    natStrategy: "natStrategy",
    publicSubnets: "publicSubnets",
    "subnetPrefixLengths.public": "publicSubnetPrefixLength",
    "subnetPrefixLengths.private": "privateSubnetPrefixLength",
    "subnetPrefixLengths.isolated": "isolatedSubnetPrefixLength",
    "subnetCidrs.public": "publicSubnetCidrs",
    "subnetCidrs.private": "privateSubnetCidrs",
    "subnetCidrs.isolated": "isolatedSubnetCidrs",
    interfaceEndpoints: "interfaceEndpoints",
    interfaceEndpointServices: "interfaceEndpointServices",
    flowLogRetentionDays: "flowLogRetentionDays",
    clusterName: "clusterName",
};

type ParsedNetwork = z.output<z.ZodObject<typeof NETWORK_KEYS>>;

/** Maps parsed keys to HardenedVpc arguments and runs the component's own validation, its messages naming config keys. */
export function networkSection(v: ParsedNetwork): NetworkConfig {
    const config: NetworkConfig = {
        cidrBlock: v.vpcCidr,
        azCount: v.azCount,
        natStrategy: v.natStrategy,
        publicSubnets: v.publicSubnets,
        subnetPrefixLengths: {
            public: v.publicSubnetPrefixLength,
            private: v.privateSubnetPrefixLength,
            isolated: v.isolatedSubnetPrefixLength,
        },
        subnetCidrs: { public: v.publicSubnetCidrs, private: v.privateSubnetCidrs, isolated: v.isolatedSubnetCidrs },
        interfaceEndpoints: v.interfaceEndpoints,
        interfaceEndpointServices: v.interfaceEndpointServices,
        flowLogRetentionDays: v.flowLogRetentionDays,
        clusterName: v.clusterName === "" ? undefined : v.clusterName,
        protect: v.protect,
    };
    validateHardenedVpcArgs(config, configNaming(NETWORK_ARGUMENT_KEYS));
    return config;
}
