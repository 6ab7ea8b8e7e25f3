import { ENDPOINT_PUBLIC_MAX_PREFIX, Family, FAMILIES, describeSet, publicPart, setOfTexts, size, subtract } from "../../lib/addresses";
import { asArray, asBoolean, resourcePolicy } from "../../lib";
import { ADMIN_CONFIG, adminAllowlist, maxPublic } from "../shared/exposure";
import { CLUSTER_TYPES, endpointPrivateAccess, endpointPublicAccess, publicAccessCidrs } from "../shared/eks";

const { adminAllowedCidrs, adminAllowlistMaxPrefixIpv4, adminAllowlistMaxPrefixIpv6 } = ADMIN_CONFIG;

/** EKS-1: private API endpoint; public only from a few admin networks (their union), never the internet. */
export const eksClusterEndpointPrivate = resourcePolicy({
    name: "eks-cluster-endpoint-private",
    control: "EKS-1",
    severity: "critical",
    layer: "cluster",
    description:
        "EKS clusters must enable the private API endpoint; a public endpoint is allowed only with explicit publicAccessCidrs whose union admits no more public addresses than a configured block (a /22 by default), adminAllowedCidrs aside (unset means 0.0.0.0/0).",
    references: [
        { framework: "FSBP", id: "EKS.1" },
        { framework: "CIS", id: "5.4.1" },
        { framework: "CIS", id: "5.4.2" },
    ],
    remediation:
        "set endpointPrivateAccess: true and endpointPublicAccess: false, or keep public access with publicAccessCidrs listing only admin networks",
    config: {
        adminAllowedCidrs,
        adminAllowlistMaxPrefixIpv4,
        adminAllowlistMaxPrefixIpv6,
        publicAccessMaxPrefixIpv4: {
            type: "integer",
            minimum: 0,
            maximum: 32,
            default: ENDPOINT_PUBLIC_MAX_PREFIX.ipv4,
            description:
                "publicAccessCidrs together may admit at most as many public IPv4 addresses as one block of this prefix (/22: four /24 networks), adminAllowedCidrs not counted.",
        },
        publicAccessMaxPrefixIpv6: {
            type: "integer",
            minimum: 0,
            maximum: 128,
            default: ENDPOINT_PUBLIC_MAX_PREFIX.ipv6,
            description: "The same for IPv6 (/54 by default).",
        },
    },
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        const priv = endpointPrivateAccess(cluster);
        if (!ctx.isUnknown(priv.value, priv.path) && asBoolean(priv.value) !== true) {
            ctx.violation(
                `cluster "${cluster.name}" does not enable the private API endpoint (${priv.path} is ${priv.value === undefined ? "unset, default false" : JSON.stringify(priv.value)})`,
                `set ${priv.path}: true so nodes and admins inside the VPC reach the API privately`,
            );
        }
        const pub = endpointPublicAccess(cluster);
        if (ctx.isUnknown(pub.value, pub.path)) return;
        if (asBoolean(pub.value) === false) return;
        // Public endpoint (explicit, or by default when unset): CIDRs must be explicit and narrow.
        const cidrs = publicAccessCidrs(cluster);
        if (ctx.isUnknown(cidrs.value, cidrs.path)) return;
        if (cidrs.value !== undefined && cidrs.value !== null && !Array.isArray(cidrs.value)) {
            ctx.violation(
                `cluster "${cluster.name}" has a public API endpoint and ${cidrs.path} that is not a list of CIDRs (${JSON.stringify(cidrs.value)?.slice(0, 60)}); treated as open to 0.0.0.0/0`,
                `write ${cidrs.path} as a list such as ["203.0.113.0/24"], or set ${pub.path}: false`,
            );
            return;
        }
        const list = asArray(cidrs.value);
        if (list.length === 0) {
            ctx.violation(
                `cluster "${cluster.name}" has a public API endpoint open to 0.0.0.0/0 (${cidrs.path} unset)`,
                `set ${pub.path}: false, or list admin networks in ${cidrs.path}`,
            );
            return;
        }
        const known = list.filter((cidr, i) => !ctx.isUnknown(cidr, `${cidrs.path}.${i}`));
        const { set, errors } = setOfTexts(known);
        for (const e of errors) {
            ctx.violation(
                `cluster "${cluster.name}" ${cidrs.path}.${list.indexOf(known[e.index])}: ${e.reason}; treated as non-compliant`,
                `write each entry of ${cidrs.path} as a CIDR such as 203.0.113.0/24`,
            );
        }
        const max = maxPublic(ctx, { ipv4: "publicAccessMaxPrefixIpv4", ipv6: "publicAccessMaxPrefixIpv6" }, ENDPOINT_PUBLIC_MAX_PREFIX);
        const open = subtract(publicPart(set), adminAllowlist(ctx).set);
        const over: Family[] = FAMILIES.filter((f) => size(open, f) > max[f]);
        if (over.length > 0) {
            ctx.violation(
                `cluster "${cluster.name}" has a public API endpoint open to ${describeSet(set)} (${over.map((f) => `${size(open, f).toLocaleString("en-US")} public ${f === "ipv4" ? "IPv4" : "IPv6"} addresses, more than ${max[f].toLocaleString("en-US")}`).join("; ")})`,
                `list only admin networks in ${cidrs.path} (or in adminAllowedCidrs of the pack config), or set ${pub.path}: false`,
            );
        }
    },
});
