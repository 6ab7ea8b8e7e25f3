import type * as aws from "@pulumi/aws";
import { AddressSet, EMPTY_SET, describeSet, isEmpty, publicPart, setOfTexts, subtract, union } from "../../lib/addresses";
import {
    CheckContext,
    Data,
    StackResourceView,
    StackView,
    asBoolean,
    asNumber,
    asString,
    isUnknown,
    readerFor,
    stackPolicy,
} from "../../lib";
import {
    ADMIN_CONFIG,
    PortRange,
    adminAllowlist,
    adminPorts,
    byUrn,
    cachedPerStack,
    portRanges,
    portsOf,
    protocolOf,
    describePortList,
    targetKey,
} from "../shared/exposure";

const NETWORK_ACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NETWORK_ACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NETWORK_ACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const VPC = "aws:ec2/vpc:Vpc";
const TYPES = [NETWORK_ACL, DEFAULT_NETWORK_ACL, NETWORK_ACL_RULE, VPC];

const aclRead = readerFor<aws.ec2.NetworkAclArgs>();
const ruleRead = readerFor<aws.ec2.NetworkAclRuleArgs>();

/** One ingress entry, read. */
interface Entry {
    readonly where: string;
    readonly number: number;
    readonly allow: boolean;
    readonly protocol: string;
    readonly ports: PortRange;
    readonly sources: AddressSet;
}

interface Raw {
    readonly where: string;
    readonly number: [string, Data];
    readonly action: [string, Data];
    readonly protocol: [string, Data];
    readonly fromPort: [string, Data];
    readonly toPort: [string, Data];
    readonly cidrs: readonly [string, Data][];
}

/**
 * An allow with an unknown or malformed deciding field fails closed; a deny that cannot be
 * read is left out (it cannot be shown to protect anything).
 */
function read(raw: Raw, ctx: CheckContext): Entry | undefined {
    const action = asString(raw.action[1])?.trim().toLowerCase();
    const deny = action === "deny";
    const fields = [raw.number, raw.action, raw.protocol, raw.fromPort, raw.toPort, ...raw.cidrs];
    if (deny) {
        if (fields.some(([, v]) => isUnknown(v))) return undefined;
    } else if (fields.some(([p, v]) => ctx.isUnknown(v, `${raw.where} ${p}`))) {
        return undefined;
    }
    const values = raw.cidrs.map(([, v]) => v).filter((v) => v !== undefined && v !== null && v !== "");
    const { set, errors } = setOfTexts(values);
    if (errors.length > 0) {
        if (deny) return undefined;
        for (const e of errors)
            ctx.violation(`${raw.where}: ${e.reason}; treated as non-compliant`, "write cidrBlock / ipv6CidrBlock as an IPv4 or IPv6 CIDR");
    }
    const protocol = protocolOf(raw.protocol[1]) ?? "all";
    const number = asNumber(raw.number[1]);
    return {
        where: raw.where,
        // An allow without a readable number is read as the first rule (fail closed).
        number: number ?? (deny ? Number.MAX_SAFE_INTEGER : -1),
        allow: !deny,
        protocol,
        ports: protocol === "tcp" || protocol === "udp" ? portsOf(raw.fromPort[1], raw.toPort[1]) : { from: 0, to: 65535 },
        sources: set,
    };
}

function groupKeyOf(stack: StackView, r: StackResourceView): string {
    if (r.type === DEFAULT_NETWORK_ACL) {
        for (const urn of r.propertyDependencies.defaultNetworkAclId ?? []) if (byUrn(stack).get(urn)?.type === VPC) return urn;
        return r.urn;
    }
    if (r.type === NETWORK_ACL_RULE) {
        return targetKey(stack, r, "networkAclId", ruleRead(r.props, "networkAclId"), (dep) =>
            dep.type === NETWORK_ACL || dep.type === VPC ? dep.urn : dep.type === DEFAULT_NETWORK_ACL ? groupKeyOf(stack, dep) : undefined,
        );
    }
    return r.urn;
}

const GROUPS = new WeakMap<StackView, Map<string, StackResourceView[]>>();

