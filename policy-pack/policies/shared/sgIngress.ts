/**
 * Every ingress permission that targets one security group, whatever resource shape it
 * came from: inline `ingress` of SecurityGroup / DefaultSecurityGroup, SecurityGroupRule
 * (type ingress), vpc.SecurityGroupIngressRule, and rules added to a VPC's default group
 * through the VPC's `defaultSecurityGroupId`. Sources are read into address sets; prefix
 * lists created in the program are resolved to their entries.
 */
import type * as aws from "@pulumi/aws";
import { AddressSet, EMPTY_SET, isEmpty, publicPart, setOfTexts, union } from "../../lib/addresses";
import { CheckContext, Data, StackResourceView, StackView, asArray, asString, isUnknown, readerFor } from "../../lib";
import { PortRange, Protocol, ALL_PORTS, byUrn, cachedPerStack, portsOf, protocolOf, targetKey } from "./exposure";

export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const VPC = "aws:ec2/vpc:Vpc";
export const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
export const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

export const SG_TYPES = [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE, VPC];

const sgRead = readerFor<aws.ec2.SecurityGroupArgs>();
const ruleRead = readerFor<aws.ec2.SecurityGroupRuleArgs>();
const vpcRuleRead = readerFor<aws.vpc.SecurityGroupIngressRuleArgs>();
const plRead = readerFor<aws.ec2.ManagedPrefixListArgs>();
const plEntryRead = readerFor<aws.ec2.ManagedPrefixListEntryArgs>();

/** One ingress permission with its sources resolved. */
export interface Permission {
    /** Resource and property, for messages: `security group rule "ssh"` / `security group "app" ingress.0`. */
    readonly where: string;
    readonly protocol: Protocol;
    readonly ports: PortRange;
    readonly sources: AddressSet;
    /** A source the pack cannot read (a prefix list from outside the program): fail closed on admin ports. */
    readonly unresolved?: string;
}

function groupKeyOf(stack: StackView, r: StackResourceView): string {
    switch (r.type) {
        case DEFAULT_SECURITY_GROUP:
            // The VPC's default group, declared: the same group as rules added by the VPC's defaultSecurityGroupId.
            for (const urn of r.propertyDependencies.vpcId ?? []) {
                if (byUrn(stack).get(urn)?.type === VPC) return urn;
            }
            return r.urn;
        case SECURITY_GROUP_RULE:
        case VPC_INGRESS_RULE:
            return targetKey(
                stack,
                r,
                "securityGroupId",
                r.type === SECURITY_GROUP_RULE ? ruleRead(r.props, "securityGroupId") : vpcRuleRead(r.props, "securityGroupId"),
                (dep) =>
                    dep.type === SECURITY_GROUP || dep.type === VPC
                        ? dep.urn
                        : dep.type === DEFAULT_SECURITY_GROUP
                          ? groupKeyOf(stack, dep)
                          : undefined,
            );
        default:
            return r.urn;
    }
}

const GROUPS = new WeakMap<StackView, Map<string, StackResourceView[]>>();

/** Members of the group `subject` judges, or undefined when another resource judges them. */
export function groupOf(stack: StackView, subject: StackResourceView): readonly StackResourceView[] | undefined {
    const groups = cachedPerStack(GROUPS, stack, () => {
        const m = new Map<string, StackResourceView[]>();
        for (const r of stack.resources) {
            if (!SG_TYPES.includes(r.type)) continue;
            const key = groupKeyOf(stack, r);
            m.set(key, [...(m.get(key) ?? []), r]);
        }
        return m;
    });
    const key = groupKeyOf(stack, subject);
    const members = groups.get(key) ?? [subject];
    // The owner: the group or VPC itself, or the first rule of a group known only by id.
    const owner = members.find((r) => r.urn === key) ?? members[0];
    return owner.urn === subject.urn ? members : undefined;
}

function label(r: StackResourceView): string {
    switch (r.type) {
        case SECURITY_GROUP:
            return `security group "${r.name}"`;
        case DEFAULT_SECURITY_GROUP:
            return `default security group "${r.name}"`;
        case VPC:
            return `VPC "${r.name}" (its default security group)`;
        default:
            return `security group rule "${r.name}"`;
    }
}

