/**
 * NetworkPolicy semantics for K8S-2/K8S-3: which rules take effect (policyTypes, explicit or
 * the API default), what a rule's peers allow (every address, every pod of every namespace, or
 * some), and the union of ipBlocks as address intervals (ip-num, loaded on first use only so the
 * pack's cold start does not pay for it).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Data } from "../../lib";
import { asArray, asRecord, asString, findUnknown, readerFor } from "../../lib";

export type Direction = "Ingress" | "Egress";
export const DIRECTIONS: readonly Direction[] = ["Ingress", "Egress"];
const RULES: Readonly<Record<Direction, "ingress" | "egress">> = { Ingress: "ingress", Egress: "egress" };
const PEERS: Readonly<Record<Direction, "from" | "to">> = { Ingress: "from", Egress: "to" };

const spec = readerFor<k8s.types.input.networking.v1.NetworkPolicySpec>();
const rule = readerFor<k8s.types.input.networking.v1.NetworkPolicyIngressRule>();
const peer = readerFor<k8s.types.input.networking.v1.NetworkPolicyPeer>();
const ipBlock = readerFor<k8s.types.input.networking.v1.IPBlock>();
const selector = readerFor<k8s.types.input.meta.v1.LabelSelector>();
const expression = readerFor<k8s.types.input.meta.v1.LabelSelectorRequirement>();

/** The label every namespace carries (kube-apiserver sets it), so `Exists` on it selects all. */
const NAME_LABEL = "kubernetes.io/metadata.name";

/** An address interval [first, last] of one family. */
export interface Interval {
    readonly v6: boolean;
    readonly first: bigint;
    readonly last: bigint;
}

/** What a policy's rules for one direction allow. */
export interface DirectionView {
    /** Paths of rules that allow everything (no peers, or a peer selecting every pod of every namespace). */
    readonly allowAll: string[];
    /** ipBlocks: allowed intervals (cidr minus except), with the path of each. */
    readonly blocks: { readonly path: string; readonly allowed: Interval[] }[];
    readonly unknown: string[];
    readonly malformed: string[];
}

let ipNum: typeof import("ip-num") | undefined;
function lib(): typeof import("ip-num") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ipNum ??= require("ip-num") as typeof import("ip-num");
    return ipNum;
}

/** A CIDR as an interval; undefined when it is not a valid IPv4 or IPv6 CIDR. */
export function parseCidr(text: string): Interval | undefined {
    const ip = lib();
    const t = text.trim();
    try {
        if (t.includes(":")) {
            if (!ip.Validator.isValidIPv6CidrNotation(t)[0]) return undefined;
            const r = ip.IPv6CidrRange.fromCidr(t);
            return { v6: true, first: r.getFirst().getValue(), last: r.getLast().getValue() };
        }
        if (!ip.Validator.isValidIPv4CidrNotation(t)[0]) return undefined;
        const r = ip.IPv4CidrRange.fromCidr(t);
        return { v6: false, first: r.getFirst().getValue(), last: r.getLast().getValue() };
    } catch {
        return undefined;
    }
}

/** `a` minus every interval of `minus` (same family). */
export function subtract(a: readonly Interval[], minus: readonly Interval[]): Interval[] {
    let out = [...a];
    for (const m of minus) {
        out = out.flatMap((i) => {
            if (i.v6 !== m.v6 || m.last < i.first || m.first > i.last) return [i];
            const parts: Interval[] = [];
            if (m.first > i.first) parts.push({ v6: i.v6, first: i.first, last: m.first - 1n });
            if (m.last < i.last) parts.push({ v6: i.v6, first: m.last + 1n, last: i.last });
            return parts;
        });
    }
    return out;
}

/** Merged union of intervals, per family. */
export function union(list: readonly Interval[]): Interval[] {
    const sorted = [...list].sort((a, b) => (a.v6 === b.v6 ? (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) : a.v6 ? 1 : -1));
    const out: Interval[] = [];
    for (const i of sorted) {
        const last = out[out.length - 1];
        if (last !== undefined && last.v6 === i.v6 && i.first <= last.last + 1n) {
            out[out.length - 1] = { ...last, last: i.last > last.last ? i.last : last.last };
        } else {
            out.push(i);
        }
    }
    return out;
}

/** Ranges that are not the public internet (private, shared, loopback, link-local, multicast, reserved). */
const NON_PUBLIC = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3",
    "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
];

