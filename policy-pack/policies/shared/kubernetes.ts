/**
 * Kubernetes helpers shared by the k8s-* policies: where each workload kind keeps its
 * pod spec, one walk over every container list, Pod Security Standards inheritance of
 * security-context fields, and the effective namespace (resource, then provider).
 *
 * Patch kinds (`...Patch`, server-side apply) carry only the fields they change, so for
 * them a rule fires only on a value that is explicitly set and insecure; an absent field
 * is left as it is on the live object, which this pack cannot see.
 */
import type { CheckContext, Data, DataRecord, ResourceView } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { asArray, asRecord, asString, at, isUnknown, readerFor } from "../../lib";
import { currentType, withOlderVersions } from "./apiVersions";

/** Every Kubernetes object has ObjectMeta under `metadata`. */
const objectRead = readerFor<{ metadata?: k8s.types.input.meta.v1.ObjectMeta }>();
const providerRead = readerFor<k8s.ProviderArgs>();

/** Path from the resource's inputs to its pod spec, per workload kind. */
const TEMPLATE_SPEC = ["spec", "template", "spec"] as const;
const CRONJOB_SPEC = ["spec", "jobTemplate", "spec", "template", "spec"] as const;

const BASE_WORKLOADS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:core/v1:ReplicationController": TEMPLATE_SPEC,
    "kubernetes:apps/v1:Deployment": TEMPLATE_SPEC,
    "kubernetes:apps/v1:StatefulSet": TEMPLATE_SPEC,
    "kubernetes:apps/v1:DaemonSet": TEMPLATE_SPEC,
    "kubernetes:apps/v1:ReplicaSet": TEMPLATE_SPEC,
    "kubernetes:batch/v1:Job": TEMPLATE_SPEC,
    "kubernetes:batch/v1:CronJob": CRONJOB_SPEC,
};

const PATCH_SUFFIX = "Patch";

/** Whole-object workload types (the ones that create a workload), in every apiVersion the SDK offers. */
export const WORKLOAD_TYPES: readonly string[] = withOlderVersions(Object.keys(BASE_WORKLOADS));
/** Their server-side-apply Patch variants. */
export const WORKLOAD_PATCH_TYPES: readonly string[] = WORKLOAD_TYPES.map((t) => `${t}${PATCH_SUFFIX}`);
/** Every type a pod-spec policy checks. */
export const POD_SPEC_TYPES: readonly string[] = [...WORKLOAD_TYPES, ...WORKLOAD_PATCH_TYPES];

export function isPatchType(type: string): boolean {
    return type.startsWith("kubernetes:") && type.endsWith(PATCH_SUFFIX);
}

/**
 * Adds the Patch variant of each type (for policies that check explicit values only),
 * and both in every older apiVersion of the same kind (shared/apiVersions.ts).
 */
export function withPatchTypes(types: readonly string[]): readonly string[] {
    return withOlderVersions([...types, ...types.map((t) => `${t}${PATCH_SUFFIX}`)]);
}

function specPath(type: string): readonly string[] | undefined {
    return BASE_WORKLOADS[currentType(isPatchType(type) ? type.slice(0, -PATCH_SUFFIX.length) : type)];
}

export interface PodSpecView {
    readonly spec: DataRecord;
    /** Dotted path of the pod spec inside the inputs, e.g. "spec.template.spec". */
    readonly path: string;
    /** True for Patch kinds: absent fields are not judged. */
    readonly partial: boolean;
}

/**
 * The pod spec of a workload, or undefined when there is nothing to judge: an unknown
 * spec (recorded through ctx: fails closed) or a Patch that does not touch the pod spec.
 * A whole-object workload without a pod spec is judged as an empty one.
 */
export function podSpecOf(resource: ResourceView, ctx: CheckContext): PodSpecView | undefined {
    const path = specPath(resource.type);
    if (path === undefined) {
        return undefined;
    }
    const partial = isPatchType(resource.type);
    const value = at(resource.props, ...path);
    const dotted = path.join(".");
    if (ctx.isUnknown(value, dotted)) {
        return undefined;
    }
    const spec = asRecord(value);
    if (spec === undefined) {
        return partial ? undefined : { spec: {}, path: dotted, partial };
    }
    return { spec, path: dotted, partial };
}

export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

export interface ContainerView {
    readonly list: ContainerList;
    readonly index: number;
    readonly name: string;
    /** Dotted path, e.g. "spec.template.spec.initContainers.0". */
    readonly path: string;
    readonly value: DataRecord;
}

