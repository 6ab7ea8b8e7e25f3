export { SecureBucket, SecureBucketArgs, BucketAccessLogging, SECURE_BUCKET_TYPE, validateSecureBucketArgs } from "./SecureBucket";
export { buildBucketPolicy, denyInsecureTransportStatement, DENY_INSECURE_TRANSPORT_SID } from "./bucketPolicy";
