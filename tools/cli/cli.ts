#!/usr/bin/env node
/**
 * `npm run cli -- build|test|env`
 *   build  build the Pulumi CLI and the Kubernetes provider from Go modules (cached, reused)
 *   test   build (normally a cache hit), then the suite in test/cli; ends with "N passed, N failed"
 *   env    print `export` lines to use the built CLI from a shell (eval "$(npm run -s cli -- env)")
 * Exit status 2: the build could not run (no Go, a module the proxy does not serve, a Go error).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BuildError, buildAll } from "./build";
import { cliEnv } from "./env";
import { binaryPath, cacheRoot, PULUMI, REPO } from "./versions";

const USAGE = "usage: npm run cli -- build | test [mocha args] | env";

async function build(): Promise<boolean> {
    try {
        const built = await buildAll((l) => process.stderr.write(`cli build: ${l}\n`));
        for (const b of built) {
            process.stderr.write(
                `cli build: ${b.binary.file} ${b.binary.moduleVersion}: ${b.built ? `built in ${b.seconds.toFixed(0)} s` : "cached"} (${b.path})\n`,
            );
        }
        return true;
    } catch (e) {
        process.stderr.write(`cli build failed: ${e instanceof Error ? e.message : String(e)}\n`);
        if (!(e instanceof BuildError)) process.stderr.write(`${e instanceof Error ? e.stack : ""}\n`);
        return false;
    }
}

/** Runs the suite in its own mocha process and ends with the counts line CI sums. */
function test(extra: string[]): number {
    const mocha = require.resolve("mocha/bin/mocha.js", { paths: [REPO] });
    const r = spawnSync(
        process.execPath,
        [
            mocha,
            "--no-config",
            "--require",
            "ts-node/register/transpile-only",
            "--extension",
            "ts",
            "--timeout",
            "600000",
            "--reporter",
            "spec",
            "--spec",
            "test/cli/**/*.cli.ts",
            ...extra,
        ],
        {
            cwd: REPO,
            stdio: ["ignore", "pipe", "inherit"],
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        },
    );
    process.stdout.write(r.stdout ?? "");
    const passed = Number(/(\d+) passing/.exec(r.stdout ?? "")?.[1] ?? 0);
    let failed = Number(/(\d+) failing/.exec(r.stdout ?? "")?.[1] ?? 0);
    if (r.status !== 0 && failed === 0) failed = 1;
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return r.status === 0 && passed > 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
    const [cmd, ...rest] = argv;
    if (cmd === "build") return (await build()) ? 0 : 2;
    if (cmd === "test") {
        if (!(await build())) {
            process.stdout.write("0 passed, 1 failed\n");
            return 2;
        }
        // The CLI runs the pack's compiled main (policy-pack/bin); it never compiles the pack itself.
        const pack = spawnSync("npm", ["run", "-s", "build:pack"], { cwd: REPO, stdio: ["ignore", 2, 2] });
        if (pack.status !== 0) {
            process.stdout.write("npm run build:pack failed\n0 passed, 1 failed\n");
            return 1;
        }
        return test(rest);
    }
    if (cmd === "env") {
        const state = path.join(cacheRoot(), "state");
        fs.mkdirSync(state, { recursive: true });
        const env = { ...cliEnv({ stateDir: state, home: path.join(cacheRoot(), "home") }) };
        env.PATH = [path.dirname(binaryPath(PULUMI)), env.PATH].join(path.delimiter);
        for (const [k, v] of Object.entries(env)) process.stdout.write(`export ${k}='${v.replace(/'/g, "'\\''")}'\n`);
        process.stdout.write(`# state: ${state}${os.EOL}`);
        return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return cmd === undefined || cmd === "--help" || cmd === "-h" ? 0 : 2;
}

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
