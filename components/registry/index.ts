export { HardenedRepository, HardenedRepositoryArgs, HARDENED_REPOSITORY_TYPE, validateHardenedRepositoryArgs } from "./HardenedRepository";
export { ContainerRegistry, ContainerRegistryArgs, CONTAINER_REGISTRY_TYPE, validateContainerRegistryArgs } from "./ContainerRegistry";
export { buildLifecyclePolicy, buildPullPolicy, PULL_ACTIONS, DEFAULT_UNTAGGED_EXPIRY_DAYS } from "./repositoryPlan";
