/** Shared by the EKS cluster policies of this area. */
export const CLUSTER_TYPE = "aws:eks/cluster:Cluster";
