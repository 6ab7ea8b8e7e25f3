#!/usr/bin/env node
/**
 * `secure-baseline check [options]` (in this repository `npm run check -- [options]`): [--stack NAME] [--program DIR] [--pack DIR] [--pack-config FILE] [--mode preview|up] [--mocks FILE] [--not-analysed LEVEL]
 *   [--format text|json|sarif] [--out FILE] [--timeout SECONDS] [--typecheck] [--no-cache] [--pack-processes N]`
 *
 * Exit status: 0 no mandatory violation, 1 mandatory violations, 2 the check
 * could not run (bad input, the program or the pack failed).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { bundledPackDir, ownPackageDir, runCheck } from "./check";
import { stopAll } from "./children";
import { CheckFailure, errorMessage, quote } from "./errors";
import { DEFAULT_STACK, checkStackName, findProjectDir } from "./project";
import { formatText } from "./report/text";
import { toSarif } from "./report/sarif";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_TIMEOUT_SECONDS = 120;

export const USAGE = `usage: secure-baseline check [options]    (in this repository: npm run check -- [options])
  --stack NAME          stack whose config file (stackConfigDir/Pulumi.NAME.yaml) to use; a name,
                        not a path (letters, digits, '-', '_', '.'; no separators, no '..')
                        (default: the only stack config file; with none, stack "${DEFAULT_STACK}" with an
                        empty config, the project's defaults only, and the output says so)
  --program DIR         Pulumi project folder holding Pulumi.yaml (default: the working folder
                        or the nearest one above it holding Pulumi.yaml)
  --pack DIR            policy pack folder (default: the pack this package ships, policy-pack/)
  --pack-config FILE    policy pack config (JSON or YAML), as for pulumi --policy-pack-config; without it
                        none is used, except stacks/policy-pack.<stack>.json for this project's stacks
  --format FORMAT       text | json | sarif (default: text)
  --out FILE            write the report to FILE instead of stdout (checked before the run:
                        an existing folder holding a writable file)
  --timeout SECONDS     time limit for the program (default: ${DEFAULT_TIMEOUT_SECONDS})
  --typecheck           type-check a TypeScript program with ts-node, as pulumi does by default
  --mode MODE           preview (default): what the provider computes is unknown, as at
                        pulumi preview; up: every value known (canned), as pulumi up
                        evaluates the pack again
  --mocks FILE          answers for invokes (JSON or YAML list of {token, args?, result})
  --not-analysed LEVEL  mandatory (default) | advisory: the diagnostic for a remote
                        component whose children the check cannot build
  --pack-processes N    pack processes at most (default: one per core, up to 4); more than one
                        only start when over 500 resources wait to be judged
  --no-cache            transpile every TypeScript file again (by default what ts-node emits is
                        cached in node_modules/.cache/secure-baseline-check; never with --typecheck)
exit status: 0 no mandatory violation, 1 mandatory violations, 2 the check could not run`;

function toolVersion(): string {
    const file = path.join(ownPackageDir(), "package.json");
    return fs.existsSync(file) ? String((JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown }).version ?? "0.0.0") : "0.0.0";
}

export const MODES = ["preview", "up"] as const;
const LEVELS = ["mandatory", "advisory"] as const;

export interface Args {
    mode: (typeof MODES)[number];
    mocks?: string;
    notAnalysed: (typeof LEVELS)[number];
    /** Undefined: found from the working folder (findProjectDir). Undefined pack: the bundled one. */
    stack?: string;
    program?: string;
    pack?: string;
    packConfig?: string;
    format: Format;
    out?: string;
    timeout: number;
    typecheck: boolean;
    cache: boolean;
    packProcesses?: number;
}

export function parseCliArgs(argv: string[]): Args | "help" {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                program: { type: "string" },
                pack: { type: "string" },
                "pack-config": { type: "string" },
                format: { type: "string" },
                out: { type: "string" },
                timeout: { type: "string" },
                typecheck: { type: "boolean" },
                "no-cache": { type: "boolean" },
                "pack-processes": { type: "string" },
                mode: { type: "string" },
                mocks: { type: "string" },
                "not-analysed": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        throw new CheckFailure(`${errorMessage(e)}\n${USAGE}`);
    }
    if (values.help) return "help";
    const format = values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format))
        throw new CheckFailure(`--format ${quote(format)} is not supported (allowed: ${FORMATS.join(", ")})`);
    const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
        throw new CheckFailure(`--timeout ${quote(values.timeout)} must be a positive number of seconds`);
    const processes = values["pack-processes"] === undefined ? undefined : Number(values["pack-processes"]);
    if (processes !== undefined && (!Number.isInteger(processes) || processes < 1 || processes > 16)) {
        throw new CheckFailure(`--pack-processes ${quote(values["pack-processes"])} must be a whole number from 1 to 16`);
    }
    if (values.stack !== undefined) checkStackName(values.stack);
    const mode = values.mode ?? "preview";
    if (!(MODES as readonly string[]).includes(mode))
        throw new CheckFailure(`--mode "${mode.slice(0, 40)}" is not supported (allowed: ${MODES.join(", ")})`);
    const level = values["not-analysed"] ?? "mandatory";
    if (!(LEVELS as readonly string[]).includes(level))
        throw new CheckFailure(`--not-analysed "${level.slice(0, 40)}" is not supported (allowed: ${LEVELS.join(", ")})`);
    return {
        mode: mode as Args["mode"],
        mocks: values.mocks,
        notAnalysed: level as Args["notAnalysed"],
        stack: values.stack,
        program: values.program,
        pack: values.pack,
        packConfig: values["pack-config"],
        format: format as Format,
        out: values.out,
        timeout,
        typecheck: values.typecheck === true,
        cache: values["no-cache"] !== true,
        packProcesses: processes,
    };
}

