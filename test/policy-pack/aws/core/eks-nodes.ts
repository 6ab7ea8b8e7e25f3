/** Core cases of the node policies (EKS-6, NET-1): launch templates, node groups, node addresses. */
import { withField } from "../../case";
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_OBJECT } from "../../runtime";
import { KEY_ARN, eksComponentCluster, policy } from "./fixtures";

const launchTemplate = {
    namePrefix: "nodes-",
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeSize: 50, volumeType: "gp3" } }],
    networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0 }],
    tags: {},
};

/** Cases of the AWS policies. */

/** Launch templates, node groups and the nodes' public addresses. */
export const EKS_NODE_CASES: readonly Case[] = [
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
];
