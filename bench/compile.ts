/**
 * The bench's `compile` part: the type check and the three builds of `npm test`
 * (tools/tsc-projects.cjs), each project in a compiler process of its own (as four `tsc -p`
 * runs were) beside all four in one process, where they share the parsed declaration files.
 * Incremental with nothing changed, and compiled even so (`--force`: the script otherwise skips
 * projects that are up to date). CPU is the compiler processes' user + system time (Linux: this
 * process's reaped children in /proc).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO, fmtMs, median } from "./common";

const PROJECTS = ["dist", "pack", "functions", "typecheck"];
const TICKS_PER_SECOND = 100;

/** User + system time of this process's waited-for children, in ms (cutime and cstime of /proc/self/stat). */
function childrenCpuMs(): number {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

function compile(projects: readonly string[]): { wallMs: number; cpuMs: number } {
    const cpu0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(REPO, "tools", "tsc-projects.cjs"), "--force", ...projects], {
        cwd: REPO,
        encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`node tools/tsc-projects.cjs --force ${projects.join(" ")} failed:\n${r.stdout}${r.stderr}`);
    return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: childrenCpuMs() - cpu0 };
}

/** Medians of `runs` rounds; each round compiles the projects apart, then together. */
export function benchCompile(runs: number): void {
    if (!fs.existsSync("/proc/self/stat")) {
        console.log("type check and builds: skipped, the CPU figures read /proc (Linux only)\n");
        return;
    }
    console.log(
        `type check and builds (${PROJECTS.join(", ")}), incremental with nothing changed: one compiler process per project vs one for all; ${runs} rounds`,
    );
    // Brings every .tsbuildinfo up to date, so that each round finds nothing changed.
    compile(PROJECTS);
    const apart = { wall: [] as number[], cpu: [] as number[] };
    const together = { wall: [] as number[], cpu: [] as number[] };
    for (let i = 0; i < runs; i++) {
        const each = PROJECTS.map((p) => compile([p]));
        apart.wall.push(each.reduce((s, r) => s + r.wallMs, 0));
        apart.cpu.push(each.reduce((s, r) => s + r.cpuMs, 0));
        const all = compile(PROJECTS);
        together.wall.push(all.wallMs);
        together.cpu.push(all.cpuMs);
    }
    const row = (name: string, m: { wall: number[]; cpu: number[] }) =>
        console.log(`  ${name.padEnd(36)} wall ${fmtMs(median(m.wall)).padStart(8)}   CPU ${fmtMs(median(m.cpu)).padStart(8)}`);
    row("one process per project (in turn)", apart);
    row("one process for all four", together);
    console.log(`  CPU saved by one process: ${((1 - median(together.cpu) / median(apart.cpu)) * 100).toFixed(0)}%\n`);
}
