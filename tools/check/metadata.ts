/**
 * The control ID, layer and fix of a policy, read from what the pack exposes
 * in GetAnalyzerInfo: a tag that is a control ID (`NET-6`) or `control:NET-6`,
 * a tag naming the layer (`cloud` or `layer:cloud`; cloud|cluster|container|code),
 * the framework reference (the project pack puts the control there too), and
 * the remediation steps. When the pack exposes no control, the violation
 * message prefix `[NET-6]` is used.
 */
import type { PolicyInfo } from "./pack";

const CONTROL_RE = /^[A-Z][A-Z0-9]*-\d+$/;
const LAYERS = ["cloud", "cluster", "container", "code"];
const PREFIX_RE = /^\s*\[([A-Z][A-Z0-9]*-\d+)\]/;

export interface PolicyMeta {
    readonly control: string | null;
    readonly layer: string | null;
    readonly fix: string | null;
}

export function policyMeta(p: PolicyInfo | undefined): PolicyMeta {
    if (!p) return { control: null, layer: null, fix: null };
    let control: string | null = null;
    let layer: string | null = null;
    for (const tag of p.tags) {
        const t = tag.trim();
        const c = t.replace(/^control[:=]\s*/i, "");
        if (control === null && CONTROL_RE.test(c)) control = c;
        const l = /^layer[:=]\s*(.+)$/i.exec(t)?.[1] ?? (LAYERS.includes(t.toLowerCase()) ? t : undefined);
        if (l && layer === null) layer = l.toLowerCase();
    }
    const ref = p.framework?.reference ?? "";
    if (control === null && CONTROL_RE.test(ref)) control = ref;
    if (control === null) control = PREFIX_RE.exec(p.description)?.[1] ?? PREFIX_RE.exec(p.displayName)?.[1] ?? null;
    return { control, layer, fix: p.remediation.trim() === "" ? null : p.remediation.trim() };
}

/** The control named at the start of a violation message, if any. */
export function controlFromMessage(message: string): string | null {
    for (const line of message.split("\n")) {
        const m = PREFIX_RE.exec(line);
        if (m) return m[1];
    }
    return null;
}
