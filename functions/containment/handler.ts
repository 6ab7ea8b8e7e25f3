/**
 * DET-9: the containment decision for one GuardDuty finding, with its side effects behind small
 * interfaces (Kubernetes API, alert topic) so tests drive it with sample findings and a fake or a real
 * API server. A finding about a pod in a contained namespace labels that pod for quarantine (K8S-3),
 * records a Kubernetes event and says what it did on the alert topic. Anything that retrying cannot
 * fix (no pod, a pod of the same name but another uid, a namespace outside the contained ones) is
 * reported and returns normally, so Lambda does not retry it; API errors throw (retried, then the DLQ).
 */

export interface Settings {
    readonly clusterName: string;
    /** Exact GuardDuty finding types to act on. */
    readonly findingTypes: readonly string[];
    readonly minSeverity: number;
    /** Label key the quarantine NetworkPolicy selects (any value). */
    readonly quarantineLabel: string;
    /** Namespaces where the quarantine NetworkPolicy exists and the function's RoleBinding lets it act. */
    readonly namespaces: readonly string[];
    /** Report what would happen; change nothing in the cluster. */
    readonly dryRun: boolean;
}

/** What the function sees of a pod. */
export interface PodView {
    readonly uid: string;
    readonly labels: Readonly<Record<string, string>>;
}

export interface KubeApi {
    /** The pod, or undefined when it does not exist (404). Throws on other errors. */
    getPod(namespace: string, name: string): Promise<PodView | undefined>;
    /** Merge-patches labels and annotations of the pod. */
    labelPod(namespace: string, name: string, labels: Record<string, string>, annotations: Record<string, string>): Promise<void>;
    createEvent(namespace: string, pod: { name: string; uid: string }, reason: string, message: string): Promise<void>;
}

export interface Report {
    readonly outcome: Outcome;
    readonly findingId?: string;
    readonly findingType?: string;
    readonly severity?: number;
    readonly cluster?: string;
    readonly namespace?: string;
    readonly pod?: string;
    readonly dryRun: boolean;
    readonly detail: string;
}

export interface Publisher {
    publish(subject: string, report: Report): Promise<void>;
}

export const OUTCOMES = [
    "ignored",
    "not-a-pod",
    "namespace-not-contained",
    "pod-missing",
    "pod-replaced",
    "already-quarantined",
    "dry-run",
    "quarantined",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Annotation that tells a responder which finding quarantined the pod. */
export const FINDING_ANNOTATION = "secure-baseline.io/quarantined-by-finding";
export const EVENT_REASON = "Quarantined";

interface Finding {
    readonly id: string;
    readonly type: string;
    readonly severity: number;
    readonly cluster?: string;
    readonly workload?: { readonly name?: string; readonly namespace?: string; readonly type?: string; readonly uid?: string };
}

function rec(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function str(v: unknown): string | undefined {
    return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** The fields of an EventBridge "GuardDuty Finding" event the decision needs; undefined if it is not one. */
export function readFinding(event: unknown): Finding | undefined {
    const e = rec(event);
    const d = rec(e?.detail);
    if (e?.source !== "aws.guardduty" || e["detail-type"] !== "GuardDuty Finding" || !d) return undefined;
    const id = str(d.id);
    const type = str(d.type);
    const severity = typeof d.severity === "number" ? d.severity : undefined;
    if (!id || !type || severity === undefined) return undefined;
    const resource = rec(d.resource);
    const w = rec(rec(resource?.kubernetesDetails)?.kubernetesWorkloadDetails);
    return {
        id,
        type,
        severity,
        cluster: str(rec(resource?.eksClusterDetails)?.name),
        workload: w ? { name: str(w.name), namespace: str(w.namespace), type: str(w.type), uid: str(w.uid) } : undefined,
    };
}

/** GuardDuty spells the workload type of a pod in more than one way ("pods", "Pod"). */
export function isPodType(type: string | undefined): boolean {
    return type !== undefined && /^pods?$/i.test(type);
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function subjectOf(r: Report): string {
    const target = r.namespace && r.pod ? ` ${r.namespace}/${r.pod}` : "";
    return `secure-baseline containment: ${r.outcome}${target}`.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}

export async function handleFinding(event: unknown, settings: Settings, kube: KubeApi, alerts: Publisher): Promise<Report> {
    const f = readFinding(event);
    const base = { dryRun: settings.dryRun, findingId: f?.id, findingType: f?.type, severity: f?.severity, cluster: f?.cluster };
    // The rule filters on all of these; the function checks again so a widened rule cannot widen what it does.
    if (!f) return { ...base, outcome: "ignored", detail: "not a GuardDuty finding event" };
    if (f.cluster !== settings.clusterName)
        return {
            ...base,
            outcome: "ignored",
            detail: `finding is about cluster "${f.cluster ?? "(none)"}", not "${settings.clusterName}"`,
        };
    if (!settings.findingTypes.includes(f.type))
        return { ...base, outcome: "ignored", detail: `finding type ${f.type} is not one the function acts on` };
    if (f.severity < settings.minSeverity)
        return { ...base, outcome: "ignored", detail: `severity ${f.severity} is below ${settings.minSeverity}` };

    const report = async (r: Report): Promise<Report> => {
        await alerts.publish(subjectOf(r), r);
        return r;
    };
    const w = f.workload;
    const where = { ...base, namespace: w?.namespace, pod: w?.name };
    if (!w?.name || !w.namespace || !isPodType(w.type)) {
        return report({
            ...where,
            outcome: "not-a-pod",
            detail: `the finding names no pod (workload type ${w?.type ?? "none"}); contain it by hand`,
        });
    }
    if (!settings.namespaces.includes(w.namespace)) {
        return report({
            ...where,
            outcome: "namespace-not-contained",
            detail: `namespace ${w.namespace} has no quarantine policy the function may use; contain the pod by hand`,
        });
    }
    const pod = await kube.getPod(w.namespace, w.name);
    if (!pod)
        return report({
            ...where,
            outcome: "pod-missing",
            detail: "the pod no longer exists; nothing to quarantine (its controller may have made a new one: check it)",
        });
    if (w.uid && pod.uid !== w.uid) {
        return report({
            ...where,
            outcome: "pod-replaced",
            detail: `a pod of this name exists with uid ${pod.uid}, not the finding's ${w.uid}; it was left alone`,
        });
    }
    if (settings.quarantineLabel in pod.labels)
        return report({
            ...where,
            outcome: "already-quarantined",
            detail: `the pod already carries the ${settings.quarantineLabel} label`,
        });
    if (settings.dryRun)
        return report({ ...where, outcome: "dry-run", detail: `dry run: would label the pod ${settings.quarantineLabel}=true` });

    await kube.labelPod(w.namespace, w.name, { [settings.quarantineLabel]: "true" }, { [FINDING_ANNOTATION]: f.id });
    const message = `GuardDuty finding ${f.id} (${f.type}, severity ${f.severity}): pod isolated by the ${settings.quarantineLabel} label`;
    await kube.createEvent(w.namespace, { name: w.name, uid: pod.uid }, EVENT_REASON, message);
    return report({
        ...where,
        outcome: "quarantined",
        detail: `labelled ${settings.quarantineLabel}=true: the namespace's network policies now isolate it`,
    });
}
