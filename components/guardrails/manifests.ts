/**
 * Plain (Output-free) manifest types, derived from the @pulumi/kubernetes input types so every planner
 * returns exactly what the typed resource constructors accept, and tests can read the values directly.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export type NamespaceManifest = pulumi.Unwrap<k8s.types.input.core.v1.Namespace>;
export type NetworkPolicyManifest = pulumi.Unwrap<k8s.types.input.networking.v1.NetworkPolicy>;
export type NetworkPolicySpec = pulumi.Unwrap<k8s.types.input.networking.v1.NetworkPolicySpec>;
export type NetworkPolicyPeer = pulumi.Unwrap<k8s.types.input.networking.v1.NetworkPolicyPeer>;
export type NetworkPolicyPort = pulumi.Unwrap<k8s.types.input.networking.v1.NetworkPolicyPort>;
export type LabelSelector = pulumi.Unwrap<k8s.types.input.meta.v1.LabelSelector>;
export type ResourceQuotaManifest = pulumi.Unwrap<k8s.types.input.core.v1.ResourceQuota>;
export type LimitRangeManifest = pulumi.Unwrap<k8s.types.input.core.v1.LimitRange>;
export type RoleManifest = pulumi.Unwrap<k8s.types.input.rbac.v1.Role>;
export type PolicyRule = pulumi.Unwrap<k8s.types.input.rbac.v1.PolicyRule>;
export type RoleBindingManifest = pulumi.Unwrap<k8s.types.input.rbac.v1.RoleBinding>;
export type ClusterRoleManifest = pulumi.Unwrap<k8s.types.input.rbac.v1.ClusterRole>;
export type ClusterRoleBindingManifest = pulumi.Unwrap<k8s.types.input.rbac.v1.ClusterRoleBinding>;
export type ServiceAccountPatchManifest = pulumi.Unwrap<k8s.core.v1.ServiceAccountPatchArgs>;
export type ValidatingAdmissionPolicyManifest = pulumi.Unwrap<k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicy>;
export type ValidatingAdmissionPolicyBindingManifest =
    pulumi.Unwrap<k8s.types.input.admissionregistration.v1.ValidatingAdmissionPolicyBinding>;
