/**
 * CTR-2, image signatures verified at admission: the arguments of ClusterGuardrails' `imageSigning`, their
 * defaults and their pure validation. The verifier is the Sigstore policy-controller, installed from its
 * Helm chart at a pinned version; the public key it trusts for the account's ECR is a KMS signing key.
 */
import { IAM_ROLE_ARN } from "../common/iam";
import { DNS1123_LABEL } from "./constants";
import { ArgPath, Problem } from "../common/validation";

/** The Helm chart: repository, name and version are what the pack config allows the Release by (PACK-9). */
export const POLICY_CONTROLLER_CHART = {
    repository: "https://sigstore.github.io/helm-charts",
    chart: "policy-controller",
    /** Chart 0.10.8 ships policy-controller 0.13.1 (the Go module `npm run sigstore -- build` builds). */
    version: "0.10.8",
} as const;
/** The Helm release name and namespace; fixed, so the service account the Pod Identity role trusts is known at preview. */
export const POLICY_CONTROLLER_RELEASE = "policy-controller";
export const POLICY_CONTROLLER_NAMESPACE = "cosign-system";
export const POLICY_CONTROLLER_SERVICE_ACCOUNT = "policy-controller-webhook";
/** The port the webhook container listens on (the chart's containerPort); the control plane must reach it. */
export const POLICY_CONTROLLER_WEBHOOK_PORT = 8443;
/** The EKS Pod Identity agent's link-local address: the controller gets its AWS credentials there. */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";
export const POD_IDENTITY_AGENT_PORT = 80;
/** A namespace is judged by the webhook only with this label set to "true" (the chart's namespaceSelector). */
export const SIGNATURE_OPT_IN_LABEL = "policy.sigstore.dev/include";
/** Managed node groups carry this label; the controller runs on the system group's nodes. */
export const NODE_GROUP_LABEL = "eks.amazonaws.com/nodegroup";
export const DEFAULT_SYSTEM_NODE_GROUP = "system";
/** Two replicas and a budget of one: a node drain never leaves opted-in namespaces without their verifier. */
export const DEFAULT_CONTROLLER_REPLICAS = 2;
/**
 * Where the nodes pull the controller image: the account's ECR under this prefix (an ECR pull-through
 * cache rule for ghcr.io with this prefix, or a copy), because the admission policies (K8S-6) admit only
 * allowed registries. The chart's own digest pin is kept, and a pull-through cache keeps digests.
 */
export const DEFAULT_CONTROLLER_IMAGE_PREFIX = "ghcr";
export const UPSTREAM_CONTROLLER_IMAGE = "sigstore/policy-controller/policy-controller";
/** KMS key spec and usage of the signing key: cosign signs with ECDSA P-256 through `awskms://`. */
export const SIGNING_KEY_SPEC = "ECC_NIST_P256";
export const SIGNING_KEY_USAGE = "SIGN_VERIFY";
/** What CI may do with the key, and what the verifier may: nothing else (no Decrypt, no key administration). */
export const SIGNER_ACTIONS = ["kms:Sign", "kms:GetPublicKey"] as const;
export const VERIFIER_ACTIONS = ["kms:GetPublicKey"] as const;

/** Another registry whose images are admitted when signed with its own key. */
export interface TrustedRegistry {
    /** Image glob as the policy-controller matches it, e.g. "ghcr.io/example-org/**". */
    readonly glob: string;
    /** The public key (PEM, "-----BEGIN PUBLIC KEY-----") or a KMS key reference ("awskms:///arn:aws:kms:..."). */
    readonly key: string;
}

export interface ImageSigningArgs {
    /** The EKS cluster the controller's Pod Identity association belongs to. */
    readonly clusterName: string;
    /** The VPC CIDR: the control plane's ENIs call the webhook from it, and the KMS/STS endpoints answer in it. */
    readonly vpcCidr: string;
    /**
     * IAM role ARNs allowed to assume the signer role (kms:Sign and kms:GetPublicKey on the signing key only),
     * typically CI's deploy role. @default [] (no signer role: nobody can sign with the key)
     */
    readonly signerPrincipalArns?: readonly string[];
    /** More registries admitted when signed, each with its own key. Every entry widens what runs. @default [] */
    readonly trustedRegistries?: readonly TrustedRegistry[];
    /** The managed node group the controller runs on. @default "system" */
    readonly systemNodeGroup?: string;
    /** @default 2 (with a PodDisruptionBudget of minAvailable 1) */
    readonly replicas?: number;
    /** ECR repository prefix the controller image is pulled under (see DEFAULT_CONTROLLER_IMAGE_PREFIX). @default "ghcr" */
    readonly controllerImagePrefix?: string;
    /** Protects the signing key and its alias from deletion and replacement. @default true */
    readonly protect?: boolean;
}

