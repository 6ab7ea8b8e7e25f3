/** Cases of the access policies: IAM users, resource policies, ECR, KMS grants, interfaces and endpoint services. */
import { iamUserNoAttachedPolicies } from "../../../../policy-pack/policies/cloud/iam-user-no-attached-policies";
import { iamUserNoCredentials } from "../../../../policy-pack/policies/cloud/iam-user-no-credentials";
import { kmsGrantTrustedPrincipal } from "../../../../policy-pack/policies/cloud/kms-grant-trusted-principal";
import { resourcePolicyNotPublic } from "../../../../policy-pack/policies/cloud/resource-policy-not-public";
import { ecrPolicyRestricted } from "../../../../policy-pack/policies/container/ecr-policy-restricted";
import { kmsKeyPolicyNoWildcardPrincipal } from "../../../../policy-pack/policies/cloud/kms-key-policy-no-wildcard-principal";
import { ec2NetworkInterfacePermissionTrusted } from "../../../../policy-pack/policies/cloud/ec2-network-interface-permission-trusted";
import { ec2VpcEndpointServiceRestricted } from "../../../../policy-pack/policies/cloud/ec2-vpc-endpoint-service-restricted";
import type { Case, ResourceCase } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY } from "../../runtime";
import { ACCOUNT, KEY_ARN, OTHER_ACCOUNT, OWN, PUBLIC, PULL, PUSH_OTHER, PUSH_OWN, ROLE_ARN, TRUSTED, doc } from "./fixtures";

/** IAM users have no credentials and no attached policies (IAM-1). */
export const IAM_USER_CASES: readonly Case[] = [
    ...(
        [
            ["aws:iam/accessKey:AccessKey", "user"],
            ["aws:iam/userLoginProfile:UserLoginProfile", "user"],
            ["aws:iam/serviceSpecificCredential:ServiceSpecificCredential", "userName"],
            ["aws:iam/sshKey:SshKey", "username"],
            ["aws:iam/signingCertificate:SigningCertificate", "userName"],
        ] as const
    ).map(([type, path]): ResourceCase => ({
        kind: "resource",
        policy: iamUserNoCredentials,
        type,
        name: "ci-user-cred",
        compliant: { [path]: "break-glass-1" },
        config: { allowedUsers: ["break-glass-*"] },
        violations: [{ what: "a user outside allowedUsers", path, value: "bob", match: /\[IAM-1\] "ci-user-cred" gives IAM user "bob"/ }],
        unknowns: [{ what: "unknown user", path, value: UNKNOWN }],
    })),
    ...(
        [
            [
                "aws:iam/userPolicy:UserPolicy",
                { user: "break-glass", policy: doc(OWN) },
                "user",
                "bob",
                /inline policy "attach" is attached to IAM user "bob"/,
            ],
            [
                "aws:iam/userPolicyAttachment:UserPolicyAttachment",
                { user: "break-glass", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                "user",
                "bob",
                /attaches a managed policy to IAM user "bob"/,
            ],
            [
                "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
                { userName: "bob", policyArns: [] },
                "policyArns",
                ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                /policyArns is not empty/,
            ],
            [
                "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
                { userName: "bob", policyNames: [] },
                "policyNames",
                ["inline"],
                /policyNames is not empty/,
            ],
            [
                "aws:iam/policyAttachment:PolicyAttachment",
                { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", groups: ["devs"], users: [] },
                "users",
                ["bob"],
                /attaches its policy to IAM users/,
            ],
        ] as const
    ).map(([type, props, path, value, match]): ResourceCase => ({
        kind: "resource",
        policy: iamUserNoAttachedPolicies,
        type,
        name: "attach",
        compliant: props,
        config: { allowedUsers: ["break-glass"] },
        violations: [{ what: "a user attachment", path, value, match: new RegExp(`\\[IAM-1\\] .*${match.source}`) }],
        unknowns: [{ what: `unknown ${path}`, path, value: path === "user" ? UNKNOWN : UNKNOWN_ARRAY }],
    })),
];

/** ECR repository policies (CTR-1). */
export const ECR_POLICY_CASES: readonly Case[] = [
    ...(
        [
            ["aws:ecr/repositoryPolicy:RepositoryPolicy", "policy", { repository: "app" }],
            ["aws:ecr/registryPolicy:RegistryPolicy", "policy", {}],
            [
                "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
                "repositoryPolicy",
                { prefix: "team", appliedFors: ["PULL_THROUGH_CACHE"] },
            ],
        ] as const
    ).map(([type, path, base]): ResourceCase => ({
        kind: "resource",
        policy: ecrPolicyRestricted,
        type,
        name: "ecr",
        compliant: { ...base, [path]: doc(PULL, PUSH_OWN) },
        config: TRUSTED,
        violations: [
            {
                what: "anyone may pull",
                path,
                value: doc({ ...PULL, Principal: "*" }),
                match: /\[CTR-1\] the ECR policy of "ecr" allows anyone in statement 0/,
            },
            {
                what: "another account may push",
                path,
                value: doc(PULL, PUSH_OTHER),
                match: new RegExp(`lets ${OTHER_ACCOUNT} push or delete images in statement 1`),
            },
            {
                what: "a statement with no Effect",
                path,
                value: doc({ Principal: "*", Action: "ecr:*" }),
                match: /cannot be checked: the statement has no valid Effect/,
            },
        ],
        alsoCompliant: [{ what: "no policy", path, value: undefined }],
        unknowns: [{ what: "unknown policy", path, value: UNKNOWN }],
    })),
];

/** KMS grants to trusted principals (KMS-1). */
export const KMS_GRANT_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: kmsGrantTrustedPrincipal,
        type: "aws:kms/grant:Grant",
        name: "grant",
        compliant: { keyId: KEY_ARN, granteePrincipal: ROLE_ARN, operations: ["Decrypt"] },
        violations: [
            {
                what: "another account",
                path: "granteePrincipal",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
                match: new RegExp(`\\[KMS-1\\] KMS grant "grant" gives the key to account ${OTHER_ACCOUNT} \\(granteePrincipal\\)`),
            },
            { what: "a wildcard", path: "granteePrincipal", value: "arn:aws:iam::*:root", match: /is not a principal ARN of one account/ },
            {
                what: "a retiring principal elsewhere",
                path: "retiringPrincipal",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
                match: /\(retiringPrincipal\)/,
            },
        ],
        alsoCompliant: [
            {
                what: "a trusted partner account",
                path: "granteePrincipal",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
                config: { trustedAccountIds: [OTHER_ACCOUNT] },
            },
        ],
        unknowns: [{ what: "unknown grantee", path: "granteePrincipal", value: UNKNOWN }],
    },
];

