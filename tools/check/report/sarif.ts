/**
 * SARIF 2.1.0 for code-scanning tools: one rule per policy in the pack, one
 * result per diagnostic. A result's logical location is the resource URN; its
 * physical location is the program's line that constructed the resource, or,
 * for a stack-wide diagnostic or a resource whose line is unknown, the stack
 * config file.
 */
import * as path from "path";
import type * as sarif from "sarif";
import type { CheckResult } from "../check";
import { policyMeta } from "../metadata";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", unspecified: "5.0" };

function uri(file: string): string {
    return path.relative(process.cwd(), file).split(path.sep).join("/");
}

/** The pack config file as an artifact with its sha-256, so a SARIF reader sees which config judged the run. */
function packConfigArtifacts(result: CheckResult): sarif.Artifact[] {
    const used = result.report.packConfig;
    return used ? [{ location: { uri: used.path }, hashes: { "sha-256": used.sha256 }, roles: ["userSpecifiedConfiguration"] }] : [];
}

/**
 * Remote components judged on their inputs, as notes of the run (not results: they are no
 * finding and no gap), saying when their children are judged.
 */
function inputsJudgedNotifications(result: CheckResult): sarif.Notification[] {
    return result.report.remoteComponents
        .filter((r) => r.handled === "inputs-judged")
        .map((r) => ({
            level: "note",
            message: {
                text: `remote component ${r.type}: ${r.note ?? "its inputs were judged; its children are judged by the real engine at pulumi up"}`,
            },
            locations: [{ logicalLocations: [{ fullyQualifiedName: r.urn, kind: "resource" }] }],
            descriptor: { id: "offline-check-inputs-judged" },
            properties: { urn: r.urn, type: r.type, handled: r.handled },
        }));
}

/** Each policy the pack config disables or downgrades from mandatory, as a rule configuration override. */
function packConfigInvocation(result: CheckResult, index: Map<string, number>): sarif.Invocation {
    const used = result.report.packConfig;
    const notes = inputsJudgedNotifications(result);
    return {
        executionSuccessful: true,
        ...(notes.length > 0 ? { toolExecutionNotifications: notes } : {}),
        ruleConfigurationOverrides: (used?.weakened ?? []).map((w) => ({
            descriptor: { id: w.policy, ...(index.has(w.policy) ? { index: index.get(w.policy) } : {}) },
            configuration: { enabled: w.to !== "disabled", level: w.to === "disabled" ? "none" : "warning" },
            properties: { from: w.from, to: w.to },
        })),
        properties: { packConfig: used },
    };
}

export function toSarif(result: CheckResult, toolVersion: string): sarif.Log {
    const policies = [...result.pack.policies].sort((a, b) => a.name.localeCompare(b.name));
    const index = new Map(policies.map((p, i) => [p.name, i]));
    const rules: sarif.ReportingDescriptor[] = policies.map((p) => {
        const meta = policyMeta(p);
        const level: sarif.ReportingConfiguration["level"] =
            p.enforcement === "mandatory" || p.enforcement === "remediate" ? "error" : p.enforcement === "disabled" ? "none" : "warning";
        return {
            id: p.name,
            name: p.name,
            shortDescription: { text: p.displayName || p.name },
            fullDescription: { text: p.description || p.name },
            ...(meta.fix ? { help: { text: meta.fix } } : {}),
            ...(p.url ? { helpUri: p.url } : {}),
            defaultConfiguration: { level, enabled: p.enforcement !== "disabled" },
            properties: {
                control: meta.control,
                layer: meta.layer,
                severity: p.severity,
                "security-severity": SECURITY_SEVERITY[p.severity],
                tags: ["security", ...p.tags],
            },
        };
    });
    const artifact = uri(result.project.stackConfigFile ?? result.project.projectFile);
    const results: sarif.Result[] = result.report.diagnostics.map((d) => ({
        ruleId: d.policy,
        ...(index.has(d.policy) ? { ruleIndex: index.get(d.policy) } : {}),
        level: d.enforcement === "mandatory" ? "error" : "warning",
        message: { text: d.message },
        locations: [
            {
                physicalLocation: d.source
                    ? { artifactLocation: { uri: d.source.file }, region: { startLine: d.source.line, startColumn: d.source.column } }
                    : { artifactLocation: { uri: artifact }, region: { startLine: 1 } },
                logicalLocations: [{ fullyQualifiedName: d.urn ?? `stack ${result.report.stack}`, kind: "resource" }],
            },
        ],
        partialFingerprints: { "resourcePolicy/v1": `${d.policy}|${d.urn ?? ""}` },
        properties: { control: d.control, severity: d.severity, enforcement: d.enforcement, urn: d.urn },
    }));
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "secure-baseline offline check",
                        version: toolVersion,
                        informationUri: "https://www.pulumi.com/docs/using-pulumi/crossguard/",
                        rules,
                        properties: { policyPack: `${result.pack.name}@${result.pack.version}` },
                    },
                },
                artifacts: [{ location: { uri: artifact } }, ...packConfigArtifacts(result)],
                invocations: [packConfigInvocation(result, index)],
                results,
                properties: {
                    stack: result.report.stack,
                    project: result.project.name,
                    mode: result.report.mode,
                    summary: result.report.summary,
                    remoteComponents: result.report.remoteComponents,
                    packConfig: result.report.packConfig,
                },
            },
        ],
    };
}
