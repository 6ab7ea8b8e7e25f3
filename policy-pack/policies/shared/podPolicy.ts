/**
 * `podSpecPolicy()`: a resource policy over the pod spec of every workload kind (Pod,
 * ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob and
 * their Patch variants). The pod spec is found once, by kind, in shared/kubernetes.ts;
 * each CTR-3 style policy only states its rule over the pod spec and its containers.
 */
import type { CheckContext, Data, PolicyMetadata, ResourceView, SecurePolicy, StackView } from "../../lib";
import { resourcePolicy, stackPolicy } from "../../lib";
import {
    CONTAINER_LISTS,
    ContainerList,
    ContainerView,
    Located,
    POD_SPEC_TYPES,
    PodSpecView,
    SharedSecurityField,
    containerSharedField,
    containersOf,
    describeContainer,
    objectName,
    podSharedField,
    podSpecOf,
} from "./kubernetes";
import { isWindowsPod } from "./pss";

export interface PodCheck {
    readonly resource: ResourceView;
    readonly pod: PodSpecView;
    /** `Deployment "web"`: the object the messages talk about. */
    readonly subject: string;
    /** The containers of the given lists (default: all three); unknowns are recorded. */
    containers(lists?: readonly ContainerList[]): ContainerView[];
    /** `spec.os.name: windows`: PSS exempts it from the Linux-only restricted checks (shared/pss.ts). */
    readonly windows: boolean;
}

export interface PodSpecPolicyArgs extends PolicyMetadata {
    readonly check: (input: PodCheck, ctx: CheckContext) => void;
}

/** `Deployment "web"` from the type token's kind and the object's name. */
export function subjectOf(resource: ResourceView): string {
    const kind = resource.type.split(":").pop() ?? resource.type;
    return `${kind} "${objectName(resource)}"`;
}

/** The pod view of a workload (undefined when there is no pod spec to judge; unknowns recorded). */
function podCheckOf(resource: ResourceView, ctx: CheckContext): PodCheck | undefined {
    const pod = podSpecOf(resource, ctx);
    if (pod === undefined) {
        return undefined;
    }
    return {
        resource,
        pod,
        subject: subjectOf(resource),
        containers: (lists = CONTAINER_LISTS) => containersOf(pod, ctx, lists),
        windows: isWindowsPod(pod.spec),
    };
}

export function podSpecPolicy(def: PodSpecPolicyArgs): SecurePolicy {
    const { check, ...meta } = def;
    return resourcePolicy({
        ...meta,
        resourceTypes: POD_SPEC_TYPES,
        check: (resource, ctx) => {
            const input = podCheckOf(resource, ctx);
            if (input !== undefined) {
                check(input, ctx);
            }
        },
    });
}

export interface PodSpecStackPolicyArgs extends PolicyMetadata {
    readonly check: (input: PodCheck, stack: StackView, ctx: CheckContext) => void;
}

/** Like podSpecPolicy, for rules that also need the rest of the stack (e.g. the pod's ServiceAccount). */
export function podSpecStackPolicy(def: PodSpecStackPolicyArgs): SecurePolicy {
    const { check, ...meta } = def;
    return stackPolicy({
        ...meta,
        subjectTypes: POD_SPEC_TYPES,
        check: (resource, stack, ctx) => {
            const input = podCheckOf(resource, ctx);
            if (input !== undefined) {
                check(input, stack, ctx);
            }
        },
    });
}

/** How one security-context field that exists at pod and container level is judged. */
export interface InheritedRule {
    readonly field: SharedSecurityField;
    /** True when a set, known value is acceptable. */
    readonly ok: (value: Data) => boolean;
    /** Text for a bad value, e.g. "runAsNonRoot is false". */
    readonly bad: (value: Data) => string;
    /** Text for "set nowhere", e.g. "does not set runAsNonRoot: true"; omit when unset is fine. */
    readonly missing?: string;
}

function isSet(v: Data): boolean {
    return v !== undefined && v !== null;
}

/**
 * Judges a field with Pod Security Standards inheritance (the container's value overrides
 * the pod's): a bad pod-level value is reported once; a bad container value per
 * container; a container that sets nothing while the pod sets nothing is reported as
 * missing (not for Patch kinds). Unknowns are recorded only where they decide the result.
 */
export function checkInherited(input: PodCheck, ctx: CheckContext, rule: InheritedRule): void {
    const { pod, subject } = input;
    const podLevel: Located = podSharedField(pod, rule.field);
    const containers = input.containers();
    const inheriting: ContainerView[] = [];
    for (const c of containers) {
        const own = containerSharedField(c, rule.field);
        if (ctx.isUnknown(own.value, own.path)) {
            continue;
        }
        if (!isSet(own.value)) {
            inheriting.push(c);
        } else if (!rule.ok(own.value)) {
            ctx.violation(`${subject}: ${describeContainer(c)} ${rule.bad(own.value)}`);
        }
    }
    // The pod-level value matters for inheriting containers, and PSS also rejects a bad
    // pod-level value on its own.
    if (isSet(podLevel.value) && ctx.isUnknown(podLevel.value, podLevel.path)) {
        return;
    }
    if (isSet(podLevel.value)) {
        if (!rule.ok(podLevel.value)) {
            ctx.violation(`${subject}: the pod securityContext (${podLevel.path}) ${rule.bad(podLevel.value)}`);
        }
        return;
    }
    const missing = rule.missing;
    if (pod.partial || missing === undefined) {
        return;
    }
    for (const c of inheriting) {
        ctx.violation(`${subject}: ${describeContainer(c)} ${missing}, and the pod securityContext sets none`);
    }
}
