/**
 * Address sets: what a list of CIDRs admits, as sorted, merged intervals of addresses per
 * family, so "0.0.0.0/1 + 128.0.0.0/1", a /0 split into 64 pieces, overlapping or adjacent
 * ranges and IPv4-mapped IPv6 (::ffff:0:0/96) all mean the same exposure as 0.0.0.0/0.
 *
 * Parsing is done by ipaddr.js (loaded on first use: the pack's cold start does not pay for
 * it); the set arithmetic is on bigints. Nothing here throws: a malformed CIDR is an error
 * string. This file is mirrored byte for byte in components/common/addresses.ts (the pack
 * may not import components/, and stacks reach components only through their index); a
 * test keeps the two equal.
 */
import type * as IpAddr from "ipaddr.js";

export type Family = "ipv4" | "ipv6";
export const FAMILIES: readonly Family[] = ["ipv4", "ipv6"];

/** Inclusive range of addresses, as integers. */
export interface Interval {
    readonly lo: bigint;
    readonly hi: bigint;
}

/** Sorted, non-overlapping, non-adjacent intervals per family. */
export interface AddressSet {
    readonly ipv4: readonly Interval[];
    readonly ipv6: readonly Interval[];
}

export const EMPTY_SET: AddressSet = { ipv4: [], ipv6: [] };

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
/** ::ffff:0:0/96, where IPv6 spells IPv4 addresses. */
const MAPPED_BASE = 0xffffn << 32n;
const MAPPED_TOP = MAPPED_BASE + 0xffffffffn;

let lib: typeof IpAddr | undefined;
function ipaddr(): typeof IpAddr {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lib ??= require("ipaddr.js") as typeof IpAddr;
    return lib;
}

export interface Cidr {
    readonly family: Family;
    readonly prefix: number;
    readonly range: Interval;
}

function bytesToBigint(bytes: readonly number[]): bigint {
    let n = 0n;
    for (const b of bytes) n = (n << 8n) | BigInt(b);
    return n;
}

/**
 * Parses one CIDR ("203.0.113.0/24", "2001:db8::/32"). IPv4 must be four decimal parts;
 * IPv6 zone ids are refused. Host bits are ignored (the block is what it matches).
 */
export function parseCidr(value: unknown): Cidr | string {
    if (typeof value !== "string") return `is not a CIDR string (${value === null ? "null" : typeof value})`;
    const text = value.trim();
    if (text.length === 0 || text.length > 64) return `"${text.slice(0, 64)}" is not a CIDR`;
    const slash = text.indexOf("/");
    if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return `"${text}" is not a CIDR (address/prefix length)`;
    const lib = ipaddr();
    try {
        if (lib.IPv4.isValidCIDRFourPartDecimal(text)) {
            const [addr, prefix] = lib.IPv4.parseCIDR(text);
            return block("ipv4", bytesToBigint(addr.toByteArray()), prefix);
        }
        if (!text.includes("%") && lib.IPv6.isValidCIDR(text)) {
            const [addr, prefix] = lib.IPv6.parseCIDR(text);
            return block("ipv6", bytesToBigint(addr.toByteArray()), prefix);
        }
    } catch {
        // ipaddr.js throws on some inputs its validators accept; treated as malformed.
    }
    return `"${text}" is not an IPv4 or IPv6 CIDR`;
}

function block(family: Family, address: bigint, prefix: number): Cidr | string {
    const bits = BITS[family];
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return `prefix /${prefix} is out of range for ${family}`;
    const hostBits = BigInt(bits - prefix);
    const lo = (address >> hostBits) << hostBits;
    return { family, prefix, range: { lo, hi: lo + (1n << hostBits) - 1n } };
}

function merge(list: readonly Interval[]): Interval[] {
    const sorted = [...list].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    const out: Interval[] = [];
    for (const i of sorted) {
        const last = out[out.length - 1];
        if (last !== undefined && i.lo <= last.hi + 1n) {
            if (i.hi > last.hi) out[out.length - 1] = { lo: last.lo, hi: i.hi };
        } else {
            out.push(i);
        }
    }
    return out;
}

/** The set a list of parsed CIDRs covers; IPv4-mapped IPv6 also counts as the IPv4 it spells. */
export function setOfCidrs(cidrs: readonly Cidr[]): AddressSet {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const c of cidrs) {
        if (c.family === "ipv4") {
            v4.push(c.range);
            continue;
        }
        v6.push(c.range);
        const lo = c.range.lo > MAPPED_BASE ? c.range.lo : MAPPED_BASE;
        const hi = c.range.hi < MAPPED_TOP ? c.range.hi : MAPPED_TOP;
        if (lo <= hi) v4.push({ lo: lo - MAPPED_BASE, hi: hi - MAPPED_BASE });
    }
    // Mapped addresses are IPv4 ones: counted there only.
    return { ipv4: merge(v4), ipv6: subtractIntervals(merge(v6), [{ lo: MAPPED_BASE, hi: MAPPED_TOP }]) };
}

