/**
 * Resources whose effect the pack cannot see (PACK-9): what they are, what they install,
 * and whether the pack config allows them. Pure; never throws.
 */
import type * as k8s from "@pulumi/kubernetes";
import { Data, DataRecord, Unknown, asRecord, asString, globToRegExp, isUnknown, readerFor } from "../../lib";

export const CLOUDFORMATION_TYPES = [
    "aws:cloudformation/stack:Stack",
    "aws:cloudformation/stackSet:StackSet",
    "aws:cloudformation/stackSetInstance:StackSetInstance",
    "aws:cloudformation/stackInstances:StackInstances",
];
/** The dynamic provider's default token; `pulumi-nodejs:dynamic/<module>:<type>` and Python's are matched by prefix. */
export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";
export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** API groups built into Kubernetes (and Pulumi's own modules): their kinds are judged by other policies. */
const BUILT_IN_GROUPS = new Set([
    "core",
    "apps",
    "batch",
    "autoscaling",
    "policy",
    "extensions",
    "meta",
    "helm.sh",
    "yaml",
    "kustomize",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "auditregistration.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "lifecycle.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "settings.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
]);

export function isDynamic(type: string): boolean {
    return /^pulumi-(nodejs|python|go|dotnet|java):dynamic(\/[^:]*)?:/.test(type);
}

/** `kubernetes:<group>/<version>:<Kind>` of a group Kubernetes does not build in. */
export function isCustomResourceType(type: string): boolean {
    const m = /^kubernetes:([^/:]+)\/[^:]+:[^:]+$/.exec(type);
    return m !== null && !BUILT_IN_GROUPS.has(m[1]);
}

const POD_LISTS = ["containers", "initContainers", "ephemeralContainers"];
/** Keys under which a pod template may hide when their value is unknown at preview. */
const TEMPLATE_KEYS = [
    "spec",
    "template",
    "jobTemplate",
    "podTemplate",
    "podSpec",
    "pod",
    "containers",
    "initContainers",
    "container",
    "workload",
];

export type PodTemplateVerdict = { readonly found: true; readonly path: string } | { readonly found: false; readonly unknown?: Unknown };

/**
 * Finds a pod template anywhere outside `metadata`: an object with a list of containers,
 * or a `container` object naming an image (Argo Workflows). An unknown value under a key
 * that could hold one makes the answer unknown.
 */
export function findPodTemplate(props: DataRecord): PodTemplateVerdict {
    let unknown: Unknown | undefined;
    const walk = (value: Data, path: string, depth: number): string | undefined => {
        if (depth > 24) return undefined;
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                const hit = walk(value[i], `${path}.${i}`, depth + 1);
                if (hit !== undefined) return hit;
            }
            return undefined;
        }
        const map = asRecord(value);
        if (!map) return undefined;
        for (const [key, v] of Object.entries(map)) {
            const at = path === "" ? key : `${path}.${key}`;
            if (depth === 0 && key === "metadata") continue;
            if (isUnknown(v)) {
                if (TEMPLATE_KEYS.includes(key)) unknown ??= new Unknown(at);
                continue;
            }
            if (POD_LISTS.includes(key) && Array.isArray(v)) return at;
            if (key === "container" && asRecord(v)?.image !== undefined) return at;
            const hit = walk(v, at, depth + 1);
            if (hit !== undefined) return hit;
        }
        return undefined;
    };
    const path = walk(props, "", 0);
    return path !== undefined ? { found: true, path } : { found: false, unknown };
}

const release = readerFor<k8s.helm.v3.ReleaseArgs>();

/** Where a Helm release's chart comes from; each field a string, an Unknown, or undefined. */
export interface ChartSource {
    readonly repository: Data;
    readonly chart: Data;
    readonly version: Data;
}

/** The repository, chart and version, from `repositoryOpts.repo` or a "<repo>/<chart>" chart reference. */
export function chartSource(props: DataRecord): ChartSource {
    const repo = release(props, "repositoryOpts", "repo");
    const chart = release(props, "chart");
    const version = release(props, "version");
    const chartText = asString(chart);
    if (repo === undefined && chartText !== undefined && chartText.includes("/")) {
        const cut = chartText.lastIndexOf("/");
        return { repository: chartText.slice(0, cut), chart: chartText.slice(cut + 1), version };
    }
    return { repository: repo, chart, version };
}

/** One `allowed` entry of the pack config, as read (never trusted to be well-formed). */
export interface AllowEntry {
    readonly index: number;
    readonly type: string;
    readonly name: string;
    readonly reason: string;
    readonly repository?: string;
    readonly chart?: string;
    readonly version?: string;
}

/** The well-formed entries (type, name and a non-empty reason); the others allow nothing. */
export function allowEntries(value: unknown): AllowEntry[] {
    if (!Array.isArray(value)) return [];
    const out: AllowEntry[] = [];
    value.forEach((e: unknown, index) => {
        const r = e !== null && typeof e === "object" && !Array.isArray(e) ? (e as Record<string, unknown>) : undefined;
        const str = (k: string): string | undefined =>
            typeof r?.[k] === "string" && (r[k] as string).trim() !== "" ? (r[k] as string).trim() : undefined;
        const type = str("type");
        const name = str("name");
        const reason = str("reason");
        if (type === undefined || name === undefined || reason === undefined) return;
        out.push({ index, type, name, reason, repository: str("repository"), chart: str("chart"), version: str("version") });
    });
    return out;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, "");

/** The first entry allowing this resource; for a Helm release repository, chart and version must all match exactly. */
export function findAllowed(entries: readonly AllowEntry[], type: string, name: string, source?: ChartSource): AllowEntry | undefined {
    return entries.find((e) => {
        if (!globToRegExp(e.type).test(type) || !globToRegExp(e.name).test(name)) return false;
        if (source === undefined) return true;
        const same = (want: string | undefined, have: Data, norm: (s: string) => string = (s) => s): boolean =>
            want !== undefined && typeof have === "string" && norm(have.trim()) === norm(want);
        return same(e.repository, source.repository, trimSlash) && same(e.chart, source.chart) && same(e.version, source.version);
    });
}
