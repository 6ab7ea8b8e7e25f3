/**
 * Cases for the AWS policies of issue 12 (resource families no policy judged before):
 * one compliant resource per type, one-field violations, unknowns. cases.ts spreads
 * AWS_FAMILY_CASES into CASES, so policies.test.ts, exemptions.test.ts and fuzz.test.ts
 * run them like every other policy's cases.
 */
import type { SecurePolicy } from "../../../policy-pack/lib";
import { ebsSnapshotEncrypted } from "../../../policy-pack/policies/cloud/ebs-snapshot-encrypted";
import { ec2InstanceEncryptedVolumes } from "../../../policy-pack/policies/cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "../../../policy-pack/policies/cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "../../../policy-pack/policies/cloud/ec2-instance-no-public-ip";
import { ec2UserDataNoSecrets } from "../../../policy-pack/policies/cloud/ec2-user-data-no-secrets";
import { guarddutyFilterNoArchiveHigh } from "../../../policy-pack/policies/cloud/guardduty-filter-no-archive-high";
import { iamUserNoAttachedPolicies } from "../../../policy-pack/policies/cloud/iam-user-no-attached-policies";
import { iamUserNoCredentials } from "../../../policy-pack/policies/cloud/iam-user-no-credentials";
import { kmsGrantTrustedPrincipal } from "../../../policy-pack/policies/cloud/kms-grant-trusted-principal";
import { resourcePolicyNotPublic } from "../../../policy-pack/policies/cloud/resource-policy-not-public";
import { secretsmanagerSecretCustomerKey } from "../../../policy-pack/policies/cloud/secretsmanager-secret-customer-key";
import { secretsmanagerSecretRotation } from "../../../policy-pack/policies/cloud/secretsmanager-secret-rotation";
import { sqsQueueEncrypted } from "../../../policy-pack/policies/cloud/sqs-queue-encrypted";
import { elbClassicListenerTls } from "../../../policy-pack/policies/code/elb-classic-listener-tls";
import { elbListenerRuleTls } from "../../../policy-pack/policies/code/elb-listener-rule-tls";
import { ecrPolicyRestricted } from "../../../policy-pack/policies/container/ecr-policy-restricted";
import { ec2ImageSnapshotNotShared } from "../../../policy-pack/policies/cloud/ec2-image-snapshot-not-shared";
import { snsSubscriptionHttps } from "../../../policy-pack/policies/code/sns-subscription-https";
import { kmsKeyPolicyNoWildcardPrincipal } from "../../../policy-pack/policies/cloud/kms-key-policy-no-wildcard-principal";
import type { Case, ResourceCase } from "../cases";
import { GAP_CASES } from "./gap-cases";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../runtime";

export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "210987654321";
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;

export const INSTANCE = {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    subnetId: "subnet-1",
    associatePublicIpAddress: false,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN, volumeSize: 20 },
    ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, kmsKeyId: KEY_ARN, volumeSize: 50 }],
    userData: "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\n",
    tags: {},
};
export const LAUNCH_CONFIGURATION = {
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    associatePublicIpAddress: false,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeSize: 20 },
    ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
};

