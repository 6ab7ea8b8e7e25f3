/** Generators of equivalent spellings of an address range, for the exposure tests. */
import fc from "fast-check";

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
        pieces = [
            ...pieces.slice(0, i),
            { base: p.base, prefix: p.prefix + 1 },
            { base: p.base + half, prefix: p.prefix + 1 },
            ...pieces.slice(i + 1),
        ];
    }
    return pieces.map((p) => `${text(family, p.base)}/${p.prefix}`);
}

function text(family: "ipv4" | "ipv6", n: bigint): string {
    if (family === "ipv4") return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join(".");
    const groups: string[] = [];
    for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
    return groups.join(":");
}

export const splitArb = (family: "ipv4" | "ipv6") =>
    fc
        .array(fc.nat(), { minLength: 1, maxLength: 63 })
        .map((cuts) => splitWorld(family, cuts))
        .filter((l) => l.length >= 2);
