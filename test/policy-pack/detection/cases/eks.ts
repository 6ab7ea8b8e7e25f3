/** Cases of the cluster policies: admins, workload identities, the VPC CNI, node groups, versions (EKS-4, EKS-5, EKS-6, EKS-8, EKS-9). */
import type { Case } from "../../case";
import { UNKNOWN } from "../../runtime";
import { iamPolicyNoWildcardAction } from "../../../../policy-pack/policies/cloud/iam-policy-no-wildcard-action";
import { eksClusterAdminAllowlist } from "../../../../policy-pack/policies/cluster/eks-cluster-admin-allowlist";
import { eksClusterUpgradePolicyStandard } from "../../../../policy-pack/policies/cluster/eks-cluster-upgrade-policy-standard";
import { eksClusterVersionSupported } from "../../../../policy-pack/policies/cluster/eks-cluster-version-supported";
import { eksIrsaTrustScoped } from "../../../../policy-pack/policies/cluster/eks-irsa-trust-scoped";
import { eksPodIdentityTrustScoped } from "../../../../policy-pack/policies/cluster/eks-pod-identity-trust-scoped";
import { eksNodeGroupAmiType } from "../../../../policy-pack/policies/cluster/eks-node-group-ami-type";
import { eksNodeGroupLaunchTemplate } from "../../../../policy-pack/policies/cluster/eks-node-group-launch-template";
import { eksVpcCniNetworkPolicy } from "../../../../policy-pack/policies/cluster/eks-vpc-cni-network-policy";
import { eksVpcCniOwnRole } from "../../../../policy-pack/policies/cluster/eks-vpc-cni-own-role";
import {
    ADMIN,
    AUD,
    COMPLIANT_EKS_CLUSTER,
    EQUALS,
    IRSA_TRUST,
    MUST_BE_SET,
    NODE_GROUP,
    PERMISSIONS,
    POD_IDENTITY_TRUST,
    SUB,
    VPC_CNI,
} from "./fixtures";

