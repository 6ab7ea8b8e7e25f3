/**
 * Kubernetes test inputs: one compliant pod spec, embedded in every workload kind the way
 * @pulumi/kubernetes registers its inputs (apiVersion, kind, metadata, spec).
 */
import { withOlderVersions } from "../../../policy-pack/policies/shared/apiVersions";
import type { TestResource } from "../runtime";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team-a/web:1.4.2";
export const NAMESPACE = "team-a";
const LABELS = { app: "web" };

function container(name: string, withResources = true): JsonObject {
    const c: JsonObject = {
        name,
        image: IMAGE,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    };
    if (withResources) {
        c.ports = [{ containerPort: 8080, protocol: "TCP" }];
        c.resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
    }
    return c;
}

/** A pod spec that passes every pod policy (PSS restricted and the rest of CTR-3). */
export function compliantPodSpec(): JsonObject {
    return {
        automountServiceAccountToken: false,
        serviceAccountName: "web",
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
        initContainers: [container("init")],
        containers: [container("app")],
        // Ephemeral containers cannot declare resources or ports.
        ephemeralContainers: [container("debug", false)],
        volumes: [{ name: "tmp", emptyDir: {} }],
    };
}

export interface WorkloadKind {
    readonly type: string;
    readonly apiVersion: string;
    readonly kind: string;
    /** Dotted path of the pod spec inside the inputs. */
    readonly specPath: string;
    readonly wrap: (podSpec: JsonObject) => JsonObject;
}

const template = (podSpec: JsonObject): JsonObject => ({ metadata: { labels: LABELS }, spec: podSpec });
const selector = { matchLabels: LABELS };

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
    { type: "kubernetes:core/v1:Pod", apiVersion: "v1", kind: "Pod", specPath: "spec", wrap: (s) => s },
    {
        type: "kubernetes:core/v1:ReplicationController",
        apiVersion: "v1",
        kind: "ReplicationController",
        specPath: "spec.template.spec",
        wrap: (s) => ({ replicas: 2, selector: LABELS, template: template(s) }),
    },
    {
        type: "kubernetes:apps/v1:Deployment",
        apiVersion: "apps/v1",
        kind: "Deployment",
        specPath: "spec.template.spec",
        wrap: (s) => ({ replicas: 2, selector, template: template(s) }),
    },
    {
        type: "kubernetes:apps/v1:StatefulSet",
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        specPath: "spec.template.spec",
        wrap: (s) => ({ serviceName: "web", selector, template: template(s) }),
    },
    {
        type: "kubernetes:apps/v1:DaemonSet",
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        specPath: "spec.template.spec",
        wrap: (s) => ({ selector, template: template(s) }),
    },
    {
        type: "kubernetes:apps/v1:ReplicaSet",
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        specPath: "spec.template.spec",
        wrap: (s) => ({ replicas: 2, selector, template: template(s) }),
    },
    {
        type: "kubernetes:batch/v1:Job",
        apiVersion: "batch/v1",
        kind: "Job",
        specPath: "spec.template.spec",
        wrap: (s) => ({ template: template({ ...s, restartPolicy: "Never" }) }),
    },
    {
        type: "kubernetes:batch/v1:CronJob",
        apiVersion: "batch/v1",
        kind: "CronJob",
        specPath: "spec.jobTemplate.spec.template.spec",
        wrap: (s) => ({ schedule: "0 3 * * *", jobTemplate: { spec: { template: template({ ...s, restartPolicy: "OnFailure" }) } } }),
    },
];

/** The Patch variant of a kind (server-side apply: only the fields it changes). */
export function patchKind(k: WorkloadKind): WorkloadKind {
    return { ...k, type: `${k.type}Patch` };
}
export const PATCH_KINDS: readonly WorkloadKind[] = WORKLOAD_KINDS.map(patchKind);

/** The same kinds in their older apiVersions (extensions/v1beta1, apps/v1beta1/2, batch/v1beta1, ...), same shape. */
export const OLDER_WORKLOAD_KINDS: readonly WorkloadKind[] = WORKLOAD_KINDS.flatMap((k) =>
    withOlderVersions([k.type])
        .filter((t) => t !== k.type)
        .map((type) => ({ ...k, type, apiVersion: type.split(":")[1] })),
);
export const OLDER_PATCH_KINDS: readonly WorkloadKind[] = OLDER_WORKLOAD_KINDS.map(patchKind);

export interface ManifestOptions {
    readonly name?: string;
    readonly namespace?: string | null;
    readonly annotations?: Record<string, Json>;
}

/** The manifest (= Pulumi inputs) of `kind` around `podSpec`. */
export function manifest(kind: WorkloadKind, podSpec: JsonObject, opts: ManifestOptions = {}): JsonObject {
    const metadata: JsonObject = { name: opts.name ?? "web", labels: LABELS };
    if (opts.namespace !== null) {
        metadata.namespace = opts.namespace ?? NAMESPACE;
    }
    if (opts.annotations) {
        metadata.annotations = opts.annotations;
    }
    return { apiVersion: kind.apiVersion, kind: kind.kind, metadata, spec: kind.wrap(podSpec) };
}

export function workload(kind: WorkloadKind, podSpec: JsonObject, opts: ManifestOptions = {}): TestResource {
    return { type: kind.type, name: opts.name ?? "web", props: manifest(kind, podSpec, opts) };
}

export function clone<T extends Json>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** Navigates a JSON object by dotted path ("containers.0.securityContext"), creating objects. */
export function objectAt(root: JsonObject, path: string): JsonObject {
    let cur: Json = root;
    for (const key of path.split(".")) {
        const holder = cur as { [k: string]: Json };
        if (holder[key] === undefined || holder[key] === null) {
            holder[key] = {};
        }
        cur = holder[key];
    }
    return cur as JsonObject;
}

/** A date ahead, inside the PACK-10 ceiling (90 days by default), for a valid exemption. */
export const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
/** PACK-10: a critical policy honours an exemption only with this approval in its pack config. */
export const APPROVED = { approvedExemptions: [{ resource: "*", reason: "reviewed", approver: "security@example.com", expires: FUTURE }] };
export const PAST = "2020-01-01";
