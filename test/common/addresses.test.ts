import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { splitWorld } from "../support/cidrSplit";
import { coversInternet, parseCidr, publicPart, setOfTexts, size } from "../../policy-pack/lib/addresses";

const ROOT = path.join(__dirname, "..", "..");

describe("address sets (policy-pack/lib/addresses.ts, mirrored in components/common)", () => {
    it("the components' copy is byte for byte the pack's", () => {
        assert.equal(
            fs.readFileSync(path.join(ROOT, "components/common/addresses.ts"), "utf8"),
            fs.readFileSync(path.join(ROOT, "policy-pack/lib/addresses.ts"), "utf8"),
        );
    });

    it("a /0 split into 2..64 pieces, in any order, with overlaps, is the whole internet (IPv4 and IPv6)", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("ipv4" as const, "ipv6" as const),
                fc.array(fc.nat(), { minLength: 1, maxLength: 63 }),
                fc.nat(),
                (family, cuts, seed) => {
                    const pieces = splitWorld(family, cuts);
                    const shuffled = [...pieces, pieces[seed % pieces.length]].sort(
                        (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7),
                    );
                    const whole = setOfTexts(shuffled).set;
                    assert.notEqual(coversInternet(whole), undefined);
                    // IPv6 less ::ffff:0:0/96, whose addresses count as IPv4.
                    assert.equal(size(whole, family), family === "ipv4" ? 1n << 32n : (1n << 128n) - (1n << 32n));
                    // Dropping one piece leaves a hole.
                    assert.ok(size(setOfTexts(pieces.slice(1)).set, family) < size(whole, family));
                },
            ),
        );
    });

    it("IPv4-mapped IPv6 counts as the IPv4 it spells", () => {
        assert.equal(coversInternet(setOfTexts(["::ffff:0:0/96"]).set), "ipv4");
        assert.equal(size(publicPart(setOfTexts(["::ffff:203.0.113.0/120"]).set), "ipv4"), 256n);
        assert.equal(size(publicPart(setOfTexts(["::ffff:10.0.0.0/104"]).set), "ipv4"), 0n);
        assert.equal(size(setOfTexts(["::ffff:10.0.0.0/104"]).set, "ipv6"), 0n);
    });

    it("private ranges are not public; adjacent ranges merge", () => {
        assert.equal(
            size(publicPart(setOfTexts(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fd00::/8"]).set), "ipv4"),
            0n,
        );
        assert.equal(setOfTexts(["203.0.113.0/25", "203.0.113.128/25"]).set.ipv4.length, 1);
    });

    it("malformed CIDRs are errors, never throws", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.anything()), (v) => {
                const r = parseCidr(v);
                assert.ok(typeof r === "string" || typeof r === "object");
            }),
        );
        for (const bad of ["10.1/8", "1.2.3.4/33", "::/129", "fe80::1%eth0/64", "0x0a.0.0.0/8", "1.2.3.4", "", "/0"])
            assert.equal(typeof parseCidr(bad), "string", bad);
    });
});
