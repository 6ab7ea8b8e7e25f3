/**
 * Human output: what would be created (a tree under the stack, or counts by
 * type for large programs), then the violations grouped by severity with
 * control IDs and fixes, then the verdict.
 */
import type { CheckResult, ReportDiagnostic } from "../check";
import type { PackConfigUsed } from "../packConfig";
import { policyMeta } from "../metadata";

/** Above this many resources the tree gives way to counts by type. */
export const TREE_LIMIT = 150;
const SEVERITY_ORDER = ["critical", "high", "medium", "low", "unspecified"] as const;

function tree(result: CheckResult): string[] {
    const { resources } = result.report;
    const children = new Map<string | null, (typeof resources)[number][]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent !== null && urns.has(r.parent) ? r.parent : null;
        const list = children.get(parent) ?? [];
        list.push(r);
        children.set(parent, list);
    }
    const lines: string[] = [];
    const walk = (parent: string | null, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth + 1)}+ ${r.type}  ${r.name}${r.protect ? "  [protect]" : ""}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 0);
    return lines;
}

function byType(result: CheckResult): string[] {
    const counts = new Map<string, number>();
    for (const r of result.report.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t, n]) => `  ${String(n).padStart(6)}  ${t}`);
}

const MODE_LINE = {
    preview: "Mode: preview (what the provider computes is unknown, as at pulumi preview)",
    up: "Mode: up (every value known, canned, as when pulumi up evaluates the pack again)",
} as const;

/** Remote components: how each was handled, when the program has any. */
function remoteLines(result: CheckResult): string[] {
    const remote = result.report.remoteComponents;
    if (remote.length === 0) return [];
    const label = (r: (typeof remote)[number]) =>
        r.handled === "expanded"
            ? `expanded here (${r.children ?? 0} children judged)`
            : r.handled === "inputs-judged"
              ? `inputs judged, not a gap: ${r.note ?? "its children are judged by the real engine at pulumi up"}`
              : `NOT ANALYSED: ${r.reason ?? ""}`;
    return ["Remote components:", ...remote.map((r) => `  ${r.type}  ${r.urn.split("::").pop() ?? r.urn}: ${label(r)}`), ""];
}

function resourceLabel(result: CheckResult, urn: string | null): string {
    if (urn === null) return "(stack)";
    const r = result.report.resources.find((x) => x.urn === urn);
    return r ? `${r.type}  ${r.name}` : urn;
}

/**
 * The lines of a diagnostic's message worth reading. The SDK puts the policy's description
 * before the message it reports; the header already names the policy, so the description
 * is left out when more follows (JSON and SARIF keep the message as the pack sent it).
 */
export function messageLines(message: string, description: string | undefined): string[] {
    const lines = message.split("\n").filter((l) => l.trim() !== "");
    if (description !== undefined && lines.length > 1 && lines[0].trim() === description.trim()) lines.shift();
    return lines;
}

function diagnosticLines(result: CheckResult, d: ReportDiagnostic): string[] {
    const policy = result.pack.policies.find((p) => p.name === d.policy);
    const fix = policyMeta(policy).fix;
    const body = messageLines(d.message, policy?.description);
    const lines = [
        `    [${d.enforcement === "mandatory" ? "MANDATORY" : "advisory"}] ${d.control ?? "-"}  ${d.policy}`,
        `        resource: ${resourceLabel(result, d.urn)}`,
        ...(d.source ? [`        at ${d.source.file}:${d.source.line}`] : []),
        ...body.map((l) => `        ${l}`),
    ];
    // The policy's general fix, unless the message already says how to fix this case.
    if (fix && !body.some((l) => /\bFix: /.test(l))) lines.push(`        fix: ${fix.split("\n").join("\n             ")}`);
    return lines;
}

/** Which pack config was used, its hash, and every policy it disables or downgrades from mandatory. */
export function packConfigLines(used: PackConfigUsed | null): string[] {
    if (used === null) return ["Pack config: none (every policy at the pack's own levels and defaults)"];
    const lines = [`Pack config: ${used.path} (sha256 ${used.sha256})`];
    if (used.weakened.length === 0) lines.push("  it disables no policy and downgrades none from mandatory");
    for (const w of used.weakened)
        lines.push(`  ${w.to === "disabled" ? "disables" : "downgrades to advisory"}: ${w.policy} (${w.from} without it)`);
    return lines;
}

export function formatText(result: CheckResult): string {
    const { report, project, pack } = result;
    const out: string[] = [];
    out.push(
        `Offline check of stack "${report.stack}" (project ${project.name}) with policy pack ${pack.name}@${pack.version} (${pack.policies.length} policies)`,
    );
    out.push(MODE_LINE[report.mode]);
    if (project.configNote) out.push(`Stack config: ${project.configNote}`);
    out.push(...packConfigLines(report.packConfig));
    out.push("");
    out.push(`Would create ${report.summary.resources} resources:`);
    out.push(...(report.resources.length <= TREE_LIMIT ? tree(result) : byType(result)));
    out.push("");
    out.push(...remoteLines(result));
    if (report.diagnostics.length === 0) {
        out.push("No policy violations.");
    } else {
        out.push("Policy violations:");
        for (const severity of SEVERITY_ORDER) {
            const group = report.diagnostics
                .filter((d) => d.severity === severity)
                .sort(
                    (a, b) =>
                        (a.enforcement === b.enforcement ? 0 : a.enforcement === "mandatory" ? -1 : 1) ||
                        (a.control ?? "").localeCompare(b.control ?? ""),
                );
            if (group.length === 0) continue;
            out.push(`  ${severity.toUpperCase()} (${group.length})`);
            for (const d of group) out.push(...diagnosticLines(result, d));
        }
    }
    out.push("");
    const verdict = report.summary.mandatory > 0 ? "BLOCKED: mandatory policy violations" : "PASSED: no mandatory policy violation";
    const notAnalysed =
        report.summary.notAnalysed > 0
            ? `, ${report.summary.notAnalysed} remote component${report.summary.notAnalysed === 1 ? "" : "s"} not analysed`
            : "";
    const judged = report.remoteComponents.filter((r) => r.handled === "inputs-judged").length;
    const inputsJudged =
        judged > 0 ? `, ${judged} remote component${judged === 1 ? "" : "s"} judged on inputs (children at pulumi up)` : "";
    out.push(
        `${verdict} (${report.summary.resources} resources, ${report.summary.mandatory} mandatory, ${report.summary.advisory} advisory${notAnalysed}${inputsJudged}; ${report.mode} mode)`,
    );
    return `${out.join("\n")}\n`;
}
