/**
 * SARIF 2.1.0 for code-scanning tools: one rule per policy in the pack, one
 * result per diagnostic. A result's logical location is the resource URN; its
 * physical location is the program's stack config file, the closest file a
 * code-scanning UI can point at (the check has no source position for a
 * resource).
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

export function toSarif(result: CheckResult, toolVersion: string): sarif.Log {
    const policies = [...result.pack.policies].sort((a, b) => a.name.localeCompare(b.name));
    const index = new Map(policies.map((p, i) => [p.name, i]));
    const rules: sarif.ReportingDescriptor[] = policies.map((p) => {
        const meta = policyMeta(p);
        const level: sarif.ReportingConfiguration["level"] = p.enforcement === "mandatory" || p.enforcement === "remediate" ? "error" : p.enforcement === "disabled" ? "none" : "warning";
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
    const artifact = uri(result.project.stackConfigFile);
    const results: sarif.Result[] = result.report.diagnostics.map((d) => ({
        ruleId: d.policy,
        ...(index.has(d.policy) ? { ruleIndex: index.get(d.policy) } : {}),
        level: d.enforcement === "mandatory" ? "error" : "warning",
        message: { text: d.message },
        locations: [{
            physicalLocation: { artifactLocation: { uri: artifact }, region: { startLine: 1 } },
            logicalLocations: [{ fullyQualifiedName: d.urn ?? `stack ${result.report.stack}`, kind: "resource" }],
        }],
        partialFingerprints: { "resourcePolicy/v1": `${d.policy}|${d.urn ?? ""}` },
        properties: { control: d.control, severity: d.severity, enforcement: d.enforcement, urn: d.urn },
    }));
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [{
            tool: {
                driver: {
                    name: "secure-baseline offline check",
                    version: toolVersion,
                    informationUri: "https://www.pulumi.com/docs/using-pulumi/crossguard/",
                    rules,
                    properties: { policyPack: `${result.pack.name}@${result.pack.version}` },
                },
            },
            artifacts: [{ location: { uri: artifact } }],
            results,
            properties: { stack: result.report.stack, project: result.project.name, mode: result.report.mode, summary: result.report.summary, remoteComponents: result.report.remoteComponents },
        }],
    };
}
