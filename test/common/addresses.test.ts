import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { coversInternet, parseCidr, publicPart, setOfTexts, size } from "../../policy-pack/lib/addresses";

const ROOT = path.join(__dirname, "..", "..");

/** A /0 of `family` split into 2..64 CIDR pieces at random points. */
export function splitWorld(family: "ipv4" | "ipv6", cuts: readonly number[]): string[] {
    const bits = family === "ipv4" ? 32 : 128;
    // Split recursively: each cut index picks a piece and halves it.
    let pieces: { base: bigint; prefix: number }[] = [{ base: 0n, prefix: 0 }];
    for (const c of cuts) {
        const i = c % pieces.length;
        const p = pieces[i];
        if (p.prefix >= bits) continue;
        const half = 1n << BigInt(bits - p.prefix - 1);
        pieces = [...pieces.slice(0, i), { base: p.base, prefix: p.prefix + 1 }, { base: p.base + half, prefix: p.prefix + 1 }, ...pieces.slice(i + 1)];
    }
    return pieces.map((p) => `${text(family, p.base)}/${p.prefix}`);
}

function text(family: "ipv4" | "ipv6", n: bigint): string {
    if (family === "ipv4") return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
    const groups: string[] = [];
    for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
    return groups.join(":");
}

export const splitArb = (family: "ipv4" | "ipv6") => fc.array(fc.nat(), { minLength: 1, maxLength: 63 }).map((cuts) => splitWorld(family, cuts)).filter((l) => l.length >= 2);

describe("address sets (policy-pack/lib/addresses.ts, mirrored in components/common)", () => {
    it("the components' copy is byte for byte the pack's", () => {
        assert.equal(fs.readFileSync(path.join(ROOT, "components/common/addresses.ts"), "utf8"), fs.readFileSync(path.join(ROOT, "policy-pack/lib/addresses.ts"), "utf8"));
    });

    it("a /0 split into 2..64 pieces, in any order, with overlaps, is the whole internet (IPv4 and IPv6)", () => {
        fc.assert(
            fc.property(fc.constantFrom("ipv4" as const, "ipv6" as const), fc.array(fc.nat(), { minLength: 1, maxLength: 63 }), fc.nat(), (family, cuts, seed) => {
                const pieces = splitWorld(family, cuts);
                const shuffled = [...pieces, pieces[seed % pieces.length]].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
                const whole = setOfTexts(shuffled).set;
                assert.notEqual(coversInternet(whole), undefined);
                assert.equal(size(whole, family), 1n << (family === "ipv4" ? 32n : 128n));
                // Dropping one piece leaves a hole.
                assert.ok(size(setOfTexts(pieces.slice(1)).set, family) < size(whole, family));
            }),
        );
    });

    it("IPv4-mapped IPv6 counts as the IPv4 it spells", () => {
        assert.equal(coversInternet(setOfTexts(["::ffff:0:0/96"]).set), "ipv4");
        assert.equal(size(publicPart(setOfTexts(["::ffff:203.0.113.0/120"]).set), "ipv4"), 256n);
        assert.equal(size(publicPart(setOfTexts(["::ffff:10.0.0.0/104"]).set), "ipv4"), 0n);
    });

    it("private ranges are not public; adjacent ranges merge", () => {
        assert.equal(size(publicPart(setOfTexts(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fd00::/8"]).set), "ipv4"), 0n);
        assert.equal(setOfTexts(["203.0.113.0/25", "203.0.113.128/25"]).set.ipv4.length, 1);
    });

    it("malformed CIDRs are errors, never throws", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.anything()), (v) => {
                const r = parseCidr(v);
                assert.ok(typeof r === "string" || typeof r === "object");
            }),
        );
        for (const bad of ["10.1/8", "1.2.3.4/33", "::/129", "fe80::1%eth0/64", "0x0a.0.0.0/8", "1.2.3.4", "", "/0"]) assert.equal(typeof parseCidr(bad), "string", bad);
    });
});
