/**
 * NetworkPolicy semantics for K8S-2/K8S-3: which rules take effect (policyTypes, explicit or
 * the API default), what a rule's peers allow (every address, every pod of every namespace, or
 * some), and the union of ipBlocks as address sets (lib/addresses.ts, the pack's one address
 * library, shared with the security-group and EKS endpoint policies).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Data } from "../../lib";
import { asArray, asRecord, asString, findUnknown, readerFor } from "../../lib";
import type { AddressSet, Cidr } from "../../lib/addresses";
import { parseCidr, publicPart, setOfCidrs, size, subtract, union } from "../../lib/addresses";

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

/** What a policy's rules for one direction allow. */
export interface DirectionView {
    /** Paths of rules that allow everything (no peers, or a peer selecting every pod of every namespace). */
    readonly allowAll: string[];
    /** ipBlocks: the addresses each allows (cidr minus except), with its path. */
    readonly blocks: { readonly path: string; readonly allowed: AddressSet }[];
    readonly unknown: string[];
    readonly malformed: string[];
}

/**
 * Number of public addresses the blocks admit together, per family. "Public" is the pack's one
 * definition (lib/addresses.ts PRIVATE_CIDRS): everything but private, shared, loopback and
 * link-local space, reserved and multicast blocks included (fail closed).
 */
export function publicSize(sets: readonly AddressSet[]): { v4: bigint; v6: bigint } {
    const pub = publicPart(union(...sets));
    return { v4: size(pub, "ipv4"), v6: size(pub, "ipv6") };
}

/** An ipBlock as an address set (cidr minus except), or undefined when a CIDR is malformed. */
function blockSet(cidr: Data, except: Data): AddressSet | undefined {
    const base = parseCidr(cidr);
    if (typeof base === "string" || (except !== undefined && except !== null && !Array.isArray(except))) return undefined;
    const minus = asArray(except).map((e) => parseCidr(e));
    if (minus.some((m) => typeof m === "string")) return undefined;
    return subtract(setOfCidrs([base]), setOfCidrs(minus as Cidr[]));
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
                const allowed = blockSet(ipBlock(block, "cidr"), ipBlock(block, "except"));
                if (allowed === undefined) {
                    out.malformed.push(`${pp}.ipBlock`);
                    return;
                }
                out.blocks.push({ path: `${pp}.ipBlock`, allowed });
                return;
            }
            const ns = peer(p, "namespaceSelector");
            const pods = peer(p, "podSelector");
            if ([ns, pods].some((v) => v !== undefined && v !== null && asRecord(v) === undefined)) {
                out.malformed.push(pp);
                return;
            }
            const podsAll =
                pods === undefined || pods === null || selectsAll(pods, false) || Object.keys(asRecord(pods) ?? {}).length === 0;
            if (
                ns !== undefined &&
                ns !== null &&
                (selectsAll(ns, true) || Object.keys(asRecord(ns) ?? { x: 1 }).length === 0) &&
                podsAll
            ) {
                out.allowAll.push(pp);
            }
        });
    });
    return out;
}
