/**
 * Linking namespaced resources to a Namespace created in the same stack (stack policies
 * K8S-2 and K8S-4). A resource is in the Namespace when
 *  - its effective namespace (metadata.namespace, else its Kubernetes provider's
 *    namespace) is a known string equal to the Namespace's metadata.name; or
 *  - that namespace is not a known string (unknown at preview, or the Namespace's own name
 *    is unknown) and it was computed from the Namespace: a property dependency of the
 *    resource's `metadata` on the Namespace, or of its provider's `namespace` on it (the
 *    provider resource is looked up in the stack by URN).
 * A resource that sets no namespace anywhere is in no baseline namespace.
 *
 * Undecided (fail closed): a resource whose namespace is unknown at preview and that
 * depends on no Namespace of the stack might be in any of them.
 */
import type { StackResourceView, StackView } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { Unknown, asString, isUnknown, readerFor } from "../../lib";
import { effectiveNamespace } from "./kubernetes";

const namespaceRead = readerFor<k8s.core.v1.NamespaceArgs>();

function dependsOn(r: StackResourceView | undefined, property: string, urn: string): boolean {
    return r !== undefined && (r.propertyDependencies[property] ?? []).includes(urn);
}

export function isInNamespace(resource: StackResourceView, namespace: StackResourceView, stack: StackView): boolean {
    const eff = effectiveNamespace(resource);
    if (eff.source === "none") {
        return false;
    }
    const nsName = asString(namespaceRead(namespace.props, "metadata", "name"));
    if (typeof eff.value === "string" && nsName !== undefined) {
        return eff.value === nsName;
    }
    if (eff.source === "resource") {
        return dependsOn(resource, "metadata", namespace.urn);
    }
    const providerUrn = resource.provider?.urn;
    return dependsOn(
        stack.resources.find((r) => r.urn === providerUrn),
        "namespace",
        namespace.urn,
    );
}

/** True when the resource's namespace (resource, then provider) came from some Namespace of the stack. */
function dependsOnSomeNamespace(resource: StackResourceView, stack: StackView, namespaceType: string): boolean {
    return stack.resources.some((ns) => ns.type === namespaceType && isInNamespace(resource, ns, stack));
}

/**
 * Resources of `types` whose membership in `namespace` cannot be decided at preview, each
 * as an `Unknown` naming it: their namespace is unknown and was not computed from any
 * Namespace of the stack.
 */
export function undecidedInNamespace(namespace: StackResourceView, stack: StackView, types: readonly string[]): Unknown[] {
    return stack.resources
        .filter((r) => types.includes(r.type))
        .filter((r) => isUnknown(effectiveNamespace(r).value) && !dependsOnSomeNamespace(r, stack, namespace.type))
        .map(
            (r) =>
                new Unknown(
                    `${effectiveNamespace(r).path} of ${r.type.split(":").pop() ?? r.type} "${r.name}", which may be ${namespaceLabel(namespace)},`,
                ),
        );
}

/** Resources of `types` in the Namespace `namespace` (see the module comment). */
export function resourcesInNamespace(namespace: StackResourceView, stack: StackView, types: readonly string[]): StackResourceView[] {
    return stack.resources.filter((r) => types.includes(r.type) && isInNamespace(r, namespace, stack));
}

/** `Namespace "team-a"` for messages. */
export function namespaceLabel(namespace: StackResourceView): string {
    return `Namespace "${asString(namespaceRead(namespace.props, "metadata", "name")) ?? namespace.name}"`;
}
