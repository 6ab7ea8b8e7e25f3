/** Arguments of ClusterGuardrails and their pure validation (K8S-5 cluster side, K8S-6). */
import { DEFAULT_ADMISSION_EXEMPT_NAMESPACES, DEFAULT_ECR_DNS_SUFFIX } from "./constants";
import { EdgeAdmissionArgs, edgeAdmissionArgsError } from "./edgeAdmissionPlan";
import { ImageSigningArgs, imageSigningErrors } from "./signingArgs";
import { dns1123LabelError, groupNameError } from "./validation";

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

export function registryHostError(argument: string, value: string): string | undefined {
    const m = REGISTRY_HOST.exec(value);
    const portText = m?.groups?.port;
    const port = portText === undefined ? undefined : Number(portText);
    if (!m || value.length > 253 || (port !== undefined && (port < 1 || port > 65535))) {
        return `${argument} "${value}" is not a registry host; use a lowercase host name with an optional port and nothing else, e.g. "ghcr.io" or "registry.example.com:5000"`;
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

export function validateClusterGuardrailsArgs(name: string, args: ClusterGuardrailsArgs): void {
    const c = `ClusterGuardrails "${name}"`;
    const fail = (m: string): never => {
        throw new Error(`${c}: ${m}`);
    };
    if (!ACCOUNT_ID.test(args.ecr.accountId)) fail(`ecr.accountId "${args.ecr.accountId}" is not an AWS account id; use 12 digits`);
    if (!REGION.test(args.ecr.region)) fail(`ecr.region "${args.ecr.region}" is not an AWS region; use a name such as "us-east-1"`);
    const hostError = registryHostError("ecr (registry host)", ecrRegistryHost(args.ecr));
    if (hostError) fail(hostError);
    (args.additionalRegistries ?? []).forEach((r, i) => {
        const e = registryHostError(`additionalRegistries[${i}]`, r);
        if (e) fail(e);
    });
    (args.exemptNamespaces ?? []).forEach((ns, i) => {
        const e = dns1123LabelError(`exemptNamespaces[${i}]`, ns);
        if (e) fail(e);
        if (ns === "default") fail(`exemptNamespaces[${i}] "default" may not be exempt; workloads there must meet the same policies`);
    });
    (args.readOnlyGroups ?? []).forEach((g) => {
        const e = groupNameError("readOnlyGroups", g);
        if (e) fail(e);
    });
    if (args.edge !== undefined) {
        const e = edgeAdmissionArgsError(args.edge);
        if (e) fail(e);
    }
    if (args.imageSigning === undefined) {
        fail(
            "imageSigning is required; pass { clusterName, vpcCidr } (CTR-2: signatures verified at admission) or false to turn verification off",
        );
    }
    if (args.imageSigning !== false && args.imageSigning !== undefined) imageSigningErrors(args.imageSigning).forEach(fail);
    if (args.breakGlassGroup !== undefined && args.breakGlassGroup !== false) {
        const e = groupNameError("breakGlassGroup", args.breakGlassGroup);
        if (e) fail(e);
    }
}
