/** Cases of the managed-service policies: GuardDuty, CloudTrail, SQS, Secrets Manager, EKS identity providers. */
import { guarddutyFilterNoArchiveHigh } from "../../../../policy-pack/policies/cloud/guardduty-filter-no-archive-high";
import { secretsmanagerSecretCustomerKey } from "../../../../policy-pack/policies/cloud/secretsmanager-secret-customer-key";
import { secretsmanagerSecretRotation } from "../../../../policy-pack/policies/cloud/secretsmanager-secret-rotation";
import { sqsQueueEncrypted } from "../../../../policy-pack/policies/cloud/sqs-queue-encrypted";
import { cloudtrailEventDataStoreEncrypted } from "../../../../policy-pack/policies/cloud/cloudtrail-event-data-store-encrypted";
import { guarddutyIpsetTrustedAllowed } from "../../../../policy-pack/policies/cloud/guardduty-ipset-trusted-allowed";
import { eksIdentityProviderPrefixed } from "../../../../policy-pack/policies/cluster/eks-identity-provider-prefixed";
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_OBJECT } from "../../runtime";
import { KEY_ARN } from "./fixtures";

/** GuardDuty filters never archive high findings (DET-1). */
export const GUARDDUTY_FILTER_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: guarddutyFilterNoArchiveHigh,
        type: "aws:guardduty/filter:Filter",
        name: "noise",
        compliant: {
            detectorId: "d",
            action: "ARCHIVE",
            rank: 1,
            findingCriteria: {
                criterions: [
                    { field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] },
                    { field: "severity", lessThan: "4" },
                ],
            },
        },
        violations: [
            {
                what: "no criteria",
                path: "findingCriteria.criterions",
                value: [],
                match: /\[DET-1\] GuardDuty filter "noise" can archive high|archives every finding/,
            },
            {
                what: "severity bound raised to 8",
                path: "findingCriteria.criterions.1.lessThan",
                value: "8",
                match: /can archive high and critical findings/,
            },
            {
                what: "no severity criterion",
                path: "findingCriteria.criterions.1",
                value: { field: "region", equals: ["eu-west-1"] },
                match: /can archive high and critical findings/,
            },
            {
                what: "non-numeric bound",
                path: "findingCriteria.criterions.1.lessThan",
                value: "low",
                match: /cannot be read: "low" is not a number \(findingCriteria\.criterions\.1\.lessThan\)/,
            },
        ],
        alsoCompliant: [
            { what: "NOOP action", path: "action", value: "NOOP" },
            { what: "bounded at 7 exclusive", path: "findingCriteria.criterions.1.lessThan", value: "7" },
        ],
        unknowns: [{ what: "unknown criteria", path: "findingCriteria", value: UNKNOWN_OBJECT }],
    },
];

