/** Cases of the EC2 policies: instances and their launch shapes, volumes, images, the serial console, spot fleets. */
import { ebsSnapshotEncrypted } from "../../../../policy-pack/policies/cloud/ebs-snapshot-encrypted";
import { ec2InstanceEncryptedVolumes } from "../../../../policy-pack/policies/cloud/ec2-instance-encrypted-volumes";
import { ec2InstanceImdsv2 } from "../../../../policy-pack/policies/cloud/ec2-instance-imdsv2";
import { ec2InstanceNoPublicIp } from "../../../../policy-pack/policies/cloud/ec2-instance-no-public-ip";
import { ec2UserDataNoSecrets } from "../../../../policy-pack/policies/cloud/ec2-user-data-no-secrets";
import { ec2ImageSnapshotNotShared } from "../../../../policy-pack/policies/cloud/ec2-image-snapshot-not-shared";
import { ec2SerialConsoleAccessDisabled } from "../../../../policy-pack/policies/cloud/ec2-serial-console-access-disabled";
import { ec2SpotFleetLaunchTemplate } from "../../../../policy-pack/policies/cloud/ec2-spot-fleet-launch-template";
import type { Case, ResourceCase } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../../runtime";
import { ACCOUNT, INSTANCE, KEY_ARN, LAUNCH_CONFIGURATION, OTHER_ACCOUNT, TRUSTED, instanceCases } from "./fixtures";

/** Instances, spot requests and launch configurations: IMDSv2, addresses, volumes, user data, copies. */
export const INSTANCE_CASES: readonly Case[] = [
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
];

/** Account-wide instance metadata defaults and default subnets. */
export const INSTANCE_DEFAULT_CASES: readonly Case[] = [
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
];

/** Images and snapshots shared with other accounts (IAM-1). */
export const IMAGE_SHARING_CASES: readonly Case[] = [
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
];

/** The EC2 serial console (NET-6). */
export const SERIAL_CONSOLE_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ec2SerialConsoleAccessDisabled,
        type: "aws:ec2/serialConsoleAccess:SerialConsoleAccess",
        name: "console",
        compliant: { enabled: false },
        violations: [
            {
                what: "enabled",
                path: "enabled",
                value: true,
                match: /\[NET-6\] serial console access "console" switches the EC2 serial console on for the account \(enabled true\)/,
            },
            { what: "enabled as a string", path: "enabled", value: "true", match: /switches the EC2 serial console on/ },
            { what: "left at the provider's default (true)", path: "enabled", value: undefined, match: /enabled unset, default true/ },
        ],
        alsoCompliant: [{ what: "disabled as a string", path: "enabled", value: "false" }],
        unknowns: [{ what: "unknown enabled", path: "enabled", value: UNKNOWN }],
    },
];

/** Spot fleets launch from hardened templates (EKS-6). */
export const SPOT_FLEET_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: ec2SpotFleetLaunchTemplate,
        type: "aws:ec2/spotFleetRequest:SpotFleetRequest",
        name: "fleet",
        compliant: {
            iamFleetRole: "arn:role",
            targetCapacity: 2,
            launchTemplateConfigs: [{ launchTemplateSpecification: { id: "lt-1", version: "$Latest" } }],
        },
        violations: [
            {
                what: "an inline specification",
                path: "launchSpecifications",
                value: [{ ami: "ami-1", instanceType: "t3.micro", rootBlockDevices: [{ encrypted: true }] }],
                match: /\[EKS-6\] spot fleet request "fleet" launches from an inline specification \(launchSpecifications\.0\), which has no metadataOptions and cannot require IMDSv2\. Fix/,
            },
            {
                what: "an inline specification with a public address and a plain volume",
                path: "launchSpecifications",
                value: [
                    {
                        ami: "ami-1",
                        instanceType: "t3.micro",
                        associatePublicIpAddress: true,
                        ebsBlockDevices: [{ deviceName: "/dev/sdf" }],
                    },
                ],
                match: /it also asks for a public IP address and an unencrypted volume/,
            },
            { what: "not a list", path: "launchSpecifications", value: "x", match: /launchSpecifications that is not a list/ },
        ],
        alsoCompliant: [{ what: "an empty list", path: "launchSpecifications", value: [] }],
        unknowns: [{ what: "unknown specifications", path: "launchSpecifications", value: UNKNOWN_ARRAY }],
    },
];
