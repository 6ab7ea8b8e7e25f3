/**
 * Test cases per policy: one compliant resource (or stack), and variants that each change
 * ONE thing — to a violation, to another compliant shape, or to a value unknown at preview.
 * policies.test.ts runs every case; the fuzz and exemption tests reuse the fixtures.
 */
import type { SecurePolicy } from "../../policy-pack/lib";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { AWS_FAMILY_CASES } from "./aws/cases";
import { DETECTION_CASES } from "./detection/cases";
import { RESPONSE_CASES } from "./response/cases";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "./runtime";
import { K8S_CASES } from "./kubernetes/cases";
import { SIGNING_CASES } from "./signing-cases";
import { OPAQUE_CASES } from "./opaque-cases";
import { EKS_COMPONENT_CASES } from "./eks-component/cases";
import { CALLOUT_CASES } from "./meaning/callouts-cases";
import { SECRETS_CASES } from "./secrets-cases";

type Props = Record<string, unknown>;

/** A deep copy of `base` with `path` ("a.b.0.c") set to `value` (undefined deletes it). */
export function withField(base: Props, path: string, value: unknown): Props {
    const copy = JSON.parse(JSON.stringify(base)) as Props;
    const keys = path.split(".");
    // Own properties only, defined rather than assigned: a path through "__proto__" or
    // "constructor" must not reach (and pollute) Object.prototype.
    const own = (o: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
    const define = (o: Record<string, unknown>, k: string, v: unknown): void => {
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    };
    let cur: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) {
        const next = own(cur, k);
        if (next === undefined || next === null || typeof next !== "object") define(cur, k, {});
        cur = own(cur, k) as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete cur[last];
    else define(cur, last, value);
    return copy;
}

export interface Variant {
    readonly what: string;
    readonly path: string;
    readonly value: unknown;
    /** For violations: the message must match. */
    readonly match?: RegExp;
    /** Pack config for this variant (e.g. an exception list). */
    readonly config?: Record<string, unknown>;
}

export interface ResourceCase {
    readonly kind: "resource";
    readonly policy: SecurePolicy;
    readonly type: string;
    readonly name: string;
    readonly compliant: Props;
    /** Pack config of this policy under which `compliant` passes (each variant's config is added). */
    readonly config?: Record<string, unknown>;
    readonly violations: readonly Variant[];
    readonly alsoCompliant?: readonly Variant[];
    readonly unknowns: readonly Variant[];
    /** Why no unknown can change the outcome (then `unknowns` may be empty). */
    readonly unknownsNeverMatter?: string;
}

export interface StackVariant {
    readonly what: string;
    /** Pack config for this variant. */
    readonly config?: Record<string, unknown>;
    /** Change one resource (by name) one field, or drop it (value "DROP"). */
    readonly resource: string;
    readonly path: string;
    readonly value: unknown;
    readonly match?: RegExp;
}

export interface StackCase {
    readonly kind: "stack";
    readonly policy: SecurePolicy;
    /** The subject resource's name (exemption tags go there). */
    readonly subject: string;
    readonly compliant: readonly TestResource[];
    readonly violations: readonly StackVariant[];
    readonly alsoCompliant?: readonly StackVariant[];
    readonly unknowns: readonly StackVariant[];
    /** Why no unknown can change the outcome (then `unknowns` may be empty). */
    readonly unknownsNeverMatter?: string;
}

export type Case = ResourceCase | StackCase;

export const DROP = "DROP";

export function applyStackVariant(resources: readonly TestResource[], v: StackVariant): TestResource[] {
    return resources
        .filter((r) => !(r.name === v.resource && v.value === DROP && v.path === ""))
        .map((r) => {
            if (r.name !== v.resource || v.path === "") return r;
            if (v.path.startsWith("deps.")) {
                const key = v.path.slice("deps.".length);
                const deps = { ...(r.propertyDependencies ?? {}) };
                delete deps[key];
                return { ...r, propertyDependencies: deps };
            }
            return { ...r, props: withField(r.props, v.path, v.value) };
        });
}

function policy(name: string): SecurePolicy {
    const p = ALL_POLICIES.find((x) => x.meta.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const KEY_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        {
            Sid: "Logs",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*"],
            Resource: "*",
        },
    ],
});
const WILDCARD_KEY_POLICY = JSON.stringify({
    Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }],
});
// The deny must name the bucket it is attached to (DATA-2).
const tlsPolicy = (bucketName: string): string =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const sg = {
    vpcId: "vpc-1",
    description: "app",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], ipv6CidrBlocks: [] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
};

