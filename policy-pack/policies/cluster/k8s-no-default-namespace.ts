import type { Data } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { readerFor, resourcePolicy } from "../../lib";
import { parseKubernetesType, withOlderVersions } from "../shared/apiVersions";
import { DEFAULT_NAMESPACE, WORKLOAD_TYPES, effectiveNamespace } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

/**
 * Namespaced kinds a stack typically creates. Patch kinds are left out on purpose: a
 * patch edits an object that already exists where it is (hardening the `default`
 * namespace's own objects is fine).
 */
export const NAMESPACED_TYPES: readonly string[] = [
    ...WORKLOAD_TYPES,
    ...withOlderVersions([
        "kubernetes:core/v1:Service",
        "kubernetes:core/v1:ConfigMap",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:ServiceAccount",
        "kubernetes:core/v1:PersistentVolumeClaim",
        "kubernetes:networking.k8s.io/v1:Ingress",
        "kubernetes:rbac.authorization.k8s.io/v1:Role",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    ]),
];

/**
 * Objects Kubernetes itself keeps in every cluster's `default` namespace: a program that
 * adopts or manages one of them places nothing new there.
 */
export const BUILTIN_DEFAULT_OBJECTS: Readonly<Record<string, readonly string[]>> = {
    Service: ["kubernetes"],
    ServiceAccount: ["default"],
    ConfigMap: ["kube-root-ca.crt"],
};

/** Every Kubernetes object has the same metadata. */
const objectMeta = readerFor<k8s.core.v1.ConfigMapArgs>();

function isBuiltinDefaultObject(type: string, name: Data): boolean {
    const kind = parseKubernetesType(type)?.kind;
    return kind !== undefined && typeof name === "string" && (BUILTIN_DEFAULT_OBJECTS[kind] ?? []).includes(name);
}

/** K8S-1: nothing lands in `default`, which carries no baseline (PSA, default deny, quota). */
export const k8sNoDefaultNamespace = resourcePolicy({
    name: "k8s-no-default-namespace",
    control: "K8S-1",
    severity: "medium",
    layer: "cluster",
    description:
        "Namespaced Kubernetes resources must name a namespace other than default, on the resource (metadata.namespace) or on its Kubernetes provider (namespace).",
    references: [
        { framework: "CIS", id: "4.6.4" },
        { framework: "PSS", id: "Pod Security Admission namespace labels" },
    ],
    remediation:
        "set metadata.namespace to a namespace created with the baseline (PSA restricted, default-deny NetworkPolicy, ResourceQuota), or set namespace on the Kubernetes provider",
    resourceTypes: NAMESPACED_TYPES,
    check: (resource, ctx) => {
        const ns = effectiveNamespace(resource);
        if (ctx.isUnknown(ns.value, ns.path)) {
            return;
        }
        const subject = subjectOf(resource);
        if (ns.source === "none") {
            ctx.violation(
                `${subject} sets no namespace (neither metadata.namespace nor its Kubernetes provider's namespace), so it lands in "${DEFAULT_NAMESPACE}" (or the kubeconfig context's namespace, which is not visible at preview)`,
            );
        } else if (
            ns.value === DEFAULT_NAMESPACE &&
            !isBuiltinDefaultObject(resource.type, objectMeta(resource.props, "metadata", "name"))
        ) {
            const where =
                ns.source === "resource" ? "metadata.namespace" : `the namespace of its provider "${resource.provider?.name ?? "?"}"`;
            ctx.violation(`${subject} is placed in the "${DEFAULT_NAMESPACE}" namespace by ${where}`);
        }
    },
});
