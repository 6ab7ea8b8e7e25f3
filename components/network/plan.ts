/**
 * Pure subnet planning: given a VPC CIDR, an AZ count and a prefix length per tier, returns one
 * CIDR per AZ per tier, inside the VPC and disjoint. Explicit CIDRs for a tier are taken as given
 * (validate.ts checks them first) and planned subnets are fitted around them.
 *
 * Allocation is first-fit, largest blocks first: every block is aligned to its own size, so large
 * private subnets never leave unusable gaps. The same input always gives the same plan; changing the
 * AZ count or a size may move planned subnets (and so replace them): pin CIDRs explicitly to avoid that.
 */
import { IPv4, IPv4CidrRange, IPv4Prefix } from "ip-num";
import { SUBNET_TIERS, SubnetTier } from "./constants";

export interface SubnetPlanInput {
    readonly vpcCidr: string;
    readonly azCount: number;
    /** Tiers to plan, e.g. without "public" for a VPC with no public subnets. */
    readonly tiers: readonly SubnetTier[];
    readonly prefixLengths: Readonly<Record<SubnetTier, number>>;
    /** Explicit CIDRs per tier, one per AZ in AZ order; a tier given here is not planned. */
    readonly explicitCidrs?: Partial<Readonly<Record<SubnetTier, readonly string[]>>>;
}

export interface PlannedSubnet {
    readonly tier: SubnetTier;
    readonly azIndex: number;
    readonly cidr: string;
}

/** A half-open address interval [start, end). */
interface Block {
    readonly start: bigint;
    readonly end: bigint;
}

export function cidrBlock(cidr: string): Block {
    const range = IPv4CidrRange.fromCidr(cidr);
    return { start: range.getFirst().getValue(), end: range.getFirst().getValue() + range.getSize() };
}

export function addressCount(prefixLength: number): bigint {
    return 1n << BigInt(32 - prefixLength);
}

function toCidr(start: bigint, prefixLength: number): string {
    return new IPv4CidrRange(IPv4.fromNumber(start), IPv4Prefix.fromNumber(BigInt(prefixLength))).toCidrString();
}

const overlaps = (a: Block, b: Block): boolean => a.start < b.end && b.start < a.end;
const alignUp = (value: bigint, size: bigint): bigint => ((value + size - 1n) / size) * size;

/** Thrown when the requested subnets do not fit; `needed` is the total address count they ask for. */
export class SubnetPlanError extends Error {
    constructor(
        message: string,
        public readonly needed: bigint,
    ) {
        super(message);
    }
}

/** Plans every subnet. Throws `SubnetPlanError` if the VPC cannot hold them. */
export function planSubnets(input: SubnetPlanInput): PlannedSubnet[] {
    const vpc = cidrBlock(input.vpcCidr);
    const taken: Block[] = [];
    const result: PlannedSubnet[] = [];
    const tiers = SUBNET_TIERS.filter((t) => input.tiers.includes(t));

    for (const tier of tiers) {
        const explicit = input.explicitCidrs?.[tier];
        if (explicit && explicit.length > 0) {
            explicit.forEach((cidr, azIndex) => {
                taken.push(cidrBlock(cidr));
                result.push({ tier, azIndex, cidr: IPv4CidrRange.fromCidr(cidr).toCidrString() });
            });
        }
    }

    const requests = tiers
        .filter((tier) => !input.explicitCidrs?.[tier]?.length)
        .flatMap((tier) => Array.from({ length: input.azCount }, (_, azIndex) => ({ tier, azIndex, prefix: input.prefixLengths[tier] })))
        // Largest first (shortest prefix); ties keep tier then AZ order (sort is stable).
        .sort((a, b) => a.prefix - b.prefix);

    const needed = requests.reduce((sum, r) => sum + addressCount(r.prefix), 0n) + taken.reduce((sum, b) => sum + (b.end - b.start), 0n);

    for (const req of requests) {
        const size = addressCount(req.prefix);
        let start = alignUp(vpc.start, size);
        for (;;) {
            const candidate = { start, end: start + size };
            if (candidate.end > vpc.end) {
                throw new SubnetPlanError(`cannot fit a /${req.prefix} ${req.tier} subnet for AZ ${req.azIndex + 1}`, needed);
            }
            const clash = taken.find((b) => overlaps(b, candidate));
            if (!clash) break;
            start = alignUp(clash.end, size);
        }
        taken.push({ start, end: start + size });
        result.push({ tier: req.tier, azIndex: req.azIndex, cidr: toCidr(start, req.prefix) });
    }

    return result.sort((a, b) => SUBNET_TIERS.indexOf(a.tier) - SUBNET_TIERS.indexOf(b.tier) || a.azIndex - b.azIndex);
}

/** The planned CIDRs of one tier, in AZ order. */
export function tierCidrs(plan: readonly PlannedSubnet[], tier: SubnetTier): string[] {
    return plan
        .filter((s) => s.tier === tier)
        .sort((a, b) => a.azIndex - b.azIndex)
        .map((s) => s.cidr);
}
