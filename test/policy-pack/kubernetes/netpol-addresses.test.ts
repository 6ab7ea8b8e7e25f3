/**
 * Issue 11 leftover (a): NetworkPolicy ipBlocks use the pack's one address library
 * (policy-pack/lib/addresses.ts) and its one definition of "public": everything but
 * private (RFC 1918), shared (RFC 6598), loopback and link-local space, IPv6 unique local,
 * link-local and loopback. Reserved and multicast blocks (0.0.0.0/8, 224.0.0.0/4,
 * 240.0.0.0/4, ff00::/8) count as public: no internet host holds them today, but a rule
 * naming them is never needed, and counting them fails closed if a block is ever reassigned.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { PRIVATE_CIDRS, parseCidr, publicPart, setOfCidrs, size } from "../../../policy-pack/lib/addresses";
import type { Cidr } from "../../../policy-pack/lib/addresses";
import { directionView, publicSize } from "../../../policy-pack/policies/shared/netpol";

const blocksOf = (cidrs: string[], except: string[] = []) =>
    directionView({ policyTypes: ["Egress"], egress: [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr, except } })) }] }, "Egress");

describe("NetworkPolicy ipBlocks on the one address library (issue 11 leftover a)", () => {
    it("netpol.ts has no address code of its own and the pack no ip-num", () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "..", "..", "policy-pack", "policies", "shared", "netpol.ts"), "utf8");
        assert.doesNotMatch(text, /ip-num|NON_PUBLIC|function (subtract|union|parseCidr)\b/);
        const packFiles = fs
            .readdirSync(path.join(__dirname, "..", "..", "..", "policy-pack"), { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts") && !f.startsWith("bin"));
        for (const f of packFiles)
            assert.doesNotMatch(
                fs.readFileSync(path.join(__dirname, "..", "..", "..", "policy-pack", f), "utf8"),
                /from "ip-num"|require\("ip-num"\)/,
                f,
            );
    });

    it("the non-public set is exactly the library's PRIVATE_CIDRS; reserved and multicast count as public", () => {
        const pub = (c: string) => publicSize(blocksOf([c]).blocks.map((b) => b.allowed));
        for (const c of PRIVATE_CIDRS) assert.deepEqual(pub(c), { v4: 0n, v6: 0n }, c);
        assert.equal(pub("0.0.0.0/8").v4, 2n ** 24n);
        assert.equal(pub("224.0.0.0/4").v4, 2n ** 28n);
        assert.equal(pub("240.0.0.0/4").v4, 2n ** 28n);
        assert.equal(pub("ff00::/8").v6, 2n ** 120n);
        assert.equal(pub("fd00::/8").v6, 0n);
    });

    it("the public size of any split of a range equals the range's (IPv4 and IPv6, overlaps and excepts, property)", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 6 }),
                fc.constantFrom("0.0.0.0/0", "128.0.0.0/1", "::/0", "2000::/3"),
                fc.boolean(),
                (k, whole, overlap) => {
                    const base = parseCidr(whole) as Cidr;
                    const bits = base.family === "ipv4" ? 32 : 128;
                    const parts: string[] = [];
                    const step = 1n << BigInt(bits - base.prefix - k);
                    for (let i = 0n; i < 1n << BigInt(k); i++) {
                        const lo = base.range.lo + i * step;
                        parts.push(`${text(lo, base.family)}/${base.prefix + k}`);
                    }
                    if (overlap) parts.push(whole);
                    const got = publicSize(blocksOf(parts).blocks.map((b) => b.allowed));
                    const want = size(publicPart(setOfCidrs([base])), base.family);
                    assert.equal(base.family === "ipv4" ? got.v4 : got.v6, want);
                },
            ),
            { numRuns: 60 },
        );
    });

    it("except removes addresses; an IPv4-mapped IPv6 block counts as IPv4", () => {
        const v = blocksOf(["0.0.0.0/0"], ["0.0.0.0/1"]);
        assert.equal(
            publicSize(v.blocks.map((b) => b.allowed)).v4,
            size(publicPart(setOfCidrs([parseCidr("128.0.0.0/1") as Cidr])), "ipv4"),
        );
        const mapped = publicSize(blocksOf(["::ffff:0:0/96"]).blocks.map((b) => b.allowed));
        assert.ok(mapped.v4 > 0n && mapped.v6 === 0n);
    });

    it("malformed CIDRs or excepts are reported as malformed, never thrown (fuzz)", () => {
        fc.assert(
            fc.property(fc.anything(), fc.anything(), (cidr, except) => {
                const v = directionView({ policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr, except } }] }] } as never, "Egress");
                assert.equal(v.blocks.length + v.malformed.length + v.unknown.length >= 1, true);
            }),
            { numRuns: 300 },
        );
        assert.deepEqual(blocksOf(["10.0.0.0/33"]).malformed, ["spec.egress.0.to.0.ipBlock"]);
        assert.deepEqual(blocksOf(["10.0.0.0/8"], ["nope"]).malformed, ["spec.egress.0.to.0.ipBlock"]);
    });
});

function text(n: bigint, family: "ipv4" | "ipv6"): string {
    if (family === "ipv4") return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
    const groups: string[] = [];
    for (let i = 7n; i >= 0n; i--) groups.push(((n >> (i * 16n)) & 0xffffn).toString(16));
    return groups.join(":");
}