const bucket = (name: string): TestResource => ({ type: "aws:s3/bucket:Bucket", name, props: { bucket: `${name}-123`, tags: {} } });
// At preview, `bucket: bucket.id` of a new bucket is unknown: only the dependency links them.
const side = (type: string, name: string, of: string, props: Props): TestResource => ({
    type,
    name,
    props: { bucket: UNKNOWN, ...props },
    propertyDependencies: { bucket: [of] },
});
const bucketStack = (b: string): TestResource[] => [
    bucket(b),
    side("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${b}-pab`, b, {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }),
    side("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${b}-sse`, b, {
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
    }),
    side("aws:s3/bucketVersioning:BucketVersioning", `${b}-versioning`, b, { versioningConfiguration: { status: "Enabled" } }),
    side("aws:s3/bucketPolicy:BucketPolicy", `${b}-policy`, b, { policy: tlsPolicy(`${b}-123`) }),
    side("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${b}-ownership`, b, {
        rule: { objectOwnership: "BucketOwnerEnforced" },
    }),
];

const awsCluster = {
    name: "prod",
    roleArn: "arn:aws:iam::123456789012:role/eks",
    version: "1.33",
    vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
    enabledClusterLogTypes: ALL_LOG_TYPES,
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    tags: {},
};
const eksComponentCluster = {
    vpcId: "vpc-1",
    privateSubnetIds: ["subnet-1"],
    endpointPrivateAccess: true,
    endpointPublicAccess: false,
    encryptionConfigKeyArn: KEY_ARN,
    enabledClusterLogTypes: ALL_LOG_TYPES,
    authenticationMode: "API",
    skipDefaultNodeGroup: true,
    nodeAssociatePublicIpAddress: false,
    tags: {},
};
const launchTemplate = {
    namePrefix: "nodes-",
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeSize: 50, volumeType: "gp3" } }],
    networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0 }],
    tags: {},
};

