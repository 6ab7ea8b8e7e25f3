import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import { asString, pathOfEach, readPath, readerFor, resourcePolicy } from "../../lib";
import { EKS_CLUSTER, readCluster } from "../shared/eks-component";
import { CLUSTER_TYPE } from "./eks-cluster";

const readAwsCluster = readerFor<aws.eks.ClusterArgs>();
/** The same path in both shapes (aws.eks.ClusterArgs and eks.ClusterArgs). */
const SUPPORT_TYPE = pathOfEach<aws.eks.ClusterArgs, eks.ClusterArgs>()("upgradePolicy", "supportType");

const STANDARD = "STANDARD";

/**
 * EKS-9 (advisory): with support type STANDARD, EKS upgrades a cluster at the end of
 * standard support instead of keeping it on paid extended support; an unset
 * upgradePolicy means EXTENDED (the @pulumi/eks Cluster passes its upgradePolicy through).
 * Medium: it is a lifecycle choice, not an exposure.
 */
export const eksClusterUpgradePolicyStandard = resourcePolicy({
    name: "eks-cluster-upgrade-policy-standard",
    control: "EKS-9",
    severity: "medium",
    layer: "cluster",
    description: "EKS clusters (aws.eks.Cluster and the @pulumi/eks Cluster component) should set upgradePolicy.supportType STANDARD.",
    references: [{ framework: "FSBP", id: "EKS.2" }],
    remediation: 'set upgradePolicy: { supportType: "STANDARD" }',
    resourceTypes: [CLUSTER_TYPE, EKS_CLUSTER],
    check: (cluster, ctx) => {
        const support =
            cluster.type === EKS_CLUSTER
                ? readCluster(cluster.props, "upgradePolicy", "supportType")
                : readAwsCluster(cluster.props, "upgradePolicy", "supportType");
        if (ctx.isUnknown(support, "upgradePolicy.supportType")) {
            return;
        }
        const s = asString(support)?.trim();
        if (s !== STANDARD) {
            ctx.violation(
                `EKS cluster "${cluster.name}" has upgrade support type ${s === undefined ? "unset (EXTENDED)" : `"${s}"`}, so it can stay on an old version under extended support`,
            );
        }
    },
    remediate: (cluster) => {
        const s = readPath(cluster.props, SUPPORT_TYPE);
        return s === undefined ? [{ path: [...SUPPORT_TYPE], value: STANDARD }] : [];
    },
});
