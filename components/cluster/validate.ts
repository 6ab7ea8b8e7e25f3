/**
 * Pure validation of SecureCluster arguments. Every check runs before any
 * resource is registered; each message names the argument, quotes the bad
 * value and says what is allowed (from the same constants as the types).
 */
import { IAM_PRINCIPAL_ARN } from "../common/iam";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../common/logs";
import { Validator } from "ip-num";
import { DEFAULT_BREAK_GLASS_GROUP } from "../guardrails/constants";
import { ENDPOINT_PUBLIC_MAX_PREFIX, blockSize, coversInternet, describeSet, publicPart, setOfTexts, size } from "../common/addresses";

/**
 * Kubernetes versions a cluster may be created with (EKS-9): the versions in EKS standard
 * support on 2026-11-23. A STANDARD upgrade policy auto-upgrades a cluster when its version
 * leaves standard support, so a version past that date would be upgraded behind the
 * stack's back. EKS dates (standard support ends): 1.34 on 2026-12-02, 1.35 on 2027-03-27;
 * 1.36 is the newest EKS lists. 1.31–1.33 left standard support in 2025–2026. The default
 * is 1.35, not 1.34, which leaves standard support nine days after this list was made.
 * Review on every EKS release.
 */
export const SUPPORTED_VERSIONS = ["1.34", "1.35", "1.36"] as const;
export type KubernetesVersion = (typeof SUPPORTED_VERSIONS)[number];
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.35";

/** AMI families allowed for nodes (EKS-6): AL2023 and Bottlerocket only (no AL2, no custom AMIs). */
export const AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;
export type AmiType = (typeof AMI_TYPES)[number];

/** IMDS hop limits: 1 keeps pods from reaching node credentials; 2 only by explicit choice (EKS-6). */
export const HOP_LIMITS = [1, 2] as const;
export type HopLimit = (typeof HOP_LIMITS)[number];

export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** Retention periods CloudWatch Logs accepts (days). */
export { DEFAULT_LOG_RETENTION_DAYS } from "../common/logs";

export const MIN_DISK_GIB = 20;
export const MAX_DISK_GIB = 16384;

/** EKS cluster names: letters, digits, hyphens and underscores, starting alphanumeric, at most 100 characters. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Group-name prefixes EKS refuses in an access entry's kubernetesGroups. */
export const EKS_RESERVED_GROUP_PREFIXES = ["system:", "eks:", "aws:", "amazon:", "iam:"] as const;
/** Kubernetes DNS-1123 label (namespaces, team names). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_MAX = 63;
/** Node group names: used in resource names and the EKS API. */
const NODE_GROUP_NAME = /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/;

export interface NodeGroupSpecInput {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly amiType?: string;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly diskSizeGiB?: number;
    readonly capacityType?: string;
    readonly httpPutResponseHopLimit?: number;
}

export interface TeamInput {
    readonly name: string;
    readonly namespaces: readonly string[];
    readonly viewers?: readonly string[];
    readonly editors?: readonly string[];
}

/** The plain-data part of the arguments that can be checked before any resource exists. */
export interface ValidatableArgs {
    readonly clusterName?: string;
    readonly kubernetesVersion?: string;
    readonly publicAccessCidrs?: readonly string[];
    readonly adminPrincipalArns: readonly string[];
    readonly breakGlassPrincipalArns?: readonly string[];
    readonly breakGlassGroup?: string;
    readonly teams?: readonly TeamInput[];
    readonly nodeGroups?: readonly NodeGroupSpecInput[];
    readonly logRetentionDays?: number;
    readonly vpcCidr?: unknown;
    readonly nodeInternetEgress?: boolean;
    readonly s3PrefixListId?: unknown;
}

function fail(component: string, message: string): never {
    throw new Error(`SecureCluster "${component}": ${message}`);
}

/**
 * EKS-1: admin CIDRs for a public endpoint, judged as one address set with the pack's
 * semantics (eks-cluster-endpoint-private): the union may admit no more public addresses
 * than a /22 holds, however it is split, so the whole internet written as pieces is refused.
 */
