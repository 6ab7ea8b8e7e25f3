/**
 * Runs one Pulumi operation (preview, up, destroy, refresh) on a program folder with the real CLI,
 * the real engine and the plugins `npm run cli -- build` made.
 *
 * No Node.js language host module is served by the Go module proxy, so the program runs inline
 * through the Automation API: the CLI (`pulumi preview --client=...`) talks to a language server
 * in this process, which loads the program's entry file. Everything else is as for a user: the
 * CLI's flags (`--policy-pack`, `--policy-pack-config`), the engine, the provider plugin and the
 * policy pack process the CLI starts. The project and stack files are copied to a scratch
 * workspace, because a passphrase stack writes its salt into the stack file.
 *
 * As a command (one operation per process, its result as JSON on stdout):
 *   node -r ts-node/register/transpile-only tools/cli/run.ts --program DIR --stack NAME --op OP
 *     --state DIR [--policy-pack DIR]... [--policy-pack-config FILE]... [--plugin-dir DIR]...
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { parse, stringify } from "yaml";
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { binaries, cliEnv, MissingBinary } from "./env";
import { packLauncher } from "./launcher";
import { PULUMI_VERSION } from "./versions";

export const OPS = ["preview", "up", "destroy", "refresh"] as const;
export type Op = (typeof OPS)[number];

export interface RunOptions {
    readonly programDir: string;
    readonly stack: string;
    readonly op: Op;
    readonly stateDir: string;
    readonly policyPacks?: readonly string[];
    readonly policyPackConfigs?: readonly string[];
    /** Plugin folders on PATH instead of the defaults (the missing-plugin test gives none). */
    readonly pluginDirs?: readonly string[];
}

/** A policy diagnostic as the engine reported it. */
export interface CliDiagnostic {
    readonly policy: string;
    readonly urn: string | null;
    readonly enforcement: string;
    readonly message: string;
}

export interface RunResult {
    readonly op: Op;
    readonly ok: boolean;
    /** The CLI's error output when the operation failed. */
    readonly error?: string;
    readonly diagnostics: readonly CliDiagnostic[];
    /** Steps by kind ("create", "same", ...), from the engine's summary. */
    readonly changes: Record<string, number>;
    /** URNs in the stack's state after the operation. */
    readonly state: readonly string[];
    readonly seconds: number;
}

interface ProjectFile {
    name: string;
    main?: string;
    stackConfigDir?: string;
    [k: string]: unknown;
}

/** A scratch workspace holding copies of Pulumi.yaml (without main/stackConfigDir) and the stack file. */
function scratchWorkspace(programDir: string, stack: string): { workDir: string; project: ProjectFile; entry: string } {
    const project = parse(fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8")) as ProjectFile;
    const entry = path.resolve(programDir, project.main ?? ".");
    const stackFile = path.join(programDir, project.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-baseline-ws-"));
    const copy: ProjectFile = { ...project };
    delete copy.main;
    delete copy.stackConfigDir;
    fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), stringify(copy));
    if (fs.existsSync(stackFile)) fs.copyFileSync(stackFile, path.join(workDir, `Pulumi.${stack}.yaml`));
    return { workDir, project, entry };
}

/** The program's exports that are values (the stack outputs a Pulumi program exports). */
function outputsOf(mod: unknown): Record<string, unknown> {
    if (typeof mod !== "object" || mod === null) return {};
    return Object.fromEntries(Object.entries(mod).filter(([k, v]) => k !== "__esModule" && typeof v !== "function"));
}

function diagnosticOf(e: EngineEvent): CliDiagnostic | undefined {
    const p = e.policyEvent;
    if (!p) return undefined;
    return {
        policy: p.policyName,
        urn: p.resourceUrn ? p.resourceUrn : null,
        enforcement: p.enforcementLevel === "warning" ? "advisory" : p.enforcementLevel,
        message: p.message,
    };
}

export async function runOperation(o: RunOptions): Promise<RunResult> {
    const bins = binaries();
    const { workDir, project, entry } = scratchWorkspace(o.programDir, o.stack);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "secure-baseline-home-"));
    const diagnostics: CliDiagnostic[] = [];
    let changes: Record<string, number> = {};
    const onEvent = (e: EngineEvent) => {
        const d = diagnosticOf(e);
        if (d) diagnostics.push(d);
        if (e.summaryEvent) changes = { ...e.summaryEvent.resourceChanges } as Record<string, number>;
    };
    const started = Date.now();
    let stack: Stack | undefined;
    try {
        const pulumiCommand = await PulumiCommand.get({ root: path.dirname(path.dirname(bins.pulumi)) });
        stack = await LocalWorkspace.createOrSelectStack(
            {
                stackName: o.stack,
                projectName: project.name,
                program: async () => {
                    for (const k of Object.keys(require.cache)) if (k.startsWith(path.dirname(entry) + path.sep)) delete require.cache[k];
                    // eslint-disable-next-line @typescript-eslint/no-require-imports
                    return outputsOf(require(entry));
                },
            },
            { workDir, pulumiCommand, envVars: cliEnv({ stateDir: o.stateDir, home, pluginDirs: o.pluginDirs }) },
        );
        // Each pack folder through its launcher (tools/cli/launcher.ts: no Node.js language host here).
        const packs = {
            policyPacks: [...(o.policyPacks ?? [])].map((p) => packLauncher(p, home)),
            policyPackConfigs: [...(o.policyPackConfigs ?? [])].map((p) => path.resolve(p)),
        };
        if (o.op === "preview") await stack.preview({ ...packs, onEvent });
        else if (o.op === "up") await stack.up({ ...packs, onEvent });
        else if (o.op === "destroy") await stack.destroy({ onEvent });
        else await stack.refresh({ onEvent });
        return { op: o.op, ok: true, diagnostics, changes, state: await stateUrns(stack), seconds: (Date.now() - started) / 1000 };
    } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        return {
            op: o.op,
            ok: false,
            error,
            diagnostics,
            changes,
            state: stack ? await stateUrns(stack).catch(() => []) : [],
            seconds: (Date.now() - started) / 1000,
        };
    } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
        fs.rmSync(home, { recursive: true, force: true });
    }
}

async function stateUrns(stack: Stack): Promise<string[]> {
    const d = await stack.exportStack();
    const resources = (d.deployment as { resources?: { urn: string }[] } | undefined)?.resources ?? [];
    return resources.map((r) => r.urn);
}

async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            program: { type: "string" },
            stack: { type: "string" },
            op: { type: "string" },
            state: { type: "string" },
            "policy-pack": { type: "string", multiple: true },
            "policy-pack-config": { type: "string", multiple: true },
            "plugin-dir": { type: "string", multiple: true },
        },
        strict: true,
    });
    const op = values.op as Op;
    if (!values.program || !values.stack || !values.state || !(OPS as readonly string[]).includes(op)) {
        process.stderr.write(
            `usage: run.ts --program DIR --stack NAME --op ${OPS.join("|")} --state DIR [--policy-pack DIR] [--policy-pack-config FILE] [--plugin-dir DIR] (CLI v${PULUMI_VERSION})\n`,
        );
        return 2;
    }
    const result = await runOperation({
        programDir: path.resolve(values.program),
        stack: values.stack,
        op,
        stateDir: path.resolve(values.state),
        policyPacks: values["policy-pack"],
        policyPackConfigs: values["policy-pack-config"],
        pluginDirs: values["plugin-dir"],
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.ok ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof MissingBinary ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exit(2);
        },
    );
}
