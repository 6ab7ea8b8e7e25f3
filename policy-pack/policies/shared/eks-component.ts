/**
 * The `@pulumi/eks` components as the pack sees them: remote components, so the pack
 * judges their inputs (as the package's SDK sends them: omitted inputs are absent) and
 * applies the package's own defaults here. Paths are checked against the package's
 * arg types (type-only import: nothing loads at run time).
 *
 * Defaults applied (from the package's docs and provider source, v4):
 *  - the Cluster builds a default node group (a NodeGroupV2) unless skipDefaultNodeGroup,
 *    fargate or autoMode.enabled is set; its settings come from nodeGroupOptions when that
 *    is given, else from the Cluster's own singular inputs (the two are exclusive);
 *  - a self-managed node group gives nodes public IPs unless nodeAssociatePublicIpAddress
 *    is false; leaves the root volume unencrypted unless nodeRootVolumeEncrypted (or the
 *    older encryptRootBlockDevice) is true; runs the recommended OS (AL2023) unless told
 *    otherwise.
 */
import type * as eks from "@pulumi/eks";
import { Data, ResourceView, asBoolean, asRecord, isUnknown, pathOf, readerFor } from "../../lib";

export const EKS_CLUSTER = "eks:index:Cluster";
export const EKS_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";
export const EKS_NODE_GROUP_V2 = "eks:index:NodeGroupV2";
export const EKS_NODE_GROUP_SECURITY_GROUP = "eks:index:NodeGroupSecurityGroup";

export const readCluster = readerFor<eks.ClusterArgs>();
export const readManagedNodeGroup = readerFor<eks.ManagedNodeGroupArgs>();
export const readNodeGroupV2 = readerFor<eks.NodeGroupV2Args>();
export const clusterPath = pathOf<eks.ClusterArgs>();

/** A value and the input path it was read from (for messages). */
export interface Read {
    readonly path: string;
    readonly value: Data;
}

/**
 * Whether the Cluster builds its default node group: "no" with the reason, "yes", or the
 * path of an unknown input that decides it (the caller fails closed when it matters).
 */
export function defaultNodeGroup(
    props: Data,
):
    | { readonly built: "yes" }
    | { readonly built: "no"; readonly why: string }
    | { readonly built: "unknown"; readonly path: string; readonly value: Data } {
    const skip = readCluster(props, "skipDefaultNodeGroup");
    const fargate = readCluster(props, "fargate");
    const auto = readCluster(props, "autoMode", "enabled");
    if (asBoolean(skip) === true) return { built: "no", why: "skipDefaultNodeGroup: true" };
    // fargate is true or a profile object: either skips the default node group.
    if (asBoolean(fargate) === true || (asRecord(fargate) !== undefined && !isUnknown(fargate))) return { built: "no", why: "fargate" };
    if (asBoolean(auto) === true) return { built: "no", why: "autoMode.enabled: true" };
    for (const [path, v] of [
        ["skipDefaultNodeGroup", skip],
        ["fargate", fargate],
        ["autoMode.enabled", auto],
    ] as const) {
        if (isUnknown(v)) return { built: "unknown", path, value: v };
    }
    return { built: "yes" };
}

/** The default node group's settings that the pack judges, as the Cluster's inputs give them. */
type NodeSetting =
    | "nodeAssociatePublicIpAddress"
    | "nodePublicKey"
    | "keyName"
    | "nodeRootVolumeEncrypted"
    | "encryptRootBlockDevice"
    | "operatingSystem"
    | "amiType"
    | "amiId";

/**
 * A default node group setting: from nodeGroupOptions when the Cluster has it (the
 * package then ignores the singular inputs), else from the Cluster's singular input of
 * the same meaning (nodeAmiId for amiId; the Cluster has no singular keyName,
 * operatingSystem, amiType or encryptRootBlockDevice).
 */
export function defaultNodeGroupSetting(props: Data, key: NodeSetting): Read {
    const options = readCluster(props, "nodeGroupOptions");
    if (options !== undefined && options !== null) {
        return { path: `nodeGroupOptions.${key}`, value: readCluster(props, "nodeGroupOptions", key) };
    }
    switch (key) {
        case "nodeAssociatePublicIpAddress":
        case "nodePublicKey":
        case "nodeRootVolumeEncrypted":
            return { path: key, value: readCluster(props, key) };
        case "amiId":
            return { path: "nodeAmiId", value: readCluster(props, "nodeAmiId") };
        default:
            return { path: `nodeGroupOptions.${key}`, value: undefined };
    }
}

/** A self-managed node group setting: the default node group's (Cluster) or the NodeGroupV2's own input. */
export function selfManagedSetting(r: ResourceView, key: NodeSetting): Read {
    if (r.type === EKS_CLUSTER) return defaultNodeGroupSetting(r.props, key);
    return { path: key, value: readNodeGroupV2(r.props, key) };
}

/** How a self-managed node group is described in messages. */
export function selfManagedLabel(r: ResourceView): string {
    return r.type === EKS_CLUSTER ? `cluster "${r.name}"'s default node group` : `node group "${r.name}"`;
}
