// `npm test`: the transpile cache, lint, the format check, the type check and the build side by side,
// then mocha as soon as the build and the transpile cache are done. The build (dist/, the pack's bin/
// and its bundle, the containment function) is all mocha needs; the type check, which comes after the
// build in the same compiler process (tools/tsc-projects.cjs: the projects share their parsed
// declaration files), and lint and the format check, if still running, finish beside mocha instead of
// before it, at a lower CPU priority. Mocha's output streams as it comes; each other step's output is
// shown whole when it ends (after mocha's if mocha is running then), with its wall time. Mocha does not
// start when the build fails. The exit status is 1 when any step failed.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setPriority } from "node:os";

const require = createRequire(import.meta.url);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const BUILDS = ["dist", "pack", "functions"];
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let mochaRunning = false;
const deferred = [];
const results = [];

function show(text) {
    if (mochaRunning) deferred.push(text);
    else process.stdout.write(text);
}

/**
 * Lowers a step's CPU priority (a nice value of 10), so that it runs on the CPU time left over by the
 * build and mocha. Its own children inherit the priority when they start after this call (npm starts
 * the linter only once it has loaded itself). Where the system refuses, the step runs as it is.
 */
function yieldCpu(pid) {
    try {
        setPriority(pid, 10);
    } catch {
        // Only slower.
    }
}

/**
 * Runs one step with its output buffered (shown whole when it ends); `onMessage` hears the step's
 * IPC messages (the compiler's per-project results); `background` lowers its priority from the start.
 */
function step(name, command, args, { onMessage, background = false, onStart } = {}) {
    const t0 = Date.now();
    return new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe", ...(onMessage ? ["ipc"] : [])] });
        if (background && child.pid) yieldCpu(child.pid);
        onStart?.(child);
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        if (onMessage) child.on("message", onMessage);
        child.on("error", (e) => resolve({ name, code: 1, signal: null, out: `${out}${e.message}\n`, ms: Date.now() - t0 }));
        child.on("close", (code, signal) => resolve({ name, code: code ?? 1, signal, out, ms: Date.now() - t0 }));
    }).then((r) => {
        const status = r.code === 0 ? "ok" : `FAILED (${r.signal ?? `exit ${r.code}`})`;
        show(`${r.out}== ${name}: ${status} in ${seconds(r.ms)}\n`);
        results.push(r);
        return r;
    });
}

/** Mocha with this process's output, so that its report streams. */
function mocha() {
    const t0 = Date.now();
    mochaRunning = true;
    process.stdout.write(`== mocha starts ${seconds(t0 - started)} after npm test\n`);
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [require.resolve("mocha/bin/mocha.js")], { stdio: "inherit" });
        child.on("error", (e) => resolve({ name: "mocha", code: 1, signal: null, out: `${e.message}\n`, ms: Date.now() - t0 }));
        child.on("close", (code, signal) => resolve({ name: "mocha", code: code ?? 1, signal, out: "", ms: Date.now() - t0 }));
    }).then((r) => {
        mochaRunning = false;
        for (const text of deferred.splice(0)) process.stdout.write(text);
        process.stdout.write(`== mocha: ${r.code === 0 ? "ok" : `FAILED (${r.signal ?? `exit ${r.code}`})`} in ${seconds(r.ms)}\n`);
        results.push(r);
        return r;
    });
}

let built;
const buildDone = new Promise((resolve) => (built = resolve));
const compiled = new Map();
let compiler;
const onCompiled = (m) => {
    if (!m || typeof m.project !== "string") return;
    compiled.set(m.project, m.errors);
    if (BUILDS.every((p) => compiled.has(p))) {
        // The builds are what mocha waits for; the type check after them goes on beside mocha.
        if (compiler?.pid) yieldCpu(compiler.pid);
        built(BUILDS.every((p) => compiled.get(p) === 0));
    }
};

// The transpile cache first: mocha's workers read it as they load the tests.
const warm = step("transpile cache (test/support/ts-warm.cjs)", process.execPath, ["test/support/ts-warm.cjs"]);
const statics = [
    warm,
    step("npm run lint", npm, ["run", "-s", "lint"], { background: true }),
    step("npm run format:check", npm, ["run", "-s", "format:check"], { background: true }),
    step("type check and build (tools/tsc-projects.cjs)", process.execPath, ["tools/tsc-projects.cjs", ...BUILDS, "typecheck"], {
        onMessage: onCompiled,
        onStart: (child) => (compiler = child),
    }).then((r) => {
        built(false); // a compiler that ended before its builds were done (no effect once they were)
        return r;
    }),
];
/** Mocha cannot run: a failed step of its own in the summary. */
function mochaNotRun(why) {
    show(`== mocha not run: ${why}\n`);
    results.push({ name: "mocha", code: 1 });
}
const tests = buildDone.then(async (ok) => {
    if (!ok) return mochaNotRun("the build failed (see the compiler's output)");
    const bundle = await step("pack bundle (policy-pack/scripts/bundle.mjs)", process.execPath, ["policy-pack/scripts/bundle.mjs"]);
    if (bundle.code !== 0) return mochaNotRun("the pack bundle failed");
    // A failed warm-up only costs time: the register transpiles what it does not find.
    await warm;
    await mocha();
});
await Promise.all([...statics, tests]);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
process.stdout.write(
    `== npm test in ${seconds(Date.now() - started)}${failed.length ? `; failed: ${failed.join(", ")}` : ": every step passed"}\n`,
);
process.exitCode = failed.length ? 1 : 0;