/** Resource policies are not public (IAM-1). */
export const RESOURCE_POLICY_CASES: readonly Case[] = [
    ...(
        [
            ["aws:sns/topic:Topic", "policy", { kmsMasterKeyId: KEY_ARN }],
            ["aws:sns/topicPolicy:TopicPolicy", "policy", { arn: "arn:topic" }],
            ["aws:sqs/queue:Queue", "policy", { kmsMasterKeyId: KEY_ARN }],
            ["aws:sqs/queuePolicy:QueuePolicy", "policy", { queueUrl: "https://q" }],
            ["aws:secretsmanager/secret:Secret", "policy", { kmsKeyId: KEY_ARN }],
            ["aws:secretsmanager/secretPolicy:SecretPolicy", "policy", { secretArn: "arn:secret" }],
            ["aws:cloudwatch/logResourcePolicy:LogResourcePolicy", "policyDocument", { policyName: "p" }],
            ["aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy", "accessPolicy", { destinationName: "d" }],
            ["aws:s3/accessPoint:AccessPoint", "policy", { bucket: "b" }],
            [
                "aws:cloudwatch/logDeliveryDestinationPolicy:LogDeliveryDestinationPolicy",
                "deliveryDestinationPolicy",
                { deliveryDestinationName: "d" },
            ],
            ["aws:s3/vectorsVectorBucketPolicy:VectorsVectorBucketPolicy", "policy", { vectorBucketArn: "arn:v" }],
            ["aws:s3/filesFileSystemPolicy:FilesFileSystemPolicy", "policy", { fileSystemId: "fs-1" }],
        ] as const
    ).map(([type, path, base]): ResourceCase => ({
        kind: "resource",
        policy: resourcePolicyNotPublic,
        type,
        name: "shared",
        compliant: { ...base, [path]: doc(OWN) },
        violations: [
            {
                what: "Principal *",
                path,
                value: doc(OWN, PUBLIC),
                match: new RegExp(
                    `\\[IAM-1\\] the resource policy of "shared" allows anyone in statement 1 \\(${path}\\.Statement\\.1\\.Principal\\)`,
                ),
            },
            { what: "an invalid principal", path, value: doc({ ...OWN, Principal: 7 }), match: /cannot be checked: Principal is neither/ },
        ],
        alsoCompliant: [
            {
                what: "* pinned to the organisation",
                path,
                value: doc({ ...PUBLIC, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123def4" } } }),
            },
        ],
        unknowns: [{ what: "unknown document", path, value: UNKNOWN }],
    })),
];

/** Key policies of replica and external keys (KMS-1). */
export const KMS_REPLICA_CASES: readonly Case[] = [
    ...(["aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey"] as const).map(
        (type): ResourceCase => ({
            kind: "resource",
            policy: kmsKeyPolicyNoWildcardPrincipal,
            type,
            name: "replica",
            compliant: {
                primaryKeyArn: KEY_ARN,
                deletionWindowInDays: 30,
                policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }),
            },
            violations: [
                {
                    what: "Principal *",
                    path: "policy",
                    value: doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }),
                    match: /\[KMS-1\] the key policy of "replica" allows a wildcard principal/,
                },
            ],
            unknowns: [{ what: "unknown policy", path: "policy", value: UNKNOWN }],
        }),
    ),
];

