/** Arguments of ClusterGuardrails and their pure validation (K8S-5 cluster side, K8S-6). */
import { DEFAULT_ADMISSION_EXEMPT_NAMESPACES, DEFAULT_ECR_DNS_SUFFIX } from "./constants";
import { EdgeAdmissionArgs, edgeAdmissionArgsError } from "./edgeAdmissionPlan";
import { ImageSigningArgs, imageSigningErrors } from "./signingArgs";
import { dns1123LabelError, groupNameError } from "./validation";
import { ArgPath, Naming, Problem, reporter } from "../common/validation";

/** The account registry whose host is allowed by default. */
export interface EcrRegistry {
    /** 12-digit AWS account id. */
    readonly accountId: string;
    /** AWS region, e.g. "us-east-1". */
    readonly region: string;
    /** @default "amazonaws.com" ("amazonaws.com.cn" in China regions) */
    readonly dnsSuffix?: string;
}

export interface ClusterGuardrailsArgs {
    /** The account's ECR registry: images from `<account>.dkr.ecr.<region>.<suffix>/...` are allowed (K8S-6). */
    readonly ecr: EcrRegistry;
    /**
     * More registry hosts images may come from (host[:port], no scheme, no path), e.g. a pull-through
     * cache. Every entry widens the supply chain. @default []
     */
    readonly additionalRegistries?: readonly string[];
    /**
     * Roll-out mode: bindings only audit and warn instead of denying. Use it to find violators before
     * enforcing; leaving it on means nothing is blocked. @default false (deny)
     */
    readonly auditOnly?: boolean;
    /**
     * Namespaces the workload admission policies skip, besides kube-system, kube-public and
     * kube-node-lease (always skipped). Replaces the default list. Each entry turns K8S-6 off there.
     * @default DEFAULT_ADMISSION_EXEMPT_NAMESPACES (["amazon-guardduty"], the GuardDuty runtime agent)
     */
    readonly exemptNamespaces?: readonly string[];
    /** Groups bound to the read-only cluster role (list namespaces and nodes). @default [] (role created, unbound) */
    readonly readOnlyGroups?: readonly string[];
    /**
     * The one group bound to cluster-admin, for incident response. Membership comes only from an EKS
     * access entry that maps a principal to this group, so keep those entries few and audited. `false`
     * creates no cluster-admin binding at all. @default DEFAULT_BREAK_GLASS_GROUP
     */
    readonly breakGlassGroup?: string | false;
    /**
     * CODE-3: deny internet-facing ALB Ingresses (AWS Load Balancer Controller) whose
     * `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation does not name this web ACL (by its ARN prefix,
     * see EdgeProtection.webAclArnPrefix). Follows auditOnly and exemptNamespaces like the other policies.
     * @default undefined (no such policy; set it whenever the stack has an EdgeProtection)
     */
    readonly edge?: EdgeAdmissionArgs;
    /**
     * CTR-2: the Sigstore policy-controller verifies image signatures at admission in every namespace
     * labelled `policy.sigstore.dev/include: "true"` (NamespaceBaseline sets it), against a KMS signing key
     * for the account's ECR and the keys of `trustedRegistries`. Required: pass its arguments, or `false`
     * to run without signature verification (then any image from an allowed registry runs, signed or not).
     */
    readonly imageSigning: ImageSigningArgs | false;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const HOST_LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
/** A registry host: at least two DNS labels, lowercase, optional port; no scheme, path, tag or wildcard. */
const REGISTRY_HOST = new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})+(:(?<port>\\d{1,5}))?$`);

export function ecrRegistryHost(ecr: EcrRegistry): string {
    return `${ecr.accountId}.dkr.ecr.${ecr.region}.${ecr.dnsSuffix ?? DEFAULT_ECR_DNS_SUFFIX}`;
}

export function registryHostError(path: ArgPath, value: string): Problem | undefined {
    const m = REGISTRY_HOST.exec(value);
    const portText = m?.groups?.port;
    const port = portText === undefined ? undefined : Number(portText);
    if (!m || value.length > 253 || (port !== undefined && (port < 1 || port > 65535))) {
        return {
            path,
            value,
            problem: "is not a registry host",
            allowed: 'use a lowercase host name with an optional port and nothing else, e.g. "ghcr.io" or "registry.example.com:5000"',
        };
    }
    return undefined;
}

/** The allowlist: the account's ECR host, then the additional hosts, without duplicates. */
export function allowedRegistries(args: ClusterGuardrailsArgs): string[] {
    return [...new Set([ecrRegistryHost(args.ecr), ...(args.additionalRegistries ?? [])])];
}

export function exemptNamespaces(args: ClusterGuardrailsArgs): string[] {
    return [...(args.exemptNamespaces ?? DEFAULT_ADMISSION_EXEMPT_NAMESPACES)];
}

/** Validates ClusterGuardrails arguments, naming paths by `naming` (a stack's config keys) when given. */
export function validateClusterGuardrailsArgs(name: string, args: ClusterGuardrailsArgs, naming?: Naming): void {
    const r = reporter(`ClusterGuardrails "${name}"`, naming);
    if (!ACCOUNT_ID.test(args.ecr.accountId)) {
        r.fail({ path: ["ecr", "accountId"], value: args.ecr.accountId, problem: "is not an AWS account id", allowed: "use 12 digits" });
    }
    if (!REGION.test(args.ecr.region)) {
        r.fail({
            path: ["ecr", "region"],
            value: args.ecr.region,
            problem: "is not an AWS region",
            allowed: 'use a name such as "us-east-1"',
        });
    }
    r.check(registryHostError(["ecr"], ecrRegistryHost(args.ecr)));
    (args.additionalRegistries ?? []).forEach((host, i) => r.check(registryHostError(["additionalRegistries", i], host)));
    (args.exemptNamespaces ?? []).forEach((ns, i) => {
        r.check(dns1123LabelError(["exemptNamespaces", i], ns));
        if (ns === "default") {
            r.fail({
                path: ["exemptNamespaces", i],
                value: ns,
                problem: "may not be exempt",
                allowed: "workloads there must meet the same policies; exempt only platform namespaces",
            });
        }
    });
    (args.readOnlyGroups ?? []).forEach((g, i) => r.check(groupNameError(["readOnlyGroups", i], g)));
    if (args.edge !== undefined) r.check(edgeAdmissionArgsError(args.edge));
    if (args.imageSigning === undefined) {
        r.fail({
            path: ["imageSigning"],
            value: undefined,
            problem: "is required",
            allowed: "pass { clusterName, vpcCidr } (CTR-2: signatures verified at admission) or false to turn verification off",
        });
    }
    if (args.imageSigning !== false) r.check(imageSigningErrors(args.imageSigning)[0]);
    if (args.breakGlassGroup !== undefined && args.breakGlassGroup !== false) {
        r.check(groupNameError(["breakGlassGroup"], args.breakGlassGroup));
    }
}
