/**
 * Pure rules for the adopted default network ACL (NET-3). NACLs are stateless and evaluated in rule-number
 * order, first match wins, so the order is the design:
 *   100  allow all traffic from the VPC CIDR (nodes, pods, endpoints, control plane talk freely, SSH included);
 *   110+ deny each admin port (22, 3389) from 0.0.0.0/0 before anything else from outside can match;
 *   200  allow the rest from 0.0.0.0/0: return traffic to NAT gateways and clients (ephemeral ports) and
 *        80/443 to load balancers, which security groups then narrow down.
 * No rule mentions ::/0: the VPC has no IPv6 block, and the implicit final deny drops all IPv6 traffic.
 * Egress allows everything; security groups (stateful) do the fine-grained egress filtering.
 */
import { ADMIN_PORTS, ANY_IPV4 } from "./constants";

export interface NaclRule {
    readonly ruleNo: number;
    readonly action: "allow" | "deny";
    /** "-1" means all protocols (ports must then be 0). */
    readonly protocol: "-1" | "tcp";
    readonly cidrBlock: string;
    readonly fromPort: number;
    readonly toPort: number;
}

export const NACL_ALLOW_VPC_RULE = 100;
export const NACL_FIRST_ADMIN_DENY_RULE = 110;
export const NACL_ADMIN_DENY_STEP = 10;
export const NACL_ALLOW_ANY_RULE = 200;
const ALL_PROTOCOLS = "-1";

export function naclIngressRules(vpcCidr: string): NaclRule[] {
    const denies = ADMIN_PORTS.map((port, i): NaclRule => ({
        ruleNo: NACL_FIRST_ADMIN_DENY_RULE + i * NACL_ADMIN_DENY_STEP,
        action: "deny",
        protocol: "tcp",
        cidrBlock: ANY_IPV4,
        fromPort: port,
        toPort: port,
    }));
    return [
        { ruleNo: NACL_ALLOW_VPC_RULE, action: "allow", protocol: ALL_PROTOCOLS, cidrBlock: vpcCidr, fromPort: 0, toPort: 0 },
        ...denies,
        { ruleNo: NACL_ALLOW_ANY_RULE, action: "allow", protocol: ALL_PROTOCOLS, cidrBlock: ANY_IPV4, fromPort: 0, toPort: 0 },
    ];
}

export function naclEgressRules(): NaclRule[] {
    return [{ ruleNo: NACL_ALLOW_VPC_RULE, action: "allow", protocol: ALL_PROTOCOLS, cidrBlock: ANY_IPV4, fromPort: 0, toPort: 0 }];
}

/**
 * Evaluates rules the way AWS does (lowest number first, first match wins, implicit deny) for one TCP
 * packet to `port`; `sourceInRule` says whether the packet's source lies in a rule's CIDR.
 */
export function naclAdmitsTcp(rules: readonly NaclRule[], sourceInRule: (cidr: string) => boolean, port: number): boolean {
    const ordered = [...rules].sort((a, b) => a.ruleNo - b.ruleNo);
    for (const r of ordered) {
        const portMatches = r.protocol === ALL_PROTOCOLS || (port >= r.fromPort && port <= r.toPort);
        if (portMatches && sourceInRule(r.cidrBlock)) return r.action === "allow";
    }
    return false;
}
