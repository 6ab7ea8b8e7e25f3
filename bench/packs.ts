/** The pack rows of the bench: cold start, Analyze round trip and pack CPU, against the one-policy pack. */
import * as fs from "fs";
import * as path from "path";
import { defaultOptions } from "../tools/check/analyzerMessages";
import { PackProcess, StackContext, checkPackDir } from "../tools/check/pack";
import { reconcilePackConfig } from "../tools/check/packConfig";
import { FLOOR_64, ONE_POLICY, REPO, SCRATCH, TARGETS, fmtMs, median } from "./common";

const CTX: StackContext = {
    project: "bench",
    stack: "bench",
    organization: "organization",
    config: { "aws:region": "us-east-1" },
    secretKeys: [],
};

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
        options: defaultOptions("urn:pulumi:bench::bench::pulumi:pulumi:Stack::bench-bench"),
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

export function usable(dir: string): string | undefined {
    try {
        checkPackDir(dir);
        return undefined;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

export async function benchPacks(packDir: string, runs: number, analyzeCalls: number): Promise<void> {
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
