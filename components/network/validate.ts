/**
 * Pure validation of HardenedVpc arguments. Runs before any resource exists; every message names the
 * argument (or, through a Naming, the stack config key), quotes the bad value and says what is allowed.
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
import { ArgPath, Naming, Reporter, ValidationError, quoteValue } from "../common/validation";

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

/** Bad HardenedVpc arguments: a ValidationError, kept as its own class for importers that catch it. */
export class VpcArgsError extends ValidationError {}

const isWholeNumber = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** HardenedVpc messages name its arguments without a label (no component name is known before the constructor). */
const vpcReporter = (naming: Naming = {}): Reporter => new Reporter(naming, VpcArgsError);

/** A VPC or subnet CIDR: valid IPv4 notation, a network address, prefix /16 to /28. Returns it normalised. */
export function validateCidr(value: unknown, path: ArgPath, r: Reporter = vpcReporter()): string {
    if (typeof value !== "string" || !Validator.isValidIPv4CidrNotation(value)[0]) {
        return r.fail({
            path,
            value,
            problem: "is not a valid IPv4 CIDR",
            allowed: `use a network address and a prefix from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}, such as "10.0.0.0/16"`,
        });
    }
    const range = IPv4CidrRange.fromCidr(value);
    const prefix = Number(range.getPrefix().getValue());
    if (prefix < MIN_PREFIX_LENGTH || prefix > MAX_PREFIX_LENGTH) {
        return r.fail({
            path,
            value,
            problem: `has prefix /${prefix}`,
            allowed: `AWS allows prefixes from /${MIN_PREFIX_LENGTH} to /${MAX_PREFIX_LENGTH}`,
        });
    }
    if (!Validator.isValidIPv4CidrRange(value)[0]) {
        return r.fail({
            path,
            value,
            problem: "has host bits set",
            allowed: `use the network address ${quoteValue(networkAddress(range, prefix))}`,
        });
    }
    return range.toCidrString();
}

function networkAddress(range: IPv4CidrRange, prefix: number): string {
    const size = addressCount(prefix);
    const start = (range.getFirst().getValue() / size) * size;
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((start >> shift) & 255n));
    return `${octets.join(".")}/${prefix}`;
}

export function validateAzCount(value: unknown, r: Reporter = vpcReporter()): number {
    if (!isWholeNumber(value) || value < MIN_AZ_COUNT || value > MAX_AZ_COUNT) {
        return r.fail({
            path: ["azCount"],
            value,
            problem: "is not allowed",
            allowed: `use a whole number from ${MIN_AZ_COUNT} to ${MAX_AZ_COUNT}`,
        });
    }
    return value;
}

/** Checked inside an apply on the region's zones: the count must not exceed what the region offers. */
export function validateAzAvailability(azCount: number, offered: readonly string[], r: Reporter = vpcReporter()): string[] {
    if (azCount > offered.length) {
        return r.fail({
            path: ["azCount"],
            value: azCount,
            problem: `is more than the region offers: ${offered.length} availability zones (${offered.join(", ")})`,
            allowed: `use at most ${offered.length}`,
        });
    }
    return offered.slice(0, azCount);
}

export function validateNatStrategy(value: unknown, r: Reporter = vpcReporter()): NatStrategy {
    const found = NAT_STRATEGIES.find((s) => s === value);
    if (found === undefined) {
        return r.fail({ path: ["natStrategy"], value, problem: "is not allowed", allowed: `use one of ${NAT_STRATEGIES.join(", ")}` });
    }
    return found;
}

export function validateBoolean(value: unknown, path: ArgPath, r: Reporter = vpcReporter()): boolean {
    if (typeof value !== "boolean") return r.fail({ path, value, problem: "is not allowed", allowed: "use true or false" });
    return value;
}

export function validatePrefixLength(value: unknown, path: ArgPath, r: Reporter = vpcReporter()): number {
    if (!isWholeNumber(value) || value < MIN_PREFIX_LENGTH || value > MAX_PREFIX_LENGTH) {
        return r.fail({
            path,
            value,
            problem: "is not allowed",
            allowed: `use a whole number from ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH}`,
        });
    }
    return value;
}

