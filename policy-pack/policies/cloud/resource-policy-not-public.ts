import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";
import { DocumentAt, allowStatements, anyoneMessage } from "../shared/resource-policy";

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";
const LOG_RESOURCE_POLICY = "aws:cloudwatch/logResourcePolicy:LogResourcePolicy";
const LOG_DESTINATION_POLICY = "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy";
const LOG_DELIVERY_DESTINATION_POLICY = "aws:cloudwatch/logDeliveryDestinationPolicy:LogDeliveryDestinationPolicy";
const ACCESS_POINT = "aws:s3/accessPoint:AccessPoint";
const VECTOR_BUCKET_POLICY = "aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy";
const FILE_SYSTEM_POLICY = "aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy";

/** Where each type keeps its resource policy, read through the SDK's input types. */
const DOCUMENT: Readonly<Record<string, DocumentAt>> = {
    [TOPIC]: { path: "policy", read: (p) => readerFor<aws.sns.TopicArgs>()(p, "policy") },
    [TOPIC_POLICY]: { path: "policy", read: (p) => readerFor<aws.sns.TopicPolicyArgs>()(p, "policy") },
    [QUEUE]: { path: "policy", read: (p) => readerFor<aws.sqs.QueueArgs>()(p, "policy") },
    [QUEUE_POLICY]: { path: "policy", read: (p) => readerFor<aws.sqs.QueuePolicyArgs>()(p, "policy") },
    [SECRET]: { path: "policy", read: (p) => readerFor<aws.secretsmanager.SecretArgs>()(p, "policy") },
    [SECRET_POLICY]: { path: "policy", read: (p) => readerFor<aws.secretsmanager.SecretPolicyArgs>()(p, "policy") },
    [LOG_RESOURCE_POLICY]: { path: "policyDocument", read: (p) => readerFor<aws.cloudwatch.LogResourcePolicyArgs>()(p, "policyDocument") },
    [LOG_DESTINATION_POLICY]: {
        path: "accessPolicy",
        read: (p) => readerFor<aws.cloudwatch.LogDestinationPolicyArgs>()(p, "accessPolicy"),
    },
    [LOG_DELIVERY_DESTINATION_POLICY]: {
        path: "deliveryDestinationPolicy",
        read: (p) => readerFor<aws.cloudwatch.LogDeliveryDestinationPolicyArgs>()(p, "deliveryDestinationPolicy"),
    },
    [ACCESS_POINT]: { path: "policy", read: (p) => readerFor<aws.s3.AccessPointArgs>()(p, "policy") },
    [VECTOR_BUCKET_POLICY]: { path: "policy", read: (p) => readerFor<aws.s3.VectorsVectorBucketPolicyArgs>()(p, "policy") },
    [FILE_SYSTEM_POLICY]: { path: "policy", read: (p) => readerFor<aws.s3.FilesFileSystemPolicyArgs>()(p, "policy") },
};

/**
 * IAM-1 (its "scoped to an account or an organisation" promise, for resource policies):
 * SNS topics, SQS queues, secrets, CloudWatch Logs, S3 access points, S3 vector buckets and
 * S3 file systems: their resource policies allow no one
 * outside named principals. "Anyone" is judged as for KMS key policies: "*", {AWS: "*"},
 * account wildcards and Allow+NotPrincipal, unless a condition pins the caller's account
 * or organisation (aws:PrincipalAccount, aws:PrincipalOrgID, kms:CallerAccount, ...).
 * Conditions on the source (aws:SourceArn) do not pin the caller and do not count.
 */
export const resourcePolicyNotPublic = resourcePolicy({
    name: "resource-policy-not-public",
    control: "IAM-1",
    severity: "high",
    layer: "cloud",
    description:
        'Resource policies of SNS topics, SQS queues, Secrets Manager secrets, CloudWatch Logs, S3 access points, S3 vector buckets and S3 file systems must not allow anyone ("*", {AWS: "*"}, account wildcards, Allow with NotPrincipal) unless a condition pins the caller\'s account or organisation; malformed documents fail closed.',
    references: [],
    remediation:
        'name the principals (account root, roles, service principals with aws:SourceAccount / aws:SourceArn conditions), or pin a "*" principal with Condition.StringEquals aws:PrincipalOrgID / aws:PrincipalAccount',
    resourceTypes: Object.keys(DOCUMENT),
    check: (r, ctx) => {
        const where = DOCUMENT[r.type];
        for (const s of allowStatements(r, where, "resource policy", ctx) ?? []) {
            if (s.publicAccess) ctx.violation(anyoneMessage(r, where, "resource policy", s));
        }
    },
});
