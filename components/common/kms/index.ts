export { CustomerManagedKey, CustomerManagedKeyArgs, CUSTOMER_MANAGED_KEY_TYPE } from "./CustomerManagedKey";
export {
    KEY_PURPOSES,
    KEY_SERVICES,
    KeyPurpose,
    KeyService,
    buildKeyPolicy,
    validateKeyArgs,
    DEFAULT_DELETION_WINDOW_DAYS,
} from "./keyPolicy";
export { keyAliasName, onKeyByAlias, regionalKeysArn } from "./alias";
