/**
 * Cases for the @pulumi/eks component inputs (issue 20), in the shape the package's SDK
 * sends them (omitted inputs absent, enums as their values, resource references as URNs).
 * Each starts from a compliant component and changes one input.
 */
import type { Case } from "../case";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { UNKNOWN, UNKNOWN_OBJECT } from "../runtime";

function policy(name: string): SecurePolicy {
    const p = ALL_POLICIES.find((x) => x.meta.name === name);
    if (!p) throw new Error(`no policy ${name}`);
    return p;
}

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const CLUSTER_URN = "urn:pulumi:dev::p::eks:index:Cluster::prod";

/** A hardened eks:index:Cluster with no default node group (the eks-hardened fixture's inputs). */
export const HARDENED_CLUSTER = {
    vpcId: "vpc-1",
    privateSubnetIds: ["subnet-1", "subnet-2"],
    version: "1.35",
    upgradePolicy: { supportType: "STANDARD" },
    endpointPrivateAccess: true,
    endpointPublicAccess: false,
    enabledClusterLogTypes: ALL_LOG_TYPES,
    encryptionConfigKeyArn: KEY_ARN,
    authenticationMode: "API",
    skipDefaultNodeGroup: true,
    tags: {},
};
/** The same cluster with a hardened default node group (singular inputs). */
export const CLUSTER_WITH_NODES = {
    ...HARDENED_CLUSTER,
    skipDefaultNodeGroup: false,
    nodeAssociatePublicIpAddress: false,
    nodeRootVolumeEncrypted: true,
    instanceType: "t3.medium",
};
/** The same default node group through nodeGroupOptions (the package then ignores the singular inputs). */
export const CLUSTER_WITH_NODE_OPTIONS = {
    ...HARDENED_CLUSTER,
    skipDefaultNodeGroup: false,
    nodeGroupOptions: { nodeAssociatePublicIpAddress: false, nodeRootVolumeEncrypted: true, operatingSystem: "AL2023" },
};
export const MANAGED = {
    cluster: CLUSTER_URN,
    nodeRoleArn: "arn:aws:iam::123456789012:role/node",
    subnetIds: ["subnet-1"],
    operatingSystem: "AL2023",
    enableIMDSv2: true,
    tags: {},
};
export const SELF_MANAGED = {
    cluster: CLUSTER_URN,
    nodeAssociatePublicIpAddress: false,
    nodeRootVolumeEncrypted: true,
    instanceType: "t3.medium",
    tags: {},
};

const ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const VIEW_ENTRY = {
    principalArn: "arn:aws:iam::123456789012:role/viewers",
    accessPolicies: {
        view: {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "namespace", namespaces: ["team-a"] },
        },
    },
};

