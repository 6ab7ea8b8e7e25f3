/** The policy framework's public API (see README.md in this folder). */
export { resourcePolicy, stackPolicy } from "./policy";
export type { ProviderView, ResourcePolicyArgs, StackPolicyArgs, ResourceView, StackResourceView, StackView, SecurePolicy } from "./policy";
export type { CheckContext } from "./context";
export { formatMessage } from "./context";
export {
    at,
    asArray,
    asBoolean,
    asNumber,
    asRecord,
    asString,
    asStringList,
    findUnknown,
    isUnknown,
    snapshot,
    Unknown,
    UNKNOWN_SENTINELS,
} from "./data";
export type { Data, DataRecord } from "./data";
export { checkedBy, pathOf, pathOfEach, readPath, readerFor, readerForAll, readerForEach } from "./typed";
export type { CheckedPath, PathValue, Reader, ValidForAll, ValidPath } from "./typed";
export {
    DEFAULT_EXEMPTION_MAX_DAYS,
    EXEMPTION_MAX_DAYS_LIMIT,
    EXEMPTION_PREFIX,
    addDays,
    approvalFor,
    exemptionKey,
    findExemption,
    parseExemptionValue,
} from "./exemptions";
export type { Approval, ApprovalResult, Exemption } from "./exemptions";
export { FRAMEWORK_CONFIG, UNKNOWN_MODES, firstMatch as firstMatchPattern, globToRegExp, resolveConfig, scopeSkipReason } from "./config";
export type { UnknownMode } from "./config";
export { LAYERS, SEVERITIES, REFERENCE_FRAMEWORKS, defaultEnforcementLevel, formatReference } from "./metadata";
export type { Layer, PolicyMetadata, Reference, Severity, ConfigProperties } from "./metadata";
export type { Fix } from "./remediation";
export { renderCatalogue } from "./catalogue";
