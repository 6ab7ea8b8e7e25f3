import { asString, at, resourcePolicy } from "../../lib";
import { NODE_GROUP_TYPE } from "./eks-node-group";

/** AMI families with a minimal, hardened node OS (AL2 is end of life; Windows is out of scope). */
export const ALLOWED_AMI_TYPE_PREFIXES: readonly string[] = ["AL2023_", "BOTTLEROCKET_"];

/**
 * EKS-6: node groups run AL2023 or Bottlerocket. amiType must be explicit: an unset
 * amiType depends on the Kubernetes version (or on a custom AMI in the launch template,
 * which this policy cannot see).
 */
export const eksNodeGroupAmiType = resourcePolicy({
    name: "eks-node-group-ami-type",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description: `EKS managed node groups must set amiType to an AL2023 or Bottlerocket type (prefixes ${ALLOWED_AMI_TYPE_PREFIXES.join(", ")}).`,
    references: [{ framework: "BPG", id: "use an OS optimized for containers (AL2023, Bottlerocket)" }],
    remediation: 'set amiType, e.g. "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD" or "BOTTLEROCKET_x86_64"',
    config: {
        allowedAmiTypePrefixes: {
            type: "array",
            items: { type: "string" },
            default: [...ALLOWED_AMI_TYPE_PREFIXES],
            description: "amiType prefixes a node group may use.",
        },
    },
    resourceTypes: [NODE_GROUP_TYPE],
    check: (group, ctx) => {
        const amiType = at(group.props, "amiType");
        if (ctx.isUnknown(amiType, "amiType")) {
            return;
        }
        const t = asString(amiType)?.trim();
        const allowed = ctx.configStrings("allowedAmiTypePrefixes");
        if (t === undefined || t === "") {
            ctx.violation(`EKS node group "${group.name}" does not set amiType, so its node OS is not pinned to AL2023 or Bottlerocket`);
        } else if (!allowed.some((p) => t.toUpperCase().startsWith(p.toUpperCase()))) {
            ctx.violation(`EKS node group "${group.name}" uses amiType "${t}", not one of ${allowed.map((p) => `${p}*`).join(", ")}`);
        }
    },
});
