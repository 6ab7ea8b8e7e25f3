import { firstMatchPattern, stackPolicy } from "../../lib";
import { ADMIN_CONFIG, adminAllowlist, adminPorts, maxPublic } from "../shared/exposure";
import { adminExposure, describeFinding, describeSources, wideExposure } from "../shared/judge";
import { PREFIX_LIST, PREFIX_LIST_ENTRY, SG_TYPES, groupLabel, groupOf, permissionsOf } from "../shared/sgIngress";

function range(from: number, to: number): number[] {
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The only tcp ports a load-balancer security group may open to the internet. */
const LB_PUBLIC_PORTS: readonly number[] = [80, 443];

/**
 * NET-6: judged per security group on the union of every ingress permission that targets it
 * (inline rules, SecurityGroupRule, vpc.SecurityGroupIngressRule, rules on a VPC's default
 * group), per protocol and port, with sources as address sets (docs/pack.md, "Exposure").
 */
export const ec2SecurityGroupNoPublicIngress = stackPolicy({
    name: "ec2-security-group-no-public-ingress",
    control: "NET-6",
    severity: "critical",
    layer: "cloud",
    description:
        "Security groups (all their ingress rules together) must not let public addresses reach administrative ports, except allowlisted admin networks, nor let more public addresses than a configured block reach any other port, except tcp 80/443 on load-balancer groups named in the pack config.",
    references: [
        { framework: "FSBP", id: "EC2.18" },
        { framework: "FSBP", id: "EC2.19" },
        { framework: "FSBP", id: "EC2.53" },
        { framework: "FSBP", id: "EC2.54" },
    ],
    remediation:
        "restrict the rules' sources to private ranges, security groups or allowlisted admin networks; expose services through a load balancer whose group opens only tcp 80/443",
    config: {
        ...ADMIN_CONFIG,
        loadBalancerSecurityGroups: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Name patterns (* and ?) of load-balancer security groups that may open tcp 80/443 to the internet. Matched against the SecurityGroup's resource name (or, for rules whose group is not in the program, the first rule's name).",
        },
        publicSourceMaxPrefixIpv4: {
            type: "integer",
            minimum: 0,
            maximum: 32,
            default: 16,
            description:
                "Non-administrative ports may be reached from at most as many public IPv4 addresses as one block of this prefix holds (/16: 65,536), counted over the union of a group's rules.",
        },
        publicSourceMaxPrefixIpv6: {
            type: "integer",
            minimum: 0,
            maximum: 128,
            default: 48,
            description: "The same for IPv6 (/48 by default).",
        },
    },
    subjectTypes: SG_TYPES,
    alsoJudges: [PREFIX_LIST, PREFIX_LIST_ENTRY],
    check: (subject, stack, ctx) => {
        const members = groupOf(stack, subject);
        if (members === undefined) return; // judged with the group it adds to
        const perms = permissionsOf(stack, members, ctx);
        if (perms.length === 0) return;
        const group = groupLabel(subject);
        const allow = adminAllowlist(ctx);
        const ignored = allow.ignored.length > 0 ? ` (adminAllowedCidrs entries ignored: ${allow.ignored.join(", ")})` : "";
        const admin = adminExposure(perms, adminPorts(ctx), allow.set);
        for (const f of admin.findings) {
            ctx.violation(
                `${group} lets ${describeSources(f)} reach administrative ${describeFinding(f)} through ${f.through.join(", ")}${ignored}`,
                "restrict the sources to private ranges or security groups, or list the admin network (no larger than a /24) in adminAllowedCidrs; use SSM Session Manager instead of SSH/RDP",
            );
        }
        const seen = new Set<string>();
        for (const u of admin.unresolved) {
            if (seen.has(u.what)) continue;
            seen.add(u.what);
            ctx.violation(
                `${group} admits ${u.what} on administrative ${u.protocol} port ${u.port}; treated as open (fail closed)`,
                "use a prefix list created in the same program, or CIDRs",
            );
        }
        const lb = firstMatchPattern(subject.name, ctx.configStrings("loadBalancerSecurityGroups")) !== undefined;
        const max = maxPublic(ctx, { ipv4: "publicSourceMaxPrefixIpv4", ipv6: "publicSourceMaxPrefixIpv6" }, { ipv4: 16, ipv6: 48 });
        const reported = (protocol: string): number[] =>
            admin.findings.filter((f) => f.protocol === protocol).flatMap((f) => f.ports.flatMap((r) => range(r.from, r.to)));
        const skip = { tcp: [...reported("tcp"), ...(lb ? LB_PUBLIC_PORTS : [])], udp: reported("udp") };
        for (const f of wideExposure(perms, max, skip)) {
            ctx.violation(
                `${group} lets ${describeSources(f)} reach ${describeFinding(f)} through ${f.through.join(", ")}; ${lb ? "a load-balancer group may open only tcp 80 or 443 to the internet" : "only load-balancer groups listed in the pack config may open tcp 80/443 to the internet"}`,
                "restrict the sources to known networks or security groups, or, for a load balancer's group, open only tcp 80/443 and add the group's name pattern to loadBalancerSecurityGroups in the pack config",
            );
        }
    },
});
