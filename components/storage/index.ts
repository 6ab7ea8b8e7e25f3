export { SecureBucket, SecureBucketArgs, BucketAccessLogging, SECURE_BUCKET_TYPE, validateSecureBucketArgs } from "./SecureBucket";
export { buildBucketPolicy, denyInsecureTransportStatement, DENY_INSECURE_TRANSPORT_SID } from "./bucketPolicy";
export { EbsEncryptionByDefault, EbsEncryptionByDefaultArgs, EBS_ENCRYPTION_BY_DEFAULT_TYPE } from "./EbsEncryptionByDefault";
