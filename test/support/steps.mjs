// Runs npm scripts side by side (npm test's lint, format check, type check and build: each is one
// process on one core, so one after another they left the second core idle). Each script's output
// is shown whole when it ends, with its wall time; the exit status is 1 when any of them failed.
// Usage: node test/support/steps.mjs SCRIPT...
import { spawn } from "node:child_process";

const scripts = process.argv.slice(2);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const started = Date.now();

function run(script) {
    const t0 = Date.now();
    return new Promise((resolve) => {
        const child = spawn(npm, ["run", "-s", script], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("error", (e) => resolve({ script, code: 1, out: `${out}${e.message}\n`, ms: Date.now() - t0 }));
        child.on("close", (code, signal) => resolve({ script, code: code ?? 1, signal, out, ms: Date.now() - t0 }));
    }).then((r) => {
        const status = r.code === 0 ? "ok" : `FAILED (${r.signal ?? `exit ${r.code}`})`;
        process.stdout.write(`${r.out}== npm run ${script}: ${status} in ${(r.ms / 1000).toFixed(1)} s\n`);
        return r;
    });
}

const results = await Promise.all(scripts.map(run));
const failed = results.filter((r) => r.code !== 0).map((r) => r.script);
process.stdout.write(
    `== ${scripts.length} steps in ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `; failed: ${failed.join(", ")}` : ""}\n`,
);
process.exitCode = failed.length ? 1 : 0;
