/** Cases of the IAM policies (IAM-1, EKS-4): admin equivalence, role trusts, admin access entries. */
import type { Case } from "../../case";
import { UNKNOWN, UNKNOWN_ARRAY } from "../../runtime";
import { iamNoAdminEquivalent } from "../../../../policy-pack/policies/cloud/iam-no-admin-equivalent";
import { iamRoleTrustScoped } from "../../../../policy-pack/policies/cloud/iam-role-trust-scoped";
import { eksAccessEntryAdminGroup } from "../../../../policy-pack/policies/cluster/eks-access-entry-admin-group";
import { AUD, EQUALS, IRSA_TRUST, PERMISSIONS } from "./fixtures";

/** Administrator-equivalent grants, role trusts and access entries of the admin group. */
export const IAM_CASES: readonly Case[] = [
    {
        kind: "stack",
        policy: iamNoAdminEquivalent,
        subject: "app",
        compliant: [
            {
                type: "aws:iam/role:Role",
                name: "app",
                props: { assumeRolePolicy: JSON.stringify(IRSA_TRUST), managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
            },
            {
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "app-inline",
                props: { role: UNKNOWN, policy: PERMISSIONS },
                propertyDependencies: { role: ["app"] },
            },
        ],
        violations: [
            {
                what: "AdministratorAccess in managedPolicyArns",
                resource: "app",
                path: "managedPolicyArns",
                value: ["arn:aws-cn:iam::aws:policy/AdministratorAccess"],
                match: /\[IAM-1\] role "app" attaches the AWS-managed policy AdministratorAccess/,
            },
            {
                what: "iam:Put*Policy on all resources",
                resource: "app-inline",
                path: "policy.Statement.0.Action",
                value: "iam:Put*Policy",
                match: /\[IAM-1\] inline policy "app-inline" is admin-equivalent: it allows privilege escalation through iam:putuserpolicy/,
            },
        ],
        unknowns: [{ what: "an unknown inline document", resource: "app-inline", path: "policy", value: UNKNOWN }],
    },
    {
        kind: "resource",
        policy: iamRoleTrustScoped,
        type: "aws:iam/role:Role",
        name: "ci",
        compliant: { assumeRolePolicy: IRSA_TRUST, tags: {} },
        violations: [
            {
                what: "Principal *",
                path: "assumeRolePolicy.Statement.0.Principal",
                value: "*",
                match: /\[IAM-1\] trust statement 0 of role "ci" lets any AWS account assume it/,
            },
            {
                what: "no sub condition",
                path: EQUALS,
                value: { [AUD]: "sts.amazonaws.com" },
                match: /has no StringEquals or StringLike condition on <issuer>:sub/,
            },
        ],
        alsoCompliant: [
            { what: "a service-principal trust", path: "assumeRolePolicy.Statement.0.Principal", value: { Service: "ec2.amazonaws.com" } },
        ],
        unknowns: [{ what: "an unknown action", path: "assumeRolePolicy.Statement.0.Action", value: UNKNOWN }],
    },
    {
        kind: "stack",
        policy: eksAccessEntryAdminGroup,
        subject: "ops-entry",
        compliant: [
            {
                type: "aws:eks/accessEntry:AccessEntry",
                name: "ops-entry",
                props: { clusterName: "c", principalArn: "arn:aws:iam::123456789012:role/ops", kubernetesGroups: ["team-a-view"] },
            },
            {
                type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                name: "break-glass",
                props: {
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
                    subjects: [{ kind: "Group", name: "break-glass" }],
                },
            },
        ],
        violations: [
            {
                what: "the entry carries the break-glass group",
                resource: "ops-entry",
                path: "kubernetesGroups",
                value: ["break-glass"],
                match: /\[EKS-4\] access entry "ops-entry" makes "arn:aws:iam::123456789012:role\/ops" a cluster admin through group "break-glass"/,
            },
        ],
        alsoCompliant: [{ what: "a view group", resource: "ops-entry", path: "kubernetesGroups", value: ["team-a-edit"] }],
        unknowns: [{ what: "unknown groups", resource: "ops-entry", path: "kubernetesGroups", value: UNKNOWN_ARRAY }],
    },
];
