/**
 * Exposure as address sets (NET-3, NET-6, EKS-1): the config keys the three policies share
 * (administrative ports, the admin allowlist and its largest block), protocol and port
 * reading, and how a rule resource finds the group or ACL it targets through property
 * dependencies (ids are unknown at preview; dependencies are not).
 */
import { AddressSet, Family, blockSize, parseCidr, setOfCidrs, Cidr } from "../../lib/addresses";
import { CheckContext, Data, StackResourceView, StackView, asNumber, asString } from "../../lib";

/**
 * Administrative ports (tcp and udp): remote shells and desktops (22, 3389, 5985-5986 WinRM,
 * 23 telnet), databases (1433, 1521, 3306, 5432, 5439 Redshift, 5984, 6379, 9042, 11211,
 * 27017, 9200/9300), Kubernetes and etcd (6443, 2379-2380, 10250, 10255, 10257, 10259).
 */
export const DEFAULT_ADMIN_PORTS: readonly number[] = [
    22, 23, 3389, 5985, 5986, 1433, 1521, 3306, 5432, 5439, 5984, 6379, 9042, 9200, 9300, 11211, 27017, 2379, 2380, 6443, 10250, 10255,
    10257, 10259,
];
export const MIN_PORT = 0;
export const MAX_PORT = 65535;

/** JSON schema of the keys every exposure policy takes. */
export const ADMIN_CONFIG = {
    adminPorts: {
        type: "array",
        items: { type: "integer", minimum: MIN_PORT, maximum: MAX_PORT },
        default: DEFAULT_ADMIN_PORTS,
        description: "Administrative ports (tcp and udp) that only private ranges, security groups and adminAllowedCidrs may reach.",
    },
    adminAllowedCidrs: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Public CIDRs (office or VPN networks) that may reach administrative ports. An entry larger than adminAllowlistMaxPrefixIpv4 / adminAllowlistMaxPrefixIpv6, or malformed, is ignored and named in the violation.",
    },
    adminAllowlistMaxPrefixIpv4: {
        type: "integer",
        minimum: 0,
        maximum: 32,
        default: 24,
        description: "Largest IPv4 block adminAllowedCidrs may hold (/24 by default).",
    },
    adminAllowlistMaxPrefixIpv6: {
        type: "integer",
        minimum: 0,
        maximum: 128,
        default: 56,
        description: "Largest IPv6 block adminAllowedCidrs may hold (/56 by default, a site).",
    },
} as const;

export interface Allowlist {
    readonly set: AddressSet;
    /** Entries not honoured, with the reason (for messages). */
    readonly ignored: readonly string[];
}

/** The admin allowlist from the pack config, entries larger than the configured block ignored. */
export function adminAllowlist(ctx: CheckContext): Allowlist {
    const max: Record<Family, number> = {
        ipv4: ctx.configNumber("adminAllowlistMaxPrefixIpv4", 24),
        ipv6: ctx.configNumber("adminAllowlistMaxPrefixIpv6", 56),
    };
    const kept: Cidr[] = [];
    const ignored: string[] = [];
    for (const entry of ctx.configStrings("adminAllowedCidrs")) {
        const c = parseCidr(entry);
        if (typeof c === "string") ignored.push(`${entry.slice(0, 64)} (malformed)`);
        else if (c.prefix < max[c.family]) ignored.push(`${entry} (larger than /${max[c.family]})`);
        else kept.push(c);
    }
    return { set: setOfCidrs(kept), ignored };
}

export function adminPorts(ctx: CheckContext): readonly number[] {
    const v = ctx.config.adminPorts;
    return Array.isArray(v) ? v.filter((p): p is number => Number.isInteger(p)) : DEFAULT_ADMIN_PORTS;
}

/** The most public addresses one family may have on a port, as a block size (count). */
export function maxPublic(
    ctx: CheckContext,
    keys: Readonly<Record<Family, string>>,
    defaults: Readonly<Record<Family, number>>,
): Record<Family, bigint> {
    return {
        ipv4: blockSize("ipv4", Math.min(32, Math.max(0, ctx.configNumber(keys.ipv4, defaults.ipv4)))),
        ipv6: blockSize("ipv6", Math.min(128, Math.max(0, ctx.configNumber(keys.ipv6, defaults.ipv6)))),
    };
}

