/**
 * Helpers for the offline-check tests: fixture paths, running the CLI as a
 * user does (its own process, real exit status), and watching the processes
 * it starts so a test can prove none outlives it.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv, { ValidateFunction } from "ajv-draft-04";
import addFormats from "ajv-formats";
import { strict as assert } from "assert";
import { CheckOptions, runCheck } from "../../tools/check/check";
import { CheckFailure } from "../../tools/check/errors";
import { defaultOptions } from "../../tools/check/analyzerMessages";
import type { AnalyzerResource, StackContext } from "../../tools/check/pack";

export const REPO = path.resolve(__dirname, "..", "..");
/** `node -r` this to run the repository's TypeScript (ts-node, transpile only, with the transpile cache). */
export const TS_REGISTER = path.join(REPO, "tools", "ts-register.js");
export const FIXTURES = path.join(REPO, "test", "fixtures");
export const program = (name: string) => path.join(FIXTURES, "programs", name);
export const fixturePack = (name: string) => path.join(FIXTURES, "packs", name);
export const packConfig = (name: string) => path.join(FIXTURES, "pack-config", name);
/** A validator for the SARIF 2.1.0 JSON schema, when the copy shipped with @microsoft/jest-sarif is installed. */
export function sarifValidator(): ValidateFunction | undefined {
    const file = path.join(REPO, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");
    if (!fs.existsSync(file)) return undefined;
    // The schema has a pattern that is only valid without the `u` flag (as draft-04 tools read it).
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")) as object);
}

/** The CheckFailure `fn` throws (the test fails when it throws anything else, or nothing). */
export function failure(fn: () => unknown): CheckFailure {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof CheckFailure, `a CheckFailure, got ${String(e)}`);
        return e;
    }
    assert.fail("expected a CheckFailure");
}

/** The CheckFailure a run ends with (the CLI prints it and exits 2; faults.test.ts proves that with spawned CLIs). */
export async function checkFailure(run: Promise<unknown>): Promise<CheckFailure> {
    const e = await run.then(
        () => assert.fail("expected the check to fail"),
        (err: unknown) => err,
    );
    assert.ok(e instanceof CheckFailure, `a CheckFailure (the CLI shows its message, no stack trace), got ${String(e)}`);
    return e;
}

/**
 * The CheckFailure of a run that fails before it starts anything (the CLI prints its message
 * alone and exits 2, as faults.test.ts's spawned cases prove), after checking that the run
 * started no process.
 */
export async function failsBeforeStart(opts: CheckOptions): Promise<CheckFailure> {
    const before = descendantsOf(process.pid);
    const e = await checkFailure(runCheck(opts));
    assert.deepEqual(
        descendantsOf(process.pid).filter((p) => !before.includes(p)),
        [],
        "nothing is started when the input is wrong",
    );
    return e;
}

/** What the CLI prints of a CheckFailure: its message, then its detail. */
export function shown(e: CheckFailure): string {
    return `${e.message}\n${e.detail ?? ""}`;
}

/** The project's real pack (policy-pack/, built to policy-pack/bin). */
export const REAL_PACK = path.join(REPO, "policy-pack");

/** A stack context for tests that start a pack directly (PackProcess.start). */
export const PACK_CTX: StackContext = { project: "p", stack: "s", organization: "organization", config: {}, secretKeys: [] };

/** One resource as Analyze receives it, with default options and no parent, provider or dependencies. */
export function bareResource(type: string, name: string, properties: AnalyzerResource["properties"] = {}): AnalyzerResource {
    return {
        urn: `urn:pulumi:s::p::${type}::${name}`,
        type,
        name,
        properties,
        options: defaultOptions(),
        parent: "",
        dependencies: [],
        propertyDependencies: {},
    };
}
const CLI = path.join(REPO, "tools", "check", "cli.ts");

/**
 * Why the real-pack tests are skipped: only while policy-pack/ is not in the
 * tree. Once it is, an unbuilt pack fails those tests (checkPackDir says to run
 * npm run build:pack) instead of skipping them silently.
 */
