#!/usr/bin/env node
/**
 * `npm run check -- [--stack NAME] [--program DIR] [--pack DIR] [--pack-config FILE] [--mode preview|up] [--mocks FILE] [--not-analysed LEVEL]
 *   [--format text|json|sarif] [--out FILE] [--timeout SECONDS] [--typecheck] [--no-cache] [--pack-processes N]`
 *
 * Exit status: 0 no mandatory violation, 1 mandatory violations, 2 the check
 * could not run (bad input, the program or the pack failed).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { runCheck } from "./check";
import { stopAll } from "./children";
import { CheckFailure, errorMessage } from "./errors";
import { formatText } from "./report/text";
import { toSarif } from "./report/sarif";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];
export const DEFAULT_TIMEOUT_SECONDS = 120;

const USAGE = `usage: npm run check -- [options]
  --stack NAME          stack whose config file (stackConfigDir/Pulumi.NAME.yaml) to use
                        (default: the only stack config file, if there is exactly one)
  --program DIR         Pulumi project folder holding Pulumi.yaml (default: .)
  --pack DIR            policy pack folder (default: policy-pack)
  --pack-config FILE    policy pack config (JSON or YAML), as for pulumi --policy-pack-config
  --format FORMAT       text | json | sarif (default: text)
  --out FILE            write the report to FILE instead of stdout
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
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) return String((JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown }).version ?? "0.0.0");
    }
    return "0.0.0";
}

export const MODES = ["preview", "up"] as const;
const LEVELS = ["mandatory", "advisory"] as const;

interface Args {
    mode: (typeof MODES)[number]; mocks?: string; notAnalysed: (typeof LEVELS)[number];
    stack?: string; program: string; pack: string; packConfig?: string; format: Format; out?: string; timeout: number; typecheck: boolean; cache: boolean; packProcesses?: number;
}

export function parseCliArgs(argv: string[]): Args | "help" {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" }, program: { type: "string" }, pack: { type: "string" }, "pack-config": { type: "string" },
                format: { type: "string" }, out: { type: "string" }, timeout: { type: "string" }, typecheck: { type: "boolean" }, "no-cache": { type: "boolean" }, "pack-processes": { type: "string" },
                mode: { type: "string" }, mocks: { type: "string" }, "not-analysed": { type: "string" }, help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        throw new CheckFailure(`${errorMessage(e)}\n${USAGE}`);
    }
    if (values.help) return "help";
    const format = values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) throw new CheckFailure(`--format "${format}" is not supported (allowed: ${FORMATS.join(", ")})`);
    const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new CheckFailure(`--timeout "${values.timeout}" must be a positive number of seconds`);
    const processes = values["pack-processes"] === undefined ? undefined : Number(values["pack-processes"]);
    if (processes !== undefined && (!Number.isInteger(processes) || processes < 1 || processes > 16)) {
        throw new CheckFailure(`--pack-processes "${values["pack-processes"]}" must be a whole number from 1 to 16`);
    }
    const mode = values.mode ?? "preview";
    if (!(MODES as readonly string[]).includes(mode)) throw new CheckFailure(`--mode "${mode.slice(0, 40)}" is not supported (allowed: ${MODES.join(", ")})`);
    const level = values["not-analysed"] ?? "mandatory";
    if (!(LEVELS as readonly string[]).includes(level)) throw new CheckFailure(`--not-analysed "${level.slice(0, 40)}" is not supported (allowed: ${LEVELS.join(", ")})`);
    return {
        mode: mode as Args["mode"],
        mocks: values.mocks,
        notAnalysed: level as Args["notAnalysed"],
        stack: values.stack,
        program: values.program ?? ".",
        pack: values.pack ?? "policy-pack",
        packConfig: values["pack-config"],
        format: format as Format,
        out: values.out,
        timeout,
        typecheck: values.typecheck === true,
        cache: values["no-cache"] !== true,
        packProcesses: processes,
    };
}

async function main(argv: string[]): Promise<number> {
    const args = parseCliArgs(argv);
    if (args === "help") {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const result = await runCheck({
        programDir: args.program,
        packDir: args.pack,
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
    const body = args.format === "json"
        ? `${JSON.stringify(result.report, null, 2)}\n`
        : args.format === "sarif"
            ? `${JSON.stringify(toSarif(result, toolVersion()), null, 2)}\n`
            : formatText(result);
    if (args.out) {
        fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
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

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            stopAll();
            if (e instanceof CheckFailure) {
                const detail = e.detail ? `\n${e.detail.split("\n").map((l) => `  | ${l}`).join("\n")}` : "";
                process.stderr.write(`offline check failed: ${e.message}${detail}\n`);
            } else {
                process.stderr.write(`offline check failed (internal error): ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
            }
            process.exitCode = 2;
        },
    );
}
