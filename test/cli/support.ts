/**
 * Helpers of the real-CLI suite (`npm run test:cli`): one operation of the real CLI per child
 * process (tools/cli/run.ts), the offline check on the same program, and their diagnostics side
 * by side.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Op, RunResult } from "../../tools/cli/run";

export const REPO = path.resolve(__dirname, "..", "..");
export const PROGRAMS = path.join(REPO, "test", "fixtures", "programs");
export const PACK = path.join(REPO, "policy-pack");
export const DEV_PACK_CONFIG = path.join(REPO, "stacks", "policy-pack.dev.json");
const RUN = path.join(REPO, "tools", "cli", "run.ts");

export function program(name: string): string {
    return path.join(PROGRAMS, name);
}

/** The folders tmpDir made, removed when the whole suite has run (a root hook, below). */
const madeDirs: string[] = [];

export function tmpDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `secure-baseline-${prefix}-`));
    madeDirs.push(dir);
    return dir;
}

// A root-level hook (this module loads once): the CLI's state, reports and kubeconfigs do not stay in the temp folder.
after(() => {
    for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Spawned {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Spawned> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, argv, { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

export interface CliOptions {
    readonly programDir: string;
    readonly op: Op;
    readonly stateDir: string;
    readonly stack?: string;
    readonly packs?: readonly string[];
    readonly packConfigs?: readonly string[];
    readonly pluginDirs?: readonly string[];
    /** KUBECONFIG and the like, for the CLI, its plugins and the inline program. */
    readonly env?: NodeJS.ProcessEnv;
}

/** One operation of the real CLI; its result (failures included) from run.ts's JSON line. */
export async function cli(o: CliOptions): Promise<RunResult> {
    const argv = [
        "-r",
        "ts-node/register/transpile-only",
        RUN,
        "--program",
        o.programDir,
        "--stack",
        o.stack ?? "dev",
        "--op",
        o.op,
        "--state",
        o.stateDir,
    ];
    for (const p of o.packs ?? []) argv.push("--policy-pack", p);
    for (const c of o.packConfigs ?? []) argv.push("--policy-pack-config", c);
    for (const d of o.pluginDirs ?? []) argv.push("--plugin-dir", d);
    const r = await run(argv, o.env);
    const line = r.stdout.trim().split("\n").pop() ?? "";
    try {
        return JSON.parse(line) as RunResult;
    } catch {
        throw new Error(`run.ts gave no result (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
}

export interface CheckDiagnostic {
    readonly policy: string;
    readonly urn: string | null;
    readonly enforcement: string;
    readonly message: string;
}

export interface CheckRun {
    readonly code: number | null;
    readonly stderr: string;
    readonly diagnostics: readonly CheckDiagnostic[];
    readonly resources: readonly string[];
    readonly seconds: number;
}

/** The offline check in preview mode on the same program (`npm run check -- --format json`). */
export async function offlineCheck(programDir: string, packConfig?: string, stack = "dev"): Promise<CheckRun> {
    const out = path.join(tmpDir("check"), "report.json");
    const argv = [
        path.join(REPO, "tools", "check", "launch.js"),
        "--program",
        programDir,
        "--stack",
        stack,
        "--format",
        "json",
        "--out",
        out,
    ];
    if (packConfig) argv.push("--pack-config", packConfig);
    const started = Date.now();
    const r = await run(argv);
    const seconds = (Date.now() - started) / 1000;
    if (!fs.existsSync(out)) return { code: r.code, stderr: r.stderr, diagnostics: [], resources: [], seconds };
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as { diagnostics: CheckDiagnostic[]; resources: { urn: string }[] };
    return { code: r.code, stderr: r.stderr, diagnostics: report.diagnostics, resources: report.resources.map((x) => x.urn), seconds };
}

/** What parity compares: policy, resource URN and enforcement level, one line each, sorted. */
export function parityKeys(ds: readonly { policy: string; urn: string | null; enforcement: string }[]): string[] {
    return ds.map((d) => `${d.policy}  ${d.enforcement}  ${d.urn ?? "(stack)"}`).sort();
}

/** Lines only one side has (a multiset difference both ways). */
export function differences(cliSide: readonly string[], checkSide: readonly string[]): { onlyCli: string[]; onlyCheck: string[] } {
    const left = [...checkSide];
    const onlyCli: string[] = [];
    for (const k of cliSide) {
        const i = left.indexOf(k);
        if (i >= 0) left.splice(i, 1);
        else onlyCli.push(k);
    }
    return { onlyCli, onlyCheck: left };
}

/** The Kubernetes fixture programs the gate runs (test/fixtures/programs/k8s-*). */
export function kubernetesFixtures(): string[] {
    return fs
        .readdirSync(PROGRAMS)
        .filter((n) => n.startsWith("k8s-"))
        .sort();
}

/**
 * A kubeconfig naming an API server nobody listens on (127.0.0.1 port 9). The provider marks the
 * cluster unreachable and still previews, so the gate (a preview) needs no cluster, as in a CI job
 * that has no access to one; `up` against it fails.
 */
export function unreachableCluster(): NodeJS.ProcessEnv {
    const file = path.join(tmpDir("kubeconfig"), "config");
    fs.writeFileSync(
        file,
        [
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{ name: nowhere, cluster: { server: 'https://127.0.0.1:9' } }]",
            "users: [{ name: nobody, user: { token: none } }]",
            "contexts: [{ name: nowhere, context: { cluster: nowhere, user: nobody } }]",
            "current-context: nowhere",
            "",
        ].join("\n"),
    );
    return { KUBECONFIG: file };
}