/** Reads CIDR texts into a set: unknowns recorded (fail closed), malformed ones a violation. */
function cidrSet(ctx: CheckContext, where: string, path: string, values: Data): AddressSet {
    if (values === undefined || values === null) return EMPTY_SET;
    if (ctx.isUnknown(values, `${where} ${path}`)) return EMPTY_SET;
    const list = Array.isArray(values) ? values : [values];
    const known = list.filter((v, i) => !ctx.isUnknown(v, `${where} ${path}${Array.isArray(values) ? `.${i}` : ""}`));
    const { set, errors } = setOfTexts(known);
    for (const e of errors) {
        ctx.violation(
            `${where} ${path}${Array.isArray(values) ? `.${list.indexOf(known[e.index])}` : ""}: ${e.reason}; treated as non-compliant`,
            "write each source as an IPv4 or IPv6 CIDR (e.g. 10.0.0.0/16)",
        );
    }
    return set;
}

/** Entries of a prefix list created in the program (inline entries and ManagedPrefixListEntry). */
function prefixListSet(stack: StackView, pl: StackResourceView, ctx: CheckContext): AddressSet {
    const where = `prefix list "${pl.name}"`;
    const entries = plRead(pl.props, "entries");
    const inline = ctx.isUnknown(entries, `${where} entries`)
        ? EMPTY_SET
        : cidrSet(
              ctx,
              where,
              "entries.cidr",
              asArray(entries).map((_, i) => plRead(pl.props, "entries", i, "cidr")),
          );
    const separate = stack
        .linkedTo(pl, [PREFIX_LIST_ENTRY], "prefixListId")
        .map((e) => cidrSet(ctx, `prefix list entry "${e.name}"`, "cidr", plEntryRead(e.props, "cidr")));
    return union(inline, ...separate);
}

/**
 * Prefix-list sources: resolved to the lists the property was computed from when there are
 * at least as many of them as references (each then counts as the union of those lists);
 * otherwise unresolved.
 */
function prefixLists(
    stack: StackView,
    ctx: CheckContext,
    owner: StackResourceView,
    where: string,
    path: string,
    depKey: string,
    ids: Data,
): { set: AddressSet; unresolved?: string } {
    if (ids === undefined || ids === null) return { set: EMPTY_SET };
    const lists = (owner.propertyDependencies[depKey] ?? [])
        .map((u) => byUrn(stack).get(u))
        .filter((r): r is StackResourceView => r?.type === PREFIX_LIST);
    // An id unknown at preview that was computed from a list of the program is that list.
    if (isUnknown(ids) && lists.length === 0 && ctx.isUnknown(ids, `${where} ${path}`)) return { set: EMPTY_SET };
    const list = Array.isArray(ids) ? ids : [ids];
    if (list.length === 0) return { set: EMPTY_SET };
    if (lists.length < list.length) {
        const shown = list.map((v) => (isUnknown(v) ? "(unknown id)" : JSON.stringify(v).slice(0, 40))).join(", ");
        return {
            set: EMPTY_SET,
            unresolved: `${where} ${path} ${shown} (a prefix list not created in this program: its entries are unknown)`,
        };
    }
    return { set: union(...lists.map((pl) => prefixListSet(stack, pl, ctx))) };
}

function permission(
    ctx: CheckContext,
    where: string,
    fields: { protocol: [string, Data]; fromPort: [string, Data]; toPort: [string, Data] },
    sources: AddressSet,
    unresolved: string | undefined,
): Permission | undefined {
    // Sources that are all private (or security groups) pass whatever the ports are.
    if (unresolved === undefined && isEmpty(publicPart(sources))) return undefined;
    const [protoPath, protoValue] = fields.protocol;
    if (ctx.isUnknown(protoValue, `${where} ${protoPath}`)) return undefined;
    // An unreadable protocol is read as every protocol (fail closed).
    const protocol = protocolOf(protoValue) ?? "all";
    let ports = ALL_PORTS;
    if (protocol === "tcp" || protocol === "udp") {
        if (
            ctx.isUnknown(fields.fromPort[1], `${where} ${fields.fromPort[0]}`) ||
            ctx.isUnknown(fields.toPort[1], `${where} ${fields.toPort[0]}`)
        )
            return undefined;
        ports = portsOf(fields.fromPort[1], fields.toPort[1]);
    }
    return { where, protocol, ports, sources, unresolved };
}