function entriesOf(members: readonly StackResourceView[], ctx: CheckContext): Entry[] {
    const out: Entry[] = [];
    for (const r of members) {
        if (r.type === NETWORK_ACL_RULE) {
            const where = `network ACL rule "${r.name}"`;
            const egress = ruleRead(r.props, "egress");
            if (ctx.isUnknown(egress, `${where} egress`) || asBoolean(egress) === true) continue;
            const e = read(
                {
                    where,
                    number: ["ruleNumber", ruleRead(r.props, "ruleNumber")],
                    action: ["ruleAction", ruleRead(r.props, "ruleAction")],
                    protocol: ["protocol", ruleRead(r.props, "protocol")],
                    fromPort: ["fromPort", ruleRead(r.props, "fromPort")],
                    toPort: ["toPort", ruleRead(r.props, "toPort")],
                    cidrs: [
                        ["cidrBlock", ruleRead(r.props, "cidrBlock")],
                        ["ipv6CidrBlock", ruleRead(r.props, "ipv6CidrBlock")],
                    ],
                },
                ctx,
            );
            if (e) out.push(e);
        } else if (r.type !== VPC) {
            const label = `${r.type === DEFAULT_NETWORK_ACL ? "default network ACL" : "network ACL"} "${r.name}"`;
            const ingress = aclRead(r.props, "ingress");
            if (ctx.isUnknown(ingress, `${label} ingress`) || !Array.isArray(ingress)) continue;
            ingress.forEach((_: Data, i: number) => {
                const e = read(
                    {
                        where: `${label} ingress.${i}`,
                        number: ["ruleNo", aclRead(r.props, "ingress", i, "ruleNo")],
                        action: ["action", aclRead(r.props, "ingress", i, "action")],
                        protocol: ["protocol", aclRead(r.props, "ingress", i, "protocol")],
                        fromPort: ["fromPort", aclRead(r.props, "ingress", i, "fromPort")],
                        toPort: ["toPort", aclRead(r.props, "ingress", i, "toPort")],
                        cidrs: [
                            ["cidrBlock", aclRead(r.props, "ingress", i, "cidrBlock")],
                            ["ipv6CidrBlock", aclRead(r.props, "ingress", i, "ipv6CidrBlock")],
                        ],
                    },
                    ctx,
                );
                if (e) out.push(e);
            });
        }
    }
    return out;
}

/**
 * First match wins, in rule-number order: what an allow admits on a port is its sources
 * less everything a lower-numbered entry on that port already decided.
 */
function admitted(entries: readonly Entry[], protocol: string, port: number): { set: AddressSet; through: string[] } {
    let decided = EMPTY_SET;
    let allowed = EMPTY_SET;
    const through: string[] = [];
    for (const e of [...entries].sort((a, b) => a.number - b.number)) {
        if (!(e.protocol === "all" || (e.protocol === protocol && e.ports.from <= port && port <= e.ports.to))) continue;
        if (e.allow) {
            const fresh = subtract(e.sources, decided);
            if (!isEmpty(publicPart(fresh))) through.push(`${e.where} (rule ${e.number})`);
            allowed = union(allowed, fresh);
        }
        decided = union(decided, e.sources);
    }
    return { set: allowed, through };
}

/** NET-3: no NACL (all its entries together, in order) lets public addresses reach administrative ports. */
export const ec2NaclNoPublicAdminPorts = stackPolicy({
    name: "ec2-nacl-no-public-admin-ports",
    control: "NET-3",
    severity: "high",
    layer: "cloud",
    description:
        "Network ACLs (inline entries and NetworkAclRule resources together, first match in rule-number order) must not let public addresses reach administrative ports (22 and 3389 by default), except allowlisted admin networks.",
    references: [{ framework: "FSBP", id: "EC2.21" }],
    remediation:
        "remove or narrow the ingress allows that admit public addresses on administrative ports, or add lower-numbered denies for those ports",
    config: {
        ...ADMIN_CONFIG,
        // NACLs are stateless: they must admit return traffic on the ephemeral ports (1024-65535)
        // from the internet, which the database ports fall in; security groups guard those.
        adminPorts: {
            ...ADMIN_CONFIG.adminPorts,
            default: [22, 3389],
            description:
                "Administrative tcp ports NACLs must not admit from public addresses (22 and 3389 by default: a NACL must admit return traffic on ephemeral ports).",
        },
    },
    subjectTypes: TYPES,
    check: (subject, stack, ctx) => {
        const groups = cachedPerStack(GROUPS, stack, () => {
            const m = new Map<string, StackResourceView[]>();
            for (const r of stack.resources)
                if (TYPES.includes(r.type)) {
                    const k = groupKeyOf(stack, r);
                    m.set(k, [...(m.get(k) ?? []), r]);
                }
            return m;
        });
        const key = groupKeyOf(stack, subject);
        const members = groups.get(key) ?? [subject];
        if ((members.find((r) => r.urn === key) ?? members[0]).urn !== subject.urn) return;
        const entries = entriesOf(members, ctx);
        if (entries.length === 0) return;
        const allow = adminAllowlist(ctx);
        const owner =
            subject.type === VPC
                ? `VPC "${subject.name}" (its default network ACL)`
                : subject.type === NETWORK_ACL_RULE
                  ? `network ACL rule "${subject.name}"`
                  : `network ACL "${subject.name}"`;
        // tcp, as FSBP EC2.21: the remote-administration protocols NACLs are checked for.
        for (const protocol of ["tcp"]) {
            const ports: number[] = [];
            let exposed = EMPTY_SET;
            const through = new Set<string>();
            for (const port of adminPorts(ctx)) {
                const a = admitted(entries, protocol, port);
                const open = subtract(publicPart(a.set), allow.set);
                if (isEmpty(open)) continue;
                ports.push(port);
                exposed = union(exposed, a.set);
                a.through.forEach((t) => through.add(t));
            }
            if (ports.length === 0) continue;
            ctx.violation(
                `${owner} allows ${describeSet(exposed)} to reach ${protocol} ${ports.length === 1 ? "port" : "ports"} ${describePortList(portRanges(ports))} through ${[...through].join(", ")}`,
                `remove or narrow those allows, add lower-numbered denies for ${protocol} ${describePortList(portRanges(ports))}, or list the admin network (no larger than a /24) in adminAllowedCidrs`,
            );
        }
    },
});