export function doc(...statements: unknown[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
const OWN = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sns:Publish", Resource: "*" };
const PUBLIC = { Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" };
const PULL = {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
};
const PUSH_OTHER = {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci` },
    Action: ["ecr:PutImage", "ecr:UploadLayerPart"],
};
const PUSH_OWN = { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "ecr:*" };
const TRUSTED = { trustedAccountIds: [ACCOUNT] };

function instanceCases(policy: SecurePolicy, extra: { what: string; path: string; value: unknown; match: RegExp }[]): ResourceCase[] {
    return [
        {
            kind: "resource",
            policy,
            type: "aws:ec2/instance:Instance",
            name: "web",
            compliant: INSTANCE,
            violations: extra,
            unknowns: extra
                .filter((v) => !v.path.endsWith("kmsKeyId"))
                .map((v) => ({ what: `unknown ${v.path}`, path: v.path, value: UNKNOWN })),
        },
        {
            kind: "resource",
            policy,
            type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
            name: "spot",
            compliant: { ...INSTANCE, spotPrice: "0.01" },
            violations: extra,
            unknowns: [],
            unknownsNeverMatter: "the Instance case covers the same paths",
        },
        {
            kind: "resource",
            policy,
            type: "aws:ec2/launchConfiguration:LaunchConfiguration",
            name: "lc",
            compliant: LAUNCH_CONFIGURATION,
            violations: extra.filter((v) => !v.path.includes("kmsKeyId")),
            unknowns: [],
            unknownsNeverMatter: "the Instance case covers the same paths",
        },
    ];
}

export const AWS_FAMILY_CASES: readonly Case[] = [
    ...instanceCases(ec2InstanceImdsv2, [
        {
            what: "httpTokens optional",
            path: "metadataOptions.httpTokens",
            value: "optional",
            match: /\[EKS-6\] .* does not require IMDSv2 \(metadataOptions\.httpTokens is "optional"\)/,
        },
        {
            what: "hop limit 2",
            path: "metadataOptions.httpPutResponseHopLimit",
            value: 2,
            match: /httpPutResponseHopLimit 2; the pack allows at most 1/,
        },
    ]),
    {
        kind: "resource",
        policy: ec2InstanceImdsv2,
        type: "aws:ec2/instance:Instance",
        name: "from-template",
        compliant: { ...INSTANCE, metadataOptions: undefined, launchTemplate: { id: "lt-1" } },
        violations: [
            {
                what: "no metadataOptions and no launch template",
                path: "launchTemplate",
                value: undefined,
                match: /httpTokens is unset, default optional/,
            },
        ],
        alsoCompliant: [{ what: "IMDS switched off", path: "metadataOptions.httpEndpoint", value: "disabled" }],
        unknowns: [{ what: "unknown metadataOptions", path: "metadataOptions", value: UNKNOWN_OBJECT }],
    },
    ...instanceCases(ec2InstanceNoPublicIp, [
        {
            what: "associatePublicIpAddress true",
            path: "associatePublicIpAddress",
            value: true,
            match: /\[NET-1\] .* gets a public IP address \(associatePublicIpAddress true\)/,
        },
        { what: 'associatePublicIpAddress "true"', path: "associatePublicIpAddress", value: "true", match: /gets a public IP address/ },
    ]),
    {
        kind: "resource",
        policy: ec2InstanceNoPublicIp,
        type: "aws:ec2/eip:Eip",
        name: "nat-eip",
        compliant: { domain: "vpc", tags: {} },
        violations: [
            {
                what: "bound to an instance",
                path: "instance",
                value: "i-0123",
                match: /\[NET-1\] Elastic IP "nat-eip" gives a public address to an instance \(instance is set\)/,
            },
            {
                what: "bound to a network interface",
                path: "networkInterface",
                value: "eni-0123",
                match: /to a network interface \(networkInterface is set\)/,
            },
            { what: "bound to an instance unknown at preview", path: "instance", value: UNKNOWN, match: /instance is set/ },
        ],
        unknowns: [],
        unknownsNeverMatter: "an unknown target is still a target: it is judged as set (see the violations)",
    },
    {
        kind: "resource",
        policy: ec2InstanceNoPublicIp,
        type: "aws:ec2/eipAssociation:EipAssociation",
        name: "assoc",
        compliant: { allocationId: "eipalloc-1" },
        violations: [
            {
                what: "to an instance",
                path: "instanceId",
                value: "i-0123",
                match: /Elastic IP association "assoc" gives a public address to an instance/,
            },
            { what: "to a network interface", path: "networkInterfaceId", value: "eni-1", match: /to a network interface/ },
        ],
        unknowns: [],
        unknownsNeverMatter: "an unknown target is still a target: it is judged as set",
    },
    ...instanceCases(ec2InstanceEncryptedVolumes, [
        {
            what: "unencrypted root",
            path: "rootBlockDevice.encrypted",
            value: false,
            match: /\[DATA-1\] .* has an unencrypted EBS volume \(rootBlockDevice\.encrypted is false\)/,
        },
        {
            what: "unencrypted data volume",
            path: "ebsBlockDevices.0.encrypted",
            value: undefined,
            match: /ebsBlockDevices\.0\.encrypted is unset/,
        },
        { what: "no root block device", path: "rootBlockDevice", value: undefined, match: /declares no rootBlockDevice/ },
        {
            what: "root without customer key",
            path: "rootBlockDevice.kmsKeyId",
            value: undefined,
            match: /without a customer-managed key \(rootBlockDevice\.kmsKeyId unset\)/,
        },
    ]),
    {
        kind: "resource",
        policy: ec2UserDataNoSecrets,
        type: "aws:ec2/instance:Instance",
        name: "web",
        compliant: INSTANCE,
        violations: [
            {
                what: "an access key ID",
                path: "userData",
                value: "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n",
                match: /\[DATA-4\] instance "web" has an AWS access key ID in its userData/,
            },
            {
                what: "a password assignment",
                path: "userData",
                value: "#!/bin/bash\nDB_PASSWORD='hunter2hunter2'\n",
                match: /a value assigned to DB_PASSWORD/,
            },
        ],
        alsoCompliant: [{ what: "no user data", path: "userData", value: undefined }],
        unknowns: [],
        unknownsNeverMatter: "user data unknown at preview is computed by the program, not written in it; nothing to read",
    },
    {
        kind: "resource",
        policy: ec2UserDataNoSecrets,
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "lt",
        compliant: { userData: Buffer.from("#!/bin/bash\necho hello\n").toString("base64") },
        violations: [
            {
                what: "base64 private key",
                path: "userData",
                value: Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n").toString("base64"),
                match: /launch template "lt" has a private key in its userData/,
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "user data unknown at preview is computed, not written in the program",
    },
    {
        kind: "resource",
        policy: ec2UserDataNoSecrets,
        type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
        name: "spot",
        compliant: INSTANCE,
        violations: [
            {
                what: "a GitHub token",
                path: "userData",
                value: `git clone https://x:ghp_${"a".repeat(36)}@github.com/o/r`,
                match: /GitHub token|embedded password/,
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "user data unknown at preview is computed",
    },
    {
        kind: "resource",
        policy: ec2UserDataNoSecrets,
        type: "aws:ec2/launchConfiguration:LaunchConfiguration",
        name: "lc",
        compliant: LAUNCH_CONFIGURATION,
        violations: [
            {
                what: "a URL with a password",
                path: "userData",
                value: "DATABASE_URL=postgres://admin:S3cretPassw0rd@db:5432/app",
                match: /embedded password/,
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "user data unknown at preview is computed",
    },
    ...(["aws:ebs/snapshotCopy:SnapshotCopy", "aws:ebs/snapshotImport:SnapshotImport", "aws:ec2/amiCopy:AmiCopy"] as const).map(
        (type): ResourceCase => ({
            kind: "resource",
            policy: ebsSnapshotEncrypted,
            type,
            name: "copy",
            compliant: {
                encrypted: true,
                kmsKeyId: KEY_ARN,
                sourceSnapshotId: "snap-1",
                sourceRegion: "eu-west-1",
                sourceAmiId: "ami-1",
                sourceAmiRegion: "eu-west-1",
            },
            violations: [
                {
                    what: "encrypted unset",
                    path: "encrypted",
                    value: undefined,
                    match: /\[DATA-1\] .* "copy" is not encrypted \(encrypted is unset, default false\)/,
                },
                { what: "no customer key", path: "kmsKeyId", value: undefined, match: /has no customer-managed key/ },
            ],
            alsoCompliant: [
                { what: "AWS-managed key allowed by config", path: "kmsKeyId", value: undefined, config: { requireCustomerKey: false } },
            ],
            unknowns: [{ what: "unknown encrypted", path: "encrypted", value: UNKNOWN }],
        }),
    ),
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
    {
        kind: "stack",
        policy: elbListenerRuleTls,
        subject: "api-rule",
        compliant: [
            {
                type: "aws:lb/listener:Listener",
                name: "https",
                props: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
            },
            {
                type: "aws:lb/listenerRule:ListenerRule",
                name: "api-rule",
                props: {
                    listenerArn: "arn",
                    actions: [{ type: "forward", targetGroupArn: "tg" }],
                    conditions: [{ pathPattern: { values: ["/api/*"] } }],
                },
                propertyDependencies: { listenerArn: ["https"] },
            },
        ],
        violations: [
            {
                what: "the listener is plain HTTP",
                resource: "https",
                path: "protocol",
                value: "HTTP",
                match: /\[CODE-1\] listener rule "api-rule" serves plain HTTP on listener "https" \(actions\.0\.type "forward"\)/,
            },
            {
                what: "the listener's protocol is unset (HTTP)",
                resource: "https",
                path: "protocol",
                value: undefined,
                match: /serves plain HTTP/,
            },
        ],
        alsoCompliant: [
            {
                what: "an HTTP listener rule that redirects to HTTPS",
                resource: "api-rule",
                path: "actions",
                value: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            },
        ],
        unknowns: [{ what: "unknown listener protocol", resource: "https", path: "protocol", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: elbClassicListenerTls,
        type: "aws:elb/loadBalancer:LoadBalancer",
        name: "classic",
        compliant: {
            listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8443, instanceProtocol: "https", sslCertificateId: "arn:cert" }],
        },
        violations: [
            {
                what: "an HTTP listener",
                path: "listeners.0.lbProtocol",
                value: "http",
                match: /\[CODE-1\] classic load balancer "classic" serves listeners\.0 without TLS \(lbProtocol "http"\)/,
            },
            { what: "a TCP listener", path: "listeners.0.lbProtocol", value: "TCP", match: /without TLS/ },
            { what: "listeners not a list", path: "listeners", value: "x", match: /no readable listeners list/ },
        ],
        alsoCompliant: [{ what: "SSL", path: "listeners.0.lbProtocol", value: "SSL" }],
        unknowns: [{ what: "unknown protocol", path: "listeners.0.lbProtocol", value: UNKNOWN }],
    },
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
    {
        kind: "resource",
        policy: ec2InstanceImdsv2,
        type: "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults",
        name: "defaults",
        compliant: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        violations: [
            {
                what: "IMDSv1 as the account default",
                path: "httpTokens",
                value: "optional",
                match: /\[EKS-6\] instance metadata defaults "defaults" set httpTokens "optional", which lets instances use IMDSv1/,
            },
            { what: "a malformed httpTokens", path: "httpTokens", value: 7, match: /set httpTokens 7/ },
            {
                what: "hop limit 3",
                path: "httpPutResponseHopLimit",
                value: 3,
                match: /httpPutResponseHopLimit 3; the pack allows at most 1/,
            },
        ],
        alsoCompliant: [
            { what: "no preference", path: "httpTokens", value: "no-preference" },
            { what: "hop limit no preference", path: "httpPutResponseHopLimit", value: -1 },
        ],
        unknowns: [{ what: "unknown hop limit", path: "httpPutResponseHopLimit", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: ec2InstanceNoPublicIp,
        type: "aws:ec2/defaultSubnet:DefaultSubnet",
        name: "default-a",
        compliant: { availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false },
        violations: [
            {
                what: "left at the AWS default",
                path: "mapPublicIpOnLaunch",
                value: undefined,
                match: /\[NET-1\] default subnet "default-a" leaves mapPublicIpOnLaunch unset/,
            },
            { what: "true", path: "mapPublicIpOnLaunch", value: true, match: /leaves mapPublicIpOnLaunch true/ },
        ],
        unknowns: [{ what: "unknown mapping", path: "mapPublicIpOnLaunch", value: UNKNOWN }],
    },
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
    {
        kind: "resource",
        policy: snsSubscriptionHttps,
        type: "aws:sns/topicSubscription:TopicSubscription",
        name: "pager",
        compliant: { topic: "arn:topic", protocol: "https", endpoint: "https://pager.example.com/hook" },
        violations: [
            {
                what: "plain http",
                path: "protocol",
                value: "http",
                match: /\[CODE-1\] SNS subscription "pager" delivers messages over plain HTTP/,
            },
            { what: "HTTP in capitals", path: "protocol", value: "HTTP", match: /plain HTTP/ },
        ],
        alsoCompliant: [{ what: "email", path: "protocol", value: "email" }],
        unknowns: [{ what: "unknown protocol", path: "protocol", value: UNKNOWN }],
    },
    ...(
        [
            "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
            "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission",
        ] as const
    ).map((type): ResourceCase => ({
        kind: "resource",
        policy: ec2ImageSnapshotNotShared,
        type,
        name: "share",
        compliant: { imageId: "ami-1", snapshotId: "snap-1", accountId: ACCOUNT },
        config: TRUSTED,
        violations: [
            {
                what: "not an account id",
                path: "accountId",
                value: "all",
                match: /\[IAM-1\] "share" shares an? (AMI|snapshot) with an accountId that is not a 12-digit account/,
            },
            {
                what: "another account",
                path: "accountId",
                value: OTHER_ACCOUNT,
                match: new RegExp(`\\[IAM-1\\] "share" shares an? (AMI|snapshot) with account ${OTHER_ACCOUNT}, outside trustedAccountIds`),
            },
            ...(type.includes("ami") ? [{ what: "public", path: "group", value: "all", match: /makes an AMI public/ }] : []),
        ],
        unknowns: [{ what: "unknown account", path: "accountId", value: UNKNOWN }],
    })),
    ...(
        [
            ["aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", "block-all-sharing"],
            ["aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "block-new-sharing"],
        ] as const
    ).map(([type, state]): ResourceCase => ({
        kind: "resource",
        policy: ec2ImageSnapshotNotShared,
        type,
        name: "block",
        compliant: { state },
        violations: [{ what: "unblocked", path: "state", value: "unblocked", match: /\[IAM-1\] "block" switches block public access off/ }],
        unknowns: [{ what: "unknown state", path: "state", value: UNKNOWN }],
    })),
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
    ...GAP_CASES,
];
