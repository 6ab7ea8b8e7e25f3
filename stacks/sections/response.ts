/**
 * The `response` section: ContainmentResponse (DET-9), automated quarantine of pods named by GuardDuty
 * findings. Values are checked by the component's own validator, with messages naming the config key.
 */
import { z } from "zod";
import {
    DEFAULT_CONTAINMENT_FINDING_TYPES,
    DEFAULT_CONTAINMENT_SEVERITY,
    MAX_CONTAINMENT_SEVERITY,
    MIN_CONTAINMENT_SEVERITY,
    validateContainmentArgs,
} from "../../components";
import { booleanField, integerField, stringListField } from "./fields";
import { configNaming } from "./naming";

export const RESPONSE_KEYS = {
    containment: booleanField(true),
    containmentFindingTypes: stringListField(DEFAULT_CONTAINMENT_FINDING_TYPES),
    containmentMinSeverity: integerField(MIN_CONTAINMENT_SEVERITY, MAX_CONTAINMENT_SEVERITY, DEFAULT_CONTAINMENT_SEVERITY),
    containmentDryRun: booleanField(false),
} as const;

type ParsedResponse = z.output<z.ZodObject<typeof RESPONSE_KEYS>>;

/** The AWS API the function calls besides the cluster's: without NAT it needs this interface endpoint. */
export const CONTAINMENT_ENDPOINT_SERVICE = "sns";

export interface ResponseConfig {
    /** false: no containment function; GuardDuty findings only alert (DET-9 off). */
    readonly enabled: boolean;
    readonly findingTypes: readonly string[];
    readonly minSeverity: number;
    readonly dryRun: boolean;
}

export interface ResponseContext {
    readonly clusterName: string;
}

/**
 * The interface endpoint services the VPC needs for containment: the function runs in the private
 * subnets and publishes to SNS, which without NAT it reaches only through an `sns` endpoint, so that
 * endpoint is added (the cluster API is in the VPC already).
 */
export function endpointServicesFor(response: ResponseConfig, natStrategy: string, services: readonly string[]): string[] {
    const needed = response.enabled && natStrategy === "none" && !services.includes(CONTAINMENT_ENDPOINT_SERVICE);
    return needed ? [...services, CONTAINMENT_ENDPOINT_SERVICE] : [...services];
}

/** ContainmentResponse argument → config key: the table the component's messages are named by. */
export const RESPONSE_ARGUMENT_KEYS: Readonly<Record<string, string>> = {
    findingTypes: "containmentFindingTypes",
    minSeverity: "containmentMinSeverity",
    // The cluster name comes from the network section.
    clusterName: "clusterName",
};

export function responseSection(v: ParsedResponse, c: ResponseContext): ResponseConfig {
    const config: ResponseConfig = {
        enabled: v.containment,
        findingTypes: v.containmentFindingTypes,
        minSeverity: v.containmentMinSeverity,
        dryRun: v.containmentDryRun,
    };
    if (!config.enabled) return config;
    validateContainmentArgs(
        "containment",
        { clusterName: c.clusterName, findingTypes: config.findingTypes, minSeverity: config.minSeverity },
        configNaming(RESPONSE_ARGUMENT_KEYS),
    );
    return config;
}
