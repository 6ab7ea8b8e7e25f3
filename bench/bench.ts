/**
 * `npm run bench -- [--pack DIR] [--program DIR] [--stack NAME] [--runs N] [--analyze N] [--sizes 1000,10000] [--parts packs,hosts,check,compile]`
 *
 * Prints side by side, in one run: the type check and builds of `npm test` with one compiler
 * process per project beside one for all (tools/tsc-projects.cjs); pack cold start (spawn → port printed) and
 * mean Analyze round trip for (a) the given pack, compiled (default
 * policy-pack), (b) a one-policy JS pack, (c) the given pack started from
 * TypeScript as the CLI does by default (ts-node type-checking), (d)
 * @pulumi/awsguard, (e) the one-policy pack plus 63 policies that never apply
 * (what @pulumi/policy's server itself costs for 64 policies), measured in
 * rounds (each round starts every pack once), with the pack process's CPU per
 * Analyze beside the round trip;
 * then one check run of a fixture program and of the dev stack with a fresh
 * program host (as the CLI) beside a kept one (HostPool, as the tests);
 * then the offline check's wall time on a program (default: this repository's
 * dev stack), warm (TypeScript from the transpile cache) and cold
 * (--no-cache), with the program / Analyze-after-the-program split the CLI
 * reports, and on generated programs of 1,000 and 10,000 resources, plus the
 * 10,000 with the one-policy pack as the floor of the mock runtime and the
 * protocol. Medians over repeated runs; a row whose input is absent is
 * skipped with the reason. Scratch files go to .check-out/bench (ignored by git).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { checkCommandLabel, checkRow, generatedProgram, measureCheck, runCheckOnce } from "./check";
import { ONE_POLICY, REPO, SCRATCH, TARGETS } from "./common";
import { benchPacks, usable } from "./packs";
import { benchHosts } from "./hosts";
import { benchCompile } from "./compile";

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
    const parts = (values.parts ?? "packs,hosts,check,compile").split(",");
    for (const part of parts) {
        if (part !== "packs" && part !== "hosts" && part !== "check" && part !== "compile")
            throw new Error(`--parts "${values.parts}": allowed parts are packs, hosts, check and compile, comma-separated`);
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

    if (parts.includes("compile")) benchCompile(runs);
    if (parts.includes("packs")) await benchPacks(packDir, runs, analyzeCalls);
    if (parts.includes("hosts"))
        await benchHosts(
            usable(packDir) ? ONE_POLICY : packDir,
            [
                { dir: path.join(REPO, "test", "fixtures", "programs", "open-ssh"), stack: "dev" },
                { dir: REPO, stack: "dev" },
            ],
            runs,
        );
    if (!parts.includes("check")) return;
    const checkPack = usable(packDir) ? ONE_POLICY : packDir;
    const packNote = checkPack === ONE_POLICY ? " (with the one-policy pack: the real pack is absent)" : "";
    console.log(`offline check wall time (${checkCommandLabel()})${packNote}`);
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
