/**
 * Reads a Pulumi project the way the CLI does, without the CLI: `Pulumi.yaml`
 * (name, runtime, main, stackConfigDir, the project `config` block) and the
 * stack's `Pulumi.<stack>.yaml`. Produces the flat config map the Node.js SDK
 * receives (keys namespaced `project:key` / `aws:region`, values as strings,
 * structured values as JSON). Secrets are not decrypted: each `secure:` value
 * becomes a placeholder and its key is marked secret.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CheckFailure, errorMessage, quote } from "./errors";

/** What a program sees instead of a secret's value. */
export const SECRET_PLACEHOLDER = "offline-check-secret-placeholder";

export interface ProjectInfo {
    readonly dir: string;
    readonly name: string;
    /** Absolute path the program is loaded from (a file or a folder), like `require(main)`. */
    readonly main: string;
    /** False when `runtime.options.typescript` is false: plain JS, no ts-node. */
    readonly typescript: boolean;
    readonly stack: string;
    /** Pulumi.yaml (or Pulumi.yml) of the project. */
    readonly projectFile: string;
    /** The stack's config file; null when the project has none (the program ran with the project's defaults only). */
    readonly stackConfigFile: string | null;
    /** Set when no stack config file was used: says so and where the check looked. */
    readonly configNote?: string;
    /** Namespaced keys → string values, as `pulumi.runtime.setAllConfig` takes them. */
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
}

type Yaml = Record<string, unknown>;

function isRecord(v: unknown): v is Yaml {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readYaml(file: string, what: string): Yaml {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CheckFailure(`cannot read ${what} ${file}: ${errorMessage(e)}`);
    }
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new CheckFailure(`${what} ${file} is not valid YAML: ${errorMessage(e)}`);
    }
    if (doc === null || doc === undefined) return {};
    if (!isRecord(doc)) throw new CheckFailure(`${what} ${file} must be a YAML mapping`);
    return doc;
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

function projectFileIn(dir: string): string | undefined {
    return PROJECT_FILES.map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

function findProjectFile(dir: string): string {
    const file = projectFileIn(dir);
    if (file) return file;
    throw new CheckFailure(`no Pulumi.yaml in ${dir}: --program must be a Pulumi project folder (the one holding Pulumi.yaml)`);
}

/**
 * The project folder when --program is not given: the working folder or the nearest one above
 * it holding Pulumi.yaml, as the Pulumi CLI finds its project.
 */
export function findProjectDir(from: string): string {
    const start = path.resolve(from);
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (projectFileIn(dir)) return dir;
        if (dir === path.dirname(dir)) break;
    }
    throw new CheckFailure(
        `not inside a Pulumi project: looked for ${PROJECT_FILES.join(" or ")} in ${start} and every folder above it; ` +
            "run the check in a Pulumi project folder or name one with --program DIR",
    );
}

/** The stack name used when --stack is not given and the project has no stack config file. */
export const DEFAULT_STACK = "dev";