/** SQS queues encrypted (DET-6); Secrets Manager keys and rotation (DATA-4). */
export const QUEUE_SECRET_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: sqsQueueEncrypted,
        type: "aws:sqs/queue:Queue",
        name: "events",
        compliant: { kmsMasterKeyId: KEY_ARN },
        violations: [
            {
                what: "no key",
                path: "kmsMasterKeyId",
                value: undefined,
                match: /\[DET-6\] SQS queue "events" has no kmsMasterKeyId, so messages/,
            },
            { what: "SQS-managed only", path: "kmsMasterKeyId", value: "", match: /has no kmsMasterKeyId/ },
        ],
        alsoCompliant: [{ what: "a key created in the same program", path: "kmsMasterKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: "an unknown key is a key (set); nothing else is read",
    },
    {
        kind: "resource",
        policy: secretsmanagerSecretCustomerKey,
        type: "aws:secretsmanager/secret:Secret",
        name: "db",
        compliant: { kmsKeyId: KEY_ARN },
        violations: [
            { what: "no key", path: "kmsKeyId", value: undefined, match: /\[DATA-4\] secret "db" has no kmsKeyId/ },
            { what: "the AWS-managed alias", path: "kmsKeyId", value: "alias/aws/secretsmanager", match: /names the AWS-managed key/ },
        ],
        alsoCompliant: [{ what: "a key created in the same program", path: "kmsKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: "an unknown key is a key (set)",
    },
    {
        kind: "stack",
        policy: secretsmanagerSecretRotation,
        subject: "db",
        compliant: [
            { type: "aws:secretsmanager/secret:Secret", name: "db", props: { kmsKeyId: KEY_ARN } },
            {
                type: "aws:secretsmanager/secretRotation:SecretRotation",
                name: "db-rotation",
                props: { secretId: "x", rotationLambdaArn: "arn:fn", rotationRules: { automaticallyAfterDays: 30 } },
                propertyDependencies: { secretId: ["db"] },
            },
        ],
        violations: [
            {
                what: "no rotation",
                resource: "db-rotation",
                path: "",
                value: "DROP",
                match: /\[DATA-4\] secret "db" has no SecretRotation in this program/,
            },
            { what: "rotation off", resource: "db-rotation", path: "rotationEnabled", value: false, match: /rotation switched off/ },
        ],
        unknowns: [],
        unknownsNeverMatter: "an unknown rotationEnabled counts as on (it will be set by the program)",
    },
];

/** CloudTrail event data stores encrypted (DET-4). */
export const EVENT_DATA_STORE_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: cloudtrailEventDataStoreEncrypted,
        type: "aws:cloudtrail/eventDataStore:EventDataStore",
        name: "lake",
        compliant: { kmsKeyId: KEY_ARN, retentionPeriod: 2557, multiRegionEnabled: true },
        violations: [
            { what: "no key", path: "kmsKeyId", value: undefined, match: /\[DET-4\] event data store "lake" has no kmsKeyId \(unset\)/ },
            { what: "an empty key", path: "kmsKeyId", value: " ", match: /has no kmsKeyId/ },
            { what: "a key that is not a string", path: "kmsKeyId", value: 7, match: /has no kmsKeyId \(7\)/ },
        ],
        alsoCompliant: [{ what: "a key created in the same program", path: "kmsKeyId", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: "an unknown key is a key created in the same program: it is set",
    },
];

/** EKS OIDC identity providers prefixed (EKS-4). */
export const IDENTITY_PROVIDER_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: eksIdentityProviderPrefixed,
        type: "aws:eks/identityProviderConfig:IdentityProviderConfig",
        name: "sso",
        compliant: {
            clusterName: "prod",
            oidc: {
                identityProviderConfigName: "sso",
                clientId: "kube",
                issuerUrl: "https://sso.example.com",
                usernameClaim: "email",
                usernamePrefix: "oidc:",
                groupsClaim: "groups",
                groupsPrefix: "oidc:",
            },
        },
        violations: [
            {
                what: "no groups prefix",
                path: "oidc.groupsPrefix",
                value: undefined,
                match: /\[EKS-4\] EKS identity provider "sso" maps OIDC groups into the cluster without a prefix \(oidc\.groupsPrefix unset\)/,
            },
            {
                what: "no username prefix",
                path: "oidc.usernamePrefix",
                value: "",
                match: /maps OIDC usernames into the cluster without a prefix/,
            },
            { what: 'the opt-out prefix "-"', path: "oidc.usernamePrefix", value: "-", match: /without a prefix/ },
            {
                what: "a reserved prefix",
                path: "oidc.groupsPrefix",
                value: "system:",
                match: /a prefix Kubernetes or EKS reserves \(oidc\.groupsPrefix\)/,
            },
            {
                what: "a plain-http issuer",
                path: "oidc.issuerUrl",
                value: "http://sso.example.com",
                match: /issuer that is not an https URL/,
            },
            { what: "no oidc block", path: "oidc", value: "x", match: /has no readable oidc block/ },
        ],
        unknowns: [
            { what: "unknown prefix", path: "oidc.groupsPrefix", value: UNKNOWN },
            { what: "unknown issuer", path: "oidc.issuerUrl", value: UNKNOWN },
            { what: "unknown oidc", path: "oidc", value: UNKNOWN_OBJECT },
        ],
    },
];

/** GuardDuty trusted IP lists (DET-1). */
export const GUARDDUTY_IPSET_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: guarddutyIpsetTrustedAllowed,
        type: "aws:guardduty/iPSet:IPSet",
        name: "office",
        compliant: { detectorId: "d", format: "TXT", location: "https://s3.amazonaws.com/b/ips.txt", activate: false },
        violations: [
            {
                what: "active",
                path: "activate",
                value: true,
                match: /\[DET-1\] GuardDuty trusted IP list "office" is active \(activate true\): GuardDuty raises no finding for any address it lists, and it is not named in allowedIpSets/,
            },
            { what: "active as a string", path: "activate", value: "true", match: /is active/ },
            { what: "activate malformed", path: "activate", value: 7, match: /is active \(activate 7\)/ },
        ],
        alsoCompliant: [{ what: "active and reviewed", path: "activate", value: true, config: { allowedIpSets: ["office"] } }],
        unknowns: [{ what: "unknown activate", path: "activate", value: UNKNOWN }],
    },
];
