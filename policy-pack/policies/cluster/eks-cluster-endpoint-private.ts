import { asArray, asBoolean, resourcePolicy } from "../../lib";
import { isWorldCidr } from "../shared/network";
import { CLUSTER_TYPES, endpointPrivateAccess, endpointPublicAccess, publicAccessCidrs } from "../shared/eks";

/** EKS-1: private API endpoint; public only with explicit admin CIDRs, never the internet. */
export const eksClusterEndpointPrivate = resourcePolicy({
    name: "eks-cluster-endpoint-private",
    control: "EKS-1",
    severity: "critical",
    layer: "cluster",
    description:
        "EKS clusters must enable the private API endpoint; a public endpoint is allowed only with explicit publicAccessCidrs, never 0.0.0.0/0 or ::/0 (unset means 0.0.0.0/0).",
    references: [
        { framework: "FSBP", id: "EKS.1" },
        { framework: "CIS", id: "5.4.1" },
        { framework: "CIS", id: "5.4.2" },
    ],
    remediation: "set endpointPrivateAccess: true and endpointPublicAccess: false, or keep public access with publicAccessCidrs listing only admin networks",
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        const priv = endpointPrivateAccess(cluster);
        if (!ctx.isUnknown(priv.value, priv.path) && asBoolean(priv.value) !== true) {
            ctx.violation(`cluster "${cluster.name}" does not enable the private API endpoint (${priv.path} is ${priv.value === undefined ? "unset, default false" : JSON.stringify(priv.value)})`, `set ${priv.path}: true so nodes and admins inside the VPC reach the API privately`);
        }
        const pub = endpointPublicAccess(cluster);
        if (ctx.isUnknown(pub.value, pub.path)) return;
        if (asBoolean(pub.value) === false) return;
        // Public endpoint (explicit, or by default when unset): CIDRs must be explicit and narrow.
        const cidrs = publicAccessCidrs(cluster);
        if (ctx.isUnknown(cidrs.value, cidrs.path)) return;
        const list = asArray(cidrs.value);
        if (list.length === 0) {
            ctx.violation(`cluster "${cluster.name}" has a public API endpoint open to 0.0.0.0/0 (${cidrs.path} unset)`, `set ${pub.path}: false, or list admin networks in ${cidrs.path}`);
            return;
        }
        list.forEach((cidr, i) => {
            if (ctx.isUnknown(cidr, `${cidrs.path}.${i}`)) return;
            if (isWorldCidr(cidr)) {
                ctx.violation(`cluster "${cluster.name}" has a public API endpoint open to ${String(cidr)}`, `replace ${String(cidr)} in ${cidrs.path} with admin networks, or set ${pub.path}: false`);
            }
        });
    },
});
