/**
 * Closed sets and defaults of the network layer. Union types, error messages and
 * docs all read these constants, so a value allowed in one place is allowed everywhere.
 */
import { DEFAULT_LOG_RETENTION_DAYS } from "../common/logs";

/** Subnet tiers (NET-1): public hosts load balancers only, private hosts nodes and pods, isolated hosts control-plane ENIs. */
export const SUBNET_TIERS = ["public", "private", "isolated"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** NAT strategies (NET-7): none = fully private (interface endpoints only), single = one NAT (non-production), perAz = one NAT per AZ. */
export const NAT_STRATEGIES = ["none", "single", "perAz"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/**
 * perAz by default: it is as tight as `single` (no inbound path either way) and an AZ outage does not cut
 * the other AZs' egress. `none` is tighter still but breaks workloads that pull from public registries.
 */
export const DEFAULT_NAT_STRATEGY: NatStrategy = "perAz";

export const DEFAULT_VPC_CIDR = "10.0.0.0/16";
export const DEFAULT_AZ_COUNT = 3;
export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 6;

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
export const MIN_PREFIX_LENGTH = 16;
export const MAX_PREFIX_LENGTH = 28;

/**
 * Default subnet sizes: private subnets are large because the VPC CNI gives every pod a VPC address;
 * public subnets only hold load-balancer ENIs; EKS needs at least /28 for control-plane ENIs, /27 leaves room.
 */
export const DEFAULT_PREFIX_LENGTHS: Readonly<Record<SubnetTier, number>> = { public: 24, private: 19, isolated: 27 };

/** CloudWatch Logs accepts only these retention periods (0, "never expire", is excluded: DATA-3 wants a retention). */
export { LOG_RETENTION_DAYS } from "../common/logs";
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = DEFAULT_LOG_RETENTION_DAYS;

/** NET-5: interface endpoints nodes need to pull images, get credentials, ship logs and join a cluster with no internet path. */
export const DEFAULT_INTERFACE_ENDPOINT_SERVICES: readonly string[] = ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms"];
/** The S3 gateway endpoint is always created; it must not also be requested as an interface endpoint. */
export const S3_GATEWAY_SERVICE = "s3";

/** Short endpoint service names such as `ecr.api` or `eks-auth`: lowercase labels joined by dots. */
export const ENDPOINT_SERVICE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** EKS cluster names: 1-100 characters, alphanumerics, hyphens and underscores, starting with an alphanumeric. */
export const EKS_CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export const ANY_IPV4 = "0.0.0.0/0";
export const HTTPS_PORT = 443;
/** Remote administration ports that the internet must never reach (NET-3). */
export const ADMIN_PORTS: readonly number[] = [22, 3389];

/** Flow-log aggregation interval in seconds: 60 gives near-real-time records for incident response (600 is AWS's default). */
export const FLOW_LOG_AGGREGATION_SECONDS = 60;

/** Subnet tags the AWS Load Balancer Controller uses to discover subnets. */
export const ELB_ROLE_TAG = "kubernetes.io/role/elb";
export const INTERNAL_ELB_ROLE_TAG = "kubernetes.io/role/internal-elb";
export const clusterTagKey = (clusterName: string): string => `kubernetes.io/cluster/${clusterName}`;
export const TIER_TAG = "secure-baseline:tier";
