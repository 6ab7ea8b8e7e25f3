import type * as aws from "@pulumi/aws";
import { asString, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, ResourceView } from "../../lib";
import {
    EKS_CLUSTER,
    EKS_MANAGED_NODE_GROUP,
    EKS_NODE_GROUP_V2,
    Read,
    defaultNodeGroup,
    readManagedNodeGroup,
    selfManagedLabel,
    selfManagedSetting,
} from "../shared/eks-component";
import { NODE_GROUP_TYPE } from "./eks-node-group";

/** AMI families with a minimal, hardened node OS (AL2 is end of life; Windows is out of scope). */
export const ALLOWED_AMI_TYPE_PREFIXES: readonly string[] = ["AL2023_", "BOTTLEROCKET_"];
/** @pulumi/eks operatingSystem values of those families (RECOMMENDED is sent as "AL2023"). */
const ALLOWED_OPERATING_SYSTEMS: readonly string[] = ["AL2023", "Bottlerocket"];

const readNodeGroup = readerFor<aws.eks.NodeGroupArgs>();

/** How a node group chooses its OS: the first of amiId (custom AMI), amiType, operatingSystem that is set. */
interface OsChoice {
    readonly amiId: Read;
    readonly amiType: Read;
    readonly os: Read;
    /** What an unset choice means: the package's recommended OS (self-managed), or an unpinned default. */
    readonly unsetIsRecommended: boolean;
}

function choice(r: ResourceView): OsChoice {
    if (r.type === EKS_MANAGED_NODE_GROUP) {
        return {
            amiId: { path: "amiId", value: readManagedNodeGroup(r.props, "amiId") },
            amiType: { path: "amiType", value: readManagedNodeGroup(r.props, "amiType") },
            os: { path: "operatingSystem", value: readManagedNodeGroup(r.props, "operatingSystem") },
            // With neither amiType nor operatingSystem the package sends no amiType, and EKS picks by version.
            unsetIsRecommended: false,
        };
    }
    return {
        amiId: selfManagedSetting(r, "amiId"),
        amiType: selfManagedSetting(r, "amiType"),
        os: selfManagedSetting(r, "operatingSystem"),
        unsetIsRecommended: true,
    };
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");

function checkComponent(r: ResourceView, ctx: CheckContext, allowed: readonly string[]): void {
    if (r.type === EKS_CLUSTER && defaultNodeGroup(r.props).built === "no") return;
    const label = r.type === EKS_MANAGED_NODE_GROUP ? `EKS node group "${r.name}"` : selfManagedLabel(r);
    const c = choice(r);
    if (
        ctx.isUnknown(c.amiId.value, c.amiId.path) ||
        ctx.isUnknown(c.amiType.value, c.amiType.path) ||
        ctx.isUnknown(c.os.value, c.os.path)
    )
        return;
    if (isSet(c.amiId.value)) {
        ctx.violation(
            `${label} runs a custom AMI (${c.amiId.path} set), whose OS the pack cannot tell`,
            `drop ${c.amiId.path} and set ${c.amiType.path} or ${c.os.path} to an AL2023 or Bottlerocket choice`,
        );
        return;
    }
    if (isSet(c.amiType.value)) {
        const t = asString(c.amiType.value)?.trim();
        if (t === undefined || !allowed.some((p) => t.toUpperCase().startsWith(p.toUpperCase()))) {
            ctx.violation(
                `${label} uses ${c.amiType.path} ${JSON.stringify(c.amiType.value)?.slice(0, 60)}, not one of ${allowed.map((p) => `${p}*`).join(", ")}`,
            );
        }
        return;
    }
    if (isSet(c.os.value)) {
        const os = asString(c.os.value)?.trim();
        if (os === undefined || !ALLOWED_OPERATING_SYSTEMS.includes(os)) {
            ctx.violation(
                `${label} uses ${c.os.path} ${JSON.stringify(c.os.value)?.slice(0, 60)}, not one of ${ALLOWED_OPERATING_SYSTEMS.join(", ")}`,
                `set ${c.os.path}: "AL2023" or "Bottlerocket"`,
            );
        }
        return;
    }
    if (!c.unsetIsRecommended) {
        ctx.violation(
            `${label} sets neither amiType nor operatingSystem, so its node OS is not pinned to AL2023 or Bottlerocket (the package documents AL2_x86_64 as the default amiType)`,
            'set operatingSystem: "AL2023" (or amiType, e.g. "AL2023_x86_64_STANDARD")',
        );
    }
}

/**
 * EKS-6: node groups run AL2023 or Bottlerocket. amiType must be explicit on managed node
 * groups: an unset amiType depends on the Kubernetes version (or on a custom AMI in the
 * launch template, which this policy cannot see). @pulumi/eks self-managed nodes run the
 * package's recommended OS (AL2023) unless amiType, operatingSystem or a custom AMI says otherwise.
 */
export const eksNodeGroupAmiType = resourcePolicy({
    name: "eks-node-group-ami-type",
    control: "EKS-6",
    severity: "high",
    layer: "cluster",
    description: `EKS managed node groups must set amiType to an AL2023 or Bottlerocket type (prefixes ${ALLOWED_AMI_TYPE_PREFIXES.join(", ")}); @pulumi/eks node groups (ManagedNodeGroup, NodeGroupV2, a cluster's default node group) must choose one through amiType or operatingSystem (self-managed ones may leave both unset: the package's recommended OS is AL2023), and not a custom AMI.`,
    references: [{ framework: "BPG", id: "use an OS optimized for containers (AL2023, Bottlerocket)" }],
    remediation:
        'set amiType, e.g. "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD" or "BOTTLEROCKET_x86_64" (or operatingSystem: "AL2023" / "Bottlerocket" on @pulumi/eks node groups)',
    config: {
        allowedAmiTypePrefixes: {
            type: "array",
            items: { type: "string" },
            default: [...ALLOWED_AMI_TYPE_PREFIXES],
            description: "amiType prefixes a node group may use.",
        },
    },
    resourceTypes: [NODE_GROUP_TYPE, EKS_MANAGED_NODE_GROUP, EKS_NODE_GROUP_V2, EKS_CLUSTER],
    check: (group, ctx) => {
        const allowed = ctx.configStrings("allowedAmiTypePrefixes");
        if (group.type !== NODE_GROUP_TYPE) {
            checkComponent(group, ctx, allowed);
            return;
        }
        const amiType = readNodeGroup(group.props, "amiType");
        if (ctx.isUnknown(amiType, "amiType")) {
            return;
        }
        const t = asString(amiType)?.trim();
        if (t === undefined || t === "") {
            ctx.violation(`EKS node group "${group.name}" does not set amiType, so its node OS is not pinned to AL2023 or Bottlerocket`);
        } else if (!allowed.some((p) => t.toUpperCase().startsWith(p.toUpperCase()))) {
            ctx.violation(`EKS node group "${group.name}" uses amiType "${t}", not one of ${allowed.map((p) => `${p}*`).join(", ")}`);
        }
    },
});
