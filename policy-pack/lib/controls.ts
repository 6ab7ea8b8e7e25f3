/**
 * The controls the project promises, in the project's own words: the source of
 * docs/controls.md (`npm run catalogue`). A policy's `control` must be one of these IDs;
 * a test keeps the document, the policies' metadata and the components in agreement.
 */
import type { Layer } from "./metadata";

export interface Control {
    readonly id: string;
    readonly layer: Layer | "gate";
    /** What the control promises, one sentence. */
    readonly promise: string;
    /** The exported components that build it by default; empty when only the pack guards it. */
    readonly components: readonly string[];
    /** Why no component builds it, or what is not built yet (shown in the catalogue). */
    readonly status?: string;
}

export const CONTROLS: readonly Control[] = [
    {
        id: "NET-1",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise:
            "Nodes and pods run in private subnets; public subnets only hold load balancers and NAT; no subnet hands out public IPv4 addresses.",
    },
    {
        id: "NET-2",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise: "The VPC's default security group is adopted and emptied of every rule.",
    },
    {
        id: "NET-3",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise: "The default network ACL is adopted, and no network ACL lets the internet reach administrative ports.",
    },
    {
        id: "NET-4",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise: "VPC flow logs record all traffic into a KMS-encrypted log group with a retention (365 days by default).",
    },
    {
        id: "NET-5",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise:
            "AWS APIs are reached privately: an S3 gateway endpoint and interface endpoints with private DNS, admitting 443 from the VPC only.",
    },
    {
        id: "NET-6",
        layer: "cloud",
        components: ["HardenedVpc", "SecureCluster"],
        promise:
            "No security group lets the internet reach an administrative port or all ports; public web ports only on load-balancer groups.",
    },
    {
        id: "NET-7",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise: "The NAT strategy is explicit and validated: none, single (non-production) or one per availability zone.",
    },
    {
        id: "NET-8",
        layer: "cloud",
        components: ["HardenedVpc"],
        promise: "DNS support and DNS hostnames are on, as the private API endpoint and interface endpoints need.",
    },
    {
        id: "KMS-1",
        layer: "cloud",
        components: ["CustomerManagedKey"],
        promise:
            "Each purpose has its own customer-managed key with rotation on, a 30-day deletion window and an explicit key policy without a public principal.",
    },
    {
        id: "IAM-1",
        layer: "cloud",
        components: [],
        status: "judged by the pack on every identity policy and role trust of any stack; the baseline's own roles are least-privilege, evaluated with an IAM simulator in their tests",
        promise:
            "No identity policy, alone or with the others reaching the same principal, grants administrator-equivalent power, and role trusts are scoped to an account, an organisation, or for OIDC to one repository or one service account.",
    },
    {
        id: "DATA-1",
        layer: "cloud",
        components: ["EbsEncryptionByDefault"],
        promise: "EBS encryption by default is on in the region, with the volumes key.",
    },
    {
        id: "DATA-2",
        layer: "cloud",
        components: ["SecureBucket"],
        promise:
            "Buckets block all public access, use SSE-KMS, keep versions, refuse plain HTTP and enforce bucket-owner object ownership.",
    },
    {
        id: "DATA-3",
        layer: "cloud",
        components: ["HardenedVpc", "SecureCluster", "ThreatDetection"],
        promise: "Every log group is KMS-encrypted and has a retention.",
    },
    {
        id: "DATA-4",
        layer: "cloud",
        components: ["SecretsAccess"],
        promise:
            "Application secrets live in AWS Secrets Manager and reach pods through External Secrets with per-team, least-privilege access.",
    },
    {
        id: "DET-1",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "GuardDuty is on with EKS audit-log monitoring, runtime monitoring, S3 data events and EBS malware protection.",
    },
    {
        id: "DET-2",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "AWS Config records every resource type, global ones included, into a hardened bucket, and the recorder runs.",
    },
    {
        id: "DET-3",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "AWS Config managed rules watch the controls of this catalogue that AWS can evaluate.",
    },
    {
        id: "DET-4",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise:
            "A multi-region CloudTrail trail logs read and write management events with file validation, KMS and CloudWatch Logs delivery.",
    },
    {
        id: "DET-5",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "Security Hub runs the AWS Foundational and CIS standards (on by flag).",
    },
    {
        id: "DET-6",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "Findings at or above a configured severity and Config non-compliance reach an encrypted SNS topic through EventBridge.",
    },
    {
        id: "DET-7",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise: "Organization mode: a delegated administrator, auto-enable for member accounts and a Config aggregator.",
    },
    {
        id: "DET-8",
        layer: "cloud",
        components: ["ThreatDetection"],
        promise:
            "Config rules whose non-compliance has a safe AWS-managed fix remediate automatically, with a least-privilege role and a retry limit.",
    },
    {
        id: "DET-9",
        layer: "cloud",
        components: ["ContainmentResponse"],
        promise: "A GuardDuty runtime finding about a pod quarantines that pod automatically and says so on the alert topic.",
    },
    {
        id: "EKS-1",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "The API endpoint is private; a public endpoint only with explicit admin networks, never the internet.",
    },
    {
        id: "EKS-2",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "Kubernetes Secrets are envelope-encrypted in etcd with a rotating customer-managed key.",
    },
    {
        id: "EKS-3",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "All five control-plane log types go to a KMS-encrypted log group with a retention.",
    },
    {
        id: "EKS-4",
        layer: "cluster",
        components: ["SecureCluster"],
        promise:
            "Access goes through EKS access entries only: no aws-auth ConfigMap, no creator admin, admins from config, teams scoped to namespaces.",
    },
    {
        id: "EKS-5",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "Workloads get identities through IRSA and Pod Identity; the VPC CNI runs on its own role, not the node role.",
    },
    {
        id: "EKS-6",
        layer: "cluster",
        components: ["SecureCluster"],
        promise:
            "Managed node groups in private subnets, with IMDSv2 at hop limit 1, encrypted root volumes, no remote access and a hardened AMI family.",
    },
    {
        id: "EKS-7",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "Cluster and node security groups carry only the rules EKS needs, none from the internet.",
    },
    { id: "EKS-8", layer: "cluster", components: ["SecureCluster"], promise: "The VPC CNI add-on enforces NetworkPolicies." },
    {
        id: "EKS-9",
        layer: "cluster",
        components: ["SecureCluster"],
        promise: "The Kubernetes version is pinned to a supported one, with the standard upgrade policy.",
    },
    {
        id: "EKS-10",
        layer: "cluster",
        components: ["SecureCluster", "CustomerManagedKey", "SecureBucket"],
        promise: "The cluster, keys and audit stores cannot be deleted by accident.",
    },
    {
        id: "K8S-1",
        layer: "cluster",
        components: ["NamespaceBaseline"],
        promise: "Every workload namespace enforces, audits and warns at Pod Security restricted, at a pinned version.",
    },
    {
        id: "K8S-2",
        layer: "cluster",
        components: ["NamespaceBaseline"],
        promise: "Every namespace denies all ingress and egress by default, allowing DNS to kube-dns.",
    },
    {
        id: "K8S-3",
        layer: "cluster",
        components: ["NamespaceBaseline"],
        promise: "A pod labelled quarantine=true loses all traffic, because no allow policy selects it.",
    },
    {
        id: "K8S-4",
        layer: "cluster",
        components: ["NamespaceBaseline"],
        promise: "Resource quotas and limit-range defaults bound what a namespace can consume; no LoadBalancer or NodePort by default.",
    },
    {
        id: "K8S-5",
        layer: "cluster",
        components: ["NamespaceBaseline", "ClusterGuardrails"],
        promise:
            "RBAC grants namespace roles to groups, no wildcards, no dangerous permissions, cluster-admin only to break-glass, no automounted default tokens.",
    },
    {
        id: "K8S-6",
        layer: "cluster",
        components: ["ClusterGuardrails"],
        promise: "In-cluster admission policies allow only known registries, no latest tags, require limits and refuse privileged pods.",
    },
    {
        id: "CTR-1",
        layer: "container",
        components: ["ContainerRegistry", "HardenedRepository"],
        promise: "ECR repositories scan on push and continuously, keep tags immutable, use KMS and expire old images.",
    },
    {
        id: "CTR-2",
        layer: "container",
        components: ["ClusterGuardrails", "NamespaceBaseline"],
        promise:
            "Only images whose signatures verify are admitted: the Sigstore policy-controller checks them against a KMS signing key in every opted-in team namespace.",
    },
    {
        id: "CTR-3",
        layer: "container",
        components: [],
        status: "judged by the pack on every workload; enforced in the cluster by Pod Security (K8S-1)",
        promise:
            "Workloads run as non-root with a read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp and no host access.",
    },
    {
        id: "CODE-1",
        layer: "code",
        components: [],
        status: "judged by the pack on the listeners and ingresses of any stack",
        promise: "Traffic is TLS only: HTTPS or TLS listeners with a modern policy, ingresses with TLS.",
    },
    {
        id: "CODE-2",
        layer: "code",
        components: ["NamespaceBaseline"],
        promise: "Only essential ports are exposed: LoadBalancer and NodePort services are flagged, security-group rules are limited.",
    },
    {
        id: "CODE-3",
        layer: "code",
        components: ["EdgeProtection"],
        promise: "Internet-facing load balancers sit behind AWS WAF with managed rule groups and a rate limit, with WAF logs kept.",
    },
    {
        id: "PACK-1",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Every control visible at preview has a policy, mandatory by default for high and critical severity.",
    },
    {
        id: "PACK-2",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "The pack guards resources made by any stack, in every shape they can be written.",
    },
    {
        id: "PACK-3",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "A security-critical value unknown at preview fails closed (configurable); no policy ever throws.",
    },
    {
        id: "PACK-4",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Exemptions carry a reason and an expiry, and every one is reported.",
    },
    {
        id: "PACK-5",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Every policy carries its control, severity, layer, framework references and remediation.",
    },
    {
        id: "PACK-6",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Safe automatic fixes at the remediate enforcement level.",
    },
    {
        id: "PACK-7",
        layer: "gate",
        components: [],
        status: "the offline check",
        promise: "The offline check sends a program's resources through the real analyzer protocol with no cloud and no Pulumi CLI.",
    },
    {
        id: "PACK-8",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Policies judge meaning, not spelling: address-set exposure, effective privilege, unions of network policies.",
    },
    {
        id: "PACK-9",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Resources whose effect the pack cannot see are violations unless allowed by name in the pack config.",
    },
    {
        id: "PACK-10",
        layer: "gate",
        components: [],
        status: "the policy pack",
        promise: "Exemptions have a maximum lifetime, and critical ones need an approval recorded in the pack config.",
    },
];

export const CONTROL_IDS: ReadonlySet<string> = new Set(CONTROLS.map((c) => c.id));
