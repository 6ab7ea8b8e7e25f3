/**
 * The `response` section: ContainmentResponse (DET-9), automated quarantine of pods named by GuardDuty
 * findings. Values are checked by the component's own validator, with messages naming the config key.
 */
import { z } from "zod";
import { DEFAULT_CONTAINMENT_FINDING_TYPES, DEFAULT_CONTAINMENT_SEVERITY, MAX_CONTAINMENT_SEVERITY, MIN_CONTAINMENT_SEVERITY, validateContainmentArgs } from "../../components";
import { booleanField, integerField, stringListField } from "./fields";
import { byName, withConfigKeys } from "./relabel";

export const RESPONSE_KEYS = {
    containment: booleanField(true),
    containmentFindingTypes: stringListField(DEFAULT_CONTAINMENT_FINDING_TYPES),
    containmentMinSeverity: integerField(MIN_CONTAINMENT_SEVERITY, MAX_CONTAINMENT_SEVERITY, DEFAULT_CONTAINMENT_SEVERITY),
    containmentDryRun: booleanField(false),
} as const;

type ResponseKey = keyof typeof RESPONSE_KEYS;
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
    readonly natStrategy: string;
    readonly interfaceEndpointServices: readonly string[];
    readonly otherKeys: { readonly natStrategy: string; readonly interfaceEndpointServices: string };
}

export function responseSection(v: ParsedResponse, c: ResponseContext, key: (k: ResponseKey) => string): ResponseConfig {
    const config: ResponseConfig = { enabled: v.containment, findingTypes: v.containmentFindingTypes, minSeverity: v.containmentMinSeverity, dryRun: v.containmentDryRun };
    if (!config.enabled) return config;
    withConfigKeys(
        () => validateContainmentArgs("containment", { clusterName: c.clusterName, findingTypes: config.findingTypes, minSeverity: config.minSeverity }),
        byName({ findingTypes: key("containmentFindingTypes"), minSeverity: key("containmentMinSeverity") }),
    );
    // The function runs in the private subnets: without NAT, SNS is reachable only through its endpoint.
    if (c.natStrategy === "none" && !c.interfaceEndpointServices.includes(CONTAINMENT_ENDPOINT_SERVICE)) {
        throw new Error(
            `${key("containment")} true with ${c.otherKeys.natStrategy} "none" needs "${CONTAINMENT_ENDPOINT_SERVICE}" in ${c.otherKeys.interfaceEndpointServices} (the containment function publishes to the alert topic from the private subnets); add it, or set ${key("containment")} false`,
        );
    }
    return config;
}