/** Cases of the AWS policies. */
export const AWS_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: policy("ec2-security-group-no-public-ingress"),
        subject: "app-sg",
        compliant: [
            { type: "aws:ec2/vpc:Vpc", name: "main-vpc", props: { cidrBlock: "10.0.0.0/16", tags: {} } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "app-sg", props: sg, propertyDependencies: { vpcId: ["main-vpc"] } },
            {
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "app-ssh",
                props: { type: "ingress", securityGroupId: UNKNOWN, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
                propertyDependencies: { securityGroupId: ["app-sg"] },
            },
            {
                type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                name: "app-https",
                props: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16", tags: {} },
                propertyDependencies: { securityGroupId: ["app-sg"] },
            },
        ],
        violations: [
            {
                what: "SSH from 0.0.0.0/0",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
                match: /\[NET-6\] security group "app-sg" lets 0\.0\.0\.0\/0 .* reach administrative tcp port 22 through security group "app-sg" ingress\.0/,
            },
            {
                what: "RDP from ::/0 (ipv6CidrBlocks)",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] },
                match: /::\/0 .*administrative tcp port 3389/,
            },
            {
                what: "a port range covering 22",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 0, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] },
                match: /administrative tcp ports 22-23/,
            },
            {
                what: "protocol -1 (all)",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
                match: /reach other protocols/,
            },
            {
                what: "443 from the internet on a group not listed as a load balancer",
                resource: "app-sg",
                path: "ingress.0.cidrBlocks",
                value: ["0.0.0.0/0"],
                match: /only load-balancer groups listed in the pack config/,
            },
            {
                what: "a listed load-balancer group opening 8080",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] },
                config: { loadBalancerSecurityGroups: ["app-*"] },
                match: /a load-balancer group may open only tcp 80 or 443/,
            },
            {
                what: "the separate SecurityGroupRule opening SSH to half the internet",
                resource: "app-ssh",
                path: "cidrBlocks",
                value: ["0.0.0.0/1"],
                match: /security group "app-sg" lets 0\.0\.0\.0\/1 .*administrative tcp port 22 through security group rule "app-ssh"/,
            },
            {
                what: "the vpc.SecurityGroupIngressRule opening 443 to ::/0",
                resource: "app-https",
                path: "cidrIpv6",
                value: "::/0",
                match: /::\/0 .*reach tcp port 443 through security group rule "app-https"/,
            },
            {
                what: "a malformed CIDR",
                resource: "app-https",
                path: "cidrIpv4",
                value: "10.0.0.0/33",
                match: /security group rule "app-https" cidrIpv4: "10\.0\.0\.0\/33" is not an IPv4 or IPv6 CIDR/,
            },
            {
                what: "a prefix list not created in the program on SSH",
                resource: "app-ssh",
                path: "prefixListIds",
                value: ["pl-0123456789abcdef0"],
                match: /a prefix list not created in this program.*administrative tcp port 22; treated as open/,
            },
        ],
        alsoCompliant: [
            {
                what: "443 from the internet on a configured load-balancer group",
                resource: "app-sg",
                path: "ingress.0.cidrBlocks",
                value: ["0.0.0.0/0"],
                config: { loadBalancerSecurityGroups: ["app-*"] },
            },
            { what: "an egress SecurityGroupRule to 0.0.0.0/0", resource: "app-ssh", path: "type", value: "egress" },
            {
                what: "an ingress from a security group id that is unknown at preview",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: [UNKNOWN] },
            },
            {
                what: "SSH from an allowlisted /24",
                resource: "app-ssh",
                path: "cidrBlocks",
                value: ["203.0.113.0/24"],
                config: { adminAllowedCidrs: ["203.0.113.0/24"] },
            },
            { what: "no inline ingress", resource: "app-sg", path: "ingress", value: undefined },
        ],
        unknowns: [
            { what: "an unknown CIDR", resource: "app-sg", path: "ingress.0.cidrBlocks.0", value: UNKNOWN },
            { what: "an unknown CIDR list", resource: "app-sg", path: "ingress.0.cidrBlocks", value: UNKNOWN_ARRAY },
            { what: "an unknown ingress list", resource: "app-sg", path: "ingress", value: UNKNOWN_ARRAY },
            { what: "an unknown rule type", resource: "app-ssh", path: "type", value: UNKNOWN },
            { what: "an unknown cidrIpv4", resource: "app-https", path: "cidrIpv4", value: UNKNOWN },
            {
                what: "unknown ports on a world rule",
                resource: "app-sg",
                path: "ingress.0",
                value: { protocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: ["0.0.0.0/0"] },
            },
        ],
    },
    {
        kind: "resource",
        policy: policy("ec2-default-security-group-no-rules"),
        type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        name: "default-sg",
        compliant: { vpcId: "vpc-1", ingress: [], egress: [], tags: {} },
        violations: [
            {
                what: "an ingress rule",
                path: "ingress",
                value: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
                match: /\[NET-2\] default security group "default-sg" has 1 ingress rule/,
            },
            {
                what: "an egress rule",
                path: "egress",
                value: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
                match: /1 egress rule/,
            },
        ],
        unknowns: [{ what: "unknown ingress", path: "ingress", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "stack",
        policy: policy("ec2-nacl-no-public-admin-ports"),
        subject: "private-nacl",
        compliant: [
            {
                type: "aws:ec2/networkAcl:NetworkAcl",
                name: "private-nacl",
                props: {
                    vpcId: "vpc-1",
                    ingress: [
                        { ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
                        { ruleNo: 110, action: "deny", protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlock: "0.0.0.0/0" },
                        { ruleNo: 200, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
                    ],
                    tags: {},
                },
            },
            {
                type: "aws:ec2/networkAclRule:NetworkAclRule",
                name: "allow-https",
                props: {
                    networkAclId: UNKNOWN,
                    ruleNumber: 105,
                    egress: false,
                    protocol: "tcp",
                    ruleAction: "allow",
                    cidrBlock: "0.0.0.0/0",
                    fromPort: 443,
                    toPort: 443,
                },
                propertyDependencies: { networkAclId: ["private-nacl"] },
            },
        ],
        violations: [
            {
                what: "the SSH deny numbered after the allow-all",
                resource: "private-nacl",
                path: "ingress.0.ruleNo",
                value: 300,
                match: /\[NET-3\] network ACL "private-nacl" allows 0\.0\.0\.0\/0 to reach tcp port 22 through network ACL "private-nacl" ingress\.2 \(rule 200\)/,
            },
            {
                what: "an IPv6 allow-all with no IPv6 denies",
                resource: "private-nacl",
                path: "ingress.3",
                value: { ruleNo: 210, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlock: "::/0" },
                match: /allows ::\/0 to reach tcp ports 22, 3389/,
            },
            {
                what: "the RDP deny turned into a deny for udp",
                resource: "private-nacl",
                path: "ingress.1.protocol",
                value: "udp",
                match: /tcp port 3389/,
            },
            {
                what: "the separate rule widened to 3389, numbered before the deny",
                resource: "allow-https",
                path: "toPort",
                value: 4000,
                match: /tcp port 3389 through network ACL rule "allow-https" \(rule 105\)/,
            },
            {
                what: "the deny covering only half the internet",
                resource: "private-nacl",
                path: "ingress.0.cidrBlock",
                value: "0.0.0.0/1",
                match: /allows 128\.0\.0\.0\/1 .*tcp port 22/,
            },
        ],
        alsoCompliant: [
            { what: "the allow-all narrowed to the VPC", resource: "private-nacl", path: "ingress.2.cidrBlock", value: "10.0.0.0/16" },
            { what: "the separate rule as egress", resource: "allow-https", path: "egress", value: true },
            {
                what: "the deny split into 0.0.0.0/1 and a 128.0.0.0/1 rule",
                resource: "private-nacl",
                path: "ingress.3",
                value: { ruleNo: 101, action: "deny", protocol: "6", fromPort: 22, toPort: 22, cidrBlock: "128.0.0.0/1" },
            },
        ],
        unknowns: [
            { what: "an unknown CIDR on the allow", resource: "private-nacl", path: "ingress.2.cidrBlock", value: UNKNOWN },
            { what: "an unknown port on the separate rule", resource: "allow-https", path: "fromPort", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: policy("ec2-subnet-no-public-ip-mapping"),
        type: "aws:ec2/subnet:Subnet",
        name: "private-a",
        compliant: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false, tags: {} },
        violations: [
            {
                what: "mapPublicIpOnLaunch true",
                path: "mapPublicIpOnLaunch",
                value: true,
                match: /\[NET-1\] subnet "private-a" sets mapPublicIpOnLaunch: true/,
            },
        ],
        alsoCompliant: [{ what: "mapPublicIpOnLaunch unset", path: "mapPublicIpOnLaunch", value: undefined }],
        unknowns: [{ what: "unknown mapPublicIpOnLaunch", path: "mapPublicIpOnLaunch", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: policy("elb-internet-facing-waf"),
        subject: "web",
        compliant: [
            {
                type: "aws:lb/loadBalancer:LoadBalancer",
                name: "web",
                props: { internal: false, loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"], tags: {} },
            },
            {
                type: "aws:wafv2/webAclAssociation:WebAclAssociation",
                name: "web-waf",
                props: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
                propertyDependencies: { resourceArn: ["web"] },
            },
        ],
        violations: [
            {
                what: "no web ACL association",
                resource: "web-waf",
                path: "",
                value: DROP,
                match: /\[CODE-3\] load balancer "web" is internet-facing/,
            },
            {
                what: "an association not linked to this load balancer",
                resource: "web-waf",
                path: "deps.resourceArn",
                value: undefined,
                match: /no aws\.wafv2\.WebAclAssociation/,
            },
        ],
        alsoCompliant: [
            { what: "internal", resource: "web", path: "internal", value: true },
            { what: "a network load balancer", resource: "web", path: "loadBalancerType", value: "network" },
        ],
        unknowns: [{ what: "unknown internal", resource: "web", path: "internal", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: policy("ec2-vpc-flow-logs-enabled"),
        subject: "main-vpc",
        compliant: [
            { type: "aws:ec2/vpc:Vpc", name: "main-vpc", props: { cidrBlock: "10.0.0.0/16", tags: {} } },
            {
                type: "aws:ec2/flowLog:FlowLog",
                name: "main-flow",
                props: { vpcId: UNKNOWN, trafficType: "ALL", logDestination: UNKNOWN },
                propertyDependencies: { vpcId: ["main-vpc"] },
            },
        ],
        violations: [
            {
                what: "trafficType REJECT",
                resource: "main-flow",
                path: "trafficType",
                value: "REJECT",
                match: /\[NET-4\] VPC "main-vpc" has flow logs \("main-flow"\) but none with trafficType ALL/,
            },
            { what: "no flow log", resource: "main-flow", path: "", value: DROP, match: /\[NET-4\] VPC "main-vpc" has no flow log/ },
            {
                what: "a flow log not linked by property dependency",
                resource: "main-flow",
                path: "deps.vpcId",
                value: undefined,
                match: /has no flow log/,
            },
        ],
        unknowns: [{ what: "unknown trafficType", resource: "main-flow", path: "trafficType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-rotation-enabled"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "rotation off",
                path: "enableKeyRotation",
                value: false,
                match: /\[KMS-1\] KMS key "logs-key" does not rotate \(enableKeyRotation is false\)/,
            },
            { what: "rotation unset", path: "enableKeyRotation", value: undefined, match: /enableKeyRotation is unset/ },
        ],
        alsoCompliant: [{ what: "an asymmetric signing key (cannot rotate)", path: "customerMasterKeySpec", value: "RSA_2048" }],
        unknowns: [{ what: "unknown enableKeyRotation", path: "enableKeyRotation", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-deletion-window"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "a 7-day window",
                path: "deletionWindowInDays",
                value: 7,
                match: /\[KMS-1\] KMS key "logs-key" has deletionWindowInDays 7; the pack requires 30\.\.30/,
            },
            {
                what: "a 20-day window below a configured 25",
                path: "deletionWindowInDays",
                value: 20,
                config: { minimumDays: 25 },
                match: /requires 25\.\.30/,
            },
        ],
        alsoCompliant: [
            { what: "window unset (AWS default 30)", path: "deletionWindowInDays", value: undefined },
            { what: "a 10-day window with minimumDays 7", path: "deletionWindowInDays", value: 10, config: { minimumDays: 7 } },
        ],
        unknowns: [{ what: "unknown window", path: "deletionWindowInDays", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-policy-no-wildcard-principal"),
        type: "aws:kms/key:Key",
        name: "logs-key",
        compliant: { description: "logs", enableKeyRotation: true, deletionWindowInDays: 30, policy: KEY_POLICY, tags: {} },
        violations: [
            {
                what: "Principal {AWS: *}",
                path: "policy",
                value: WILDCARD_KEY_POLICY,
                match: /\[KMS-1\] the key policy of "logs-key" allows a wildcard principal in statement 0/,
            },
            {
                what: 'Principal "*"',
                path: "policy",
                value: JSON.stringify({ Statement: { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" } }),
                match: /wildcard principal/,
            },
            {
                what: "Allow with NotPrincipal",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "kms:*" }] }),
                match: /NotPrincipal/,
            },
            { what: "a policy that is not JSON", path: "policy", value: "{not json", match: /cannot be checked: it is not valid JSON/ },
        ],
        alsoCompliant: [
            {
                what: "a Deny with a wildcard principal",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "kms:*" }] }),
            },
            { what: "no explicit policy (AWS default: account root)", path: "policy", value: undefined },
        ],
        unknowns: [{ what: "an unknown policy document", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("kms-key-policy-no-wildcard-principal"),
        type: "aws:kms/keyPolicy:KeyPolicy",
        name: "logs-key-policy",
        compliant: { keyId: "key-1", policy: KEY_POLICY },
        violations: [
            {
                what: "KeyPolicy with {AWS: [*]}",
                path: "policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:root", "*"] } }] }),
                match: /wildcard principal/,
            },
        ],
        unknowns: [{ what: "unknown KeyPolicy document", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("cloudwatch-log-group-encrypted"),
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "flow-logs",
        compliant: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: {} },
        violations: [
            { what: "no kmsKeyId", path: "kmsKeyId", value: undefined, match: /\[DATA-3\] log group "flow-logs" has no kmsKeyId/ },
            { what: "retention 0 (never expire)", path: "retentionInDays", value: 0, match: /retentionInDays 0/ },
            { what: "retention unset", path: "retentionInDays", value: undefined, match: /unset \(never expire\)/ },
            {
                what: "retention below a configured minimum",
                path: "retentionInDays",
                value: 30,
                config: { minimumRetentionDays: 90 },
                match: /at least 90 day/,
            },
        ],
        alsoCompliant: [{ what: "a key ARN unknown at preview (key created in the same run)", path: "kmsKeyId", value: UNKNOWN }],
        unknowns: [{ what: "unknown retention", path: "retentionInDays", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: policy("s3-bucket-hardened"),
        subject: "logs",
        compliant: bucketStack("logs"),
        violations: [
            {
                what: "a public-access flag false",
                resource: "logs-pab",
                path: "restrictPublicBuckets",
                value: false,
                match: /\[DATA-2\] bucket "logs" lacks all four public-access blocks: logs-pab.restrictPublicBuckets is false, not true/,
            },
            {
                what: "no public-access block",
                resource: "logs-pab",
                path: "",
                value: DROP,
                match: /lacks all four public-access blocks: no BucketPublicAccessBlock is linked/,
            },
            {
                what: "SSE-S3 instead of KMS",
                resource: "logs-sse",
                path: "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
                value: "AES256",
                match: /lacks default encryption with SSE-KMS/,
            },
            {
                what: "versioning Suspended",
                resource: "logs-versioning",
                path: "versioningConfiguration.status",
                value: "Suspended",
                match: /lacks versioning Enabled/,
            },
            {
                what: "a policy without the TLS deny",
                resource: "logs-policy",
                path: "policy",
                value: JSON.stringify({ Statement: [] }),
                match: /lacks a bucket policy denying requests without TLS/,
            },
            {
                what: "ownership ObjectWriter",
                resource: "logs-ownership",
                path: "rule.objectOwnership",
                value: "ObjectWriter",
                match: /lacks object ownership BucketOwnerEnforced/,
            },
            {
                what: "a side-by-side resource whose bucket input does not come from the bucket",
                resource: "logs-versioning",
                path: "deps.bucket",
                value: undefined,
                match: /lacks versioning Enabled: no BucketVersioning is linked/,
            },
        ],
        unknowns: [
            { what: "an unknown bucket policy document", resource: "logs-policy", path: "policy", value: UNKNOWN },
            { what: "an unknown versioning status", resource: "logs-versioning", path: "versioningConfiguration.status", value: UNKNOWN },
        ],
    },
    {
        kind: "stack",
        policy: policy("s3-bucket-hardened"),
        subject: "audit",
        compliant: bucketStack("audit").map((r) =>
            r.type === "aws:s3/bucket:Bucket"
                ? { ...r, type: "aws:s3/bucketV2:BucketV2" }
                : r.type.includes("bucketVersioning")
                  ? { ...r, type: "aws:s3/bucketVersioningV2:BucketVersioningV2" }
                  : r.type.includes("bucketServerSideEncryptionConfiguration")
                    ? { ...r, type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2" }
                    : r,
        ),
        violations: [
            {
                what: "BucketV2 with BucketVersioningV2 Disabled",
                resource: "audit-versioning",
                path: "versioningConfiguration.status",
                value: "Disabled",
                match: /\[DATA-2\] bucket "audit" lacks versioning Enabled/,
            },
            {
                what: "BucketV2 with V2 encryption AES256",
                resource: "audit-sse",
                path: "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
                value: "AES256",
                match: /SSE-KMS/,
            },
        ],
        unknowns: [{ what: "an unknown public-access flag", resource: "audit-pab", path: "blockPublicAcls", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-endpoint-private"),
        type: "aws:eks/cluster:Cluster",
        name: "prod",
        compliant: awsCluster,
        violations: [
            {
                what: "public endpoint with no CIDRs",
                path: "vpcConfig.endpointPublicAccess",
                value: true,
                match: /\[EKS-1\] cluster "prod" has a public API endpoint open to 0\.0\.0\.0\/0 \(vpcConfig\.publicAccessCidrs unset\)/,
            },
            {
                what: "private endpoint off",
                path: "vpcConfig.endpointPrivateAccess",
                value: false,
                match: /does not enable the private API endpoint/,
            },
        ],
        alsoCompliant: [],
        unknowns: [{ what: "unknown endpointPublicAccess", path: "vpcConfig.endpointPublicAccess", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-endpoint-private"),
        type: "aws:eks/cluster:Cluster",
        name: "staging",
        compliant: withField(withField(awsCluster, "vpcConfig.endpointPublicAccess", true), "vpcConfig.publicAccessCidrs", [
            "203.0.113.0/24",
        ]),
        violations: [
            {
                what: "public CIDRs including 0.0.0.0/0",
                path: "vpcConfig.publicAccessCidrs",
                value: ["203.0.113.0/24", "0.0.0.0/0"],
                match: /open to 0\.0\.0\.0\/0/,
            },
            {
                what: "public endpoint by default (unset) with no CIDRs",
                path: "vpcConfig.publicAccessCidrs",
                value: undefined,
                match: /publicAccessCidrs unset/,
            },
        ],
        unknowns: [{ what: "an unknown admin CIDR", path: "vpcConfig.publicAccessCidrs.0", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-endpoint-private"),
        type: "eks:index:Cluster",
        name: "component",
        compliant: eksComponentCluster,
        violations: [
            {
                what: "@pulumi/eks default public endpoint",
                path: "endpointPublicAccess",
                value: undefined,
                match: /\[EKS-1\] cluster "component" has a public API endpoint open to 0\.0\.0\.0\/0 \(publicAccessCidrs unset\)/,
            },
            {
                what: "@pulumi/eks private endpoint unset",
                path: "endpointPrivateAccess",
                value: undefined,
                match: /endpointPrivateAccess is unset, default false/,
            },
        ],
        unknowns: [{ what: "unknown @pulumi/eks endpointPrivateAccess", path: "endpointPrivateAccess", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-secrets-encrypted"),
        type: "aws:eks/cluster:Cluster",
        name: "prod",
        compliant: awsCluster,
        violations: [
            {
                what: "no encryptionConfig",
                path: "encryptionConfig",
                value: undefined,
                match: /\[EKS-2\] cluster "prod" does not envelope-encrypt Secrets/,
            },
            {
                what: "encryptionConfig without secrets",
                path: "encryptionConfig.resources",
                value: [],
                match: /does not envelope-encrypt Secrets/,
            },
        ],
        alsoCompliant: [{ what: "a key ARN unknown at preview", path: "encryptionConfig.provider.keyArn", value: UNKNOWN }],
        unknowns: [{ what: "unknown encryptionConfig", path: "encryptionConfig", value: UNKNOWN_OBJECT }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-secrets-encrypted"),
        type: "eks:index:Cluster",
        name: "component",
        compliant: eksComponentCluster,
        violations: [
            {
                what: "@pulumi/eks without encryptionConfigKeyArn",
                path: "encryptionConfigKeyArn",
                value: undefined,
                match: /encryptionConfigKeyArn unset/,
            },
        ],
        alsoCompliant: [{ what: "@pulumi/eks key ARN unknown at preview", path: "encryptionConfigKeyArn", value: UNKNOWN }],
        unknowns: [],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-control-plane-logging"),
        type: "aws:eks/cluster:Cluster",
        name: "prod",
        compliant: awsCluster,
        violations: [
            {
                what: "scheduler log missing",
                path: "enabledClusterLogTypes",
                value: ["api", "audit", "authenticator", "controllerManager"],
                match: /\[EKS-3\] cluster "prod" does not log scheduler/,
            },
            {
                what: "no log types",
                path: "enabledClusterLogTypes",
                value: undefined,
                match: /does not log api, audit, authenticator, controllerManager, scheduler/,
            },
        ],
        unknowns: [{ what: "unknown log types", path: "enabledClusterLogTypes", value: UNKNOWN_ARRAY }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-control-plane-logging"),
        type: "eks:index:Cluster",
        name: "component",
        compliant: eksComponentCluster,
        violations: [
            {
                what: "@pulumi/eks without log types",
                path: "enabledClusterLogTypes",
                value: undefined,
                match: /\[EKS-3\] cluster "component" does not log api/,
            },
        ],
        unknowns: [{ what: "an unknown log type", path: "enabledClusterLogTypes.4", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-access-entries"),
        type: "aws:eks/cluster:Cluster",
        name: "prod",
        compliant: awsCluster,
        violations: [
            {
                what: "authenticationMode API_AND_CONFIG_MAP",
                path: "accessConfig.authenticationMode",
                value: "API_AND_CONFIG_MAP",
                match: /\[EKS-4\] cluster "prod" uses accessConfig\.authenticationMode "API_AND_CONFIG_MAP"/,
            },
            {
                what: "creator admin by default",
                path: "accessConfig.bootstrapClusterCreatorAdminPermissions",
                value: undefined,
                match: /grants its creator cluster admin/,
            },
        ],
        unknowns: [{ what: "unknown authenticationMode", path: "accessConfig.authenticationMode", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-access-entries"),
        type: "eks:index:Cluster",
        name: "component",
        compliant: eksComponentCluster,
        violations: [
            {
                what: "@pulumi/eks default CONFIG_MAP",
                path: "authenticationMode",
                value: undefined,
                match: /authenticationMode unset \(CONFIG_MAP\)/,
            },
        ],
        unknowns: [{ what: "unknown @pulumi/eks authenticationMode", path: "authenticationMode", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("ec2-launch-template-imdsv2"),
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "nodes",
        compliant: launchTemplate,
        violations: [
            {
                what: "httpTokens optional",
                path: "metadataOptions.httpTokens",
                value: "optional",
                match: /\[EKS-6\] launch template "nodes" does not require IMDSv2/,
            },
            { what: "no metadataOptions", path: "metadataOptions", value: undefined, match: /unset, default optional/ },
            {
                what: "hop limit 2 by default config",
                path: "metadataOptions.httpPutResponseHopLimit",
                value: 2,
                match: /httpPutResponseHopLimit 2; the pack allows at most 1/,
            },
            {
                what: "hop limit 3 with maximumHopLimit 2",
                path: "metadataOptions.httpPutResponseHopLimit",
                value: 3,
                config: { maximumHopLimit: 2 },
                match: /allows at most 2/,
            },
        ],
        alsoCompliant: [
            {
                what: "hop limit 2 when configured",
                path: "metadataOptions.httpPutResponseHopLimit",
                value: 2,
                config: { maximumHopLimit: 2 },
            },
            { what: "metadata endpoint disabled", path: "metadataOptions", value: { httpEndpoint: "disabled" } },
        ],
        unknowns: [{ what: "unknown httpTokens", path: "metadataOptions.httpTokens", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("ec2-launch-template-encrypted-volumes"),
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "nodes",
        compliant: launchTemplate,
        violations: [
            {
                what: "encrypted false",
                path: "blockDeviceMappings.0.ebs.encrypted",
                value: "false",
                match: /\[EKS-6\] launch template "nodes" has an unencrypted EBS volume/,
            },
            { what: "no kmsKeyId", path: "blockDeviceMappings.0.ebs.kmsKeyId", value: undefined, match: /without a customer-managed key/ },
            { what: "no EBS mapping", path: "blockDeviceMappings", value: [], match: /declares no EBS volume/ },
        ],
        alsoCompliant: [
            {
                what: "no kmsKeyId when requireCustomerKey is false",
                path: "blockDeviceMappings.0.ebs.kmsKeyId",
                value: undefined,
                config: { requireCustomerKey: false },
            },
            { what: "encrypted as a boolean", path: "blockDeviceMappings.0.ebs.encrypted", value: true },
        ],
        unknowns: [{ what: "unknown encrypted", path: "blockDeviceMappings.0.ebs.encrypted", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-no-remote-access"),
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "workers",
        compliant: {
            clusterName: "prod",
            nodeRoleArn: "arn:aws:iam::123456789012:role/node",
            subnetIds: ["subnet-1"],
            scalingConfig: { desiredSize: 2, maxSize: 3, minSize: 1 },
            tags: {},
        },
        violations: [
            {
                what: "an SSH key",
                path: "remoteAccess",
                value: { ec2SshKey: "ops" },
                match: /\[EKS-6\] node group "workers" configures remoteAccess with SSH key "ops"/,
            },
            {
                what: "source security groups",
                path: "remoteAccess",
                value: { sourceSecurityGroupIds: ["sg-1"] },
                match: /configures remoteAccess/,
            },
        ],
        unknowns: [{ what: "unknown remoteAccess", path: "remoteAccess", value: UNKNOWN_OBJECT }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-no-remote-access"),
        type: "eks:index:ManagedNodeGroup",
        name: "component-workers",
        compliant: { cluster: UNKNOWN_OBJECT, subnetIds: ["subnet-1"], tags: {} },
        violations: [
            {
                what: "@pulumi/eks ManagedNodeGroup remoteAccess",
                path: "remoteAccess",
                value: { ec2SshKey: "ops" },
                match: /node group "component-workers" configures remoteAccess/,
            },
        ],
        unknowns: [{ what: "unknown ssh key", path: "remoteAccess", value: { ec2SshKey: UNKNOWN } }],
    },
    {
        kind: "resource",
        policy: policy("eks-nodes-no-public-ip"),
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "nodes",
        compliant: launchTemplate,
        violations: [
            {
                what: "a network interface with a public IP",
                path: "networkInterfaces.0.associatePublicIpAddress",
                value: "true",
                match: /\[NET-1\] launch template "nodes" gives networkInterfaces\.0 a public IP/,
            },
        ],
        unknowns: [{ what: "unknown associatePublicIpAddress", path: "networkInterfaces.0.associatePublicIpAddress", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-nodes-no-public-ip"),
        type: "eks:index:Cluster",
        name: "component",
        compliant: withField(eksComponentCluster, "skipDefaultNodeGroup", false),
        violations: [
            {
                what: "@pulumi/eks default nodeAssociatePublicIpAddress",
                path: "nodeAssociatePublicIpAddress",
                value: undefined,
                match: /nodeAssociatePublicIpAddress unset, default true/,
            },
        ],
        alsoCompliant: [{ what: "public IPs but no default node group", path: "skipDefaultNodeGroup", value: true }],
        unknowns: [{ what: "unknown nodeAssociatePublicIpAddress", path: "nodeAssociatePublicIpAddress", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("ecr-repository-hardened"),
        type: "aws:ecr/repository:Repository",
        name: "app",
        compliant: {
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
            tags: {},
        },
        violations: [
            {
                what: "scanOnPush false",
                path: "imageScanningConfiguration.scanOnPush",
                value: false,
                match: /\[CTR-1\] repository "app" does not scan images on push/,
            },
            { what: "MUTABLE tags", path: "imageTagMutability", value: "MUTABLE", match: /has mutable tags/ },
            {
                what: "AES256 encryption",
                path: "encryptionConfigurations",
                value: [{ encryptionType: "AES256" }],
                match: /not encrypted with KMS/,
            },
        ],
        unknowns: [{ what: "unknown encryption type", path: "encryptionConfigurations.0.encryptionType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("elb-listener-tls"),
        type: "aws:lb/listener:Listener",
        name: "https",
        compliant: {
            loadBalancerArn: UNKNOWN,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1",
            defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
            tags: {},
        },
        violations: [
            {
                what: "an old SSL policy",
                path: "sslPolicy",
                value: "ELBSecurityPolicy-2016-08",
                match: /\[CODE-1\] listener "https" uses HTTPS with sslPolicy "ELBSecurityPolicy-2016-08"/,
            },
            { what: "no SSL policy", path: "sslPolicy", value: undefined, match: /sslPolicy unset/ },
            { what: "plain HTTP forwarding", path: "protocol", value: "HTTP", match: /serves plain HTTP/ },
            { what: "plain TCP", path: "protocol", value: "TCP", match: /uses TCP, which carries no TLS/ },
        ],
        alsoCompliant: [
            {
                what: "a policy added to allowedSslPolicies",
                path: "sslPolicy",
                value: "Custom-TLS13",
                config: { allowedSslPolicies: ["Custom-TLS13"] },
            },
        ],
        unknowns: [{ what: "unknown sslPolicy", path: "sslPolicy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("elb-listener-tls"),
        type: "aws:alb/listener:Listener",
        name: "http-redirect",
        compliant: {
            loadBalancerArn: UNKNOWN,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            tags: {},
        },
        violations: [
            {
                what: "a redirect to HTTP",
                path: "defaultActions.0.redirect.protocol",
                value: "HTTP",
                match: /\[CODE-1\] listener "http-redirect" serves plain HTTP/,
            },
        ],
        unknowns: [{ what: "unknown redirect protocol", path: "defaultActions.0.redirect.protocol", value: UNKNOWN }],
    },
];

/**
 * Every case. Policies of another layer add their own case list here (for example
 * `...K8S_CASES` from a k8sCases.ts); the coverage test fails for a policy without cases.
 */
export const CASES: readonly Case[] = [
    ...AWS_CASES,
    ...DETECTION_CASES,
    ...RESPONSE_CASES,
    ...K8S_CASES,
    ...OPAQUE_CASES,
    ...AWS_FAMILY_CASES,
    ...EKS_COMPONENT_CASES,
    ...CALLOUT_CASES,
    ...SIGNING_CASES,
    ...SECRETS_CASES,
];
