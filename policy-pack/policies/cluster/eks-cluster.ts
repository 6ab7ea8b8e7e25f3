/** Shared by the EKS cluster policies of this area. */
export const CLUSTER_TYPE = "aws:eks/cluster:Cluster";
/** The @pulumi/eks component (a remote component: the pack sees its inputs, not its children). */
export const EKS_COMPONENT_CLUSTER_TYPE = "eks:index:Cluster";