export function validatePublicAccessCidrs(component: string, cidrs: readonly string[] | undefined): void {
    const list = cidrs ?? [];
    for (const c of list) {
        if (coversInternet(setOfTexts([c]).set) !== undefined) {
            fail(
                component,
                `publicAccessCidrs contains "${c}", which opens the API endpoint to the whole internet; list the admin networks instead (never 0.0.0.0/0, ::/0 or any /0)`,
            );
        }
        if (!Validator.isValidIPv4CidrRange(c)[0]) {
            fail(
                component,
                `publicAccessCidrs contains "${c.slice(0, 200)}"${c.length > 200 ? ` (${c.length} characters)` : ""}, which is not an IPv4 CIDR block with its network address (e.g. 203.0.113.0/24)`,
            );
        }
    }
    const { set } = setOfTexts(list);
    const open = size(publicPart(set), "ipv4");
    const max = blockSize("ipv4", ENDPOINT_PUBLIC_MAX_PREFIX.ipv4);
    if (open > max) {
        const whole = coversInternet(set) !== undefined ? ", the whole internet" : "";
        fail(
            component,
            `publicAccessCidrs ${JSON.stringify(list).slice(0, 200)} together open the API endpoint to ${open.toLocaleString("en-US")} public addresses (${describeSet(set)}${whole}); at most ${max.toLocaleString("en-US")} (a /${ENDPOINT_PUBLIC_MAX_PREFIX.ipv4}) are allowed: list only the admin networks`,
        );
    }
}

/** EKS-9: the version must be one this baseline pins add-ons for. */
export function validateKubernetesVersion(component: string, version: string | undefined): void {
    if (version !== undefined && !(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
        fail(component, `kubernetesVersion "${version}" is not supported; use one of ${SUPPORTED_VERSIONS.join(", ")}`);
    }
}

/** EKS-4: access entries take IAM role or user ARNs only. */
export function validatePrincipalArn(component: string, key: string, principal: string): void {
    if (!IAM_PRINCIPAL_ARN.test(principal)) {
        fail(
            component,
            `${key} contains "${principal}", which is not an IAM role or user ARN (arn:<partition>:iam::<12-digit account>:role/<name> or :user/<name>)`,
        );
    }
}

/** EKS-6: one node group's shape. */
export function validateNodeGroup(component: string, ng: NodeGroupSpecInput, index: number): void {
    const key = `nodeGroups[${index}]`;
    if (!NODE_GROUP_NAME.test(ng.name)) {
        fail(
            component,
            `${key}.name "${ng.name}" is not allowed; use 1-32 lowercase letters, digits or hyphens, starting and ending alphanumeric`,
        );
    }
    if (ng.instanceTypes.length === 0) {
        fail(component, `${key}.instanceTypes is empty; list at least one instance type (e.g. "m7i.large")`);
    }
    const sizes = [ng.minSize, ng.desiredSize, ng.maxSize];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
        fail(component, `${key} sizes min ${ng.minSize}, desired ${ng.desiredSize}, max ${ng.maxSize} must be whole numbers of at least 0`);
    }
    if (ng.maxSize <= 0) {
        fail(component, `${key}.maxSize ${ng.maxSize} is not allowed; it must be greater than 0`);
    }
    if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
        fail(
            component,
            `${key} sizes min ${ng.minSize}, desired ${ng.desiredSize}, max ${ng.maxSize} are not allowed; require min <= desired <= max`,
        );
    }
    if (ng.amiType !== undefined && !(AMI_TYPES as readonly string[]).includes(ng.amiType)) {
        fail(component, `${key}.amiType "${ng.amiType}" is not allowed; use one of ${AMI_TYPES.join(", ")}`);
    }
    if (ng.capacityType !== undefined && !(CAPACITY_TYPES as readonly string[]).includes(ng.capacityType)) {
        fail(component, `${key}.capacityType "${ng.capacityType}" is not allowed; use one of ${CAPACITY_TYPES.join(", ")}`);
    }
    const hop = ng.httpPutResponseHopLimit;
    if (hop !== undefined && !(HOP_LIMITS as readonly number[]).includes(hop)) {
        fail(component, `${key}.httpPutResponseHopLimit ${hop} is not allowed; use 1 (default) or 2`);
    }
    const disk = ng.diskSizeGiB;
    if (disk !== undefined && (!Number.isInteger(disk) || disk < MIN_DISK_GIB || disk > MAX_DISK_GIB)) {
        fail(component, `${key}.diskSizeGiB ${disk} is not allowed; use a whole number from ${MIN_DISK_GIB} to ${MAX_DISK_GIB}`);
    }
}

