/** Shared by the EKS-6 node group policies of this area. */
export const NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup";