/** Every ingress permission of the group's members. */
export function permissionsOf(stack: StackView, members: readonly StackResourceView[], ctx: CheckContext): Permission[] {
    const out: Permission[] = [];
    for (const r of members) {
        const where = label(r);
        if (r.type === SECURITY_GROUP || r.type === DEFAULT_SECURITY_GROUP) {
            const ingress = sgRead(r.props, "ingress");
            if (ctx.isUnknown(ingress, `${where} ingress`) || !Array.isArray(ingress)) continue;
            ingress.forEach((_rule: Data, i: number) => {
                const p = `ingress.${i}`;
                const pl = prefixLists(
                    stack,
                    ctx,
                    r,
                    where,
                    `${p}.prefixListIds`,
                    "ingress",
                    sgRead(r.props, "ingress", i, "prefixListIds"),
                );
                const sources = union(
                    cidrSet(ctx, where, `${p}.cidrBlocks`, sgRead(r.props, "ingress", i, "cidrBlocks")),
                    cidrSet(ctx, where, `${p}.ipv6CidrBlocks`, sgRead(r.props, "ingress", i, "ipv6CidrBlocks")),
                    pl.set,
                );
                const perm = permission(
                    ctx,
                    `${where} ${p}`,
                    {
                        protocol: [`protocol`, sgRead(r.props, "ingress", i, "protocol")],
                        fromPort: ["fromPort", sgRead(r.props, "ingress", i, "fromPort")],
                        toPort: ["toPort", sgRead(r.props, "ingress", i, "toPort")],
                    },
                    sources,
                    pl.unresolved,
                );
                if (perm) out.push(perm);
            });
        } else if (r.type === SECURITY_GROUP_RULE) {
            const kind = ruleRead(r.props, "type");
            if (ctx.isUnknown(kind, `${where} type`) || asString(kind) !== "ingress") continue;
            const pl = prefixLists(stack, ctx, r, where, "prefixListIds", "prefixListIds", ruleRead(r.props, "prefixListIds"));
            const sources = union(
                cidrSet(ctx, where, "cidrBlocks", ruleRead(r.props, "cidrBlocks")),
                cidrSet(ctx, where, "ipv6CidrBlocks", ruleRead(r.props, "ipv6CidrBlocks")),
                pl.set,
            );
            const perm = permission(
                ctx,
                where,
                {
                    protocol: ["protocol", ruleRead(r.props, "protocol")],
                    fromPort: ["fromPort", ruleRead(r.props, "fromPort")],
                    toPort: ["toPort", ruleRead(r.props, "toPort")],
                },
                sources,
                pl.unresolved,
            );
            if (perm) out.push(perm);
        } else if (r.type === VPC_INGRESS_RULE) {
            const pl = prefixLists(stack, ctx, r, where, "prefixListId", "prefixListId", vpcRuleRead(r.props, "prefixListId"));
            const sources = union(
                cidrSet(ctx, where, "cidrIpv4", vpcRuleRead(r.props, "cidrIpv4")),
                cidrSet(ctx, where, "cidrIpv6", vpcRuleRead(r.props, "cidrIpv6")),
                pl.set,
            );
            const perm = permission(
                ctx,
                where,
                {
                    protocol: ["ipProtocol", vpcRuleRead(r.props, "ipProtocol")],
                    fromPort: ["fromPort", vpcRuleRead(r.props, "fromPort")],
                    toPort: ["toPort", vpcRuleRead(r.props, "toPort")],
                },
                sources,
                pl.unresolved,
            );
            if (perm) out.push(perm);
        }
    }
    return out;
}

export { label as groupLabel };
