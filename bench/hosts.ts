/**
 * The bench's `hosts` part: one check run (runCheck, in this process) of a program with a fresh
 * program host, as the CLI runs it, beside the same run in a kept host (CheckOptions.hosts), as
 * the tests run their checks. Both take their pack from one pool, so the figures differ only by
 * the host.
 */
import * as path from "path";
import { runCheck } from "../tools/check/check";
import { HostPool } from "../tools/check/hostPool";
import { PackPool } from "../tools/check/packPool";
import { REPO, fmtMs, median } from "./common";

/** Wall times of `runs` runs of the program, fresh hosts then kept ones, printed side by side. */
export async function benchHosts(packDir: string, programs: readonly { dir: string; stack: string }[], runs: number): Promise<void> {
    console.log(
        `program host: fresh per run (as the CLI; here started from TypeScript, as the bench runs) vs kept between runs (HostPool, as the tests); ${runs} runs each, pooled pack`,
    );
    const packs = new PackPool();
    const hosts = new HostPool();
    try {
        for (const p of programs) {
            const once = async (pool?: HostPool) => {
                const t = process.hrtime.bigint();
                await runCheck({ programDir: p.dir, packDir, stack: p.stack, timeoutSeconds: 300, packs, hosts: pool });
                return Number(process.hrtime.bigint() - t) / 1e6;
            };
            // The first run of each starts the pack (and the kept host), and fills the transpile cache.
            await once();
            await once(hosts);
            const fresh: number[] = [];
            const kept: number[] = [];
            for (let i = 0; i < runs; i++) {
                fresh.push(await once());
                kept.push(await once(hosts));
            }
            const [f, k] = [median(fresh), median(kept)];
            const name = `${path.relative(REPO, p.dir) || "."} --stack ${p.stack}`;
            console.log(
                `  ${name.padEnd(44)} fresh ${fmtMs(f).padStart(8)}   kept ${fmtMs(k).padStart(8)}   ${(f / k).toFixed(1)}× faster kept`,
            );
        }
        console.log(`  hosts started for the kept runs: ${hosts.starts}`);
    } finally {
        await hosts.close();
        await packs.close();
    }
    console.log("");
}