/** Number of public addresses in `list`, per family. */
export function publicSize(list: readonly Interval[]): { v4: bigint; v6: bigint } {
    const pub = subtract(union(list), NON_PUBLIC.map((c) => parseCidr(c) as Interval));
    const size = (v6: boolean): bigint => pub.filter((i) => i.v6 === v6).reduce((n, i) => n + (i.last - i.first + 1n), 0n);
    return { v4: size(false), v6: size(true) };
}

/** Whether a label selector (present) selects everything of its kind; an absent one is `absent`. */
function selectsAll(value: Data, namespaces: boolean): boolean {
    const s = asRecord(value);
    if (s === undefined) return false;
    if (Object.keys(asRecord(selector(s, "matchLabels")) ?? {}).length > 0) return false;
    // Negative expressions select everything that lacks the label: treated as "all" for namespaces
    // (a new namespace rarely carries it); Exists on the name label selects every namespace.
    return asArray(selector(s, "matchExpressions")).every((e) => {
        const op = asString(expression(e, "operator"));
        if (!namespaces) return false;
        return op === "NotIn" || op === "DoesNotExist" || (op === "Exists" && asString(expression(e, "key")) === NAME_LABEL);
    });
}

/** The policy types that take effect: declared, or Ingress plus Egress when egress rules are given. */
export function effectiveTypes(specValue: Data): Direction[] | undefined {
    const types = spec(specValue, "policyTypes");
    if (types === undefined || types === null) {
        const egress = spec(specValue, "egress");
        return egress === undefined || egress === null ? ["Ingress"] : ["Ingress", "Egress"];
    }
    const list = typeof types === "string" ? [types] : Array.isArray(types) ? types : undefined;
    if (list === undefined || !list.every((t) => t === "Ingress" || t === "Egress")) return undefined;
    return list as Direction[];
}

/** What the rules of `dir` in a NetworkPolicy spec allow (see DirectionView). */
export function directionView(specValue: Data, dir: Direction): DirectionView {
    const out: DirectionView = { allowAll: [], blocks: [], unknown: [], malformed: [] };
    const field = RULES[dir];
    const rulesValue = spec(specValue, field);
    if (findUnknown(rulesValue) !== undefined) {
        out.unknown.push(`spec.${field}`);
        return out;
    }
    if (rulesValue !== undefined && rulesValue !== null && !Array.isArray(rulesValue)) {
        out.malformed.push(`spec.${field}`);
        return out;
    }
    asArray(rulesValue).forEach((r, i) => {
        const path = `spec.${field}.${i}`;
        if (r !== null && asRecord(r) === undefined) {
            out.malformed.push(path);
            return;
        }
        if (findUnknown(r) !== undefined) {
            out.unknown.push(path);
            return;
        }
        const peers = rule(r, PEERS[dir] as "from");
        if (peers !== undefined && peers !== null && !Array.isArray(peers)) {
            out.malformed.push(`${path}.${PEERS[dir]}`);
            return;
        }
        if (asArray(peers).length === 0) {
            out.allowAll.push(path); // no peers: every source or destination (ports do not narrow who)
            return;
        }
        asArray(peers).forEach((p, j) => {
            const pp = `${path}.${PEERS[dir]}.${j}`;
            if (asRecord(p) === undefined) {
                out.malformed.push(pp);
                return;
            }
            const block = peer(p, "ipBlock");
            if (block !== undefined && block !== null) {
                const cidr = asString(ipBlock(block, "cidr"));
                const except = ipBlock(block, "except");
                const parsed = cidr === undefined ? undefined : parseCidr(cidr);
                const excepts = asArray(except).map((e) => (typeof e === "string" ? parseCidr(e) : undefined));
                if (parsed === undefined || (except !== undefined && except !== null && !Array.isArray(except)) || excepts.some((e) => e === undefined)) {
                    out.malformed.push(`${pp}.ipBlock`);
                    return;
                }
                out.blocks.push({ path: `${pp}.ipBlock`, allowed: subtract([parsed], excepts as Interval[]) });
                return;
            }
            const ns = peer(p, "namespaceSelector");
            const pods = peer(p, "podSelector");
            if ([ns, pods].some((v) => v !== undefined && v !== null && asRecord(v) === undefined)) {
                out.malformed.push(pp);
                return;
            }
            const podsAll = pods === undefined || pods === null || selectsAll(pods, false) || Object.keys(asRecord(pods) ?? {}).length === 0;
            if (ns !== undefined && ns !== null && (selectsAll(ns, true) || Object.keys(asRecord(ns) ?? { x: 1 }).length === 0) && podsAll) {
                out.allowAll.push(pp);
            }
        });
    });
    return out;
}
