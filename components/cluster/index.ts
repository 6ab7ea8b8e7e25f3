export { SecureCluster, SecureClusterArgs, SECURE_CLUSTER_TYPE, CLUSTER_LOG_TYPES, controlPlaneLogGroupName } from "./cluster";
export { TeamAccess, TeamRole, TEAM_ROLES, teamGroupName, planAccess, accessPolicyArn, BreakGlassAccess } from "./access";
export {
    ADDON_NAMES,
    ADDON_VERSIONS,
    AddonName,
    AddonVersions,
    addonVersionsFor,
    defaultStorageClass,
    vpcCniConfiguration,
} from "./addons";
export { IRSA_AUDIENCE, irsaTrustPolicy, managedPolicyArn, MANAGED_POLICIES } from "./iam";
export { buildKubeconfig, Kubeconfig, KubeconfigInput } from "./kubeconfig";
export { NodeGroupSpec, DEFAULT_NODE_GROUP, launchTemplatePlan } from "./nodes";
export { planSecurityGroupRules } from "./securityGroups";
export {
    AMI_TYPES,
    AmiType,
    CAPACITY_TYPES,
    CapacityType,
    DEFAULT_KUBERNETES_VERSION,
    EKS_RESERVED_GROUP_PREFIXES,
    HOP_LIMITS,
    HopLimit,
    KubernetesVersion,
    SUPPORTED_VERSIONS,
    validateSecureClusterArgs,
} from "./validate";
