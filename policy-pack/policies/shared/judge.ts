/**
 * Judging a group's permissions per protocol and port, on the UNION of their sources:
 * administrative ports reachable only from private ranges, security groups and the admin
 * allowlist; other ports not from more public addresses than the configured block.
 */
import { AddressSet, EMPTY_SET, Family, FAMILIES, describeSet, isEmpty, publicPart, size, subtract, union } from "../../lib/addresses";
import { PortRange, describePortList, portRanges } from "./exposure";
import type { Permission } from "./sgIngress";

export interface Finding {
    readonly protocol: string;
    readonly ports: readonly PortRange[];
    readonly exposed: AddressSet;
    readonly through: readonly string[];
}

function covers(p: Permission, protocol: string, port: number): boolean {
    return p.protocol === "all" || (p.protocol === protocol && p.ports.from <= port && port <= p.ports.to);
}

/** Admin ports (tcp and udp) whose union of public sources, less the allowlist, is not empty. */
export function adminExposure(
    perms: readonly Permission[],
    adminPorts: readonly number[],
    allow: AddressSet,
): { findings: Finding[]; unresolved: { protocol: string; port: number; what: string }[] } {
    const findings: Finding[] = [];
    const unresolved: { protocol: string; port: number; what: string }[] = [];
    for (const protocol of ["tcp", "udp"]) {
        const ports: number[] = [];
        let exposed = EMPTY_SET;
        const through = new Set<string>();
        for (const port of adminPorts) {
            const covering = perms.filter((p) => covers(p, protocol, port));
            const open = subtract(publicPart(union(...covering.map((p) => p.sources))), allow);
            if (!isEmpty(open)) {
                ports.push(port);
                exposed = union(exposed, ...covering.map((p) => p.sources));
                for (const p of covering) if (!isEmpty(subtract(publicPart(p.sources), allow))) through.add(p.where);
            }
            for (const p of covering) if (p.unresolved !== undefined) unresolved.push({ protocol, port, what: p.unresolved });
        }
        if (ports.length > 0) findings.push({ protocol, ports: portRanges(ports), exposed, through: [...through] });
    }
    return { findings, unresolved };
}

function tooWide(s: AddressSet, max: Readonly<Record<Family, bigint>>): boolean {
    const pub = publicPart(s);
    return FAMILIES.some((f) => size(pub, f) > max[f]);
}

/**
 * Ports (per protocol) reachable from more public addresses than `max`, except `allowed`
 * tcp ports (a load balancer's 80/443). Ports are judged per elementary range between the
 * rules' boundaries, so a union of rules over one port counts together.
 */
export function wideExposure(
    perms: readonly Permission[],
    max: Readonly<Record<Family, bigint>>,
    skip: Readonly<Record<"tcp" | "udp", readonly number[]>>,
): Finding[] {
    const findings: Finding[] = [];
    for (const protocol of ["tcp", "udp"]) {
        const relevant = perms.filter((p) => p.protocol === "all" || p.protocol === protocol);
        const cuts = [...new Set(relevant.flatMap((p) => [p.ports.from, p.ports.to + 1]))].sort((a, b) => a - b);
        const bad: PortRange[] = [];
        let exposed = EMPTY_SET;
        const through = new Set<string>();
        for (let i = 0; i + 1 < cuts.length; i++) {
            const seg = { from: cuts[i], to: cuts[i + 1] - 1 };
            const covering = relevant.filter((p) => p.ports.from <= seg.from && seg.to <= p.ports.to);
            const all = union(...covering.map((p) => p.sources));
            if (covering.length === 0 || !tooWide(all, max)) continue;
            // Allowed load-balancer ports, and admin ports already reported, are cut out of the segment.
            const ports = portsOutside(seg, skip[protocol as "tcp" | "udp"]);
            if (ports.length === 0) continue;
            bad.push(...ports);
            exposed = union(exposed, all);
            covering.forEach((p) => through.add(p.where));
        }
        if (bad.length > 0) findings.push({ protocol, ports: mergeRanges(bad), exposed, through: [...through] });
    }
    // Other protocols (icmp, gre, ...): one bucket each, "all" rules counting in every one.
    const others = [...new Set(perms.map((p) => p.protocol).filter((p) => p !== "tcp" && p !== "udp" && p !== "all"))];
    for (const protocol of others.length > 0 ? others : ["other"]) {
        const covering = perms.filter((p) => p.protocol === "all" || p.protocol === protocol);
        const all = union(...covering.map((p) => p.sources));
        if (covering.length > 0 && tooWide(all, max))
            findings.push({
                protocol: protocol === "other" ? "other protocols" : `protocol ${protocol}`,
                ports: [],
                exposed: all,
                through: covering.map((p) => p.where),
            });
    }
    return findings;
}

function portsOutside(seg: PortRange, allowed: readonly number[]): PortRange[] {
    const out: PortRange[] = [];
    let from = seg.from;
    for (const a of [...allowed].sort((x, y) => x - y)) {
        if (a < from || a > seg.to) continue;
        if (a > from) out.push({ from, to: a - 1 });
        from = a + 1;
    }
    if (from <= seg.to) out.push({ from, to: seg.to });
    return out;
}

function mergeRanges(list: readonly PortRange[]): PortRange[] {
    const out: PortRange[] = [];
    for (const r of [...list].sort((a, b) => a.from - b.from)) {
        const last = out[out.length - 1];
        if (last !== undefined && r.from <= last.to + 1) out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
        else out.push(r);
    }
    return out;
}

/** "tcp ports 22, 3389" / "protocol 1". */
export function describeFinding(f: Finding): string {
    return f.ports.length === 0
        ? f.protocol
        : `${f.protocol} ${f.ports.length === 1 && f.ports[0].from === f.ports[0].to ? "port" : "ports"} ${describePortList(f.ports)}`;
}

/** "0.0.0.0/0 (4,256,038,912 public IPv4 addresses)". */
export function describeSources(f: Finding): string {
    const pub = publicPart(f.exposed);
    const counts = FAMILIES.filter((x) => size(pub, x) > 0n).map(
        (x) => `${size(pub, x).toLocaleString("en-US")} public ${x === "ipv4" ? "IPv4" : "IPv6"} addresses`,
    );
    return `${describeSet(f.exposed)} (${counts.join(", ")})`;
}
