/** Cases of the CloudTrail (DET-4) and alert topic (DET-6) policies. */
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_BOOL } from "../../runtime";
import { cloudtrailTrailHardened } from "../../../../policy-pack/policies/cloud/cloudtrail-trail-hardened";
import { snsTopicEncrypted } from "../../../../policy-pack/policies/cloud/sns-topic-encrypted";
import { KEY_ARN, MUST_BE_SET } from "./fixtures";

/** The multi-region trail (DET-4). */
export const CLOUDTRAIL_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: cloudtrailTrailHardened,
        type: "aws:cloudtrail/trail:Trail",
        name: "trail",
        compliant: {
            s3BucketName: "trail-logs",
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: KEY_ARN,
            cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:trail:*",
            cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail",
            eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
            tags: {},
        },
        violations: [
            {
                what: "single-region",
                path: "isMultiRegionTrail",
                value: false,
                match: /\[DET-4\] CloudTrail trail "trail" has isMultiRegionTrail false/,
            },
            {
                what: "no log file validation",
                path: "enableLogFileValidation",
                value: undefined,
                match: /enableLogFileValidation false \(the default\)/,
            },
            { what: "no KMS key", path: "kmsKeyId", value: undefined, match: /has no kmsKeyId/ },
            { what: "no CloudWatch Logs", path: "cloudWatchLogsGroupArn", value: "", match: /has no cloudWatchLogsGroupArn/ },
            {
                what: "write-only management events",
                path: "eventSelectors.0.readWriteType",
                value: "WriteOnly",
                match: /does not log both read and write management events/,
            },
        ],
        alsoCompliant: [{ what: "no selectors (all management events)", path: "eventSelectors", value: undefined }],
        unknowns: [
            { what: "unknown isMultiRegionTrail", path: "isMultiRegionTrail", value: UNKNOWN_BOOL },
            { what: "unknown readWriteType", path: "eventSelectors.0.readWriteType", value: UNKNOWN },
        ],
    },
];

/** The encrypted alert topic (DET-6). */
export const ALERT_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: snsTopicEncrypted,
        type: "aws:sns/topic:Topic",
        name: "alerts",
        compliant: { kmsMasterKeyId: KEY_ARN, tags: {} },
        violations: [
            {
                what: "no kmsMasterKeyId",
                path: "kmsMasterKeyId",
                value: undefined,
                match: /\[DET-6\] SNS topic "alerts" has no kmsMasterKeyId/,
            },
        ],
        alsoCompliant: [{ what: "an unknown key id", path: "kmsMasterKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
];
