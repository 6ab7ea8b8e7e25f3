/**
 * Renders docs/policies.md from policy metadata and the pack's version (the script in
 * policy-pack/scripts/catalogue.ts writes it, a test keeps it current).
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { FRAMEWORK_CONFIG } from "./config";
import { defaultEnforcementLevel, formatReference } from "./metadata";
import type { SecurePolicy } from "./policy";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function describeSchema(s: PolicyConfigJSONSchema): string {
    const parts: string[] = [];
    if (s.type !== undefined) {
        const item =
            typeof s.items === "object" && !Array.isArray(s.items) && typeof s.items.type === "string" ? ` of ${s.items.type}` : "";
        parts.push(`${Array.isArray(s.type) ? s.type.join("|") : s.type}${item}`);
    }
    if (s.enum) parts.push(`one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    if (s.minimum !== undefined) parts.push(`min ${s.minimum}`);
    if (s.maximum !== undefined) parts.push(`max ${s.maximum}`);
    if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
    return parts.join("; ");
}

/**
 * The pack's version: the nearest package.json above this file (policy-pack/package.json, from the
 * sources and from bin/ alike), which follows the npm package's version (a test keeps them equal).
 */
export function packVersion(): string {
    for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
        const file = join(dir, "package.json");
        if (existsSync(file)) return String((JSON.parse(readFileSync(file, "utf8")) as { version?: unknown }).version);
    }
    return "unknown";
}

export function renderCatalogue(policies: readonly SecurePolicy[], version = packVersion()): string {
    const lines: string[] = [];
    lines.push("# Policy catalogue");
    lines.push("");
    lines.push(
        "<!-- Generated from the policy metadata by `npm run catalogue`. Do not edit by hand: a test compares this file with the generator's output. -->",
    );
    lines.push("");
    lines.push(
        `Every policy of the \`secure-baseline\` CrossGuard pack, version ${version} (the npm package's version; \`npx secure-baseline policies\` prints this list). ` +
            "Default enforcement is `mandatory` for high and critical severity, `advisory` otherwise; every level can be overridden in the pack config. Every policy also takes the framework config keys `unknown`, `include` and `exclude` (below). See [pack.md](pack.md) for usage, exemptions and unknown values; [pss.md](pss.md) maps each Pod Security Standards check to the policy enforcing it, and [coverage.md](coverage.md) lists the provider types no policy judges, with the reason.",
    );
    lines.push("");
    lines.push("| Policy | Control | Severity | Layer | Default enforcement | Kind | Remediate |");
    lines.push("|---|---|---|---|---|---|---|");
    for (const p of policies) {
        lines.push(
            `| [${p.meta.name}](#${p.meta.name}) | ${p.meta.control} | ${p.meta.severity} | ${p.meta.layer} | ${defaultEnforcementLevel(p.meta.severity)} | ${p.kind} | ${p.remediable ? "yes" : "no"} |`,
        );
    }
    lines.push("");
    lines.push("## Framework config keys (every policy)");
    lines.push("");
    lines.push("| Key | Schema | Meaning |");
    lines.push("|---|---|---|");
    for (const [key, s] of Object.entries(FRAMEWORK_CONFIG)) {
        lines.push(`| \`${key}\` | ${cell(describeSchema(s))} | ${cell(s.description ?? "")} |`);
    }
    for (const p of policies) {
        const m = p.meta;
        lines.push("");
        lines.push(`## ${m.name}`);
        lines.push("");
        lines.push(m.description);
        lines.push("");
        lines.push(`- Control: ${m.control}`);
        lines.push(`- Severity: ${m.severity}; default enforcement: ${defaultEnforcementLevel(m.severity)}`);
        lines.push(`- Layer: ${m.layer}`);
        lines.push(
            `- Kind: ${p.kind === "stack" ? "stack policy (checked at the end of preview, over the whole stack)" : "resource policy"}`,
        );
        lines.push(`- ${p.kind === "stack" ? "Subject types" : "Resource types"}: ${p.types.map((t) => `\`${t}\``).join(", ")}`);
        lines.push(`- References: ${m.references.length > 0 ? m.references.map(formatReference).join(", ") : "none"}`);
        lines.push(`- Remediation: ${m.remediation}`);
        lines.push(`- Automatic fix at \`remediate\`: ${p.remediable ? "yes" : "no"}`);
        lines.push(`- Exemption tag/annotation: \`secure-baseline.io/exempt-${m.name}\``);
        const own = Object.entries(m.config ?? {});
        if (own.length > 0) {
            lines.push("");
            lines.push("| Config key | Schema | Meaning |");
            lines.push("|---|---|---|");
            for (const [key, s] of own) {
                lines.push(`| \`${key}\` | ${cell(describeSchema(s))} | ${cell(s.description ?? "")} |`);
            }
        }
    }
    lines.push("");
    return lines.join("\n");
}
