/**
 * `secure-baseline <command>`, the command of the npm package (package.json "bin", through bin.js):
 *
 *   secure-baseline check [options]                  the offline check (options: cli.ts)
 *   secure-baseline policies [--format text|json]    the catalogue of the bundled pack, with its version
 *
 * Exit status: what the command says (the check: 0 pass, 1 blocked), 2 when it could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { bundledPackDir, ownPackageDir } from "./check";
import { followLauncher, main as checkMain, runAsProcess } from "./cli";

export { runAsProcess };
import { CheckFailure, errorMessage, quote } from "./errors";

export const COMMANDS = ["check", "policies", "help", "version"] as const;
export const CATALOGUE_FORMATS = ["text", "json"] as const;

export const USAGE = `usage: secure-baseline <command> [options]
  check [options]                  the offline check of a Pulumi program against the policy pack
                                   (secure-baseline check --help lists its options)
  policies [--format text|json]    the policies of the bundled pack: control, severity, default
                                   enforcement, layer, what each checks; with the pack's version
  help                             this text
  version                          the package's version (the bundled pack's version too)`;

export type Command =
    | { readonly command: "check"; readonly argv: readonly string[] }
    | { readonly command: "policies"; readonly format: (typeof CATALOGUE_FORMATS)[number] }
    | { readonly command: "help" }
    | { readonly command: "version" };

/** Parses the command line; throws CheckFailure (exit 2) naming what is wrong and what is allowed. */
export function parseCommand(argv: readonly string[]): Command {
    const [first, ...rest] = argv;
    if (first === undefined || first === "help" || first === "--help" || first === "-h") return { command: "help" };
    if (first === "version" || first === "--version" || first === "-v") return { command: "version" };
    if (first === "check") return { command: "check", argv: rest };
    if (first === "policies") {
        let values;
        try {
            ({ values } = parseArgs({ args: [...rest], options: { format: { type: "string" } }, strict: true, allowPositionals: false }));
        } catch (e) {
            throw new CheckFailure(`policies: ${errorMessage(e)} (allowed: --format ${CATALOGUE_FORMATS.join("|")})`);
        }
        const format = values.format ?? "text";
        if (!(CATALOGUE_FORMATS as readonly string[]).includes(format)) {
            throw new CheckFailure(`policies: --format ${quote(format)} is not supported (allowed: ${CATALOGUE_FORMATS.join(", ")})`);
        }
        return { command: "policies", format: format as (typeof CATALOGUE_FORMATS)[number] };
    }
    throw new CheckFailure(`${quote(first)} is not a command (allowed: ${COMMANDS.join(", ")})\n${USAGE}`);
}

/** A policy as the pack library (`secure-baseline/policy`) describes it; the fields the catalogue prints. */
interface CataloguePolicy {
    readonly name: string;
    readonly control: string;
    readonly severity: string;
    readonly layer: string;
    readonly description: string;
    readonly defaultEnforcement: string;
    readonly [key: string]: unknown;
}

export interface Catalogue {
    readonly name: string;
    /** The pack's version: its package.json, which is the npm package's version (a test keeps them equal). */
    readonly version: string;
    readonly policies: readonly CataloguePolicy[];
}

/** Reads the bundled pack's catalogue from its compiled library (policy-pack/bin/library.js). */
export function loadCatalogue(packDir = bundledPackDir()): Catalogue {
    const library = path.join(packDir, "bin", "library.js");
    const pkgFile = path.join(packDir, "package.json");
    if (!fs.existsSync(library) || !fs.existsSync(pkgFile)) {
        throw new CheckFailure(
            `the bundled policy pack is not built: looked for ${library} and ${pkgFile} (in a clone of the repository: npm run build:pack)`,
        );
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled pack is found at run time
    const lib = require(library) as { PACK_NAME: string; policies: readonly CataloguePolicy[] };
    const version = String((JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { version?: unknown }).version ?? "");
    return { name: lib.PACK_NAME, version, policies: lib.policies };
}

/** The catalogue as text: a header with the pack's name and version, then one block per policy. */
export function formatCatalogue(c: Catalogue): string {
    const width = (pick: (p: CataloguePolicy) => string) => Math.max(...c.policies.map((p) => pick(p).length));
    const wc = width((p) => p.control);
    const ws = width((p) => p.severity);
    const we = width((p) => p.defaultEnforcement);
    const lines = [
        `Policy pack ${c.name}@${c.version}: ${c.policies.length} policies (control, severity, default enforcement, policy, layer)`,
        "",
    ];
    for (const p of c.policies) {
        lines.push(`${p.control.padEnd(wc)}  ${p.severity.padEnd(ws)}  ${p.defaultEnforcement.padEnd(we)}  ${p.name}  (${p.layer})`);
        lines.push(`${" ".repeat(wc + 2)}${p.description}`);
    }
    return `${lines.join("\n")}\n`;
}

function packageVersion(): string {
    return String((JSON.parse(fs.readFileSync(path.join(ownPackageDir(), "package.json"), "utf8")) as { version?: unknown }).version);
}

/** Runs a parsed command; resolves to the exit status. */
export async function runCommand(argv: readonly string[]): Promise<number> {
    const cmd = parseCommand(argv);
    switch (cmd.command) {
        case "help":
            process.stdout.write(`${USAGE}\n`);
            return 0;
        case "version":
            process.stdout.write(`${packageVersion()}\n`);
            return 0;
        case "policies": {
            const c = loadCatalogue();
            process.stdout.write(cmd.format === "json" ? `${JSON.stringify(c, null, 2)}\n` : formatCatalogue(c));
            return 0;
        }
        case "check":
            return checkMain([...cmd.argv]);
    }
}

if (require.main === module) {
    followLauncher();
    // A reader that stops early (`secure-baseline policies | head`) is not an error.
    process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    });
    const argv = process.argv.slice(2);
    runAsProcess(() => runCommand(argv), argv[0] === "check" ? "offline check" : "secure-baseline");
}
