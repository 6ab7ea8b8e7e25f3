/**
 * Canned cloud answers for running a program with no account: the invokes a
 * program may call, and the outputs the provider would compute for a new
 * resource. Shared by the offline check and the unit tests, so both see the
 * same fake account. An invoke with no answer here (or in the user's --mocks
 * file) is an error naming its token.
 */
import { policyDocument, yamlDecode } from "./localInvokes";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "us-east-1";
export const MOCK_PARTITION = "aws";
export const MOCK_DNS_SUFFIX = "amazonaws.com";
export const MOCK_AZ_NAMES = ["a", "b", "c", "d", "e", "f"].map((s) => `${MOCK_REGION}${s}`);

type Props = Record<string, unknown>;

export class UnmockedInvokeError extends Error {
    constructor(public readonly token: string) {
        super(
            `no answer for invoke "${token}": the offline check cannot call the cloud; answer it in a --mocks file (token, optional args, result) or avoid the invoke`,
        );
    }
}

const INVOKES: Readonly<Record<string, (inputs: Props) => Props>> = {
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        id: MOCK_REGION,
        names: MOCK_AZ_NAMES,
        zoneIds: MOCK_AZ_NAMES.map((_, i) => `use1-az${i + 1}`),
        groupNames: [MOCK_REGION],
        region: MOCK_REGION,
        state: "available",
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        id: MOCK_ACCOUNT_ID,
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:${MOCK_PARTITION}:iam::${MOCK_ACCOUNT_ID}:user/offline-check`,
        userId: "AIDAOFFLINECHECK",
    }),
    "aws:index/getRegion:getRegion": (inputs) => {
        const region = typeof inputs.region === "string" ? inputs.region : MOCK_REGION;
        return { id: region, name: region, region, description: "US East (N. Virginia)", endpoint: `ec2.${region}.${MOCK_DNS_SUFFIX}` };
    },
    "aws:index/getPartition:getPartition": () => ({
        id: MOCK_PARTITION,
        partition: MOCK_PARTITION,
        dnsSuffix: MOCK_DNS_SUFFIX,
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:iam/getPolicyDocument:getPolicyDocument": policyDocument,
    "kubernetes:yaml:decode": yamlDecode,
};

/** Answers an invoke, or throws `UnmockedInvokeError` naming its token. */
export function cannedInvoke(token: string, inputs: Props): Props {
    const answer = INVOKES[token];
    if (!answer) throw new UnmockedInvokeError(token);
    return answer(inputs);
}

export function hasCannedInvoke(token: string): boolean {
    return token in INVOKES;
}

function regionalArn(service: string, resource: string): string {
    return `arn:${MOCK_PARTITION}:${service}:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:${resource}`;
}

function globalArn(service: string, resource: string): string {
    return `arn:${MOCK_PARTITION}:${service}::${MOCK_ACCOUNT_ID}:${resource}`;
}

const str = (v: unknown, fallback: string): string => (typeof v === "string" && v.length > 0 ? v : fallback);

/** Type-specific outputs the provider computes on create; the inputs are echoed back as well. */
const COMPUTED: Readonly<Record<string, (name: string, id: string, inputs: Props) => Props>> = {
    "aws:ec2/vpc:Vpc": (_n, id) => ({
        arn: regionalArn("ec2", `vpc/${id}`),
        defaultSecurityGroupId: `${id}-default-sg`,
        defaultNetworkAclId: `${id}-default-nacl`,
        defaultRouteTableId: `${id}-default-rtb`,
        mainRouteTableId: `${id}-main-rtb`,
        ownerId: MOCK_ACCOUNT_ID,
    }),
    // Gateway endpoints get a prefix list (security groups reference it for S3 without NAT); interface endpoints do not.
    "aws:ec2/vpcEndpoint:VpcEndpoint": (_n, id, inputs) => (inputs.vpcEndpointType === "Gateway" ? { prefixListId: `pl-${id}` } : {}),
    "aws:kms/key:Key": (_n, id) => ({ keyId: id, arn: regionalArn("kms", `key/${id}`) }),
    "aws:kms/alias:Alias": (name, _id, inputs) => {
        const aliasName = str(inputs.name, `${str(inputs.namePrefix, `alias/${name}-`)}0123abcd`);
        return {
            name: aliasName,
            arn: regionalArn("kms", aliasName),
            targetKeyArn: regionalArn("kms", `key/${String(inputs.targetKeyId)}`),
        };
    },
    "aws:cloudwatch/logGroup:LogGroup": (name, _id, inputs) => {
        const groupName = str(inputs.name, name);
        return { name: groupName, arn: regionalArn("logs", `log-group:${groupName}`) };
    },
    "aws:iam/role:Role": (name, _id, inputs) => {
        const roleName = str(inputs.name, name);
        return { name: roleName, arn: globalArn("iam", `role/${roleName}`), uniqueId: `AROA${roleName.toUpperCase().slice(0, 12)}` };
    },
    "aws:iam/policy:Policy": (name, _id, inputs) => ({ arn: globalArn("iam", `policy/${str(inputs.name, name)}`) }),
    "aws:s3/bucket:Bucket": (name, _id, inputs) => {
        const bucket = str(inputs.bucket, name);
        return { bucket, arn: `arn:${MOCK_PARTITION}:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.${MOCK_DNS_SUFFIX}` };
    },
    "aws:s3/bucketV2:BucketV2": (name, _id, inputs) => {
        const bucket = str(inputs.bucket, name);
        return { bucket, arn: `arn:${MOCK_PARTITION}:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.${MOCK_DNS_SUFFIX}` };
    },
    "aws:sns/topic:Topic": (name, _id, inputs) => ({ arn: regionalArn("sns", str(inputs.name, name)) }),
    "aws:eks/cluster:Cluster": (name, id, inputs) => {
        const clusterName = str(inputs.name, name);
        const oidc = `https://oidc.eks.${MOCK_REGION}.${MOCK_DNS_SUFFIX}/id/${id.toUpperCase().replace(/[^A-Z0-9]/g, "")}`;
        return {
            name: clusterName,
            arn: regionalArn("eks", `cluster/${clusterName}`),
            endpoint: `https://${id}.gr7.${MOCK_REGION}.eks.${MOCK_DNS_SUFFIX}`,
            certificateAuthority: { data: Buffer.from(`mock-ca-for-${clusterName}`).toString("base64") },
            identities: [{ oidcs: [{ issuer: oidc }] }],
            vpcConfig: {
                ...((inputs.vpcConfig as Props | undefined) ?? {}),
                clusterSecurityGroupId: `${id}-cluster-sg`,
                vpcId: "vpc-mock",
            },
            status: "ACTIVE",
        };
    },
    // Launch templates start at version 1; node groups reference `latestVersion`.
    "aws:ec2/launchTemplate:LaunchTemplate": (_n, id) => ({
        arn: regionalArn("ec2", `launch-template/${id}`),
        latestVersion: 1,
        defaultVersion: 1,
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_n, _id, inputs) => ({
        arn: globalArn("iam", `oidc-provider/${str(inputs.url, "oidc").replace(/^https:\/\//, "")}`),
    }),
    "aws:guardduty/detector:Detector": () => ({ accountId: MOCK_ACCOUNT_ID, arn: regionalArn("guardduty", "detector/mock") }),
    "aws:cloudtrail/trail:Trail": (name, _id, inputs) => ({ arn: regionalArn("cloudtrail", `trail/${str(inputs.name, name)}`) }),
    "aws:cfg/recorder:Recorder": (name, _id, inputs) => ({ name: str(inputs.name, name) }),
    "aws:cloudwatch/eventRule:EventRule": (name, _id, inputs) => {
        const ruleName = str(inputs.name, name);
        return { name: ruleName, arn: regionalArn("events", `rule/${ruleName}`) };
    },
    "aws:ecr/repository:Repository": (name, _id, inputs) => {
        const repo = str(inputs.name, name);
        return {
            arn: regionalArn("ecr", `repository/${repo}`),
            repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${MOCK_REGION}.${MOCK_DNS_SUFFIX}/${repo}`,
            registryId: MOCK_ACCOUNT_ID,
        };
    },
};

/** The id and state a new resource would get: inputs echoed, an id derived from the name, computed outputs added. */
export function mockResourceState(type: string, name: string, inputs: Props): { id: string; state: Props } {
    const id = `${name}-id`;
    const computed = COMPUTED[type]?.(name, id, inputs) ?? {};
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const provider = type.split(":")[0];
    const fallback: Props = provider === "aws" && !("arn" in inputs) ? { arn: regionalArn(service, `${name}`) } : {};
    return { id, state: { ...inputs, ...fallback, ...computed } };
}
