export { EDGE_PROTECTION_TYPE, EdgeProtection, EdgeProtectionArgs } from "./EdgeProtection";
export {
    BASELINE_MANAGED_RULE_GROUPS,
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_WINDOW_SECONDS,
    RATE_LIMIT_MAX,
    RATE_LIMIT_MIN,
    RATE_WINDOWS_SECONDS,
    RateWindowSeconds,
    WAF_LOG_GROUP_PREFIX,
    validateEdgeArgs,
    webAclArnPrefix,
    webAclName,
    webAclRules,
} from "./plan";
