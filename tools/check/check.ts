/**
 * The offline check: run the program under mocks, send every resource through
 * the policy pack over the analyzer protocol, and build the report. The
 * program and the pack start in parallel (both take about a second); the pack
 * is stopped however this ends.
 */
import * as fs from "fs";
import * as path from "path";
import { CheckFailure } from "./errors";
import { controlFromMessage, policyMeta } from "./metadata";
import { AnalyzerResource, Diagnostic, PackInfo, PackProcess, Severity, StackContext, checkPackDir } from "./pack";
import { readPackConfigFile, reconcilePackConfig } from "./packConfig";
import { runProgram } from "./program";
import { loadProject, ProjectInfo } from "./project";
import type { ResourceRecord, WireMap } from "./records";
import { forDisplay } from "./wire";

export interface CheckOptions {
    readonly programDir: string;
    readonly packDir: string;
    readonly stack?: string;
    readonly packConfigFile?: string;
    /** Time limit for the program, in seconds. */
    readonly timeoutSeconds: number;
    /** Time limit for the pack to report its port, in seconds. */
    readonly packStartTimeoutSeconds?: number;
    /** Type-check a TypeScript program with ts-node, as `pulumi` does by default. */
    readonly typecheck?: boolean;
}

/** The stable JSON shape (see docs/check.md). */
export interface CheckReport {
    readonly stack: string;
    readonly resources: readonly {
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent: string | null;
        readonly inputs: unknown;
        readonly protect: boolean;
    }[];
    readonly diagnostics: readonly ReportDiagnostic[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number };
}

export interface ReportDiagnostic {
    readonly policy: string;
    readonly control: string | null;
    readonly severity: Severity;
    readonly enforcement: "mandatory" | "advisory";
    readonly urn: string | null;
    readonly message: string;
}

export interface CheckResult {
    readonly report: CheckReport;
    readonly project: ProjectInfo;
    readonly pack: PackInfo;
    readonly packDir: string;
    /** The pack config file used, given with --pack-config or found beside the stack config; none when absent. */
    readonly packConfigFile?: string;
    readonly invokes: readonly string[];
    readonly timings: { readonly programMs: number; readonly packStartMs: number; readonly analyzeMs: number; readonly totalMs: number };
}

/** How many Analyze calls are in flight at once (the engine also analyzes resources as they arrive, concurrently). */
const ANALYZE_WINDOW = 32;

function ms(t0: bigint): number {
    return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The engine's name for a default provider: `default_<version with underscores>`. */
export function defaultProviderName(version: string): string {
    return version === "" ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
}

function packageOf(type: string): string {
    return type.split(":")[0];
}

/** Builds the analyzer view of each record, with the default providers the engine would create. */
export function analyzerResources(records: readonly ResourceRecord[], project: ProjectInfo): { each: AnalyzerResource[]; stack: AnalyzerResource[] } {
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    const defaults = new Map<string, AnalyzerResource>();
    const providerConfig = (pkg: string, version: string): WireMap => {
        const props: WireMap = {};
        for (const [k, v] of Object.entries(project.config)) {
            if (k.startsWith(`${pkg}:`)) props[k.slice(pkg.length + 1)] = v;
        }
        if (version !== "") props.version = version;
        return props;
    };
    const providerFor = (r: ResourceRecord): AnalyzerResource["provider"] => {
        if (!r.custom || r.type.startsWith("pulumi:providers:")) return undefined;
        if (r.provider !== "") {
            const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
            const p = byUrn.get(urn);
            return p ? { urn: p.urn, type: p.type, name: p.name, properties: p.inputs } : undefined;
        }
        const pkg = packageOf(r.type);
        const name = defaultProviderName(r.version);
        const urn = `urn:pulumi:${project.stack}::${project.name}::pulumi:providers:${pkg}::${name}`;
        let d = defaults.get(urn);
        if (!d) {
            const properties = providerConfig(pkg, r.version);
            d = {
                urn, type: `pulumi:providers:${pkg}`, name, properties,
                options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [], customTimeouts: { create: 0, update: 0, delete: 0 }, parent: "" },
                parent: "", dependencies: [], propertyDependencies: {},
            };
            defaults.set(urn, d);
        }
        return { urn: d.urn, type: d.type, name: d.name, properties: d.properties };
    };
    const view = (r: ResourceRecord, properties: WireMap): AnalyzerResource => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        properties,
        options: {
            protect: r.protect,
            ignoreChanges: r.ignoreChanges,
            deleteBeforeReplace: r.deleteBeforeReplace,
            additionalSecretOutputs: r.additionalSecretOutputs,
            aliases: r.aliases,
            customTimeouts: r.customTimeouts,
            parent: r.parent,
        },
        provider: providerFor(r),
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    });
    // Analyze sees the inputs; AnalyzeStack sees the state after the (canned) create, like the engine.
    const each = records.map((r) => view(r, r.inputs));
    const stack = records.map((r) => view(r, r.outputs));
    return { each, stack: [...defaults.values(), ...stack] };
}