/** Cluster admins, IRSA and Pod Identity trusts, the VPC CNI, node groups and versions. */
export const EKS_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: eksClusterAdminAllowlist,
        type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        name: "admin",
        compliant: {
            clusterName: "c",
            principalArn: ADMIN,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "namespace", namespaces: ["a"] },
        },
        violations: [
            {
                what: "cluster-admin for an unlisted principal",
                path: "policyArn",
                value: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                match: /\[EKS-4\] access policy association "admin" gives cluster-admin to/,
            },
        ],
        alsoCompliant: [
            {
                what: "cluster-admin for a listed principal",
                path: "policyArn",
                value: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                config: { clusterAdminPrincipals: [ADMIN] },
            },
        ],
        unknowns: [{ what: "unknown policy ARN", path: "policyArn", value: UNKNOWN }],
    },
    ...(
        [
            "aws:iam/policy:Policy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
        ] as const
    ).map((type): Case => ({
        kind: "resource",
        policy: iamPolicyNoWildcardAction,
        type,
        name: "permissions",
        compliant: { policy: PERMISSIONS },
        violations: [
            {
                what: 'Action "*"',
                path: "policy.Statement.0.Action",
                value: "*",
                match: /\[EKS-4\] statement 0 of policy in "permissions" allows Action "\*"/,
            },
        ],
        alsoCompliant: [{ what: 'Deny Action "*"', path: "policy.Statement.0.Effect", value: "Deny" }],
        unknowns: [{ what: "unknown action", path: "policy.Statement.0.Action", value: UNKNOWN }],
    })),
    {
        kind: "resource",
        policy: iamPolicyNoWildcardAction,
        type: "aws:iam/role:Role",
        name: "role",
        compliant: {
            assumeRolePolicy: JSON.stringify(IRSA_TRUST),
            inlinePolicies: [{ name: "inline", policy: JSON.stringify(PERMISSIONS) }],
            tags: {},
        },
        violations: [
            {
                what: 'an inline policy with Action "*"',
                path: "inlinePolicies.0.policy",
                value: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
                match: /inlinePolicies.0.policy in "role" allows Action "\*"/,
            },
        ],
        unknowns: [{ what: "unknown inline policy", path: "inlinePolicies.0.policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksIrsaTrustScoped,
        type: "aws:iam/role:Role",
        name: "vpc-cni",
        compliant: { assumeRolePolicy: IRSA_TRUST, tags: {} },
        violations: [
            // Whole StringEquals maps: the issuer's dots would split a field path.
            {
                what: "no sub condition",
                path: EQUALS,
                value: { [AUD]: "sts.amazonaws.com" },
                match: /\[EKS-5\] trust statement 0 of role "vpc-cni" lets any service account/,
            },
            {
                what: "a wildcard service account",
                path: EQUALS,
                value: { [SUB]: "system:serviceaccount:kube-system:*", [AUD]: "sts.amazonaws.com" },
                match: /not one exact service account/,
            },
            {
                what: "no audience",
                path: EQUALS,
                value: { [SUB]: "system:serviceaccount:kube-system:aws-node" },
                match: /does not require StringEquals .*:aud/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
        ],
        unknowns: [
            { what: "unknown trust policy", path: "assumeRolePolicy", value: UNKNOWN },
            { what: "unknown condition", path: "assumeRolePolicy.Statement.0.Condition", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: eksPodIdentityTrustScoped,
        type: "aws:iam/role:Role",
        name: "vpc-cni",
        compliant: { assumeRolePolicy: POD_IDENTITY_TRUST, tags: {} },
        violations: [
            {
                what: "no condition",
                path: "assumeRolePolicy.Statement.0.Condition",
                value: undefined,
                match: /\[EKS-5\] trust statement 0 of role "vpc-cni" lets EKS Pod Identity assume it for any account's clusters/,
            },
            { what: "a wildcard account", path: EQUALS, value: { "aws:SourceAccount": "*" }, match: /for any account's clusters/ },
            {
                what: "another principal beside Pod Identity",
                path: "assumeRolePolicy.Statement.0.Principal",
                value: { Service: "pods.eks.amazonaws.com", AWS: "arn:aws:iam::123456789012:root" },
                match: /together with AWS "arn:aws:iam::123456789012:root"/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
            {
                what: "the cluster ARN alone",
                path: EQUALS,
                value: { "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/dev" },
            },
        ],
        unknowns: [
            { what: "unknown trust policy", path: "assumeRolePolicy", value: UNKNOWN },
            { what: "unknown condition", path: "assumeRolePolicy.Statement.0.Condition", value: UNKNOWN },
        ],
    },
    {
        kind: "resource",
        policy: eksVpcCniOwnRole,
        type: "aws:eks/addon:Addon",
        name: "vpc-cni",
        compliant: VPC_CNI,
        violations: [
            {
                what: "no own role",
                path: "serviceAccountRoleArn",
                value: undefined,
                match: /\[EKS-5\] vpc-cni add-on "vpc-cni" has no serviceAccountRoleArn/,
            },
        ],
        alsoCompliant: [{ what: "another add-on", path: "addonName", value: "coredns" }],
        unknowns: [{ what: "unknown add-on name", path: "addonName", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksVpcCniNetworkPolicy,
        type: "aws:eks/addon:Addon",
        name: "vpc-cni",
        compliant: VPC_CNI,
        violations: [
            {
                what: "network policy off",
                path: "configurationValues",
                value: JSON.stringify({ enableNetworkPolicy: "false" }),
                match: /\[EKS-8\] vpc-cni add-on "vpc-cni": configurationValues.enableNetworkPolicy is "false"/,
            },
            { what: "malformed JSON", path: "configurationValues", value: "{enableNetworkPolicy", match: /not valid JSON/ },
        ],
        unknowns: [{ what: "unknown configurationValues", path: "configurationValues", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksNodeGroupAmiType,
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "nodes",
        compliant: NODE_GROUP,
        violations: [
            {
                what: "an AL2 AMI",
                path: "amiType",
                value: "AL2_x86_64",
                match: /\[EKS-6\] EKS node group "nodes" uses amiType "AL2_x86_64"/,
            },
            { what: "no amiType", path: "amiType", value: undefined, match: /does not set amiType/ },
        ],
        alsoCompliant: [{ what: "Bottlerocket", path: "amiType", value: "BOTTLEROCKET_ARM_64" }],
        unknowns: [{ what: "unknown amiType", path: "amiType", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: eksNodeGroupLaunchTemplate,
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "nodes",
        compliant: NODE_GROUP,
        violations: [
            {
                what: "no launch template",
                path: "launchTemplate",
                value: undefined,
                match: /\[EKS-6\] EKS node group "nodes" has no launch template/,
            },
        ],
        alsoCompliant: [{ what: "an unknown launch template id", path: "launchTemplate.id", value: UNKNOWN }],
        unknowns: [],
        unknownsNeverMatter: MUST_BE_SET,
    },
    ...(["aws:eks/cluster:Cluster", "eks:index:Cluster"] as const).map((type): Case => ({
        kind: "resource",
        policy: eksClusterVersionSupported,
        type,
        name: "cluster",
        compliant: type === "eks:index:Cluster" ? { version: "1.34", authenticationMode: "API", tags: {} } : COMPLIANT_EKS_CLUSTER,
        violations: [
            {
                what: "an unsupported version",
                path: "version",
                value: "1.27",
                match: /\[EKS-9\] EKS cluster "cluster" runs Kubernetes "1.27"/,
            },
            { what: "no version", path: "version", value: undefined, match: /does not pin version/ },
        ],
        alsoCompliant: [
            {
                what: "a version added to supportedVersions",
                path: "version",
                value: "1.37",
                config: { supportedVersions: ["1.34", "1.37"] },
            },
        ],
        unknowns: [{ what: "unknown version", path: "version", value: UNKNOWN }],
    })),
    {
        kind: "resource",
        policy: eksClusterUpgradePolicyStandard,
        type: "aws:eks/cluster:Cluster",
        name: "cluster",
        compliant: COMPLIANT_EKS_CLUSTER,
        violations: [
            {
                what: "extended support",
                path: "upgradePolicy.supportType",
                value: "EXTENDED",
                match: /\[EKS-9\] EKS cluster "cluster" has upgrade support type "EXTENDED"/,
            },
            { what: "no upgrade policy", path: "upgradePolicy", value: undefined, match: /unset \(EXTENDED\)/ },
        ],
        unknowns: [{ what: "unknown support type", path: "upgradePolicy.supportType", value: UNKNOWN }],
    },
];