export function realPackMissing(): string | undefined {
    return fs.existsSync(REAL_PACK) ? undefined : "policy-pack/ is not in this tree yet (it lands with the pack branch)";
}

export interface CliRun {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
    /** Every process the CLI started while it ran (watched through /proc). */
    readonly descendants: readonly number[];
}

/** Parent pid of every process, from /proc (Linux): one read of each /proc/PID/stat. */
function parentsByPid(): Map<number, number> {
    const parents = new Map<number, number>();
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
            parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
        } catch {
            // Gone since readdir.
        }
    }
    return parents;
}

/**
 * Every descendant of `root`. runCli calls this every 100 ms while the CLI runs, so it reads
 * each process's stat once per call (reading them again for each process of the tree cost
 * the test worker more CPU than the check it watched, on a machine running a few hundred processes).
 */
export function descendantsOf(root: number): number[] {
    const children = new Map<number, number[]>();
    for (const [pid, ppid] of parentsByPid()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const found: number[] = [];
    const frontier = [root];
    while (frontier.length > 0) {
        for (const q of children.get(frontier.pop()!) ?? []) {
            if (!found.includes(q)) {
                found.push(q);
                frontier.push(q);
            }
        }
    }
    return found;
}

/** True while `pid` is a live process (a zombie waiting to be reaped does not count). */
export function isRunning(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] !== "Z";
    } catch {
        return false;
    }
}

export function cmdline(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return "";
    }
}

/** Newest modification time of the files under `dir` ending in one of `exts`. */
function newestSource(dir: string, exts: readonly string[]): number {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) t = Math.max(t, newestSource(p, exts));
        else if (exts.some((x) => e.name.endsWith(x))) t = Math.max(t, fs.statSync(p).mtimeMs);
    }
    return t;
}

/**
 * `dist/tools/check/<name>.js`, when it is newer than every source of tools/check (the test
 * launch.js makes; `npm test` builds it first); otherwise undefined, and the caller runs the
 * TypeScript. Compiled, the CLI and the program host each start without ts-node: about a second
 * of CPU less per process.
 */
export function compiledCheck(name: "cli" | "programHost"): string | undefined {
    const file = path.join(REPO, "dist", "tools", "check", `${name}.js`);
    if (!fs.existsSync(file)) return undefined;
    return fs.statSync(file).mtimeMs >= newestSource(path.join(REPO, "tools", "check"), [".ts", ".json"]) ? file : undefined;
}

/**
 * Runs the CLI (compiled when up to date, else TypeScript through ts-node, or the launcher) and collects its
 * output. `onChildren` is called while it runs, with its current descendants.
 */
export function runCli(
    args: string[],
    opts: { onChildren?: (pids: number[], child: ChildProcess) => void; launcher?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
    // `launcher`: through tools/check/launch.js, as `npm run check` runs it.
    const compiled = compiledCheck("cli");
    const entry = opts.launcher ? [path.join(REPO, "tools", "check", "launch.js")] : compiled ? [compiled] : ["-r", TS_REGISTER, CLI];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...entry, ...args], {
            cwd: REPO,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, ...opts.env },
        });
        let stdout = "";
        let stderr = "";
        const seen = new Set<number>();
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const watch = setInterval(() => {
            if (child.pid === undefined) return;
            const now = descendantsOf(child.pid);
            now.forEach((p) => seen.add(p));
            opts.onChildren?.(now, child);
        }, 100);
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearInterval(watch);
            resolve({ code, signal, stdout, stderr, descendants: [...seen] });
        });
    });
}

/** Waits up to `ms` for all `pids` to be gone; returns the ones still running. */
export async function survivors(pids: readonly number[], ms = 3000): Promise<number[]> {
    const end = Date.now() + ms;
    let alive = pids.filter(isRunning);
    while (alive.length > 0 && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        alive = alive.filter(isRunning);
    }
    return alive;
}
