import { stackPolicy } from "../../lib";
import { CLUSTER_TYPES } from "../shared/eks";
import { WORKLOAD_TYPES, effectiveNamespace } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

/** Namespaces Kubernetes creates for itself; Pod Security Admission exempts them in practice. */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];

/**
 * K8S-1: the system namespaces hold the cluster's own components (CNI, DNS, CSI drivers)
 * with powerful service accounts and no restricted Pod Security; a workload put there by
 * an application stack shares all that. Only the program that creates the cluster (its
 * add-ons) places workloads there; any other stack is reported.
 */
export const k8sNoSystemNamespace = stackPolicy({
    name: "k8s-no-system-namespace",
    control: "K8S-1",
    severity: "high",
    layer: "cluster",
    description:
        "Workloads of every kind must not be placed in kube-system, kube-public or kube-node-lease by a program that does not create the EKS cluster itself (aws.eks.Cluster or the @pulumi/eks Cluster).",
    references: [
        { framework: "CIS", id: "4.6.1" },
        { framework: "BPG", id: "Multi-tenancy: do not run workloads in kube-system" },
    ],
    remediation:
        "deploy the workload in a namespace of its own created with the baseline (NamespaceBaseline), or move it into the program that creates the cluster if it is a cluster add-on",
    subjectTypes: WORKLOAD_TYPES,
    check: (workload, stack, ctx) => {
        const ns = effectiveNamespace(workload);
        if (ns.source === "none" || ctx.isUnknown(ns.value, ns.path)) {
            return;
        }
        if (typeof ns.value !== "string" || !SYSTEM_NAMESPACES.includes(ns.value)) {
            return;
        }
        if (stack.resources.some((r) => CLUSTER_TYPES.includes(r.type))) {
            return; // the cluster's own program installs its add-ons here
        }
        ctx.violation(
            `${subjectOf(workload)} is placed in the system namespace "${ns.value}" (${ns.path}) by a program that does not create the cluster`,
        );
    },
});
