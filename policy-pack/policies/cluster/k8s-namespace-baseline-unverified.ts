import type { StackResourceView, StackView } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { asRecord, asString, readerFor, stackPolicy } from "../../lib";
import { DEFAULT_NAMESPACE, WORKLOAD_TYPES, effectiveNamespace } from "../shared/kubernetes";
import { isInNamespace } from "../shared/namespaces";
import { subjectOf } from "../shared/podPolicy";
import { NAMESPACE_TYPE, NETWORK_POLICY_OBJECT_TYPES, deniesAll } from "./k8s-namespace-default-deny";
import { RESOURCE_QUOTA_TYPE } from "./k8s-namespace-resource-quota";
import { SYSTEM_NAMESPACES } from "./k8s-no-system-namespace";

const netpol = readerFor<k8s.networking.v1.NetworkPolicyArgs>();
const quotaRead = readerFor<k8s.core.v1.ResourceQuotaArgs>();

/** Resources of `types` whose namespace is the known string `name`. */
function inNamed(stack: StackView, types: readonly string[], name: string): StackResourceView[] {
    return stack.resources.filter((r) => types.includes(r.type) && effectiveNamespace(r).value === name);
}

/** What the stack itself shows about a namespace it does not create: the checks it cannot make. */
function unverifiable(stack: StackView, name: string): string[] {
    const policies = inNamed(stack, NETWORK_POLICY_OBJECT_TYPES, name);
    const deniesBoth = (["Ingress", "Egress"] as const).every((dir) =>
        policies.some((p) => deniesAll(netpol(p.props, "spec"), dir) === true),
    );
    const quota = inNamed(stack, [RESOURCE_QUOTA_TYPE], name).some(
        (q) => Object.keys(asRecord(quotaRead(q.props, "spec", "hard")) ?? {}).length > 0,
    );
    return [...(deniesBoth ? [] : ["a default-deny NetworkPolicy (K8S-2)"]), ...(quota ? [] : ["a ResourceQuota (K8S-4)"])];
}

/**
 * K8S-2 and K8S-4 judge the Namespaces a stack creates. A workload placed in a namespace
 * made elsewhere (another stack, by hand) would otherwise pass in silence; this says that
 * the pack cannot verify that namespace's baseline. Advisory by default (low): set it to
 * mandatory to require every stack to create, or at least harden, its namespaces.
 */
export const k8sNamespaceBaselineUnverified = stackPolicy({
    name: "k8s-namespace-baseline-unverified",
    control: "K8S-2",
    severity: "low",
    layer: "cluster",
    description:
        "A workload in a namespace the stack does not create is reported (advisory) when the stack does not itself give that namespace a default-deny NetworkPolicy and a ResourceQuota, because the pack cannot verify them.",
    references: [
        { framework: "CIS", id: "4.3.2" },
        { framework: "BPG", id: "Multi-tenancy: resource quotas" },
    ],
    remediation:
        "create the namespace in this stack with the baseline (NamespaceBaseline), or confirm that the stack that creates it gives it a default-deny NetworkPolicy and a ResourceQuota",
    subjectTypes: WORKLOAD_TYPES,
    check: (workload, stack, ctx) => {
        const ns = effectiveNamespace(workload);
        if (ns.source === "none") {
            return; // k8s-no-default-namespace judges it
        }
        // In a Namespace of this stack (by name, or computed from it): K8S-2 and K8S-4 judge that Namespace.
        if (stack.resources.some((n) => n.type === NAMESPACE_TYPE && isInNamespace(workload, n, stack))) {
            return;
        }
        if (ctx.isUnknown(ns.value, ns.path)) {
            return;
        }
        const name = asString(ns.value);
        if (name === undefined || name === DEFAULT_NAMESPACE || SYSTEM_NAMESPACES.includes(name)) {
            return; // k8s-no-default-namespace and k8s-no-system-namespace judge these
        }
        const missing = unverifiable(stack, name);
        if (missing.length > 0) {
            ctx.violation(
                `${subjectOf(workload)} runs in namespace "${name}", which this stack does not create: the pack cannot verify ${missing.join(" or ")} there`,
            );
        }
    },
});
