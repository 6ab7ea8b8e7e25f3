/**
 * Pure validation of SecureCluster arguments. Every check runs before any
 * resource is registered; each message names the argument, quotes the bad
 * value and says what is allowed (from the same constants as the types).
 */
import { IAM_PRINCIPAL_ARN } from "../common/iam";
import { ArgPath, Naming, Reporter, emptyList, reporter } from "../common/validation";
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

/**
 * EKS-1: admin CIDRs for a public endpoint, judged as one address set with the pack's
 * semantics (eks-cluster-endpoint-private): the union may admit no more public addresses
 * than a /22 holds, however it is split, so the whole internet written as pieces is refused.
 */
export function validatePublicAccessCidrs(r: Reporter, cidrs: readonly string[] | undefined): void {
    const list = cidrs ?? [];
    list.forEach((c, i) => {
        if (coversInternet(setOfTexts([c]).set) !== undefined) {
            r.fail({
                path: ["publicAccessCidrs", i],
                value: c,
                problem: "opens the API endpoint to the whole internet",
                allowed: "list the admin networks instead (never 0.0.0.0/0, ::/0 or any /0)",
            });
        }
        if (!Validator.isValidIPv4CidrRange(c)[0]) {
            r.fail({
                path: ["publicAccessCidrs", i],
                value: c,
                problem: "is not an IPv4 CIDR block with its network address",
                allowed: "use one such as 203.0.113.0/24",
            });
        }
    });
    const { set } = setOfTexts(list);
    const open = size(publicPart(set), "ipv4");
    const max = blockSize("ipv4", ENDPOINT_PUBLIC_MAX_PREFIX.ipv4);
    if (open > max) {
        const whole = coversInternet(set) !== undefined ? ", the whole internet" : "";
        r.fail({
            path: ["publicAccessCidrs"],
            value: list,
            problem: `together open the API endpoint to ${open.toLocaleString("en-US")} public addresses (${describeSet(set)}${whole})`,
            allowed: `at most ${max.toLocaleString("en-US")} (a /${ENDPOINT_PUBLIC_MAX_PREFIX.ipv4}) are allowed: list only the admin networks`,
        });
    }
}

/** EKS-9: the version must be one this baseline pins add-ons for. */
export function validateKubernetesVersion(r: Reporter, version: string | undefined): void {
    if (version !== undefined && !(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
        r.fail({
            path: ["kubernetesVersion"],
            value: version,
            problem: "is not supported",
            allowed: `use one of ${SUPPORTED_VERSIONS.join(", ")}`,
        });
    }
}

/** EKS-4: access entries take IAM role or user ARNs only. */
export function validatePrincipalArn(r: Reporter, path: ArgPath, principal: string): void {
    if (!IAM_PRINCIPAL_ARN.test(principal)) {
        r.fail({
            path,
            value: principal,
            problem: "is not an IAM role or user ARN",
            allowed: "use arn:<partition>:iam::<12-digit account>:role/<name> or :user/<name>",
        });
    }
}

/** EKS-6: one node group's shape. */
export function validateNodeGroup(r: Reporter, ng: NodeGroupSpecInput, index: number): void {
    const at = (...rest: ArgPath): ArgPath => ["nodeGroups", index, ...rest];
    if (!NODE_GROUP_NAME.test(ng.name)) {
        r.fail({
            path: at("name"),
            value: ng.name,
            problem: "is not allowed",
            allowed: "use 1-32 lowercase letters, digits or hyphens, starting and ending alphanumeric",
        });
    }
    if (ng.instanceTypes.length === 0) {
        r.fail(emptyList(at("instanceTypes"), 'list at least one instance type (e.g. "m7i.large")'));
    }
    const sizes = { minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize };
    const shown = `sizes min ${ng.minSize}, desired ${ng.desiredSize}, max ${ng.maxSize}`;
    if (Object.values(sizes).some((s) => !Number.isInteger(s) || s < 0)) {
        r.fail({ path: at(), value: sizes, shown, problem: "must be whole numbers of at least 0", allowed: "use 0 or more for each" });
    }
    if (ng.maxSize <= 0) {
        r.fail({ path: at("maxSize"), value: ng.maxSize, problem: "is not allowed", allowed: "it must be greater than 0" });
    }
    if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
        r.fail({ path: at(), value: sizes, shown, problem: "are not allowed", allowed: "require min <= desired <= max" });
    }
    if (ng.amiType !== undefined && !(AMI_TYPES as readonly string[]).includes(ng.amiType)) {
        r.fail({ path: at("amiType"), value: ng.amiType, problem: "is not allowed", allowed: `use one of ${AMI_TYPES.join(", ")}` });
    }
    if (ng.capacityType !== undefined && !(CAPACITY_TYPES as readonly string[]).includes(ng.capacityType)) {
        r.fail({
            path: at("capacityType"),
            value: ng.capacityType,
            problem: "is not allowed",
            allowed: `use one of ${CAPACITY_TYPES.join(", ")}`,
        });
    }
    const hop = ng.httpPutResponseHopLimit;
    if (hop !== undefined && !(HOP_LIMITS as readonly number[]).includes(hop)) {
        r.fail({ path: at("httpPutResponseHopLimit"), value: hop, problem: "is not allowed", allowed: "use 1 (default) or 2" });
    }
    const disk = ng.diskSizeGiB;
    if (disk !== undefined && (!Number.isInteger(disk) || disk < MIN_DISK_GIB || disk > MAX_DISK_GIB)) {
        r.fail({
            path: at("diskSizeGiB"),
            value: disk,
            problem: "is not allowed",
            allowed: `use a whole number from ${MIN_DISK_GIB} to ${MAX_DISK_GIB}`,
        });
    }
}