/** ECR replication stays in trusted registries (CTR-1). */
export const ECR_REPLICATION_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ecrPolicyRestricted,
        type: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
        name: "replication",
        compliant: { replicationConfiguration: { rules: [{ destinations: [{ region: "eu-central-1", registryId: ACCOUNT }] }] } },
        config: TRUSTED,
        violations: [
            {
                what: "another account",
                path: "replicationConfiguration.rules.0.destinations.0.registryId",
                value: OTHER_ACCOUNT,
                match: new RegExp(`\\[CTR-1\\] ECR replication "replication" copies images to registry ${OTHER_ACCOUNT}`),
            },
            {
                what: "not an account",
                path: "replicationConfiguration.rules.0.destinations.0.registryId",
                value: "*",
                match: /not a 12-digit registry ID/,
            },
        ],
        unknowns: [{ what: "unknown destinations", path: "replicationConfiguration.rules.0.destinations", value: UNKNOWN_ARRAY }],
    },
];

/** Network interface permissions to trusted accounts (IAM-1). */
export const INTERFACE_PERMISSION_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ec2NetworkInterfacePermissionTrusted,
        type: "aws:ec2/networkInterfacePermission:NetworkInterfacePermission",
        name: "attach",
        compliant: { networkInterfaceId: "eni-1", awsAccountId: ACCOUNT, permission: "INSTANCE-ATTACH" },
        config: TRUSTED,
        violations: [
            { what: "not one account", path: "awsAccountId", value: "*", match: /to an awsAccountId that is not one 12-digit account/ },
            {
                what: "another account",
                path: "awsAccountId",
                value: OTHER_ACCOUNT,
                match: new RegExp(
                    `\\[IAM-1\\] network interface permission "attach" grants INSTANCE-ATTACH on an interface of this VPC to account ${OTHER_ACCOUNT}, outside trustedAccountIds`,
                ),
            },
        ],
        alsoCompliant: [
            {
                what: "a trusted partner",
                path: "awsAccountId",
                value: OTHER_ACCOUNT,
                config: { trustedAccountIds: [ACCOUNT, OTHER_ACCOUNT] },
            },
        ],
        unknowns: [{ what: "unknown account", path: "awsAccountId", value: UNKNOWN }],
    },
];

/** VPC endpoint services restricted to named principals (IAM-1). */
export const ENDPOINT_SERVICE_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ec2VpcEndpointServiceRestricted,
        type: "aws:ec2/vpcEndpointService:VpcEndpointService",
        name: "svc",
        compliant: { acceptanceRequired: true, networkLoadBalancerArns: ["arn:nlb"], allowedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] },
        config: TRUSTED,
        violations: [
            {
                what: "no acceptance",
                path: "acceptanceRequired",
                value: false,
                match: /\[IAM-1\] endpoint service "svc" accepts every connection request without review \(acceptanceRequired false\)/,
            },
            {
                what: "a wildcard principal",
                path: "allowedPrincipals",
                value: ["*"],
                match: /allows "\*": a wildcard \(any AWS account may connect\) \(allowedPrincipals\.0\)/,
            },
            { what: "a wildcard account", path: "allowedPrincipals.0", value: "arn:aws:iam::*:root", match: /a wildcard/ },
            {
                what: "another account",
                path: "allowedPrincipals.0",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
                match: new RegExp(`allows account ${OTHER_ACCOUNT}, outside trustedAccountIds`),
            },
            {
                what: "not a principal ARN",
                path: "allowedPrincipals.0",
                value: "everyone",
                match: /not an IAM principal ARN of one account/,
            },
        ],
        alsoCompliant: [{ what: "no principals", path: "allowedPrincipals", value: undefined }],
        unknowns: [
            { what: "unknown acceptance", path: "acceptanceRequired", value: UNKNOWN },
            { what: "unknown principals", path: "allowedPrincipals", value: UNKNOWN_ARRAY },
        ],
    },
    {
        kind: "resource",
        policy: ec2VpcEndpointServiceRestricted,
        type: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
        name: "allow",
        compliant: { vpcEndpointServiceId: "vpce-svc-1", principalArn: `arn:aws:iam::${ACCOUNT}:role/consumer` },
        config: TRUSTED,
        violations: [
            {
                what: "a wildcard",
                path: "principalArn",
                value: "*",
                match: /\[IAM-1\] endpoint service "allow" allows "\*": a wildcard \(any AWS account may connect\) \(principalArn\)/,
            },
            {
                what: "another account",
                path: "principalArn",
                value: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
                match: /outside trustedAccountIds \(principalArn\)/,
            },
            { what: "not a string", path: "principalArn", value: 7, match: /a principal that cannot be read \(principalArn 7\)/ },
        ],
        unknowns: [{ what: "unknown principal", path: "principalArn", value: UNKNOWN }],
    },
];