/** A glob of image references: registry host, path, optional `*`/`**`, no scheme, no spaces. */
const IMAGE_GLOB = /^[a-z0-9*]([a-z0-9.*-]*[a-z0-9*])?(:\d{1,5})?(\/[a-zA-Z0-9._*-]+)+(:[\w.*-]+)?$/;
const PEM_KEY = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;
const KMS_KEY_REF =
    /^awskms:\/\/[^/]*\/(arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/-]+)|alias\/[\w/-]+|[0-9a-f-]{36})$/;
const CIDR_V4 = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const ECR_PREFIX = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** The problems with the imageSigning arguments (empty when valid), each with the argument path, the value and what is allowed. */
export function imageSigningErrors(args: ImageSigningArgs): Problem[] {
    const problems: Problem[] = [];
    const at = (...path: ArgPath): ArgPath => ["imageSigning", ...path];
    if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
        problems.push({
            path: at("clusterName"),
            value: args.clusterName,
            problem: "is not an EKS cluster name",
            allowed: 'use 1 to 100 letters, digits, "-" or "_"',
        });
    }
    if (!CIDR_V4.test(args.vpcCidr)) {
        problems.push({
            path: at("vpcCidr"),
            value: args.vpcCidr,
            problem: "is not an IPv4 CIDR",
            allowed: 'use the VPC\'s, e.g. "10.0.0.0/16"',
        });
    }
    (args.signerPrincipalArns ?? []).forEach((p, i) => {
        if (!IAM_ROLE_ARN.test(p)) {
            problems.push({
                path: at("signerPrincipalArns", i),
                value: p,
                problem: "is not an IAM role ARN",
                allowed: "use arn:<partition>:iam::<account>:role/<name> (CI's role)",
            });
        }
    });
    (args.trustedRegistries ?? []).forEach((r, i) => {
        if (!IMAGE_GLOB.test(r.glob) || r.glob.startsWith("*")) {
            problems.push({
                path: at("trustedRegistries", i, "glob"),
                value: r.glob,
                problem: "is not an image glob under one registry",
                allowed: 'use host/path with * or ** after the host, e.g. "ghcr.io/example-org/**"',
            });
        }
        if (!PEM_KEY.test(r.key) && !KMS_KEY_REF.test(r.key)) {
            problems.push({
                path: at("trustedRegistries", i, "key"),
                value: r.key,
                problem: "is neither a PEM public key nor an AWS KMS key reference",
                allowed: 'use "-----BEGIN PUBLIC KEY-----..." or "awskms:///arn:aws:kms:<region>:<account>:key/<id>"',
            });
        }
    });
    const group = args.systemNodeGroup ?? DEFAULT_SYSTEM_NODE_GROUP;
    if (!DNS1123_LABEL.test(group) || group.length > 63) {
        problems.push({
            path: at("systemNodeGroup"),
            value: group,
            problem: "is not a node group name",
            allowed: 'use a DNS-1123 label such as "system"',
        });
    }
    const replicas = args.replicas ?? DEFAULT_CONTROLLER_REPLICAS;
    if (!Number.isInteger(replicas) || replicas < 2 || replicas > 10) {
        problems.push({
            path: at("replicas"),
            value: replicas,
            problem: "is not allowed",
            allowed: "use a whole number from 2 to 10 (one replica leaves opted-in namespaces without a verifier during a drain)",
        });
    }
    const prefix = args.controllerImagePrefix ?? DEFAULT_CONTROLLER_IMAGE_PREFIX;
    if (!ECR_PREFIX.test(prefix)) {
        problems.push({
            path: at("controllerImagePrefix"),
            value: prefix,
            problem: "is not an ECR repository prefix",
            allowed: 'use lowercase path segments such as "ghcr"',
        });
    }
    return problems;
}