/** EKS-4/K8S-5: the group break-glass principals are mapped to; EKS refuses its reserved prefixes in access entries. */
export function validateBreakGlassGroup(r: Reporter, group: string): void {
    if (group.trim() === "" || group !== group.trim()) {
        r.fail({
            path: ["breakGlassGroup"],
            value: group,
            problem: "is not allowed",
            allowed: `name the group ClusterGuardrails binds to cluster-admin (e.g. "${DEFAULT_BREAK_GLASS_GROUP}"), without surrounding spaces`,
        });
    }
    const reserved = EKS_RESERVED_GROUP_PREFIXES.find((prefix) => group.startsWith(prefix));
    if (reserved !== undefined) {
        r.fail({
            path: ["breakGlassGroup"],
            value: group,
            problem: `starts with "${reserved}", which EKS reserves`,
            allowed: `use a group without the prefixes ${EKS_RESERVED_GROUP_PREFIXES.join(", ")}`,
        });
    }
}

function validateTeams(r: Reporter, teams: readonly TeamInput[]): void {
    const seen = new Set<string>();
    teams.forEach((t, i) => {
        if (!DNS_LABEL.test(t.name) || t.name.length > DNS_LABEL_MAX) {
            r.fail({
                path: ["teams", i, "name"],
                value: t.name,
                problem: "is not a DNS-1123 label",
                allowed: `use lowercase letters, digits and hyphens, at most ${DNS_LABEL_MAX}`,
            });
        }
        if (seen.has(t.name)) {
            r.fail({ path: ["teams", i, "name"], value: t.name, problem: "is used by two teams", allowed: "team names must be unique" });
        }
        seen.add(t.name);
        if (t.namespaces.length === 0) {
            r.fail(emptyList(["teams", i, "namespaces"], "list the namespaces the team works in"));
        }
        t.namespaces.forEach((ns, j) => {
            if (!DNS_LABEL.test(ns) || ns.length > DNS_LABEL_MAX) {
                r.fail({
                    path: ["teams", i, "namespaces", j],
                    value: ns,
                    problem: "is not a DNS-1123 label",
                    allowed: `use lowercase letters, digits and hyphens, at most ${DNS_LABEL_MAX}`,
                });
            }
        });
        (t.viewers ?? []).forEach((p, j) => validatePrincipalArn(r, ["teams", i, "viewers", j], p));
        (t.editors ?? []).forEach((p, j) => validatePrincipalArn(r, ["teams", i, "editors", j], p));
    });
}

/**
 * Validates everything checkable before a resource exists. Throws a ValidationError on the first problem,
 * naming paths by `naming` (a stack's config keys) or, without it, as SecureCluster's arguments.
 */
export function validateSecureClusterArgs(component: string, args: ValidatableArgs, naming?: Naming): void {
    const r = reporter(`SecureCluster "${component}"`, naming);
    if (args.clusterName !== undefined && !CLUSTER_NAME.test(args.clusterName)) {
        r.fail({
            path: ["clusterName"],
            value: args.clusterName,
            problem: "is not allowed",
            allowed: "use up to 100 letters, digits, hyphens or underscores, starting alphanumeric",
        });
    }
    validateKubernetesVersion(r, args.kubernetesVersion);
    validatePublicAccessCidrs(r, args.publicAccessCidrs);
    if (args.adminPrincipalArns.length === 0) {
        r.fail(
            emptyList(
                ["adminPrincipalArns"],
                "list at least one IAM role or user ARN (the deploying principal must be one to create in-cluster resources)",
            ),
        );
    }
    args.adminPrincipalArns.forEach((p, i) => validatePrincipalArn(r, ["adminPrincipalArns", i], p));
    (args.breakGlassPrincipalArns ?? []).forEach((p, i) => validatePrincipalArn(r, ["breakGlassPrincipalArns", i], p));
    if (args.breakGlassGroup !== undefined) validateBreakGlassGroup(r, args.breakGlassGroup);
    validateTeams(r, args.teams ?? []);
    const names = new Set<string>();
    (args.nodeGroups ?? []).forEach((ng, i) => {
        validateNodeGroup(r, ng, i);
        if (names.has(ng.name)) {
            r.fail({
                path: ["nodeGroups", i, "name"],
                value: ng.name,
                problem: "is used twice",
                allowed: "node group names must be unique",
            });
        }
        names.add(ng.name);
    });
    if (args.nodeGroups !== undefined && args.nodeGroups.length === 0) {
        r.fail(emptyList(["nodeGroups"], "omit it for the default group or list at least one"));
    }
    if (!args.nodeInternetEgress && args.s3PrefixListId === undefined) {
        r.fail({
            path: ["s3PrefixListId"],
            value: undefined,
            problem: `is required when ${r.name("nodeInternetEgress")} is false: nodes pull image layers from S3 through the VPC's gateway endpoint`,
            allowed: `pass its prefix list id, or set ${r.name("nodeInternetEgress")} when the VPC has NAT`,
        });
    }
    const days = args.logRetentionDays;
    if (days !== undefined && !isLogRetentionDays(days)) {
        r.fail({
            path: ["logRetentionDays"],
            value: days,
            problem: "is not allowed",
            allowed: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
        });
    }
    if (
        typeof args.vpcCidr === "string" &&
        (!Validator.isValidIPv4CidrRange(args.vpcCidr)[0] || coversInternet(setOfTexts([args.vpcCidr]).set) !== undefined)
    ) {
        r.fail({
            path: ["vpcCidr"],
            value: args.vpcCidr,
            problem: "is not the VPC's IPv4 CIDR block",
            allowed: "use one such as 10.0.0.0/16",
        });
    }
}
