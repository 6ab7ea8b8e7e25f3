#!/usr/bin/env node
// Entry of `npm run check` (and, in a clone, of the `secure-baseline` command: bin.js calls
// launch("command", ...)). Runs the compiled CLI (dist/tools/check/cli.js or command.js),
// first compiling tools/check alone (tools/check/tsconfig.json, a few seconds,
// once) when the build is missing or older than a source; if that compile
// fails it falls back to the TypeScript through ts-node (transpile only).
// Compiled starts about 4x faster, and a stale build is never used. Before that, when the pack the check will use is
// the repository's own (policy-pack/) and its compiled main is missing or
// older than its sources, it runs `npm run build:pack`, so the verdict never
// comes from a stale pack.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repo = path.resolve(__dirname, "..", "..");
let args = process.argv.slice(2);

function newest(dir, exts, skip) {
    let t = 0;
    if (!fs.existsSync(dir)) return t;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (!skip.includes(e.name)) t = Math.max(t, newest(p, exts, skip));
        } else if (exts.some((x) => e.name.endsWith(x)) && !e.name.endsWith(".d.ts")) {
            t = Math.max(t, fs.statSync(p).mtimeMs);
        }
    }
    return t;
}

function mtime(file) {
    return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function packDirArg() {
    const i = args.findIndex((a) => a === "--pack" || a.startsWith("--pack="));
    if (i < 0) return path.join(repo, "policy-pack"); // the check's default: the bundled pack, wherever it runs from
    return args[i].includes("=") ? args[i].slice("--pack=".length) : args[i + 1];
}

function buildOwnPackIfStale() {
    const packDir = path.resolve(packDirArg() || path.join(repo, "policy-pack"));
    if (packDir !== path.join(repo, "policy-pack")) return;
    const scripts = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")).scripts || {};
    if (!scripts["build:pack"] || !fs.existsSync(path.join(packDir, "package.json"))) return;
    const main = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main || "index.js";
    if (mtime(path.join(packDir, main)) >= newest(packDir, [".ts"], ["node_modules", "bin"])) return;
    process.stderr.write("offline check: the policy pack is not built or older than its sources; running npm run build:pack\n");
    const r = spawnSync("npm", ["run", "--silent", "build:pack"], { cwd: repo, stdio: ["ignore", 2, 2] });
    if (r.status !== 0) {
        process.stderr.write("offline check failed: npm run build:pack failed (see above)\n");
        process.exit(2);
    }
}

/** Runs tools/check/<entry> (cli: the check; command: `secure-baseline <command>`) with `argv`, compiled when it can be. */
function launch(entry, argv) {
    args = argv;
    buildOwnPackIfStale();
    const compiled = path.join(repo, "dist", "tools", "check", `${entry}.js`);
    let fresh = mtime(compiled) >= newest(__dirname, [".ts", ".json"], []);
    if (!fresh) {
        const tsc = require.resolve("typescript/bin/tsc", { paths: [repo] });
        const r = spawnSync(process.execPath, [tsc, "-p", path.join(__dirname, "tsconfig.json")], { cwd: repo, stdio: ["ignore", 2, 2] });
        fresh = r.status === 0;
    }
    const childArgv = fresh ? [compiled, ...args] : ["-r", "ts-node/register/transpile-only", path.join(__dirname, `${entry}.ts`), ...args];
    // The IPC channel is how the check notices this launcher is gone, even after a SIGKILL (see followLauncher in cli.ts).
    const child = require("child_process").spawn(process.execPath, childArgv, { stdio: ["inherit", "inherit", "inherit", "ipc"] });
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => child.kill(s));
    child.on("exit", (code, signal) => process.exit(code === null ? (signal ? 2 : 1) : code));
}

module.exports = { launch };
if (require.main === module) launch("cli", process.argv.slice(2));
