/**
 * `npm run bench -- [--pack DIR] [--program DIR] [--stack NAME] [--runs N] [--analyze N] [--sizes 1000,10000] [--parts packs,check]`
 *
 * Prints side by side, in one run: pack cold start (spawn → port printed) and
 * mean Analyze round trip for (a) the given pack, compiled (default
 * policy-pack), (b) a one-policy JS pack, (c) the given pack started from
 * TypeScript as the CLI does by default (ts-node type-checking), (d)
 * @pulumi/awsguard, (e) the one-policy pack plus 63 policies that never apply
 * (what @pulumi/policy's server itself costs for 64 policies), measured in
 * rounds (each round starts every pack once), with the pack process's CPU per
 * Analyze beside the round trip;
 * then the offline check's wall time on a program (default: this repository's
 * dev stack), warm (TypeScript from the transpile cache) and cold
 * (--no-cache), with the program / Analyze-after-the-program split the CLI
 * reports, and on generated programs of 1,000 and 10,000 resources, plus the
 * 10,000 with the one-policy pack as the floor of the mock runtime and the
 * protocol. Medians over repeated runs; a row whose input is absent is
 * skipped with the reason. Scratch files go to .check-out/bench (ignored by git).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PackProcess, StackContext, checkPackDir } from "../tools/check/pack";
import { reconcilePackConfig } from "../tools/check/packConfig";

const REPO = path.resolve(__dirname, "..");
const SCRATCH = path.join(REPO, ".check-out", "bench");
const ONE_POLICY = path.join(REPO, "test", "fixtures", "packs", "one-policy");
const FLOOR_64 = path.join(REPO, "test", "fixtures", "packs", "floor-64");
const CTX: StackContext = {
    project: "bench",
    stack: "bench",
    organization: "organization",
    config: { "aws:region": "us-east-1" },
    secretKeys: [],
};

const TARGETS = {
    coldStart: "≤ 1.1 × one-policy pack",
    analyze: "≤ 1.2 × one-policy pack",
    checkDev: "≤ 5 s",
    check10k: "≤ 15 s, linear (10k/1k ≈ 10)",
};

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

/** A representative Analyze request: an open security group (what a real preview sends most of). */
function sampleResource(i: number) {
    const urn = `urn:pulumi:bench::bench::aws:ec2/securityGroup:SecurityGroup::sg-${i}`;
    return {
        urn,
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: `sg-${i}`,
        properties: {
            description: "bench",
            vpcId: "vpc-1",
            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
            tags: { team: "bench" },
        },
        options: {
            protect: false,
            ignoreChanges: [],
            additionalSecretOutputs: [],
            aliases: [],
            customTimeouts: { create: 0, update: 0, delete: 0 },
            parent: "urn:pulumi:bench::bench::pulumi:pulumi:Stack::bench-bench",
        },
        provider: {
            urn: "urn:pulumi:bench::bench::pulumi:providers:aws::default_7_48_0",
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            properties: { region: "us-east-1", version: "7.48.0" },
        },
        parent: "urn:pulumi:bench::bench::pulumi:pulumi:Stack::bench-bench",
        dependencies: [],
        propertyDependencies: {},
    };
}

interface PackFigures {
    coldMs: number;
    analyzeMs: number;
    packCpuMs?: number;
    policies: number;
}

/** CPU time (user + system) of a process so far, from /proc (Linux); undefined elsewhere. */
function processCpuMs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        // Fields after the command name: state is field 3, utime 14 and stime 15 (clock ticks, 100 per second on Linux).
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

/** One start of a pack: its cold start and mean sequential Analyze round trip. */
async function measurePackOnce(dir: string, analyzeCalls: number): Promise<PackFigures> {
    const pack = await PackProcess.start(dir, CTX, { startTimeoutSeconds: 300 });
    try {
        const info = await pack.info();
        await pack.configureStack(CTX);
        await pack.configure(reconcilePackConfig(info));
        await pack.analyze(sampleResource(-1)); // warm the connection
        const cpu0 = processCpuMs(pack.pid);
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < analyzeCalls; i++) await pack.analyze(sampleResource(i));
        const analyzeMs = Number(process.hrtime.bigint() - t0) / 1e6 / analyzeCalls;
        const cpu1 = processCpuMs(pack.pid);
        const packCpuMs = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / analyzeCalls : undefined;
        return { coldMs: pack.startMs, analyzeMs, packCpuMs, policies: info.policies.length };
    } finally {
        await pack.close();
    }
}