/**
 * Fails at once, before anything runs, when the report could not be written to `out`: a
 * folder, a missing parent folder, or a file that cannot be opened for writing. The probe
 * opens for append (an existing report is not touched) and removes a file it created.
 */
export function checkOutPath(out: string): void {
    const file = path.resolve(out);
    const dir = path.dirname(file);
    const fail = (why: string) => new CheckFailure(`--out ${quote(out)}: ${why}; name a file the report can be written to`);
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(file);
    } catch {
        stat = undefined;
    }
    if (stat?.isDirectory()) throw fail("is a folder");
    if (!stat) {
        if (!fs.existsSync(dir)) throw fail(`the folder ${dir} does not exist`);
        if (!fs.statSync(dir).isDirectory()) throw fail(`${dir} is not a folder`);
    }
    try {
        fs.closeSync(fs.openSync(file, "a"));
    } catch (e) {
        throw fail(`cannot be written (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`);
    }
    if (!stat) fs.rmSync(file, { force: true });
}

/** Runs the check with these arguments and writes the report; the exit status (0 pass, 1 blocked; a CheckFailure means 2). */
export async function main(argv: string[]): Promise<number> {
    const args = parseCliArgs(argv);
    if (args === "help") {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (args.out !== undefined) checkOutPath(args.out);
    const result = await runCheck({
        programDir: args.program ?? findProjectDir(process.cwd()),
        packDir: args.pack ?? bundledPackDir(),
        stack: args.stack,
        packConfigFile: args.packConfig,
        timeoutSeconds: args.timeout,
        typecheck: args.typecheck,
        cache: args.cache,
        packProcesses: args.packProcesses,
        mode: args.mode,
        mocksFile: args.mocks,
        notAnalysed: args.notAnalysed,
    });
    const body =
        args.format === "json"
            ? `${JSON.stringify(result.report, null, 2)}\n`
            : args.format === "sarif"
              ? `${JSON.stringify(toSarif(result, toolVersion()), null, 2)}\n`
              : formatText(result);
    if (args.out) {
        fs.writeFileSync(args.out, body);
        const s = result.report.summary;
        const t = result.timings;
        const sec = (v: number) => `${(v / 1000).toFixed(2)} s`;
        process.stderr.write(
            `offline check: wrote ${args.format} report to ${args.out} (${s.resources} resources, ${s.mandatory} mandatory, ${s.advisory} advisory; ` +
                `program ${sec(t.programMs)}, pack start ${sec(t.packStartMs)}, Analyze after the program ${sec(t.analyzeMs)}, total ${sec(t.totalMs)}; ${t.packProcesses} pack process${t.packProcesses === 1 ? "" : "es"})\n`,
        );
    } else {
        process.stdout.write(body);
    }
    return result.report.summary.mandatory > 0 ? 1 : 0;
}

/**
 * Started by launch.js, the check holds an IPC channel to it: when the launcher goes, even by
 * SIGKILL, the channel closes and the check stops everything it started and exits 2.
 */
export function followLauncher(): void {
    if (!process.channel) return;
    process.channel.unref();
    process.once("disconnect", () => {
        process.stderr.write("offline check: the launcher (launch.js) is gone; stopping the program and the policy pack\n");
        void stopAll().finally(() => process.exit(2));
    });
}

/** Runs `run` as the process's work: its exit status, or 2 and the failure on stderr; everything the check started is stopped first. */
export function runAsProcess(run: () => Promise<number>, what = "offline check"): void {
    run().then(
        async (code) => {
            process.exitCode = code;
            await stopAll();
        },
        async (e: unknown) => {
            process.exitCode = 2;
            await stopAll();
            if (e instanceof CheckFailure) {
                const detail = e.detail
                    ? `\n${e.detail
                          .split("\n")
                          .map((l) => `  | ${l}`)
                          .join("\n")}`
                    : "";
                process.stderr.write(`${what} failed: ${e.message}${detail}\n`);
            } else {
                process.stderr.write(`${what} failed (internal error): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            }
        },
    );
}

if (require.main === module) {
    followLauncher();
    runAsProcess(() => main(process.argv.slice(2)));
}