export const EKS_COMPONENT_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: policy("eks-nodes-no-public-ip"),
        type: "eks:index:Cluster",
        name: "options",
        compliant: CLUSTER_WITH_NODE_OPTIONS,
        violations: [
            {
                what: "nodeGroupOptions without nodeAssociatePublicIpAddress (default true)",
                path: "nodeGroupOptions.nodeAssociatePublicIpAddress",
                value: undefined,
                match: /\[NET-1\] cluster "options"'s default node group gives nodes public IPs \(nodeGroupOptions\.nodeAssociatePublicIpAddress unset, default true\)/,
            },
            {
                what: "a singular false ignored beside nodeGroupOptions",
                path: "nodeGroupOptions",
                value: {},
                match: /nodeGroupOptions\.nodeAssociatePublicIpAddress unset/,
            },
        ],
        alsoCompliant: [
            {
                what: "false written as a string in nodeGroupOptions",
                path: "nodeGroupOptions.nodeAssociatePublicIpAddress",
                value: "false",
            },
        ],
        unknowns: [{ what: "unknown nodeGroupOptions", path: "nodeGroupOptions", value: UNKNOWN_OBJECT }],
    },
    {
        kind: "resource",
        policy: policy("eks-nodes-no-public-ip"),
        type: "eks:index:NodeGroupV2",
        name: "self",
        compliant: SELF_MANAGED,
        violations: [
            {
                what: "NodeGroupV2 default public IPs",
                path: "nodeAssociatePublicIpAddress",
                value: undefined,
                match: /\[NET-1\] node group "self" gives nodes public IPs \(nodeAssociatePublicIpAddress unset, default true\)/,
            },
            {
                what: "NodeGroupV2 public IPs",
                path: "nodeAssociatePublicIpAddress",
                value: true,
                match: /nodeAssociatePublicIpAddress true/,
            },
            {
                what: "a malformed nodeAssociatePublicIpAddress",
                path: "nodeAssociatePublicIpAddress",
                value: "no",
                match: /nodeAssociatePublicIpAddress "no"/,
            },
        ],
        alsoCompliant: [{ what: "false written as a string", path: "nodeAssociatePublicIpAddress", value: "false" }],
        unknowns: [{ what: "unknown nodeAssociatePublicIpAddress", path: "nodeAssociatePublicIpAddress", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-no-remote-access"),
        type: "eks:index:Cluster",
        name: "prod",
        compliant: CLUSTER_WITH_NODES,
        violations: [
            {
                what: "an SSH public key for the default node group",
                path: "nodePublicKey",
                value: "ssh-ed25519 AAAA",
                match: /\[EKS-6\] cluster "prod"'s default node group enables SSH to its nodes \(nodePublicKey is set: "ssh-ed25519 AAAA"\)/,
            },
            {
                what: "a key pair through nodeGroupOptions",
                path: "nodeGroupOptions",
                value: { nodeAssociatePublicIpAddress: false, keyName: "ops" },
                match: /nodeGroupOptions\.keyName is set/,
            },
            { what: "a key unknown at preview (still a key)", path: "nodePublicKey", value: UNKNOWN, match: /nodePublicKey is set/ },
        ],
        alsoCompliant: [
            { what: "an SSH key on a default node group that is skipped", path: "skipDefaultNodeGroup", value: true },
            { what: "an empty key", path: "nodePublicKey", value: "" },
        ],
        unknowns: [],
        unknownsNeverMatter: "a key is refused whatever its value; an unknown key is a key",
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-no-remote-access"),
        type: "eks:index:NodeGroupV2",
        name: "self",
        compliant: SELF_MANAGED,
        violations: [
            {
                what: "keyName on NodeGroupV2",
                path: "keyName",
                value: "ops",
                match: /\[EKS-6\] node group "self" enables SSH to its nodes \(keyName is set: "ops"\)/,
            },
            { what: "nodePublicKey on NodeGroupV2", path: "nodePublicKey", value: "ssh-rsa AAAA", match: /nodePublicKey is set/ },
        ],
        unknowns: [],
        unknownsNeverMatter: "a key is refused whatever its value; an unknown key is a key",
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-ami-type"),
        type: "eks:index:ManagedNodeGroup",
        name: "managed",
        compliant: MANAGED,
        violations: [
            {
                what: "neither amiType nor operatingSystem",
                path: "operatingSystem",
                value: undefined,
                match: /\[EKS-6\] EKS node group "managed" sets neither amiType nor operatingSystem/,
            },
            {
                what: "operatingSystem AL2",
                path: "operatingSystem",
                value: "AL2",
                match: /operatingSystem "AL2", not one of AL2023, Bottlerocket/,
            },
            { what: "a custom AMI", path: "amiId", value: "ami-0123", match: /runs a custom AMI \(amiId set\)/ },
            {
                what: "amiType AL2 wins over operatingSystem",
                path: "amiType",
                value: "AL2_x86_64",
                match: /amiType "AL2_x86_64", not one of AL2023_\*, BOTTLEROCKET_\*/,
            },
        ],
        alsoCompliant: [
            { what: "Bottlerocket", path: "operatingSystem", value: "Bottlerocket" },
            { what: "an AL2023 amiType", path: "amiType", value: "AL2023_ARM_64_STANDARD" },
        ],
        unknowns: [{ what: "unknown operatingSystem", path: "operatingSystem", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-ami-type"),
        type: "eks:index:NodeGroupV2",
        name: "self",
        compliant: SELF_MANAGED,
        violations: [
            {
                what: "operatingSystem AL2",
                path: "operatingSystem",
                value: "AL2",
                match: /\[EKS-6\] node group "self" uses operatingSystem "AL2"/,
            },
        ],
        alsoCompliant: [{ what: "the package's recommended OS (sent as AL2023)", path: "operatingSystem", value: "AL2023" }],
        unknowns: [{ what: "unknown amiType", path: "amiType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-ami-type"),
        type: "eks:index:Cluster",
        name: "prod",
        compliant: CLUSTER_WITH_NODE_OPTIONS,
        violations: [
            {
                what: "default node group on AL2",
                path: "nodeGroupOptions.operatingSystem",
                value: "AL2",
                match: /cluster "prod"'s default node group uses nodeGroupOptions\.operatingSystem "AL2"/,
            },
            {
                what: "default node group on a custom AMI",
                path: "nodeGroupOptions.amiId",
                value: "ami-0123",
                match: /runs a custom AMI \(nodeGroupOptions\.amiId set\)/,
            },
        ],
        alsoCompliant: [{ what: "a custom AMI without a default node group", path: "skipDefaultNodeGroup", value: true }],
        unknowns: [{ what: "unknown nodeGroupOptions.operatingSystem", path: "nodeGroupOptions.operatingSystem", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-root-volume-encrypted"),
        type: "eks:index:Cluster",
        name: "prod",
        compliant: CLUSTER_WITH_NODES,
        violations: [
            {
                what: "default node group unencrypted by default",
                path: "nodeRootVolumeEncrypted",
                value: undefined,
                match: /\[EKS-6\] cluster "prod"'s default node group does not encrypt its nodes' root volumes \(nodeRootVolumeEncrypted unset, default false\)/,
            },
            {
                what: "nodeGroupOptions without encryption",
                path: "nodeGroupOptions",
                value: { nodeAssociatePublicIpAddress: false },
                match: /nodeGroupOptions\.nodeRootVolumeEncrypted unset, default false/,
            },
            { what: "a malformed flag", path: "nodeRootVolumeEncrypted", value: { yes: 1 }, match: /nodeRootVolumeEncrypted \{"yes":1\}/ },
        ],
        alsoCompliant: [
            { what: "no default node group (Auto Mode)", path: "autoMode", value: { enabled: true, createNodeRole: true } },
            { what: "no default node group (Fargate profile)", path: "fargate", value: { selectors: [{ namespace: "default" }] } },
        ],
        unknowns: [{ what: "unknown nodeRootVolumeEncrypted", path: "nodeRootVolumeEncrypted", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-root-volume-encrypted"),
        type: "eks:index:NodeGroupV2",
        name: "self",
        compliant: SELF_MANAGED,
        violations: [
            {
                what: "explicitly unencrypted",
                path: "nodeRootVolumeEncrypted",
                value: false,
                match: /\[EKS-6\] node group "self" does not encrypt its nodes' root volumes \(nodeRootVolumeEncrypted false\)/,
            },
        ],
        unknowns: [{ what: "unknown nodeRootVolumeEncrypted", path: "nodeRootVolumeEncrypted", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-root-volume-encrypted"),
        type: "eks:index:NodeGroupV2",
        name: "legacy",
        compliant: { cluster: CLUSTER_URN, nodeAssociatePublicIpAddress: false, encryptRootBlockDevice: true, tags: {} },
        violations: [
            { what: "encryptRootBlockDevice false", path: "encryptRootBlockDevice", value: false, match: /encryptRootBlockDevice false/ },
        ],
        alsoCompliant: [{ what: "nodeRootVolumeEncrypted true beside it", path: "nodeRootVolumeEncrypted", value: true }],
        unknowns: [{ what: "unknown encryptRootBlockDevice", path: "encryptRootBlockDevice", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-node-group-launch-template"),
        type: "eks:index:ManagedNodeGroup",
        name: "managed",
        compliant: MANAGED,
        violations: [
            {
                what: "enableIMDSv2 unset (default false), no launch template",
                path: "enableIMDSv2",
                value: undefined,
                match: /\[EKS-6\] EKS node group "managed" has no launch template and leaves enableIMDSv2 unset \(default false\)/,
            },
            { what: "enableIMDSv2 false", path: "enableIMDSv2", value: false, match: /sets enableIMDSv2 false/ },
        ],
        unknowns: [{ what: "unknown enableIMDSv2", path: "enableIMDSv2", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-upgrade-policy-standard"),
        type: "eks:index:Cluster",
        name: "prod",
        compliant: HARDENED_CLUSTER,
        violations: [
            {
                what: "no upgradePolicy (EXTENDED)",
                path: "upgradePolicy",
                value: undefined,
                match: /\[EKS-9\] EKS cluster "prod" has upgrade support type unset \(EXTENDED\)/,
            },
            { what: "EXTENDED", path: "upgradePolicy.supportType", value: "EXTENDED", match: /"EXTENDED"/ },
        ],
        unknowns: [{ what: "unknown supportType", path: "upgradePolicy.supportType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: policy("eks-cluster-admin-allowlist"),
        type: "eks:index:Cluster",
        name: "prod",
        compliant: { ...HARDENED_CLUSTER, accessEntries: { viewers: VIEW_ENTRY } },
        violations: [
            {
                what: "an access entry with AmazonEKSClusterAdminPolicy",
                path: "accessEntries.admins",
                value: {
                    principalArn: "arn:aws:iam::123456789012:role/dev",
                    accessPolicies: { admin: { policyArn: ADMIN, accessScope: { type: "cluster" } } },
                },
                match: /\[EKS-4\] cluster "prod" access entry "admins" gives cluster-admin to "arn:aws:iam::123456789012:role\/dev", which is not in clusterAdminPrincipals \(empty\): AmazonEKSClusterAdminPolicy at any scope/,
            },
            {
                what: "AmazonEKSAdminPolicy over kube-system",
                path: "accessEntries.viewers.accessPolicies.view",
                value: {
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
                    accessScope: { type: "namespace", namespaces: ["kube-*"] },
                },
                match: /AmazonEKSAdminPolicy over the system namespace\(s\) kube-\*/,
            },
            {
                what: "the system:masters group",
                path: "accessEntries.viewers.kubernetesGroups",
                value: ["system:masters"],
                match: /Kubernetes group "system:masters"/,
            },
            {
                what: "accessEntries that are not a map",
                path: "accessEntries",
                value: "admins",
                match: /accessEntries that are not a map of entries/,
            },
        ],
        alsoCompliant: [
            {
                what: "a listed admin",
                path: "accessEntries.viewers.kubernetesGroups",
                value: ["system:masters"],
                config: { clusterAdminPrincipals: ["arn:aws:iam::123456789012:role/viewers"] },
            },
            {
                what: "AmazonEKSAdminPolicy over a team namespace",
                path: "accessEntries.viewers.accessPolicies.view.policyArn",
                value: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
            },
        ],
        unknowns: [{ what: "an unknown policyArn", path: "accessEntries.viewers.accessPolicies.view.policyArn", value: UNKNOWN }],
    },
];