/** The given pack, started from its TypeScript entry: a scratch pack folder whose main is the .ts file. */
function tsVariant(packDir: string): string | { skip: string } {
    const dir = path.resolve(packDir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string; main?: string };
    const main = pkg.main ?? "index.js";
    const candidates = [path.join(dir, main.replace(/^(\.\/)?(bin|dist|lib)\//, "").replace(/\.js$/, ".ts")), path.join(dir, "index.ts")];
    const entry = candidates.find((f) => fs.existsSync(f));
    if (!entry) return { skip: `no TypeScript entry found next to ${main} in ${dir}` };
    const out = path.join(SCRATCH, "pack-ts");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
        path.join(out, "package.json"),
        JSON.stringify(
            { name: `${pkg.name ?? "pack"}-ts`, version: pkg.version ?? "0.0.0", private: true, main: path.relative(out, entry) },
            null,
            2,
        ),
    );
    const tsconfigFile = path.join(dir, "tsconfig.json");
    const compilerOptions = fs.existsSync(tsconfigFile)
        ? ((JSON.parse(fs.readFileSync(tsconfigFile, "utf8")) as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {})
        : {};
    for (const k of ["rootDir", "outDir", "declaration", "composite", "incremental", "tsBuildInfoFile"]) delete compilerOptions[k];
    fs.writeFileSync(path.join(out, "tsconfig.json"), JSON.stringify({ compilerOptions }, null, 2));
    return out;
}

function awsguardPack(): string | { skip: string } {
    try {
        require.resolve("@pulumi/awsguard", { paths: [REPO] });
    } catch {
        return { skip: "@pulumi/awsguard is not installed" };
    }
    const out = path.join(SCRATCH, "awsguard");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
        path.join(out, "package.json"),
        JSON.stringify({ name: "bench-awsguard", version: "0.0.1", private: true, main: "index.js" }, null, 2),
    );
    fs.writeFileSync(
        path.join(out, "index.js"),
        '"use strict";\n// Bench: the AWSGuard pack with every policy mandatory.\nconst { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "mandatory" });\n',
    );
    return out;
}

/** A plain JS program with `n` resources (security groups, keys, buckets, log groups in turn). */
function generatedProgram(n: number): string {
    const dir = path.join(SCRATCH, `gen-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: bench-gen-${n}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `"use strict";
// Generated by bench/bench.ts: ${n} resources.
const aws = require("@pulumi/aws");
for (let i = 0; i < ${n}; i++) {
    switch (i % 4) {
        case 0: new aws.ec2.SecurityGroup("sg-" + i, { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }); break;
        case 1: new aws.kms.Key("key-" + i, { enableKeyRotation: true, deletionWindowInDays: 30 }); break;
        case 2: new aws.s3.Bucket("bucket-" + i, {}); break;
        default: new aws.cloudwatch.LogGroup("logs-" + i, { retentionInDays: 365 });
    }
}
`,
    );
    return dir;
}

function checkCommand(): { argv: string[]; label: string } {
    const compiled = path.join(REPO, "dist", "tools", "check", "cli.js");
    const sources = fs
        .readdirSync(path.join(REPO, "tools", "check"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts"));
    const newest = Math.max(...sources.map((f) => fs.statSync(path.join(REPO, "tools", "check", f)).mtimeMs));
    if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newest)
        return { argv: [compiled], label: "compiled dist/tools/check/cli.js" };
    return {
        argv: ["-r", "ts-node/register/transpile-only", path.join(REPO, "tools", "check", "cli.ts")],
        label: "ts-node (dist is stale: npm run build for the compiled figure)",
    };
}

/** Decided once, so editing sources during a bench cannot switch the command between runs. */
let CHECK_COMMAND: { argv: string[]; label: string } | undefined;

function runCheckOnce(args: string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
    CHECK_COMMAND ??= checkCommand();
    const { argv } = CHECK_COMMAND;
    return new Promise((resolve) => {
        const t0 = process.hrtime.bigint();
        const child = spawn(process.execPath, [...argv, ...args, "--format", "json", "--out", path.join(SCRATCH, "last-report.json")], {
            cwd: REPO,
            stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stderr }));
    });
}

interface CheckFigures {
    wallMs: number;
    programMs?: number;
    tailMs?: number;
}

/** The phases the CLI prints with --out: program time and the Analyze time left after it. */
function phases(stderr: string): { programMs?: number; tailMs?: number } {
    const program = /program ([\d.]+) s/.exec(stderr);
    const tail = /Analyze after the program ([\d.]+) s/.exec(stderr);
    return { programMs: program ? Number(program[1]) * 1000 : undefined, tailMs: tail ? Number(tail[1]) * 1000 : undefined };
}

async function measureCheck(args: string[], runs: number): Promise<CheckFigures | { skip: string }> {
    const times: CheckFigures[] = [];
    for (let r = 0; r < runs; r++) {
        const res = await runCheckOnce(args);
        if (res.code === 2) return { skip: `the check failed: ${res.stderr.trim().split("\n").slice(-3).join(" / ")}` };
        times.push({ wallMs: res.ms, ...phases(res.stderr) });
    }
    const med = (k: keyof CheckFigures) => {
        const xs = times.map((t) => t[k]).filter((x): x is number => x !== undefined);
        return xs.length === times.length ? median(xs) : undefined;
    };
    return { wallMs: med("wallMs")!, programMs: med("programMs"), tailMs: med("tailMs") };
}

function checkRow(label: string, t: CheckFigures | { skip: string }, extra = ""): void {
    if ("skip" in t) {
        console.log(`  ${label.padEnd(58)}  skipped: ${t.skip}${extra}`);
        return;
    }
    const split =
        t.programMs !== undefined && t.tailMs !== undefined ? `  (program ${fmtMs(t.programMs)}, Analyze after it ${fmtMs(t.tailMs)})` : "";
    console.log(`  ${label.padEnd(58)}${fmtMs(t.wallMs).padStart(9)}${split}${extra}`);
}

function usable(dir: string): string | undefined {
    try {
        checkPackDir(dir);
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

async function benchPacks(packDir: string, runs: number, analyzeCalls: number): Promise<void> {
    const rows: { label: string; dir: string | { skip: string } }[] = [
        { label: `(a) ${path.relative(REPO, packDir) || "."}, compiled`, dir: usable(packDir) ? { skip: usable(packDir)! } : packDir },
        { label: "(b) one-policy JS pack", dir: ONE_POLICY },
        { label: "(c) same pack from TypeScript (ts-node type-check)", dir: usable(packDir) ? { skip: "needs (a)" } : tsVariant(packDir) },
        { label: "(d) @pulumi/awsguard (all mandatory)", dir: awsguardPack() },
        { label: "(e) (b) + 63 policies that never apply", dir: FLOOR_64 },
    ];
    const figures = new Map<string, PackFigures>();
    // Rounds: each round starts every pack once, in turn, so a slow spell of this shared
    // machine hits all rows alike instead of one of them (medians over the rounds).
    const samples = new Map<string, PackFigures[]>();
    const failed = new Map<string, string>();
    for (let r = 0; r < runs; r++) {
        for (const row of rows) {
            const key = row.label.slice(0, 3);
            // The TypeScript start is slow (type-checking): at most 3 rounds keep the bench short.
            if (typeof row.dir !== "string" || failed.has(key) || (key === "(c)" && r >= 3)) continue;
            try {
                const list = samples.get(key) ?? [];
                list.push(await measurePackOnce(row.dir, analyzeCalls));
                samples.set(key, list);
            } catch (e) {
                failed.set(key, e instanceof Error ? e.message : String(e));
            }
        }
    }
    console.log(
        `${"pack".padEnd(54)}${"policies".padStart(9)}${"cold start".padStart(13)}${"Analyze".padStart(11)}${"pack CPU".padStart(11)}`,
    );
    for (const row of rows) {
        const key = row.label.slice(0, 3);
        const list = samples.get(key);
        if (typeof row.dir !== "string") {
            console.log(`${row.label.padEnd(54)}  skipped: ${row.dir.skip}`);
        } else if (failed.has(key) || !list) {
            console.log(`${row.label.padEnd(54)}  skipped: ${failed.get(key) ?? "no run"}`);
        } else {
            const cpu = list.map((x) => x.packCpuMs).filter((x): x is number => x !== undefined);
            const f: PackFigures = {
                coldMs: median(list.map((x) => x.coldMs)),
                analyzeMs: median(list.map((x) => x.analyzeMs)),
                packCpuMs: cpu.length === list.length ? median(cpu) : undefined,
                policies: list[0].policies,
            };
            figures.set(key, f);
            const cpuText = f.packCpuMs === undefined ? "n/a" : fmtMs(f.packCpuMs);
            console.log(
                `${row.label.padEnd(54)}${String(f.policies).padStart(9)}${fmtMs(f.coldMs).padStart(13)}${fmtMs(f.analyzeMs).padStart(11)}${cpuText.padStart(11)}`,
            );
        }
    }
    const a = figures.get("(a)");
    const b = figures.get("(b)");
    const e = figures.get("(e)");
    const cpuRatio = (x: PackFigures, y: PackFigures) =>
        x.packCpuMs !== undefined && y.packCpuMs ? `, pack CPU ${(x.packCpuMs / y.packCpuMs).toFixed(2)}×` : "";
    if (a && b) {
        console.log(
            `  ours vs one-policy: cold start ${(a.coldMs / b.coldMs).toFixed(2)}× (target ${TARGETS.coldStart}), Analyze ${(a.analyzeMs / b.analyzeMs).toFixed(2)}× (target ${TARGETS.analyze})${cpuRatio(a, b)}`,
        );
        if (e) {
            console.log(
                `  the SDK's own cost of 64 policies, (e) vs (b): Analyze ${(e.analyzeMs / b.analyzeMs).toFixed(2)}×${cpuRatio(e, b)}`,
            );
        }
    } else {
        console.log(
            `  ours vs one-policy: skipped (needs (a) and (b)); targets: cold start ${TARGETS.coldStart}, Analyze ${TARGETS.analyze}`,
        );
    }
    console.log("");
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            pack: { type: "string" },
            program: { type: "string" },
            stack: { type: "string" },
            runs: { type: "string" },
            analyze: { type: "string" },
            sizes: { type: "string" },
            parts: { type: "string" },
        },
    });
    const parts = (values.parts ?? "packs,check").split(",");
    for (const part of parts) {
        if (part !== "packs" && part !== "check")
            throw new Error(`--parts "${values.parts}": allowed parts are packs and check, comma-separated`);
    }
    const packDir = path.resolve(REPO, values.pack ?? "policy-pack");
    const runs = Number(values.runs ?? 5);
    const analyzeCalls = Number(values.analyze ?? 200);
    const sizes = (values.sizes ?? "1000,10000").split(",").map(Number);
    fs.mkdirSync(SCRATCH, { recursive: true });
    const load = fs.existsSync("/proc/loadavg") ? fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ") : "?";
    console.log(
        `secure-baseline bench — ${runs} runs per figure (median), ${analyzeCalls} Analyze calls per run; node ${process.version}; load average ${load}`,
    );
    console.log(`command: npm run bench -- ${process.argv.slice(2).join(" ")}`.trimEnd());
    console.log("");

    if (parts.includes("packs")) await benchPacks(packDir, runs, analyzeCalls);
    if (!parts.includes("check")) return;
    const checkPack = usable(packDir) ? ONE_POLICY : packDir;
    const packNote = checkPack === ONE_POLICY ? " (with the one-policy pack: the real pack is absent)" : "";
    CHECK_COMMAND ??= checkCommand();
    console.log(`offline check wall time (${CHECK_COMMAND.label})${packNote}`);
    const programDir = path.resolve(REPO, values.program ?? ".");
    const stack = values.stack ?? "dev";
    if (!fs.existsSync(path.join(programDir, "Pulumi.yaml"))) {
        console.log(
            `  program ${path.relative(REPO, programDir) || "."} --stack ${stack}: skipped, no Pulumi.yaml there   target ${TARGETS.checkDev}`,
        );
    } else {
        const base = ["--program", programDir, "--stack", stack, "--pack", checkPack];
        const name = `program ${path.relative(REPO, programDir) || "."} --stack ${stack}`;
        // Warm: what every run after the first costs (TypeScript served from the transpile cache).
        await runCheckOnce(base);
        checkRow(`${name}`, await measureCheck(base, runs), `   target ${TARGETS.checkDev}`);
        // Cold: every file transpiled again, as on a first run or after a change to all of them.
        checkRow(`${name} --no-cache (first run)`, await measureCheck([...base, "--no-cache"], runs));
    }
    const gen = new Map<number, number>();
    for (const n of sizes) {
        const t = await measureCheck(
            ["--program", generatedProgram(n), "--stack", "bench", "--pack", checkPack, "--timeout", "600"],
            n >= 10000 ? Math.min(runs, 3) : runs,
        );
        if (!("skip" in t)) gen.set(n, t.wallMs);
        checkRow(
            `generated program, ${n.toLocaleString("en-US")} resources`,
            t,
            `${"skip" in t ? "" : `  ${(t.wallMs / n).toFixed(2)} ms/resource`}${n === 10000 ? `   target ${TARGETS.check10k}` : ""}`,
        );
    }
    const [small, large] = [gen.get(1000), gen.get(10000)];
    if (small && large)
        console.log(
            `  10,000 / 1,000 ratio: ${(large / small).toFixed(2)} (linear ≈ 10; below 10 means fixed start-up costs dominate at 1,000)`,
        );
    if (checkPack !== ONE_POLICY && sizes.includes(10000)) {
        // The floor under the 10,000-resource figure: the same program, the mock runtime and the protocol, one policy.
        checkRow(
            "generated program, 10,000 resources, one-policy pack",
            await measureCheck(
                ["--program", generatedProgram(10000), "--stack", "bench", "--pack", ONE_POLICY, "--timeout", "600"],
                Math.min(runs, 3),
            ),
            "   reference",
        );
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
});