function stackFiles(configDir: string): string[] {
    if (!fs.existsSync(configDir)) return [];
    return fs
        .readdirSync(configDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Namespaces a config key the way the CLI does: a bare key belongs to the project. */
export function namespacedKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Turns one YAML config value into the string the SDK receives; reports whether it held a secret. */
export function configValue(value: unknown): { value: string; secret: boolean } {
    let secret = false;
    const strip = (v: unknown): unknown => {
        if (isRecord(v)) {
            const keys = Object.keys(v);
            if (keys.length === 1 && keys[0] === "secure") {
                secret = true;
                return SECRET_PLACEHOLDER;
            }
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
        }
        if (Array.isArray(v)) return v.map(strip);
        return v;
    };
    const plain = strip(value);
    const text =
        typeof plain === "string" ? plain : typeof plain === "number" || typeof plain === "boolean" ? String(plain) : JSON.stringify(plain);
    return { value: text, secret };
}

function runtimeOf(doc: Yaml, file: string): { typescript: boolean } {
    const runtime = doc.runtime;
    const name = isRecord(runtime) ? runtime.name : runtime;
    if (name !== "nodejs") {
        throw new CheckFailure(
            `${file}: runtime ${quote(name)} is not supported; the offline check runs Node.js programs (runtime: nodejs)`,
        );
    }
    const options = isRecord(runtime) && isRecord(runtime.options) ? runtime.options : {};
    return { typescript: options.typescript !== false };
}

/** Project-level defaults from the `config` block of Pulumi.yaml; keys with no default are required. */
function projectDefaults(doc: Yaml, project: string): { defaults: Map<string, unknown>; required: string[] } {
    const defaults = new Map<string, unknown>();
    const required: string[] = [];
    const block = isRecord(doc.config) ? doc.config : {};
    for (const [k, spec] of Object.entries(block)) {
        const key = namespacedKey(project, k);
        if (isRecord(spec) && ("default" in spec || "value" in spec)) {
            defaults.set(key, "value" in spec ? spec.value : spec.default);
        } else if (isRecord(spec)) {
            required.push(key);
        } else {
            defaults.set(key, spec);
        }
    }
    return { defaults, required };
}

/** What `--stack` accepts: a stack name as Pulumi allows it, never a path (it names the file `Pulumi.<stack>.yaml`). */
export const STACK_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;
const STACK_NAME_RULE =
    "a stack name, not a path: 1 to 100 letters, digits, '-', '_' or '.', not starting with '.', without '..' (pattern ^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$)";

/** Throws CheckFailure unless `stack` is a plain stack name (no separators, no `..`). */
export function checkStackName(stack: string): void {
    if (!STACK_NAME_PATTERN.test(stack) || stack.includes("..")) {
        throw new CheckFailure(`--stack ${quote(stack)} is not allowed: use ${STACK_NAME_RULE}`);
    }
}

/**
 * Reads Pulumi.yaml and the stack file. `stack` may be omitted when the project has at most one
 * stack file. A project with no stack file at all runs with an empty stack config (`configNote` says so).
 */
export function loadProject(programDir: string, stack?: string): ProjectInfo {
    const dir = path.resolve(programDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new CheckFailure(
            `--program ${programDir}: no such folder (looked for ${dir}); name the Pulumi project folder, the one holding Pulumi.yaml`,
        );
    }
    const projectFile = findProjectFile(dir);
    const doc = readYaml(projectFile, "project file");
    const name = doc.name;
    if (typeof name !== "string" || name === "") throw new CheckFailure(`${projectFile}: "name" is missing`);
    const { typescript } = runtimeOf(doc, projectFile);
    const main = path.resolve(dir, typeof doc.main === "string" ? doc.main : ".");
    const configDir = path.resolve(dir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".");

    if (stack !== undefined) checkStackName(stack);
    const found = stackFiles(configDir);
    let stackName = stack;
    if (stackName === undefined) {
        if (found.length > 1) throw new CheckFailure(`--stack is required: stacks found in ${configDir}: ${found.join(", ")}`);
        stackName = found[0] ?? DEFAULT_STACK;
    }
    const candidates = [".yaml", ".yml"].map((ext) => path.join(configDir, `Pulumi.${stackName}${ext}`));
    const stackConfigFile = candidates.find((f) => fs.existsSync(f)) ?? null;
    // A project with stack files but not this one: most likely a typo, never silently an empty config.
    if (!stackConfigFile && found.length > 0) {
        throw new CheckFailure(
            `no config file for stack "${stackName}": looked for ${candidates[0]} (stacks with a config file: ${found.join(", ")})`,
        );
    }
    const stackDoc = stackConfigFile ? readYaml(stackConfigFile, "stack config file") : {};
    const given = isRecord(stackDoc.config) ? stackDoc.config : {};
    const configNote = stackConfigFile
        ? undefined
        : `no stack config file (looked for Pulumi.<stack>.yaml in ${configDir}): stack "${stackName}" ran with an empty config, the project's defaults only`;

    const { defaults, required } = projectDefaults(doc, name);
    const merged = new Map<string, unknown>(defaults);
    for (const [k, v] of Object.entries(given)) merged.set(namespacedKey(name, k), v);
    const missing = required.filter((k) => !merged.has(k));
    if (missing.length > 0) {
        throw new CheckFailure(
            `stack "${stackName}" is missing required configuration ${missing.map((k) => `"${k}"`).join(", ")} (declared without a default in ${projectFile}; set it in ${stackConfigFile ?? candidates[0]})`,
        );
    }

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of merged) {
        const { value, secret } = configValue(v);
        config[k] = value;
        if (secret) secretKeys.push(k);
    }
    return { dir, name, main, typescript, stack: stackName, projectFile, stackConfigFile, configNote, config, secretKeys };
}
