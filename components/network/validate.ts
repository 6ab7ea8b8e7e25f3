/**
 * Pure validation of HardenedVpc arguments. Runs before any resource exists; every message names the
 * argument (or, through `labels`, the stack config key), quotes the bad value and says what is allowed.
 */
import { IPv4CidrRange, Validator } from "ip-num";
import {
    DEFAULT_AZ_COUNT,
    DEFAULT_FLOW_LOG_RETENTION_DAYS,
    DEFAULT_INTERFACE_ENDPOINT_SERVICES,
    DEFAULT_NAT_STRATEGY,
    DEFAULT_PREFIX_LENGTHS,
    DEFAULT_VPC_CIDR,
    EKS_CLUSTER_NAME_PATTERN,
    ENDPOINT_SERVICE_PATTERN,
    LOG_RETENTION_DAYS,
    MAX_AZ_COUNT,
    MAX_PREFIX_LENGTH,
    MIN_AZ_COUNT,
    MIN_PREFIX_LENGTH,
    NAT_STRATEGIES,
    NatStrategy,
    S3_GATEWAY_SERVICE,
    SUBNET_TIERS,
    SubnetTier,
} from "./constants";
import { PlannedSubnet, SubnetPlanError, addressCount, cidrBlock, planSubnets } from "./plan";

/** What a caller may pass: the HardenedVpcArgs shape with values not yet known to be valid (config, JS callers). */
export interface VpcArgsInput {
    readonly cidrBlock?: unknown;
    readonly azCount?: unknown;
    readonly natStrategy?: unknown;
    readonly publicSubnets?: unknown;
    readonly subnetPrefixLengths?: Partial<Readonly<Record<SubnetTier, unknown>>>;
    readonly subnetCidrs?: Partial<Readonly<Record<SubnetTier, readonly unknown[]>>>;
    readonly interfaceEndpoints?: unknown;
    readonly interfaceEndpointServices?: readonly unknown[];
    readonly flowLogRetentionDays?: unknown;
    readonly clusterName?: unknown;
}

/** Argument paths a message can name. */
export type VpcArgKey =
    | "cidrBlock"
    | "azCount"
    | "natStrategy"
    | "publicSubnets"
    | `subnetPrefixLengths.${SubnetTier}`
    | `subnetCidrs.${SubnetTier}`
    | "interfaceEndpoints"
    | "interfaceEndpointServices"
    | "flowLogRetentionDays"
    | "clusterName";

/** How messages name each argument; the stack config maps them to its keys. Unmapped keys keep the argument name. */
export type VpcArgLabels = Partial<Readonly<Record<VpcArgKey, string>>>;

/** Validated arguments with defaults applied, plus the subnet plan. */
export interface VpcSettings {
    readonly cidrBlock: string;
    readonly azCount: number;
    readonly natStrategy: NatStrategy;
    readonly publicSubnets: boolean;
    readonly plan: readonly PlannedSubnet[];
    /** Empty when interface endpoints are off. */
    readonly interfaceEndpointServices: readonly string[];
    readonly flowLogRetentionDays: number;
    readonly clusterName?: string;
}

export class VpcArgsError extends Error {}

const quote = (v: unknown): string =>
    typeof v === "string" ? JSON.stringify(v) : v === undefined ? "undefined" : (JSON.stringify(v) ?? String(v));
const fail = (message: string): never => {
    throw new VpcArgsError(message);
};
const label = (labels: VpcArgLabels, key: VpcArgKey): string => labels[key] ?? key;
const isWholeNumber = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** A VPC or subnet CIDR: valid IPv4 notation, a network address, prefix /16 to /28. Returns it normalised. */
export function validateCidr(value: unknown, name: string): string {
    const example = 'such as "10.0.0.0/16"';
    if (typeof value !== "string" || !Validator.isValidIPv4CidrNotation(value)[0]) {
        return fail(
            `${name} ${quote(value)} is not a valid IPv4 CIDR; use a network address and a prefix from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}, ${example}`,
        );
    }
    const range = IPv4CidrRange.fromCidr(value);
    const prefix = Number(range.getPrefix().getValue());
    if (prefix < MIN_PREFIX_LENGTH || prefix > MAX_PREFIX_LENGTH) {
        return fail(
            `${name} ${quote(value)} has prefix /${prefix}; AWS allows prefixes from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}`,
        );
    }
    if (!Validator.isValidIPv4CidrRange(value)[0]) {
        return fail(`${name} ${quote(value)} has host bits set; use the network address ${quote(networkAddress(range, prefix))}`);
    }
    return range.toCidrString();
}

function networkAddress(range: IPv4CidrRange, prefix: number): string {
    const size = addressCount(prefix);
    const start = (range.getFirst().getValue() / size) * size;
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((start >> shift) & 255n));
    return `${octets.join(".")}/${prefix}`;
}

