/** Shared fixtures of the AWS family cases: accounts, a key, an instance, policy documents. */
import type { SecurePolicy } from "../../../../policy-pack/lib";
import type { ResourceCase } from "../../case";
import { UNKNOWN } from "../../runtime";

export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "210987654321";
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;

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
export const OWN = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sns:Publish", Resource: "*" };
export const PUBLIC = { Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" };
export const PULL = {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
};
export const PUSH_OTHER = {
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci` },
    Action: ["ecr:PutImage", "ecr:UploadLayerPart"],
};
export const PUSH_OWN = { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "ecr:*" };
export const TRUSTED = { trustedAccountIds: [ACCOUNT] };

export function instanceCases(
    policy: SecurePolicy,
    extra: { what: string; path: string; value: unknown; match: RegExp }[],
): ResourceCase[] {
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
