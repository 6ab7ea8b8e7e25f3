export { NamespaceBaseline } from "./NamespaceBaseline";
export { ClusterGuardrails } from "./ClusterGuardrails";
export { NamespaceBaselineArgs, NamespaceNetworkArgs, IngressFrom, EgressTo, FlowPort } from "./namespaceArgs";
export { ClusterGuardrailsArgs, EcrRegistry, ecrRegistryHost, validateClusterGuardrailsArgs } from "./clusterArgs";
export {
    NAMESPACE_BASELINE_TYPE,
    CLUSTER_GUARDRAILS_TYPE,
    DEFAULT_PSA_VERSION,
    DEFAULT_QUOTA,
    DEFAULT_CONTAINER_DEFAULTS,
    DEFAULT_BREAK_GLASS_GROUP,
    DEFAULT_ADMISSION_EXEMPT_NAMESPACES,
    QUARANTINE_LABEL,
    QuotaSize,
    ContainerDefaults,
    ContainerResources,
    // Renamed on export so they cannot collide with other areas' names in the package index.
    RESERVED_NAMESPACES as RESERVED_TEAM_NAMESPACES,
    SYSTEM_NAMESPACES as KUBERNETES_SYSTEM_NAMESPACES,
    TEAM_ROLES as NAMESPACE_ROLES,
    TeamRole as NamespaceRole,
    NETWORK_PROTOCOLS as FLOW_PROTOCOLS,
    NetworkProtocol as FlowProtocol,
} from "./constants";
export { validateNamespaceBaselineArgs } from "./validation";
export { parseQuantity, compareQuantities } from "./quantity";
export { planNamespace, planResourceQuota, planLimitRange, podSecurityLabels } from "./namespacePlan";
export { planNetworkPolicies } from "./networkPlan";
export {
    planRoles,
    planRoleBindings,
    planDefaultServiceAccountPatch,
    planClusterReadOnlyRole,
    planBreakGlassBinding,
    roleRules,
} from "./rbacPlan";
export { planAdmission, planAdmissionPolicy, planAdmissionBinding, ADMISSION_CHECKS, AdmissionCheck } from "./admissionPlan";
export {
    planEdgeAdmissionPolicy,
    planEdgeAdmissionBinding,
    EdgeAdmissionArgs,
    EDGE_ADMISSION_POLICY,
    WAFV2_ACL_ANNOTATION,
    DEFAULT_ALB_INGRESS_CLASSES,
} from "./edgeAdmissionPlan";
export {
    ImageSigningArgs,
    TrustedRegistry,
    imageSigningErrors,
    POLICY_CONTROLLER_CHART,
    POLICY_CONTROLLER_NAMESPACE,
    POLICY_CONTROLLER_RELEASE,
    POLICY_CONTROLLER_SERVICE_ACCOUNT,
    POLICY_CONTROLLER_WEBHOOK_PORT,
    SIGNATURE_OPT_IN_LABEL,
    SIGNING_KEY_SPEC,
    SIGNING_KEY_USAGE,
    SIGNER_ACTIONS,
    VERIFIER_ACTIONS,
} from "./signingArgs";
export {
    planControllerValues,
    planControllerNetworkPolicies,
    planSigningKeyPolicy,
    planSignerTrustPolicy,
    planSignerPolicy,
    planVerifierPolicy,
    kmsKeyReference,
    planClusterImagePolicies,
    ClusterImagePolicyManifest,
} from "./signingPlan";
export { ImageSigning } from "./signing";
