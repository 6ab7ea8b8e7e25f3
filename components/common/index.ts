export * from "./kms";
export { AwsContext, awsContext } from "./awsContext";
export { PolicyDocument, PolicyStatement } from "./iam";
export { Tags } from "./tags";
export { LOG_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS, LogRetentionDays, isLogRetentionDays } from "./logs";
export {
    ArgPath,
    Naming,
    Problem,
    QUOTE_LIMIT,
    Reporter,
    ValidationError,
    namePath,
    pathText,
    quoteValue,
    reporter,
    tableNaming,
} from "./validation";