/** EKS-4/K8S-5: the group break-glass principals are mapped to; EKS refuses its reserved prefixes in access entries. */
export function validateBreakGlassGroup(component: string, group: string): void {
    if (group.trim() === "" || group !== group.trim()) {
        fail(
            component,
            `breakGlassGroup "${group}" is not allowed; name the group ClusterGuardrails binds to cluster-admin (e.g. "${DEFAULT_BREAK_GLASS_GROUP}"), without surrounding spaces`,
        );
    }
    const reserved = EKS_RESERVED_GROUP_PREFIXES.find((prefix) => group.startsWith(prefix));
    if (reserved !== undefined) {
        fail(
            component,
            `breakGlassGroup "${group}" starts with "${reserved}", which EKS reserves; use a group without the prefixes ${EKS_RESERVED_GROUP_PREFIXES.join(", ")}`,
        );
    }
}

function validateTeams(component: string, teams: readonly TeamInput[]): void {
    const seen = new Set<string>();
    teams.forEach((t, i) => {
        const key = `teams[${i}]`;
        if (!DNS_LABEL.test(t.name) || t.name.length > DNS_LABEL_MAX) {
            fail(
                component,
                `${key}.name "${t.name}" is not a DNS-1123 label (lowercase letters, digits, hyphens; at most ${DNS_LABEL_MAX})`,
            );
        }
        if (seen.has(t.name)) fail(component, `${key}.name "${t.name}" is used by two teams; team names must be unique`);
        seen.add(t.name);
        if (t.namespaces.length === 0) fail(component, `${key}.namespaces is empty; list the namespaces the team works in`);
        for (const ns of t.namespaces) {
            if (!DNS_LABEL.test(ns) || ns.length > DNS_LABEL_MAX) {
                fail(component, `${key}.namespaces contains "${ns}", which is not a DNS-1123 label`);
            }
        }
        for (const p of t.viewers ?? []) validatePrincipalArn(component, `${key}.viewers`, p);
        for (const p of t.editors ?? []) validatePrincipalArn(component, `${key}.editors`, p);
    });
}

/** Validates everything checkable before a resource exists. Throws on the first problem. */
export function validateSecureClusterArgs(component: string, args: ValidatableArgs): void {
    if (args.clusterName !== undefined && !CLUSTER_NAME.test(args.clusterName)) {
        fail(
            component,
            `clusterName "${args.clusterName}" is not allowed; use up to 100 letters, digits, hyphens or underscores, starting alphanumeric`,
        );
    }
    validateKubernetesVersion(component, args.kubernetesVersion);
    validatePublicAccessCidrs(component, args.publicAccessCidrs);
    if (args.adminPrincipalArns.length === 0) {
        fail(
            component,
            "adminPrincipalArns is empty; list at least one IAM role or user ARN (the deploying principal must be one to create in-cluster resources)",
        );
    }
    for (const p of args.adminPrincipalArns) validatePrincipalArn(component, "adminPrincipalArns", p);
    for (const p of args.breakGlassPrincipalArns ?? []) validatePrincipalArn(component, "breakGlassPrincipalArns", p);
    if (args.breakGlassGroup !== undefined) validateBreakGlassGroup(component, args.breakGlassGroup);
    validateTeams(component, args.teams ?? []);
    const names = new Set<string>();
    (args.nodeGroups ?? []).forEach((ng, i) => {
        validateNodeGroup(component, ng, i);
        if (names.has(ng.name)) fail(component, `nodeGroups[${i}].name "${ng.name}" is used twice; node group names must be unique`);
        names.add(ng.name);
    });
    if (args.nodeGroups !== undefined && args.nodeGroups.length === 0) {
        fail(component, "nodeGroups is empty; omit it for the default group or list at least one");
    }
    if (!args.nodeInternetEgress && args.s3PrefixListId === undefined) {
        fail(
            component,
            "s3PrefixListId is required when nodeInternetEgress is false: nodes pull image layers from S3 through the VPC's gateway endpoint (pass its prefix list id, or set nodeInternetEgress when the VPC has NAT)",
        );
    }
    const r = args.logRetentionDays;
    if (r !== undefined && !isLogRetentionDays(r)) {
        fail(component, `logRetentionDays ${r} is not allowed; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    if (
        typeof args.vpcCidr === "string" &&
        (!Validator.isValidIPv4CidrRange(args.vpcCidr)[0] || coversInternet(setOfTexts([args.vpcCidr]).set) !== undefined)
    ) {
        fail(component, `vpcCidr "${args.vpcCidr}" is not the VPC's IPv4 CIDR block (e.g. 10.0.0.0/16)`);
    }
}