/**
 * Every container of the pod spec (containers, initContainers, ephemeralContainers).
 * An unknown list or element is recorded through ctx (fails closed) and skipped.
 */
export function containersOf(pod: PodSpecView, ctx: CheckContext, lists: readonly ContainerList[] = CONTAINER_LISTS): ContainerView[] {
    const out: ContainerView[] = [];
    for (const list of lists) {
        const raw = pod.spec[list];
        if (ctx.isUnknown(raw, `${pod.path}.${list}`)) {
            continue;
        }
        asArray(raw).forEach((item, index) => {
            const path = `${pod.path}.${list}.${index}`;
            if (ctx.isUnknown(item, path)) {
                return;
            }
            const value = asRecord(item) ?? {};
            out.push({ list, index, name: asString(value.name) ?? `#${index}`, path, value });
        });
    }
    return out;
}

/** "container \"app\" (spec.template.spec.containers.0)" for messages. */
export function describeContainer(c: ContainerView): string {
    const kind = c.list === "containers" ? "container" : c.list === "initContainers" ? "init container" : "ephemeral container";
    return `${kind} "${c.name}" (${c.path})`;
}

/** A value with the path it was read from (for unknown reports and messages). */
export interface Located {
    readonly value: Data;
    readonly path: string;
}

/** A field of the pod-level securityContext. */
export function podSecurityField(pod: PodSpecView, ...field: readonly string[]): Located {
    return { value: at(pod.spec, "securityContext", ...field), path: `${pod.path}.securityContext.${field.join(".")}` };
}

/** A field of a container's securityContext. */
export function containerSecurityField(c: ContainerView, ...field: readonly string[]): Located {
    return { value: at(c.value, "securityContext", ...field), path: `${c.path}.securityContext.${field.join(".")}` };
}

/**
 * Pod Security Standards inheritance for fields that exist at both levels (runAsNonRoot,
 * runAsUser, seccompProfile): the container's value wins when set; otherwise the pod's.
 * An unknown container value is returned as is (never silently replaced by the pod's).
 */
export function effectiveSecurityField(pod: PodSpecView, c: ContainerView, ...field: readonly string[]): Located {
    const own = containerSecurityField(c, ...field);
    if (own.value !== undefined && own.value !== null) {
        return own;
    }
    return podSecurityField(pod, ...field);
}

/** The name of the resource's Kubernetes object (metadata.name), else the Pulumi name. */
export function objectName(resource: ResourceView): string {
    return asString(objectRead(resource.props, "metadata", "name")) ?? resource.name;
}

/** The type token of Kubernetes provider resources (explicit and default providers). */
export const KUBERNETES_PROVIDER_TYPE = "pulumi:providers:kubernetes";

/** The default namespace of Kubernetes: where a namespaced object lands when none is set. */
export const DEFAULT_NAMESPACE = "default";

/** Where a namespaced resource's namespace comes from. */
export type NamespaceSource = "resource" | "provider" | "none";

export interface EffectiveNamespace {
    /** The namespace name, an `Unknown`, or undefined when nothing sets one. */
    readonly value: Data;
    readonly source: NamespaceSource;
    /** Path for unknown reports: "metadata.namespace" or "provider <name>.namespace". */
    readonly path: string;
}

/**
 * The namespace a namespaced resource lands in, with the provider's precedence:
 * `metadata.namespace` on the resource, else the Kubernetes provider's `namespace`
 * input (explicit provider, or the default provider from `kubernetes:namespace` config).
 * The kubeconfig context's namespace (precedence 3) cannot be seen at preview: when
 * neither is set the result has source "none" (Kubernetes then uses "default" unless the
 * kubeconfig context says otherwise).
 */
export function effectiveNamespace(resource: ResourceView): EffectiveNamespace {
    const own = objectRead(resource.props, "metadata", "namespace");
    if (isUnknown(own) || (typeof own === "string" && own !== "")) {
        return { value: own, source: "resource", path: "metadata.namespace" };
    }
    const provider = resource.provider;
    if (provider !== undefined && provider.type === KUBERNETES_PROVIDER_TYPE) {
        const ns = providerRead(provider.props, "namespace");
        if (isUnknown(ns) || (typeof ns === "string" && ns !== "")) {
            return { value: ns, source: "provider", path: `provider "${provider.name}" namespace` };
        }
    }
    return { value: undefined, source: "none", path: "metadata.namespace" };
}
