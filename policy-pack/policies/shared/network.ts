/**
 * Pure helpers for ingress rules (security groups, NACLs): which sources are the whole
 * internet, which protocols and ports a rule covers. Shared by NET-2, NET-3, NET-6.
 */
import { Data, asNumber, asString, isUnknown } from "../../lib";

/** Administrative ports that must never face the internet (SSH, RDP). */
export const ADMIN_PORTS: readonly number[] = [22, 3389];
/** The only ports a load-balancer security group may open to the internet (HTTP, HTTPS). */
export const LB_PUBLIC_PORTS: readonly number[] = [80, 443];
export const MIN_PORT = 0;
export const MAX_PORT = 65535;

/** A CIDR with prefix length 0 (0.0.0.0/0, ::/0, ...) is the whole internet. */
export function isWorldCidr(value: Data): boolean {
    const s = asString(value);
    return s !== undefined && /\/0+$/.test(s.trim());
}

export type ProtocolClass = "all" | "tcp" | "udp" | "other";

/** Classifies an AWS protocol value ("-1", "all", "tcp", "6", "udp", "17", "icmp", ...). */
export function protocolClass(value: Data): ProtocolClass {
    const s = typeof value === "number" ? String(value) : (asString(value) ?? "").trim().toLowerCase();
    if (s === "-1" || s === "all") return "all";
    if (s === "tcp" || s === "6") return "tcp";
    if (s === "udp" || s === "17") return "udp";
    return "other";
}

export interface PortRange {
    readonly from: number;
    readonly to: number;
}

/**
 * The port range a rule covers. Protocol "all" covers every port; missing or
 * out-of-range ports on tcp/udp are read conservatively as every port.
 */
export function portRange(protocol: ProtocolClass, fromPort: Data, toPort: Data): PortRange {
    if (protocol === "all") {
        return { from: MIN_PORT, to: MAX_PORT };
    }
    const from = asNumber(fromPort);
    const to = asNumber(toPort);
    if (from === undefined || to === undefined || from < MIN_PORT || to > MAX_PORT || from > to) {
        return { from: MIN_PORT, to: MAX_PORT };
    }
    // fromPort/toPort 0..0 (or -1) on tcp/udp is not a real range; read it as all ports.
    if (from === 0 && to === 0) {
        return { from: MIN_PORT, to: MAX_PORT };
    }
    return { from, to };
}

export function covers(range: PortRange, port: number): boolean {
    return range.from <= port && port <= range.to;
}

export function describeRange(r: PortRange): string {
    if (r.from === MIN_PORT && r.to === MAX_PORT) return "all ports";
    return r.from === r.to ? `port ${r.from}` : `ports ${r.from}-${r.to}`;
}

/** True when any of `values` (a list of Data) is unknown. */
export function anyUnknown(values: readonly Data[]): boolean {
    return values.some((v) => isUnknown(v));
}
