import { CheckContext, Data, asArray, at, firstMatchPattern, resourcePolicy } from "../../lib";
import { ADMIN_PORTS, LB_PUBLIC_PORTS, PortRange, covers, describeRange, isWorldCidr, portRange, protocolClass } from "../shared/network";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** One ingress permission, whatever resource shape it came from. */
interface Ingress {
    /** Where it sits, for messages, e.g. "ingress.0". */
    readonly path: string;
    /** [property path, value] of every source CIDR field. */
    readonly sources: readonly (readonly [string, Data])[];
    readonly protocol: readonly [string, Data];
    readonly fromPort: readonly [string, Data];
    readonly toPort: readonly [string, Data];
}

/** The ingress permissions, or the unknown that hides them. */
type IngressList = { readonly rules: readonly Ingress[] } | { readonly hidden: Data };

function inlineIngress(props: Data): IngressList {
    const list = at(props, "ingress");
    if (!Array.isArray(list)) {
        // Absent (no inline rules) or unknown as a whole.
        return { hidden: list };
    }
    return { rules: list.map((rule: Data, i: number) => {
        const p = `ingress.${i}`;
        return {
            path: p,
            sources: [
                ...asArray(at(rule, "cidrBlocks")).map((c, j) => [`${p}.cidrBlocks.${j}`, c] as const),
                ...asArray(at(rule, "ipv6CidrBlocks")).map((c, j) => [`${p}.ipv6CidrBlocks.${j}`, c] as const),
                [`${p}.cidrBlocks`, at(rule, "cidrBlocks")] as const,
                [`${p}.ipv6CidrBlocks`, at(rule, "ipv6CidrBlocks")] as const,
            ],
            protocol: [`${p}.protocol`, at(rule, "protocol")],
            fromPort: [`${p}.fromPort`, at(rule, "fromPort")],
            toPort: [`${p}.toPort`, at(rule, "toPort")],
        };
    }) };
}

/** Ingress permissions of the resource; an Unknown when the rule list itself is unknown. */
function ingressOf(type: string, props: Data): IngressList {
    switch (type) {
        case SECURITY_GROUP:
            return inlineIngress(props);
        case SECURITY_GROUP_RULE:
            return { rules: [
                {
                    path: "rule",
                    sources: [
                        ...asArray(at(props, "cidrBlocks")).map((c, j) => [`cidrBlocks.${j}`, c] as const),
                        ...asArray(at(props, "ipv6CidrBlocks")).map((c, j) => [`ipv6CidrBlocks.${j}`, c] as const),
                        ["cidrBlocks", at(props, "cidrBlocks")] as const,
                        ["ipv6CidrBlocks", at(props, "ipv6CidrBlocks")] as const,
                    ],
                    protocol: ["protocol", at(props, "protocol")],
                    fromPort: ["fromPort", at(props, "fromPort")],
                    toPort: ["toPort", at(props, "toPort")],
                },
            ] };
        default:
            return { rules: [
                {
                    path: "rule",
                    sources: [
                        ["cidrIpv4", at(props, "cidrIpv4")],
                        ["cidrIpv6", at(props, "cidrIpv6")],
                    ],
                    protocol: ["ipProtocol", at(props, "ipProtocol")],
                    fromPort: ["fromPort", at(props, "fromPort")],
                    toPort: ["toPort", at(props, "toPort")],
                },
            ] };
    }
}

function onlyLbPorts(range: PortRange, protocol: string): boolean {
    return protocol === "tcp" && range.from === range.to && LB_PUBLIC_PORTS.includes(range.from);
}

function checkIngress(rule: Ingress, lbGroup: boolean, name: string, ctx: CheckContext): void {
    // The decision only depends on the source first: a rule whose sources are all known
    // and private passes whatever its ports are.
    const world = rule.sources.find(([, value]) => isWorldCidr(value))?.[1];
    if (world === undefined) {
        // No known world source: an unknown source may still be one (fail closed).
        for (const [path, value] of rule.sources) {
            if (ctx.isUnknown(value, path)) {
                return;
            }
        }
        return;
    }
    if (ctx.isUnknown(rule.protocol[1], rule.protocol[0])) {
        return;
    }
    const proto = protocolClass(rule.protocol[1]);
    if (proto !== "all" && (ctx.isUnknown(rule.fromPort[1], rule.fromPort[0]) || ctx.isUnknown(rule.toPort[1], rule.toPort[0]))) {
        return;
    }
    const range = portRange(proto, rule.fromPort[1], rule.toPort[1]);
    const where = `${name} ${rule.path === "rule" ? "" : `${rule.path} `}admits ${world} on ${proto === "all" ? "all protocols and ports" : `${proto} ${describeRange(range)}`}`;
    const admin = ADMIN_PORTS.filter((p) => proto !== "other" && covers(range, p));
    if (proto === "all" || admin.length > 0) {
        ctx.violation(
            `${where}${admin.length > 0 && proto !== "all" ? ` (administrative port ${admin.join(", ")})` : ""}; this is never allowed`,
            "remove the rule, or restrict its source to known CIDRs or security groups (use SSM Session Manager instead of SSH/RDP)",
        );
        return;
    }
    if (lbGroup && onlyLbPorts(range, proto)) {
        return;
    }
    ctx.violation(
        `${where}${lbGroup ? "; a load-balancer group may open only tcp 80 or 443 to the internet" : "; only load-balancer groups listed in the pack config may open tcp 80/443 to the internet"}`,
        "restrict the source to known CIDRs or security groups, or, for a load balancer's group, open only tcp 80/443 and add the group's name pattern to loadBalancerSecurityGroups in the pack config",
    );
}

/** NET-6: no security group admits the internet, except 80/443 on a configured load-balancer group. */
export const ec2SecurityGroupNoPublicIngress = resourcePolicy({
    name: "ec2-security-group-no-public-ingress",
    control: "NET-6",
    severity: "critical",
    layer: "cloud",
    description:
        "Security groups must not admit 0.0.0.0/0 or ::/0, except tcp 80/443 on load-balancer groups named in the pack config; never administrative ports (22, 3389) or all ports.",
    references: [
        { framework: "FSBP", id: "EC2.18" },
        { framework: "FSBP", id: "EC2.19" },
        { framework: "FSBP", id: "EC2.53" },
        { framework: "FSBP", id: "EC2.54" },
    ],
    remediation: "restrict the rule's source to known CIDRs or security groups; expose services through a load balancer whose group opens only tcp 80/443",
    config: {
        loadBalancerSecurityGroups: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Name patterns (* and ?) of load-balancer security groups that may open tcp 80/443 to the internet. Matched against the SecurityGroup's resource name, or the rule resource's name for separate rule resources.",
        },
    },
    resourceTypes: [SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE],
    check: (r, ctx) => {
        if (r.type === SECURITY_GROUP_RULE) {
            const kind = at(r.props, "type");
            if (ctx.isUnknown(kind, "type")) return;
            if (kind !== "ingress") return;
        }
        const list = ingressOf(r.type, r.props);
        if ("hidden" in list) {
            ctx.isUnknown(list.hidden, "ingress");
            return;
        }
        const lbGroup = firstMatchPattern(r.name, ctx.configStrings("loadBalancerSecurityGroups")) !== undefined;
        for (const rule of list.rules) {
            checkIngress(rule, lbGroup, `${r.type === SECURITY_GROUP ? "security group" : "security group rule"} "${r.name}"`, ctx);
        }
    },
});
