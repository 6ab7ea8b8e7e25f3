import { strict as assert } from "assert";
import fc from "fast-check";
import { IPv4CidrRange } from "ip-num";
import { PlannedSubnet, SUBNET_TIERS, SubnetTier, planSubnets } from "../../components/network";
import { SubnetPlanError, addressCount, tierCidrs } from "../../components/network/plan";

const BASE = 10n << 24n; // 10.0.0.0

function cidrOf(start: bigint, prefix: number): string {
    const octets = [24n, 16n, 8n, 0n].map((s) => String((start >> s) & 255n));
    return `${octets.join(".")}/${prefix}`;
}

/** A VPC somewhere in 10.0.0.0/8, aligned to its size. */
const vpcArb = fc
    .integer({ min: 16, max: 24 })
    .chain((prefix) =>
        fc
            .integer({ min: 0, max: 2 ** (prefix - 8) - 1 })
            .map((slot) => ({ prefix, cidr: cidrOf(BASE + BigInt(slot) * addressCount(prefix), prefix) })),
    );

const inputArb = vpcArb.chain((vpc) =>
    fc.record({
        vpcCidr: fc.constant(vpc.cidr),
        azCount: fc.integer({ min: 2, max: 6 }),
        tiers: fc.subarray([...SUBNET_TIERS], { minLength: 1 }).map((t) => t as SubnetTier[]),
        prefixLengths: fc.record({
            public: fc.integer({ min: vpc.prefix, max: 28 }),
            private: fc.integer({ min: vpc.prefix, max: 28 }),
            isolated: fc.integer({ min: vpc.prefix, max: 28 }),
        }),
    }),
);

function assertValidPlan(
    plan: readonly PlannedSubnet[],
    vpcCidr: string,
    azCount: number,
    tiers: readonly SubnetTier[],
    prefixes: Record<SubnetTier, number>,
): void {
    const vpc = IPv4CidrRange.fromCidr(vpcCidr);
    const ranges = plan.map((s) => IPv4CidrRange.fromCidr(s.cidr));
    // every subnet inside the VPC
    ranges.forEach((r, i) => assert.ok(r.inside(vpc) || r.isEquals(vpc), `${plan[i].cidr} inside ${vpcCidr}`));
    // no overlap
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            assert.ok(!ranges[i].isOverlapping(ranges[j]), `${plan[i].cidr} vs ${plan[j].cidr}`);
        }
    }
    // one per AZ per tier, no other tiers
    assert.equal(plan.length, azCount * tiers.length);
    for (const tier of tiers) {
        assert.deepEqual(
            plan
                .filter((s) => s.tier === tier)
                .map((s) => s.azIndex)
                .sort((a, b) => a - b),
            Array.from({ length: azCount }, (_, i) => i),
        );
    }
    // sizes honoured
    for (const s of plan) assert.equal(Number(IPv4CidrRange.fromCidr(s.cidr).getPrefix().getValue()), prefixes[s.tier], s.cidr);
}

describe("subnet planner (NET-1)", () => {
    it("NET-1: default layout of 10.0.0.0/16 over 3 AZs: large private subnets first, then public, then isolated", () => {
        const plan = planSubnets({
            vpcCidr: "10.0.0.0/16",
            azCount: 3,
            tiers: SUBNET_TIERS,
            prefixLengths: { public: 24, private: 19, isolated: 27 },
        });
        assert.deepEqual(tierCidrs(plan, "private"), ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
        assert.deepEqual(tierCidrs(plan, "public"), ["10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24"]);
        assert.deepEqual(tierCidrs(plan, "isolated"), ["10.0.99.0/27", "10.0.99.32/27", "10.0.99.64/27"]);
    });

    it("property: whenever the requested subnets fit by total size, the plan has one per AZ per tier, inside the VPC, disjoint, sizes honoured", () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                const needed = input.tiers.reduce((sum, t) => sum + BigInt(input.azCount) * addressCount(input.prefixLengths[t]), 0n);
                const vpcSize = addressCount(Number(input.vpcCidr.split("/")[1]));
                if (needed > vpcSize) {
                    assert.throws(() => planSubnets(input), SubnetPlanError);
                    return;
                }
                assertValidPlan(planSubnets(input), input.vpcCidr, input.azCount, input.tiers, input.prefixLengths);
            }),
            { numRuns: 300 },
        );
    });

    it("property: explicit CIDRs for one tier are kept exactly and the other tiers are fitted around them", () => {
        fc.assert(
            fc.property(inputArb, fc.constantFrom(...SUBNET_TIERS), (input, pinned) => {
                const tiers = input.tiers.includes(pinned) ? input.tiers : [...input.tiers, pinned];
                // A pinned tier: take the CIDRs a plan with it placed last would give, i.e. some valid disjoint set.
                let first: PlannedSubnet[];
                try {
                    first = planSubnets({ ...input, tiers });
                } catch {
                    return; // did not fit at all: covered by the property above
                }
                const explicit = tierCidrs(first, pinned);
                const again = planSubnets({ ...input, tiers, explicitCidrs: { [pinned]: explicit } });
                assert.deepEqual(tierCidrs(again, pinned), explicit);
                assertValidPlan(again, input.vpcCidr, input.azCount, tiers, input.prefixLengths);
            }),
            { numRuns: 200 },
        );
    });

    it("property: the plan is deterministic", () => {
        fc.assert(
            fc.property(inputArb, (input) => {
                let a: PlannedSubnet[] | undefined;
                try {
                    a = planSubnets(input);
                } catch {
                    return;
                }
                assert.deepEqual(planSubnets(input), a);
            }),
            { numRuns: 100 },
        );
    });

    it("reports how many addresses the subnets need when they cannot fit", () => {
        assert.throws(
            () =>
                planSubnets({
                    vpcCidr: "10.0.0.0/24",
                    azCount: 2,
                    tiers: ["private"],
                    prefixLengths: { public: 28, private: 24, isolated: 28 },
                }),
            (e: unknown) => e instanceof SubnetPlanError && e.needed === 512n,
        );
    });
});