/** "all", "tcp", "udp", or the protocol number as text ("1" for icmp), or undefined when unreadable. */
export type Protocol = string;
const NAMES: Readonly<Record<string, string>> = {
    "-1": "all",
    all: "all",
    tcp: "tcp",
    "6": "tcp",
    udp: "udp",
    "17": "udp",
    icmp: "1",
    icmpv6: "58",
    "58": "58",
    "1": "1",
};

export function protocolOf(value: Data): Protocol | undefined {
    const s = typeof value === "number" ? String(value) : asString(value)?.trim().toLowerCase();
    if (s === undefined || s === "") return undefined;
    if (NAMES[s] !== undefined) return NAMES[s];
    // Other numbers (0-255) and names (AWS accepts e.g. "gre", "esp") stand for themselves.
    return /^\d{1,3}$/.test(s) ? String(Number(s)) : /^[a-z0-9-]{1,20}$/.test(s) ? s : undefined;
}

export interface PortRange {
    readonly from: number;
    readonly to: number;
}
export const ALL_PORTS: PortRange = { from: MIN_PORT, to: MAX_PORT };

/**
 * Ports a tcp/udp rule covers. -1, missing, reversed or out-of-range ports read as every
 * port (AWS treats -1 and 0-65535 alike); 0..0 too.
 */
export function portsOf(fromPort: Data, toPort: Data): PortRange {
    const from = asNumber(fromPort);
    const to = asNumber(toPort);
    if (from === undefined || to === undefined || from < MIN_PORT || to > MAX_PORT || from > to || (from === 0 && to === 0))
        return ALL_PORTS;
    return { from, to };
}

export function describePorts(r: PortRange): string {
    if (r.from === MIN_PORT && r.to === MAX_PORT) return "all ports";
    return r.from === r.to ? `port ${r.from}` : `ports ${r.from}-${r.to}`;
}

/** Sorted disjoint port ranges → "ports 22, 80-90". */
export function describePortList(ports: readonly PortRange[]): string {
    const text = ports.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`));
    return text.length > 8 ? `${text.slice(0, 8).join(", ")}, … (${text.length} ranges)` : text.join(", ");
}

/** Merges sorted single ports into ranges. */
export function portRanges(ports: readonly number[]): PortRange[] {
    const out: PortRange[] = [];
    for (const p of [...new Set(ports)].sort((a, b) => a - b)) {
        const last = out[out.length - 1];
        if (last !== undefined && last.to + 1 === p) out[out.length - 1] = { from: last.from, to: p };
        else out.push({ from: p, to: p });
    }
    return out;
}

/**
 * The key of the container (security group, network ACL) a rule resource adds to, found
 * through the dependencies of its `property`: a container in the program → that container's
 * key (`containerKey`), a literal id → "id:<value>", otherwise the rule itself.
 */
export function targetKey(
    stack: StackView,
    rule: StackResourceView,
    property: string,
    value: Data,
    containerKey: (r: StackResourceView) => string | undefined,
): string {
    for (const urn of rule.propertyDependencies[property] ?? []) {
        const dep = byUrn(stack).get(urn);
        const key = dep === undefined ? undefined : containerKey(dep);
        if (key !== undefined) return key;
    }
    const literal = asString(value);
    return literal !== undefined && literal.trim() !== "" ? `id:${literal.trim()}` : rule.urn;
}

const URN_INDEX = new WeakMap<StackView, Map<string, StackResourceView>>();
export function byUrn(stack: StackView): Map<string, StackResourceView> {
    let m = URN_INDEX.get(stack);
    if (m === undefined) {
        m = new Map(stack.resources.map((r) => [r.urn, r]));
        URN_INDEX.set(stack, m);
    }
    return m;
}

/** Groups computed once per stack (and policy), keyed by the stack view. */
export function cachedPerStack<T>(cache: WeakMap<StackView, T>, stack: StackView, build: () => T): T {
    let v = cache.get(stack);
    if (v === undefined) {
        v = build();
        cache.set(stack, v);
    }
    return v;
}