/** Parses a list of CIDR texts; malformed entries come back with their index and reason. */
export function setOfTexts(values: readonly unknown[]): {
    readonly set: AddressSet;
    readonly errors: readonly { index: number; reason: string }[];
} {
    const cidrs: Cidr[] = [];
    const errors: { index: number; reason: string }[] = [];
    values.forEach((v, index) => {
        const c = parseCidr(v);
        if (typeof c === "string") errors.push({ index, reason: c });
        else cidrs.push(c);
    });
    return { set: setOfCidrs(cidrs), errors };
}

export function union(...sets: readonly AddressSet[]): AddressSet {
    return { ipv4: merge(sets.flatMap((s) => s.ipv4)), ipv6: merge(sets.flatMap((s) => s.ipv6)) };
}

function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const out: Interval[] = [];
    let j = 0;
    for (const i of a) {
        let lo = i.lo;
        while (j < b.length && b[j].hi < lo) j++;
        let k = j;
        while (k < b.length && b[k].lo <= i.hi && lo <= i.hi) {
            if (b[k].lo > lo) out.push({ lo, hi: b[k].lo - 1n });
            lo = b[k].hi + 1n;
            k++;
        }
        if (lo <= i.hi) out.push({ lo, hi: i.hi });
    }
    return out;
}

/** Addresses of `a` not in `b`. */
export function subtract(a: AddressSet, b: AddressSet): AddressSet {
    return { ipv4: subtractIntervals(a.ipv4, b.ipv4), ipv6: subtractIntervals(a.ipv6, b.ipv6) };
}

export function isEmpty(s: AddressSet): boolean {
    return s.ipv4.length === 0 && s.ipv6.length === 0;
}

/** Number of addresses of one family. */
export function size(s: AddressSet, family: Family): bigint {
    return s[family].reduce((n, i) => n + (i.hi - i.lo + 1n), 0n);
}

/** Number of addresses in one block of `prefix` bits of `family` (a /24 is 256). */
export function blockSize(family: Family, prefix: number): bigint {
    return 1n << BigInt(BITS[family] - prefix);
}

function cidrSet(texts: readonly string[]): AddressSet {
    return setOfCidrs(texts.map((t) => parseCidr(t)).filter((c): c is Cidr => typeof c !== "string"));
}

/**
 * Addresses no one on the internet can send from: RFC 1918, RFC 6598 shared address space
 * (carrier-grade NAT), loopback and link-local; for IPv6 unique local (fc00::/7),
 * link-local and loopback. Everything else, reserved blocks included, counts as public.
 */
export const PRIVATE_CIDRS: readonly string[] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

let privateSet: AddressSet | undefined;
/** The public part of `s` (mapped IPv6 private addresses were already turned into IPv4). */
export function publicPart(s: AddressSet): AddressSet {
    privateSet ??= cidrSet(PRIVATE_CIDRS);
    return subtract(s, privateSet);
}

function toText(family: Family, n: bigint): string {
    const bits = BITS[family];
    const bytes: number[] = [];
    for (let i = bits / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
    const lib = ipaddr();
    return lib.fromByteArray(bytes).toString();
}

/** How a message names every public address of a family. */
const WHOLE_INTERNET: Readonly<Record<Family, string>> = { ipv4: "0.0.0.0/0", ipv6: "::/0" };

/**
 * The set as CIDR blocks (at most `limit` of them, then "…"), for messages. A family whose
 * every public address is in the set is named as the whole internet: ::/0 keeps no IPv4-mapped
 * block (that counts as IPv4), so its blocks alone would read as dozens of fragments.
 */
export function describeSet(s: AddressSet, limit = 4): string {
    const out: string[] = [];
    for (const family of FAMILIES) {
        const bits = BigInt(BITS[family]);
        if (s[family].length > 0 && subtract(publicPart(cidrSet([WHOLE_INTERNET[family]])), s)[family].length === 0) {
            out.push(WHOLE_INTERNET[family]);
            continue;
        }
        for (const i of s[family]) {
            let lo = i.lo;
            while (lo <= i.hi && out.length <= limit) {
                let host = 0n;
                while (host < bits && ((lo >> host) & 1n) === 0n && lo + (1n << (host + 1n)) - 1n <= i.hi) host++;
                out.push(`${toText(family, lo)}/${bits - host}`);
                lo += 1n << host;
            }
        }
    }
    if (out.length === 0) return "no addresses";
    return out.length > limit ? `${out.slice(0, limit).join(", ")}, …` : out.join(", ");
}

/** The family whose every public address `s` covers (the whole internet), if any. */
export function coversInternet(s: AddressSet): Family | undefined {
    const missing = subtract(publicPart(cidrSet(["0.0.0.0/0", "::/0"])), s);
    return FAMILIES.find((f) => missing[f].length === 0);
}

/**
 * The most public addresses an EKS API endpoint's publicAccessCidrs may admit together, as
 * the size of one block of this prefix length: four /24 office networks (IPv4), four /56
 * (IPv6). The pack's eks-cluster-endpoint-private uses it as its default; SecureCluster
 * refuses more.
 */
export const ENDPOINT_PUBLIC_MAX_PREFIX: Readonly<Record<Family, number>> = { ipv4: 22, ipv6: 54 };
