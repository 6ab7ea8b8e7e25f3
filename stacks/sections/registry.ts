/**
 * The `registry` section: ContainerRegistry arguments (CTR-1), checked by the component's validator, whose
 * argument names are the config keys' names.
 */
import { z } from "zod";
import { ContainerRegistryArgs, DEFAULT_UNTAGGED_EXPIRY_DAYS, validateContainerRegistryArgs } from "../../components";
import { booleanField, integerField, stringListField } from "./fields";
import { configNaming } from "./naming";

/** Ten years: a longer expiry for untagged images is a mistake, not a policy. */
export const MAX_UNTAGGED_EXPIRY_DAYS = 3650;

export const REGISTRY_KEYS = {
    repositories: stringListField([]),
    enhancedScanning: booleanField(true),
    untaggedImageExpiryDays: integerField(1, MAX_UNTAGGED_EXPIRY_DAYS, DEFAULT_UNTAGGED_EXPIRY_DAYS),
} as const;

type ParsedRegistry = z.output<z.ZodObject<typeof REGISTRY_KEYS>>;

/** ContainerRegistry arguments from config; the program adds the pull principals (the cluster's node role). */
export type RegistryConfig = Required<Pick<ContainerRegistryArgs, "repositories" | "enhancedScanning" | "untaggedImageExpiryDays">>;

export function registrySection(v: ParsedRegistry): RegistryConfig {
    const config: RegistryConfig = {
        repositories: v.repositories,
        enhancedScanning: v.enhancedScanning,
        untaggedImageExpiryDays: v.untaggedImageExpiryDays,
    };
    // The component's argument names are the config keys' names.
    validateContainerRegistryArgs("registry", config, configNaming({}));
    return config;
}
