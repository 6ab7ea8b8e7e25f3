/**
 * The `registry` section: ContainerRegistry arguments (CTR-1). Repository names are checked one by one
 * with the component's validator so the message names the list index.
 */
import { z } from "zod";
import { ContainerRegistryArgs, DEFAULT_UNTAGGED_EXPIRY_DAYS, validateContainerRegistryArgs } from "../../components";
import { booleanField, integerField, stringListField } from "./fields";
import { byName, withConfigKeys } from "./relabel";

/** Ten years: a longer expiry for untagged images is a mistake, not a policy. */
export const MAX_UNTAGGED_EXPIRY_DAYS = 3650;

export const REGISTRY_KEYS = {
    repositories: stringListField([]),
    enhancedScanning: booleanField(true),
    untaggedImageExpiryDays: integerField(1, MAX_UNTAGGED_EXPIRY_DAYS, DEFAULT_UNTAGGED_EXPIRY_DAYS),
} as const;

type RegistryKey = keyof typeof REGISTRY_KEYS;
type ParsedRegistry = z.output<z.ZodObject<typeof REGISTRY_KEYS>>;

/** ContainerRegistry arguments from config; the program adds the pull principals (the cluster's node role). */
export type RegistryConfig = Required<Pick<ContainerRegistryArgs, "repositories" | "enhancedScanning" | "untaggedImageExpiryDays">>;

export function registrySection(v: ParsedRegistry, key: (k: RegistryKey) => string): RegistryConfig {
    v.repositories.forEach((repository, i) =>
        withConfigKeys(
            () => validateContainerRegistryArgs("registry", { repositories: [repository] }),
            () => `${key("repositories")}[${i}]`,
        ),
    );
    const config: RegistryConfig = {
        repositories: v.repositories,
        enhancedScanning: v.enhancedScanning,
        untaggedImageExpiryDays: v.untaggedImageExpiryDays,
    };
    withConfigKeys(
        () => validateContainerRegistryArgs("registry", config),
        byName({ repositories: key("repositories"), untaggedImageExpiryDays: key("untaggedImageExpiryDays") }),
    );
    return config;
}