export function validateAzCount(value: unknown, name = "azCount"): number {
    if (!isWholeNumber(value) || value < MIN_AZ_COUNT || value > MAX_AZ_COUNT) {
        return fail(`${name} ${quote(value)} is not allowed; use a whole number from ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`);
    }
    return value;
}

/** Checked inside an apply on the region's zones: the count must not exceed what the region offers. */
export function validateAzAvailability(azCount: number, offered: readonly string[], name = "azCount"): string[] {
    if (azCount > offered.length) {
        return fail(
            `${name} ${azCount} is more than the region offers: ${offered.length} availability zones (${offered.join(", ")}); use at most ${offered.length}`,
        );
    }
    return offered.slice(0, azCount);
}

export function validateNatStrategy(value: unknown, name = "natStrategy"): NatStrategy {
    const found = NAT_STRATEGIES.find((s) => s === value);
    if (found === undefined) {
        return fail(`${name} ${quote(value)} is not allowed; use one of ${NAT_STRATEGIES.join(", ")}`);
    }
    return found;
}

export function validateBoolean(value: unknown, name: string): boolean {
    if (typeof value !== "boolean") return fail(`${name} ${quote(value)} is not allowed; use true or false`);
    return value;
}

export function validatePrefixLength(value: unknown, name: string): number {
    if (!isWholeNumber(value) || value < MIN_PREFIX_LENGTH || value > MAX_PREFIX_LENGTH) {
        return fail(`${name} ${quote(value)} is not allowed; use a whole number from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH}`);
    }
    return value;
}

