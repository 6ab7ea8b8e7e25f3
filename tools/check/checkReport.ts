/**
 * The check's report (its stable JSON shape, see docs/check.md) built from the records and the
 * pack's diagnostics, with the check's own diagnostic for remote components nobody judged.
 */
import * as path from "path";
import { controlFromMessage, policyMeta } from "./metadata";
import type { Diagnostic, PackInfo, Severity } from "./pack";
import type { PackConfigUsed } from "./packConfig";
import type { ProjectInfo } from "./project";
import type { CheckMode, ResourceRecord } from "./records";
import type { RemoteOutcome } from "./remote";
import { forDisplay } from "./display";

/** The policy name of the check's own diagnostic for a remote component whose children were not judged. */
export const NOT_ANALYSED_POLICY = "offline-check-not-analysed";

/** The stable JSON shape (see docs/check.md). */
export interface CheckReport {
    readonly stack: string;
    /** Which evaluation ran: "preview" (unknowns as at `pulumi preview`) or "up" (every value known). */
    readonly mode: CheckMode;
    readonly resources: readonly {
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent: string | null;
        readonly inputs: unknown;
        readonly protect: boolean;
    }[];
    readonly diagnostics: readonly ReportDiagnostic[];
    /** Remote components: expanded here, inputs judged on purpose, or not analysed (their children unjudged). */
    readonly remoteComponents: readonly RemoteOutcome[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number; readonly notAnalysed: number };
    /** The pack config file used (path, sha256, what it weakens), or null when none was. */
    readonly packConfig: PackConfigUsed | null;
    /** The pack that judged (for the baseline's own pack, its version is the npm package's version). */
    readonly pack: { readonly name: string; readonly version: string };
    /** The stack config file the program ran with, relative to the working folder; null when the project has none (empty config). */
    readonly stackConfigFile: string | null;
}

export interface ReportDiagnostic {
    readonly policy: string;
    readonly control: string | null;
    readonly severity: Severity;
    readonly enforcement: "mandatory" | "advisory";
    readonly urn: string | null;
    readonly message: string;
    /** Where the program constructed the resource: file relative to the working folder ("/"-separated), line, column; null when unknown or stack-wide. */
    readonly source: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/** A file relative to the working folder when it is inside it, else absolute; "/"-separated. */
function displayPath(file: string): string {
    const rel = path.relative(process.cwd(), file);
    return (rel.startsWith("..") || path.isAbsolute(rel) ? file : rel).split(path.sep).join("/");
}

function reportSource(source: ResourceRecord["source"]): ReportDiagnostic["source"] {
    if (!source) return null;
    return { file: displayPath(source.file), line: source.line, column: source.column };
}

/** The check's own diagnostic for each remote component whose children nobody judged. */
function notAnalysedDiagnostics(
    remote: readonly RemoteOutcome[],
    enforcement: "mandatory" | "advisory",
    sources: ReadonlyMap<string, ResourceRecord["source"]>,
): ReportDiagnostic[] {
    return remote
        .filter((r) => r.handled === "not-analysed")
        .map((r) => ({
            policy: NOT_ANALYSED_POLICY,
            control: null,
            severity: "high",
            enforcement,
            urn: r.urn,
            message:
                `remote component ${r.type} was not analysed: ${r.reason ?? "its children are built by its provider"}. ` +
                "Its children were not judged by any policy; a real preview may block them. Fix: judge the stack with `pulumi preview --policy-pack`, " +
                "or accept the gap with --not-analysed advisory.",
            source: reportSource(sources.get(r.urn)),
        }));
}

export function toReport(
    project: ProjectInfo,
    records: readonly ResourceRecord[],
    diags: readonly Diagnostic[],
    pack: PackInfo,
    run: { mode: CheckMode; remote: readonly RemoteOutcome[]; notAnalysed: "mandatory" | "advisory"; packConfig: PackConfigUsed | null },
): CheckReport {
    const policies = new Map(pack.policies.map((p) => [p.name, p]));
    const sources = new Map(records.map((r) => [r.urn, r.source]));
    const diagnostics: ReportDiagnostic[] = [
        ...diags
            .filter((d) => d.enforcement !== "disabled")
            .map((d): ReportDiagnostic => {
                const p = policies.get(d.policy);
                return {
                    policy: d.policy,
                    control: policyMeta(p).control ?? controlFromMessage(d.message),
                    severity: d.severity !== "unspecified" ? d.severity : (p?.severity ?? "unspecified"),
                    // The server reports a remediate-level violation as mandatory; keep two levels in the report.
                    enforcement: d.enforcement === "advisory" ? "advisory" : "mandatory",
                    urn: d.urn === "" ? null : d.urn,
                    message: d.message,
                    source: reportSource(sources.get(d.urn)),
                };
            }),
        ...notAnalysedDiagnostics(run.remote, run.notAnalysed, sources),
    ];
    return {
        stack: project.stack,
        mode: run.mode,
        resources: records.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent === "" ? null : r.parent,
            inputs: forDisplay(r.inputs),
            protect: r.protect,
        })),
        diagnostics,
        remoteComponents: run.remote,
        summary: {
            resources: records.length,
            mandatory: diagnostics.filter((d) => d.enforcement === "mandatory").length,
            advisory: diagnostics.filter((d) => d.enforcement === "advisory").length,
            notAnalysed: run.remote.filter((r) => r.handled === "not-analysed").length,
        },
        packConfig: run.packConfig,
        pack: { name: pack.name, version: pack.version },
        stackConfigFile: project.stackConfigFile === null ? null : displayPath(project.stackConfigFile),
    };
}