export function validateFlowLogRetention(value: unknown, r: Reporter = vpcReporter()): number {
    if (!LOG_RETENTION_DAYS.some((d) => d === value)) {
        return r.fail({
            path: ["flowLogRetentionDays"],
            value,
            problem: "is not a CloudWatch Logs retention",
            allowed: `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
        });
    }
    return value as number;
}

/** A short endpoint service name such as "ecr.api"; the `com.amazonaws.<region>.` prefix is added by the component. */
export function validateEndpointServiceName(value: unknown, path: ArgPath, r: Reporter = vpcReporter()): string {
    if (typeof value !== "string" || value.trim().length === 0) {
        return r.fail({ path, value, problem: "is empty", allowed: 'give a short service name such as "ecr.api"' });
    }
    if (value.startsWith("com.amazonaws.") || value.startsWith("cn.com.amazonaws.")) {
        return r.fail({
            path,
            value,
            problem: "is a full service name",
            allowed: 'give the short name such as "ecr.api" (the region prefix is added)',
        });
    }
    if (!ENDPOINT_SERVICE_PATTERN.test(value)) {
        return r.fail({
            path,
            value,
            problem: "is not a valid endpoint service name",
            allowed: 'use lowercase letters, digits, hyphens and dots, such as "ecr.api" or "eks-auth"',
        });
    }
    if (value === S3_GATEWAY_SERVICE) {
        return r.fail({
            path,
            value,
            problem: "is not allowed: S3 is always reached through the gateway endpoint",
            allowed: "leave it out (the VPC always has the S3 gateway endpoint)",
        });
    }
    return value;
}

export function validateClusterName(value: unknown, r: Reporter = vpcReporter()): string {
    if (typeof value !== "string" || !EKS_CLUSTER_NAME_PATTERN.test(value)) {
        return r.fail({
            path: ["clusterName"],
            value,
            problem: "is not a valid EKS cluster name",
            allowed: "use 1 to 100 letters, digits, hyphens or underscores, starting with a letter or digit",
        });
    }
    return value;
}

function validateExplicitCidrs(
    r: Reporter,
    args: VpcArgsInput,
    vpcCidr: string,
    azCount: number,
    tiers: readonly SubnetTier[],
): Partial<Record<SubnetTier, string[]>> {
    const vpc = cidrBlock(vpcCidr);
    const result: Partial<Record<SubnetTier, string[]>> = {};
    const seen: Array<{ path: ArgPath; cidr: string; block: { start: bigint; end: bigint } }> = [];
    for (const tier of SUBNET_TIERS) {
        const given = args.subnetCidrs?.[tier];
        if (given === undefined || given.length === 0) continue;
        const path: ArgPath = ["subnetCidrs", tier];
        if (!tiers.includes(tier)) {
            r.fail({
                path,
                value: given,
                problem: `is given but the VPC has no ${tier} subnets (${r.name("publicSubnets")} is false)`,
                allowed: "remove it",
            });
        }
        if (given.length !== azCount) {
            r.fail({
                path,
                value: given,
                problem: `has ${given.length} entries`,
                allowed: `give exactly one per AZ (${r.name("azCount")} is ${azCount}) or none`,
            });
        }
        result[tier] = given.map((value, i) => {
            const entry: ArgPath = [...path, i];
            const cidr = validateCidr(value, entry, r);
            const block = cidrBlock(cidr);
            if (block.start < vpc.start || block.end > vpc.end) {
                r.fail({
                    path: entry,
                    value: cidr,
                    problem: `is outside ${r.name("cidrBlock")} ${quoteValue(vpcCidr)}`,
                    allowed: "every subnet must lie inside the VPC",
                });
            }
            const clash = seen.find((s) => s.block.start < block.end && block.start < s.block.end);
            if (clash) {
                r.fail({
                    path: entry,
                    value: cidr,
                    problem: `overlaps ${r.name(...clash.path)} ${quoteValue(clash.cidr)}`,
                    allowed: "subnets must not overlap",
                });
            }
            seen.push({ path: entry, cidr, block });
            return cidr;
        });
    }
    return result;
}

function validateEndpoints(r: Reporter, args: VpcArgsInput, natStrategy: NatStrategy): string[] {
    const enabled = args.interfaceEndpoints === undefined ? true : validateBoolean(args.interfaceEndpoints, ["interfaceEndpoints"], r);
    if (!enabled) {
        if (natStrategy === "none") {
            r.fail({
                path: ["natStrategy"],
                value: natStrategy,
                problem:
                    `needs interface endpoints, but ${r.name("interfaceEndpoints")} is false: ` +
                    "with no NAT, nodes reach ECR, STS, CloudWatch Logs, EC2 and KMS only through them",
                allowed: `set ${r.name("interfaceEndpoints")} to true or use natStrategy "single" or "perAz"`,
            });
        }
        return [];
    }
    const services = (args.interfaceEndpointServices ?? DEFAULT_INTERFACE_ENDPOINT_SERVICES).map((s, i) =>
        validateEndpointServiceName(s, ["interfaceEndpointServices", i], r),
    );
    const duplicate = services.findIndex((s, i) => services.indexOf(s) !== i);
    if (duplicate !== -1) {
        r.fail({
            path: ["interfaceEndpointServices", duplicate],
            value: services[duplicate],
            problem: `is listed twice (also at [${services.indexOf(services[duplicate])}])`,
            allowed: "list each service once",
        });
    }
    const missing = DEFAULT_INTERFACE_ENDPOINT_SERVICES.filter((s) => !services.includes(s));
    if (missing.length > 0) {
        r.fail({
            path: ["interfaceEndpointServices"],
            value: services,
            problem: `lacks ${missing.join(", ")}`,
            allowed: `it must keep ${DEFAULT_INTERFACE_ENDPOINT_SERVICES.join(", ")} (NET-5) and may add others`,
        });
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

/**
 * Validates every argument, applies defaults and plans the subnets. Throws `VpcArgsError` (a ValidationError)
 * on the first problem, naming paths by `naming` (a stack's config keys) or as HardenedVpc's arguments.
 */
export function validateHardenedVpcArgs(args: VpcArgsInput, naming: Naming = {}): VpcSettings {
    const r = vpcReporter(naming);
    const vpcCidr = validateCidr(args.cidrBlock ?? DEFAULT_VPC_CIDR, ["cidrBlock"], r);
    const azCount = validateAzCount(args.azCount ?? DEFAULT_AZ_COUNT, r);
    const natStrategy = validateNatStrategy(args.natStrategy ?? DEFAULT_NAT_STRATEGY, r);
    const publicSubnets = args.publicSubnets === undefined ? true : validateBoolean(args.publicSubnets, ["publicSubnets"], r);
    if (!publicSubnets && natStrategy !== "none") {
        r.fail({
            path: ["natStrategy"],
            value: natStrategy,
            problem: `needs public subnets for its NAT gateways, but ${r.name("publicSubnets")} is false`,
            allowed: 'enable public subnets or use natStrategy "none"',
        });
    }
    const tiers = SUBNET_TIERS.filter((t) => publicSubnets || t !== "public");
    const prefixes = { ...DEFAULT_PREFIX_LENGTHS };
    for (const tier of SUBNET_TIERS) {
        const given = args.subnetPrefixLengths?.[tier];
        if (given !== undefined) prefixes[tier] = validatePrefixLength(given, ["subnetPrefixLengths", tier], r);
    }
    const explicit = validateExplicitCidrs(r, args, vpcCidr, azCount, tiers);
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
        return r.fail({
            path: ["cidrBlock"],
            value: vpcCidr,
            problem: `is too small for the subnets: ${describeNeeds(azCount, tiers, prefixes, explicit)} ${why}`,
            allowed: "use a larger VPC CIDR or smaller subnets (longer prefixes)",
        });
    }
    const interfaceEndpointServices = validateEndpoints(r, args, natStrategy);
    const flowLogRetentionDays = validateFlowLogRetention(args.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS, r);
    const clusterName = args.clusterName === undefined ? undefined : validateClusterName(args.clusterName, r);
    return { cidrBlock: vpcCidr, azCount, natStrategy, publicSubnets, plan, interfaceEndpointServices, flowLogRetentionDays, clusterName };
}