async function analyzeAll(pack: PackProcess, resources: readonly AnalyzerResource[]): Promise<Diagnostic[]> {
    const results: Diagnostic[][] = new Array(resources.length);
    let next = 0;
    const worker = async () => {
        while (next < resources.length) {
            const i = next++;
            results[i] = await pack.analyze(resources[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(ANALYZE_WINDOW, resources.length) }, worker));
    return results.flat();
}

function toReport(project: ProjectInfo, records: readonly ResourceRecord[], diags: readonly Diagnostic[], pack: PackInfo): CheckReport {
    const policies = new Map(pack.policies.map((p) => [p.name, p]));
    const diagnostics: ReportDiagnostic[] = diags
        .filter((d) => d.enforcement !== "disabled")
        .map((d) => {
            const p = policies.get(d.policy);
            return {
                policy: d.policy,
                control: policyMeta(p).control ?? controlFromMessage(d.message),
                severity: d.severity !== "unspecified" ? d.severity : (p?.severity ?? "unspecified"),
                // The server reports a remediate-level violation as mandatory; keep two levels in the report.
                enforcement: d.enforcement === "advisory" ? "advisory" : "mandatory",
                urn: d.urn === "" ? null : d.urn,
                message: d.message,
            };
        });
    return {
        stack: project.stack,
        resources: records.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent === "" ? null : r.parent,
            inputs: forDisplay(r.inputs),
            protect: r.protect,
        })),
        diagnostics,
        summary: {
            resources: records.length,
            mandatory: diagnostics.filter((d) => d.enforcement === "mandatory").length,
            advisory: diagnostics.filter((d) => d.enforcement === "advisory").length,
        },
    };
}

/** Pack config files a stack may keep beside its config file, tried in this order. */
export const STACK_PACK_CONFIG_NAMES = (stack: string): string[] => [`policy-pack.${stack}.json`, `policy-pack.${stack}.yaml`];

/**
 * The pack config a stack keeps beside its `Pulumi.<stack>.yaml` (for example the principals it
 * allows to be cluster admins). Used when --pack-config is not given; the report names it, so the
 * choice is never silent. `pulumi preview --policy-pack-config <file>` takes the same file.
 */
export function stackPackConfigFile(project: ProjectInfo): string | undefined {
    const dir = path.dirname(project.stackConfigFile);
    return STACK_PACK_CONFIG_NAMES(project.stack).map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
    const t0 = process.hrtime.bigint();
    // Everything that can be checked without starting a process is checked first.
    const project = loadProject(opts.programDir, opts.stack);
    const packConfigFile = opts.packConfigFile ?? stackPackConfigFile(project);
    const given = packConfigFile ? readPackConfigFile(packConfigFile) : {};
    const packDir = checkPackDir(opts.packDir).dir;
    const ctx: StackContext = { project: project.name, stack: project.stack, organization: "organization", config: project.config, secretKeys: project.secretKeys };

    const programStarted = process.hrtime.bigint();
    const [programRun, packStart] = await Promise.allSettled([
        runProgram(project, { timeoutSeconds: opts.timeoutSeconds, typecheck: opts.typecheck === true }).then((r) => ({ ...r, ms: ms(programStarted) })),
        PackProcess.start(packDir, ctx, { startTimeoutSeconds: opts.packStartTimeoutSeconds ?? 120 }),
    ]);
    const pack = packStart.status === "fulfilled" ? packStart.value : undefined;
    try {
        if (programRun.status === "rejected") throw programRun.reason;
        if (packStart.status === "rejected") throw packStart.reason;
        if (!pack) throw new CheckFailure("the policy pack did not start");
        const run = programRun.value;

        const t1 = process.hrtime.bigint();
        const info = await pack.info();
        const config = reconcilePackConfig(info, given, packConfigFile ? `pack config ${path.relative(process.cwd(), packConfigFile) || packConfigFile}` : "the pack's initial config");
        await pack.configureStack(ctx);
        if (Object.keys(config).length > 0) await pack.configure(config);
        const { each, stack } = analyzerResources(run.resources, project);
        const diags = [...(await analyzeAll(pack, each)), ...(await pack.analyzeStack(stack))];
        const analyzeMs = ms(t1);
        return {
            report: toReport(project, run.resources, diags, info),
            project,
            pack: info,
            packDir,
            packConfigFile,
            invokes: run.invokes,
            timings: { programMs: run.ms, packStartMs: pack.startMs, analyzeMs, totalMs: ms(t0) },
        };
    } finally {
        await pack?.close();
    }
}
