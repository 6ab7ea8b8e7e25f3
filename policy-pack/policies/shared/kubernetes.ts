/**
 * Kubernetes helpers shared by the k8s-* policies: where each workload kind keeps its
 * pod spec, one walk over every container list, Pod Security Standards inheritance of
 * security-context fields, and the effective namespace (resource, then provider).
 *
 * Patch kinds (`...Patch`, server-side apply) carry only the fields they change, so for
 * them a rule fires only on a value that is explicitly set and insecure; an absent field
 * is left as it is on the live object, which this pack cannot see.
 */
import type { CheckContext, CheckedPath, Data, DataRecord, ResourceView, ValidPath } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { asArray, asRecord, asString, checkedBy, isUnknown, pathOf, pathOfEach, readPath, readerFor } from "../../lib";
import { currentType, withOlderVersions } from "./apiVersions";

/** Every Kubernetes object has ObjectMeta under `metadata`. */
const objectRead = readerFor<{ metadata?: k8s.types.input.meta.v1.ObjectMeta }>();
const providerRead = readerFor<k8s.ProviderArgs>();

/** Where a workload kind keeps its pod spec, and the pod's annotations beside it (AppArmor). */
interface PodPaths {
    readonly spec: CheckedPath<unknown>;
    readonly annotations: CheckedPath<unknown>;
}
type Key = string | number;
/** Both paths of one kind, each checked against that kind's input type. */
function podPaths<T>(): <const S extends readonly Key[], const A extends readonly Key[]>(
    spec: S & ValidPath<T, S>,
    annotations: A & ValidPath<T, A>,
) => PodPaths {
    return (spec, annotations) => ({ spec: checkedBy<T>(spec), annotations: checkedBy<T>(annotations) });
}
const TEMPLATE = [
    ["spec", "template", "spec"],
    ["spec", "template", "metadata", "annotations"],
] as const;

/** Paths from the resource's inputs to its pod spec and annotations, per workload kind. */
const BASE_WORKLOADS: Readonly<Record<string, PodPaths>> = {
    "kubernetes:core/v1:Pod": podPaths<k8s.core.v1.PodArgs>()(["spec"], ["metadata", "annotations"]),
    "kubernetes:core/v1:ReplicationController": podPaths<k8s.core.v1.ReplicationControllerArgs>()(...TEMPLATE),
    "kubernetes:apps/v1:Deployment": podPaths<k8s.apps.v1.DeploymentArgs>()(...TEMPLATE),
    "kubernetes:apps/v1:StatefulSet": podPaths<k8s.apps.v1.StatefulSetArgs>()(...TEMPLATE),
    "kubernetes:apps/v1:DaemonSet": podPaths<k8s.apps.v1.DaemonSetArgs>()(...TEMPLATE),
    "kubernetes:apps/v1:ReplicaSet": podPaths<k8s.apps.v1.ReplicaSetArgs>()(...TEMPLATE),
    "kubernetes:batch/v1:Job": podPaths<k8s.batch.v1.JobArgs>()(...TEMPLATE),
    "kubernetes:batch/v1:CronJob": podPaths<k8s.batch.v1.CronJobArgs>()(
        ["spec", "jobTemplate", "spec", "template", "spec"],
        ["spec", "jobTemplate", "spec", "template", "metadata", "annotations"],
    ),
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

function podPathsOf(type: string): PodPaths | undefined {
    return BASE_WORKLOADS[currentType(isPatchType(type) ? type.slice(0, -PATCH_SUFFIX.length) : type)];
}

export interface PodSpecView {
    readonly spec: DataRecord;
    /** Dotted path of the pod spec inside the inputs, e.g. "spec.template.spec". */
    readonly path: string;
    /** True for Patch kinds: absent fields are not judged. */
    readonly partial: boolean;
    /** Where the pod's own annotations are in the inputs (pod or template metadata). */
    readonly annotations: CheckedPath<unknown>;
}

/**
 * The pod spec of a workload, or undefined when there is nothing to judge: an unknown
 * spec (recorded through ctx: fails closed) or a Patch that does not touch the pod spec.
 * A whole-object workload without a pod spec is judged as an empty one.
 */
export function podSpecOf(resource: ResourceView, ctx: CheckContext): PodSpecView | undefined {
    const paths = podPathsOf(resource.type);
    if (paths === undefined) {
        return undefined;
    }
    const partial = isPatchType(resource.type);
    const value = readPath(resource.props, paths.spec);
    const dotted = paths.spec.join(".");
    if (ctx.isUnknown(value, dotted)) {
        return undefined;
    }
    const spec = asRecord(value);
    if (spec === undefined) {
        return partial ? undefined : { spec: {}, path: dotted, partial, annotations: paths.annotations };
    }
    return { spec, path: dotted, partial, annotations: paths.annotations };
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

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
const podSecurity = pathOf<k8s.types.input.core.v1.PodSpec>();
const containerSecurity = pathOf<k8s.types.input.core.v1.Container>();

/** A field of the pod-level securityContext (checked against PodSecurityContext). */
export function podSecurityField<const F extends readonly Key[]>(
    pod: PodSpecView,
    ...field: F & ValidPath<PodSecurityContext, F>
): Located {
    return {
        value: readPath(readPath(pod.spec, podSecurity("securityContext")), checkedBy<PodSecurityContext>(field)),
        path: `${pod.path}.securityContext.${field.join(".")}`,
    };
}

/** A field of a container's securityContext (checked against SecurityContext). */
export function containerSecurityField<const F extends readonly Key[]>(
    c: ContainerView,
    ...field: F & ValidPath<SecurityContext, F>
): Located {
    return {
        value: readPath(readPath(c.value, containerSecurity("securityContext")), checkedBy<SecurityContext>(field)),
        path: `${c.path}.securityContext.${field.join(".")}`,
    };
}

/** A field that both security contexts have (runAsNonRoot, runAsUser, seccompProfile...), for PSS inheritance. */
export type SharedSecurityField = CheckedPath<SecurityContext> & CheckedPath<PodSecurityContext>;
/** Makes a SharedSecurityField; the compiler checks the path against both contexts. */
export const sharedSecurityField = pathOfEach<SecurityContext, PodSecurityContext>();

/**
 * Pod Security Standards inheritance for fields that exist at both levels (runAsNonRoot,
 * runAsUser, seccompProfile): the container's value wins when set; otherwise the pod's.
 * An unknown container value is returned as is (never silently replaced by the pod's).
 */
export function effectiveSecurityField(pod: PodSpecView, c: ContainerView, field: SharedSecurityField): Located {
    const own = containerSharedField(c, field);
    if (own.value !== undefined && own.value !== null) {
        return own;
    }
    return podSharedField(pod, field);
}

/** A shared field at pod level. */
export function podSharedField(pod: PodSpecView, field: SharedSecurityField): Located {
    return {
        value: readPath(readPath(pod.spec, podSecurity("securityContext")), field),
        path: `${pod.path}.securityContext.${field.join(".")}`,
    };
}

/** A shared field at container level. */
export function containerSharedField(c: ContainerView, field: SharedSecurityField): Located {
    return {
        value: readPath(readPath(c.value, containerSecurity("securityContext")), field),
        path: `${c.path}.securityContext.${field.join(".")}`,
    };
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
