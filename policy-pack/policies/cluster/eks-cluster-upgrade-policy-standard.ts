import { asString, at, resourcePolicy } from "../../lib";
import { CLUSTER_TYPE } from "./eks-cluster";

const STANDARD = "STANDARD";

/**
 * EKS-9 (advisory): with support type STANDARD, EKS upgrades a cluster at the end of
 * standard support instead of keeping it on paid extended support; an unset
 * upgradePolicy means EXTENDED. Medium: it is a lifecycle choice, not an exposure.
 */
export const eksClusterUpgradePolicyStandard = resourcePolicy({
    name: "eks-cluster-upgrade-policy-standard",
    control: "EKS-9",
    severity: "medium",
    layer: "cluster",
    description: "EKS clusters should set upgradePolicy.supportType STANDARD.",
    references: [{ framework: "FSBP", id: "EKS.2" }],
    remediation: 'set upgradePolicy: { supportType: "STANDARD" }',
    resourceTypes: [CLUSTER_TYPE],
    check: (cluster, ctx) => {
        const support = at(cluster.props, "upgradePolicy", "supportType");
        if (ctx.isUnknown(support, "upgradePolicy.supportType")) {
            return;
        }
        const s = asString(support)?.trim();
        if (s !== STANDARD) {
            ctx.violation(`EKS cluster "${cluster.name}" has upgrade support type ${s === undefined ? "unset (EXTENDED)" : `"${s}"`}, so it can stay on an old version under extended support`);
        }
    },
    remediate: (cluster) => {
        const s = at(cluster.props, "upgradePolicy", "supportType");
        return s === undefined ? [{ path: ["upgradePolicy", "supportType"], value: STANDARD }] : [];
    },
});
