/** The core AWS cases, family by family, in the order policies.test.ts has always run them. */
import type { Case } from "../../case";
import { ELB_WAF_CASES, LISTENER_TLS_CASES } from "./code";
import { ECR_CASES } from "./ecr";
import { EKS_CLUSTER_CASES } from "./eks-cluster";
import { EKS_NODE_CASES } from "./eks-nodes";
import { KMS_CASES } from "./kms";
import { FLOW_LOG_CASES, NETWORK_CASES } from "./network";
import { S3_CASES } from "./s3";

/** Cases of the AWS policies. */
export const AWS_CASES: readonly Case[] = [
    ...NETWORK_CASES,
    ...ELB_WAF_CASES,
    ...FLOW_LOG_CASES,
    ...KMS_CASES,
    ...S3_CASES,
    ...EKS_CLUSTER_CASES,
    ...EKS_NODE_CASES,
    ...ECR_CASES,
    ...LISTENER_TLS_CASES,
];
