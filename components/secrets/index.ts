export { SecretsAccess } from "./SecretsAccess";
export { SecretsAccessArgs, SecretsTeam, validateSecretsAccessArgs, secretPrefixError } from "./args";
export {
    SECRETS_ACCESS_TYPE,
    ESO_CHART,
    ESO_API_VERSION,
    ESO_NAMESPACE,
    ESO_SERVICE_ACCOUNT,
    TEAM_STORE_NAME,
    SECRET_PREFIX_PATTERN,
    SECRET_PREFIX_MAX_LENGTH,
} from "./constants";
export {
    TEAM_SECRET_ACTIONS,
    boundedRoleName,
    controllerRoleName,
    teamRoleName,
    roleArnOf,
    teamSecretPath,
    teamSecretsArn,
    teamSecretsPolicy,
    teamRoleTrust,
    controllerTrust,
    controllerPolicy,
    planOperatorNetworkPolicies,
    ESO_WEBHOOK_PORT,
    ESO_ENDPOINT_SERVICES,
    planSecretStore,
    storeMetadata,
    SecretStoreManifest,
} from "./plan";
export { helmValues, DEFAULT_NODE_SELECTOR as DEFAULT_SECRETS_NODE_SELECTOR } from "./values";
