export {
    SecureBucket,
    SecureBucketArgs,
    BucketAccessLogging,
    SECURE_BUCKET_TYPE,
    validateSecureBucketArgs,
    validateSecureBucketName,
} from "./SecureBucket";
export { buildBucketPolicy, denyInsecureTransportStatement, s3BucketArn, DENY_INSECURE_TRANSPORT_SID } from "./bucketPolicy";
export { secureBucketName, SecureBucketNameParts, validateBucketName, S3_BUCKET_NAME_MAX_LENGTH } from "./bucketName";
export { EbsEncryptionByDefault, EbsEncryptionByDefaultArgs, EBS_ENCRYPTION_BY_DEFAULT_TYPE } from "./EbsEncryptionByDefault";
