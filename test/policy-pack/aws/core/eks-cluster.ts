/** Core cases of the EKS cluster policies (EKS-1 to EKS-4), on aws.eks.Cluster and the eks component. */
import { withField } from "../../case";
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT } from "../../runtime";
import { awsCluster, eksComponentCluster, policy } from "./fixtures";

/** Endpoint, secrets encryption, control-plane logs and access entries. */
export const EKS_CLUSTER_CASES: readonly Case[] = [
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
];
