/**
 * A pure model of Kubernetes NetworkPolicy semantics, for proving what the planned policies allow:
 * - a pod is isolated for a direction only if some policy in its namespace selects it with that
 *   policyType; an isolated pod gets only what the union of those policies allows (policies are additive);
 * - a connection needs the source's egress AND the destination's ingress to allow it;
 * - an empty podSelector selects every pod of the policy's namespace;
 * - a peer with podSelector only means pods of the policy's namespace; namespaceSelector only means all
 *   pods of matching namespaces; both means matching pods in matching namespaces; ipBlock matches by IP
 *   (cidr minus except) whatever the endpoint is;
 * - a rule without `to`/`from` matches every peer; without `ports`, every port; protocol defaults to TCP.
 * Endpoints outside the cluster have no policies.
 */
import { IPv4, IPv4CidrRange } from "ip-num";
import { LabelSelector, NetworkPolicyManifest, NetworkPolicyPeer, NetworkPolicyPort } from "../../../components/guardrails/manifests";

export interface Namespace {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
}

export interface Pod {
    readonly kind: "pod";
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly ip: string;
}

export interface External {
    readonly kind: "external";
    readonly ip: string;
}

export type Endpoint = Pod | External;

export interface Cluster {
    readonly namespaces: readonly Namespace[];
    readonly policies: readonly NetworkPolicyManifest[];
}

export interface Flow {
    readonly port: number;
    readonly protocol: "TCP" | "UDP" | "SCTP";
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
    if (selector === undefined) return true;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[k] !== v) return false;
    }
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const values = e.values ?? [];
        switch (e.operator) {
            case "In":
                if (!has || !values.includes(labels[e.key])) return false;
                break;
            case "NotIn":
                if (has && values.includes(labels[e.key])) return false;
                break;
            case "Exists":
                if (!has) return false;
                break;
            case "DoesNotExist":
                if (has) return false;
                break;
            default:
                throw new Error(`unsupported operator ${e.operator}`);
        }
    }
    return true;
}

function inCidr(ip: string, cidr: string): boolean {
    const range = IPv4CidrRange.fromCidr(cidr);
    const addr = IPv4.fromDecimalDottedString(ip);
    return addr.isGreaterThanOrEquals(range.getFirst()) && addr.isLessThanOrEquals(range.getLast());
}

function namespaceLabels(cluster: Cluster, name: string): Readonly<Record<string, string>> {
    const ns = cluster.namespaces.find((n) => n.name === name);
    if (!ns) throw new Error(`unknown namespace ${name}`);
    return ns.labels;
}

function peerMatches(cluster: Cluster, policyNamespace: string, peer: NetworkPolicyPeer, other: Endpoint): boolean {
    if (peer.ipBlock) {
        return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(other.ip, e));
    }
    if (other.kind !== "pod") return false;
    if (peer.namespaceSelector === undefined) {
        if (other.namespace !== policyNamespace) return false;
    } else if (!selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, other.namespace))) {
        return false;
    }
    return peer.podSelector === undefined || selectorMatches(peer.podSelector, other.labels);
}

function portMatches(ports: readonly NetworkPolicyPort[] | undefined, flow: Flow): boolean {
    if (ports === undefined || ports.length === 0) return true;
    return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== flow.protocol) return false;
        if (p.port === undefined) return true;
        if (typeof p.port !== "number") throw new Error("named ports are not modelled");
        return flow.port >= p.port && flow.port <= (p.endPort ?? p.port);
    });
}

/** Whether `pod`'s namespace policies allow traffic in `direction` with `other`. */
function directionAllows(cluster: Cluster, pod: Pod, direction: "Ingress" | "Egress", other: Endpoint, flow: Flow): boolean {
    const selecting = cluster.policies.filter(
        (p) =>
            p.metadata?.namespace === pod.namespace &&
            (p.spec?.policyTypes ?? []).includes(direction) &&
            selectorMatches(p.spec?.podSelector, pod.labels),
    );
    if (selecting.length === 0) return true;
    return selecting.some((p) => {
        const rules =
            direction === "Ingress"
                ? (p.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
                : (p.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
        return rules.some(
            (r) =>
                portMatches(r.ports, flow) &&
                (r.peers === undefined || r.peers.length === 0 || r.peers.some((peer) => peerMatches(cluster, pod.namespace, peer, other))),
        );
    });
}

/** Whether a connection from `src` to `dst` on `flow` is allowed. */
export function allows(cluster: Cluster, src: Endpoint, dst: Endpoint, flow: Flow): boolean {
    const egressOk = src.kind === "external" || directionAllows(cluster, src, "Egress", dst, flow);
    const ingressOk = dst.kind === "external" || directionAllows(cluster, dst, "Ingress", src, flow);
    return egressOk && ingressOk;
}