export function validateFlowLogRetention(value: unknown, name = "flowLogRetentionDays"): number {
    if (!LOG_RETENTION_DAYS.some((d) => d === value)) {
        return fail(`${name} ${quote(value)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    return value as number;
}

/** A short endpoint service name such as "ecr.api"; the `com.amazonaws.<region>.` prefix is added by the component. */
export function validateEndpointServiceName(value: unknown, name: string): string {
    if (typeof value !== "string" || value.trim().length === 0) {
        return fail(`${name} ${quote(value)} is empty; give a short service name such as "ecr.api"`);
    }
    if (value.startsWith("com.amazonaws.") || value.startsWith("cn.com.amazonaws.")) {
        return fail(`${name} ${quote(value)} is a full service name; give the short name such as "ecr.api" (the region prefix is added)`);
    }
    if (!ENDPOINT_SERVICE_PATTERN.test(value)) {
        return fail(
            `${name} ${quote(value)} is not a valid endpoint service name; use lowercase letters, digits, hyphens and dots, such as "ecr.api" or "eks-auth"`,
        );
    }
    if (value === S3_GATEWAY_SERVICE) {
        return fail(`${name} ${quote(value)} is not allowed: S3 is always reached through the gateway endpoint`);
    }
    return value;
}

export function validateClusterName(value: unknown, name = "clusterName"): string {
    if (typeof value !== "string" || !EKS_CLUSTER_NAME_PATTERN.test(value)) {
        return fail(
            `${name} ${quote(value)} is not a valid EKS cluster name; use 1 to 100 letters, digits, hyphens or underscores, starting with a letter or digit`,
        );
    }
    return value;
}

function validateExplicitCidrs(
    args: VpcArgsInput,
    vpcCidr: string,
    azCount: number,
    tiers: readonly SubnetTier[],
    labels: VpcArgLabels,
): Partial<Record<SubnetTier, string[]>> {
    const vpc = cidrBlock(vpcCidr);
    const result: Partial<Record<SubnetTier, string[]>> = {};
    const seen: Array<{ name: string; cidr: string; block: { start: bigint; end: bigint } }> = [];
    for (const tier of SUBNET_TIERS) {
        const given = args.subnetCidrs?.[tier];
        if (given === undefined || given.length === 0) continue;
        const name = label(labels, `subnetCidrs.${tier}`);
        if (!tiers.includes(tier)) {
            fail(
                `${name} ${quote(given)} is given but the VPC has no ${tier} subnets (${label(labels, "publicSubnets")} is false); remove it`,
            );
        }
        if (given.length !== azCount) {
            fail(
                `${name} ${quote(given)} has ${given.length} entries; give exactly one per AZ (${label(labels, "azCount")} is ${azCount}) or none`,
            );
        }
        result[tier] = given.map((value, i) => {
            const entry = `${name}[${i}]`;
            const cidr = validateCidr(value, entry);
            const block = cidrBlock(cidr);
            if (block.start < vpc.start || block.end > vpc.end) {
                fail(
                    `${entry} ${quote(cidr)} is outside ${label(labels, "cidrBlock")} ${quote(vpcCidr)}; every subnet must lie inside the VPC`,
                );
            }
            const clash = seen.find((s) => s.block.start < block.end && block.start < s.block.end);
            if (clash) {
                fail(`${entry} ${quote(cidr)} overlaps ${clash.name} ${quote(clash.cidr)}; subnets must not overlap`);
            }
            seen.push({ name: entry, cidr, block });
            return cidr;
        });
    }
    return result;
}

function validateEndpoints(args: VpcArgsInput, natStrategy: NatStrategy, labels: VpcArgLabels): string[] {
    const enabled =
        args.interfaceEndpoints === undefined ? true : validateBoolean(args.interfaceEndpoints, label(labels, "interfaceEndpoints"));
    if (!enabled) {
        if (natStrategy === "none") {
            fail(
                `${label(labels, "natStrategy")} "none" needs interface endpoints, but ${label(labels, "interfaceEndpoints")} is false: ` +
                    `with no NAT, nodes reach ECR, STS, CloudWatch Logs, EC2 and KMS only through them; set ${label(labels, "interfaceEndpoints")} to true or use natStrategy "single" or "perAz"`,
            );
        }
        return [];
    }
    const name = label(labels, "interfaceEndpointServices");
    const services = (args.interfaceEndpointServices ?? DEFAULT_INTERFACE_ENDPOINT_SERVICES).map((s, i) =>
        validateEndpointServiceName(s, `${name}[${i}]`),
    );
    const duplicate = services.find((s, i) => services.indexOf(s) !== i);
    if (duplicate !== undefined) fail(`${name} lists ${quote(duplicate)} twice; list each service once`);
    const missing = DEFAULT_INTERFACE_ENDPOINT_SERVICES.filter((s) => !services.includes(s));
    if (missing.length > 0) {
        fail(
            `${name} ${quote(services)} lacks ${missing.join(", ")}; it must keep ${DEFAULT_INTERFACE_ENDPOINT_SERVICES.join(", ")} (NET-5) and may add others`,
        );
    }
    return services;
}

function describeNeeds(
    azCount: number,
    tiers: readonly SubnetTier[],
    prefixes: Readonly<Record<SubnetTier, number>>,
    explicit: Partial<Record<SubnetTier, string[]>>,
): string {
    return tiers.map((t) => (explicit[t] ? `${t} ${explicit[t]?.join(", ")}` : `${azCount} x /${prefixes[t]} ${t}`)).join(", ");
}

/** Validates every argument, applies defaults and plans the subnets. Throws `VpcArgsError` on the first problem. */
export function validateHardenedVpcArgs(args: VpcArgsInput, labels: VpcArgLabels = {}): VpcSettings {
    const vpcCidr = validateCidr(args.cidrBlock ?? DEFAULT_VPC_CIDR, label(labels, "cidrBlock"));
    const azCount = validateAzCount(args.azCount ?? DEFAULT_AZ_COUNT, label(labels, "azCount"));
    const natStrategy = validateNatStrategy(args.natStrategy ?? DEFAULT_NAT_STRATEGY, label(labels, "natStrategy"));
    const publicSubnets = args.publicSubnets === undefined ? true : validateBoolean(args.publicSubnets, label(labels, "publicSubnets"));
    if (!publicSubnets && natStrategy !== "none") {
        fail(
            `${label(labels, "natStrategy")} ${quote(natStrategy)} needs public subnets for its NAT gateways, but ${label(labels, "publicSubnets")} is false; enable public subnets or use natStrategy "none"`,
        );
    }
    const tiers = SUBNET_TIERS.filter((t) => publicSubnets || t !== "public");
    const prefixes = { ...DEFAULT_PREFIX_LENGTHS };
    for (const tier of SUBNET_TIERS) {
        const given = args.subnetPrefixLengths?.[tier];
        if (given !== undefined) prefixes[tier] = validatePrefixLength(given, label(labels, `subnetPrefixLengths.${tier}`));
    }
    const explicit = validateExplicitCidrs(args, vpcCidr, azCount, tiers, labels);
    let plan: PlannedSubnet[];
    try {
        plan = planSubnets({ vpcCidr, azCount, tiers, prefixLengths: prefixes, explicitCidrs: explicit });
    } catch (e) {
        if (!(e instanceof SubnetPlanError)) throw e;
        const vpcSize = addressCount(Number(vpcCidr.split("/")[1]));
        const why =
            e.needed > vpcSize
                ? `need ${e.needed} addresses but the VPC has ${vpcSize}`
                : `do not pack into its ${vpcSize} addresses around the explicit CIDRs`;
        return fail(
            `${label(labels, "cidrBlock")} ${quote(vpcCidr)} is too small for the subnets: ${describeNeeds(azCount, tiers, prefixes, explicit)} ${why}; ` +
                `use a larger VPC CIDR or smaller subnets (longer prefixes)`,
        );
    }
    const interfaceEndpointServices = validateEndpoints(args, natStrategy, labels);
    const flowLogRetentionDays = validateFlowLogRetention(
        args.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS,
        label(labels, "flowLogRetentionDays"),
    );
    const clusterName = args.clusterName === undefined ? undefined : validateClusterName(args.clusterName, label(labels, "clusterName"));
    return { cidrBlock: vpcCidr, azCount, natStrategy, publicSubnets, plan, interfaceEndpointServices, flowLogRetentionDays, clusterName };
}
