import { asArray, resourcePolicy } from "../../lib";
import { CLUSTER_TYPES, CONTROL_PLANE_LOG_TYPES, enabledLogTypes } from "../shared/eks";

/** EKS-3: all five control-plane log types are on. */
export const eksClusterControlPlaneLogging = resourcePolicy({
    name: "eks-cluster-control-plane-logging",
    control: "EKS-3",
    severity: "high",
    layer: "cluster",
    description: `EKS clusters must enable all five control-plane log types (${CONTROL_PLANE_LOG_TYPES.join(", ")}).`,
    references: [
        { framework: "FSBP", id: "EKS.8" },
        { framework: "CIS", id: "2.1" },
    ],
    remediation: `set enabledClusterLogTypes to ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)} and give the /aws/eks/<cluster>/cluster log group a KMS key and retention`,
    resourceTypes: CLUSTER_TYPES,
    check: (cluster, ctx) => {
        const types = enabledLogTypes(cluster);
        if (ctx.containsUnknown(types.value, types.path)) return;
        const enabled = asArray(types.value);
        const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            ctx.violation(
                `cluster "${cluster.name}" does not log ${missing.join(", ")} (${types.path} ${types.value === undefined ? "unset" : JSON.stringify(types.value)})`,
            );
        }
    },
});
