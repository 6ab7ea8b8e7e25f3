/**
 * Every process the check starts (the program host, the policy pack) is
 * registered here and killed when the check ends, however it ends: normal
 * return, error, time limit, SIGINT/SIGTERM/SIGHUP, or process exit. A SIGKILL
 * of the check itself cannot be handled by the check, so a small watchdog
 * process holds the other end of a pipe from it: when the check is gone,
 * however it went, the kernel closes the pipe and the watchdog kills the
 * children the check had registered with it, then exits.
 */
import { ChildProcess, spawn } from "child_process";

const live = new Set<ChildProcess>();
let hooked = false;

/**
 * The watchdog: reads "<pid>" (watch) and "-<pid>" (exited, forget it) lines; when its
 * stdin ends it SIGKILLs what it still watches. Plain JS with no imports, so it starts
 * in a few tens of milliseconds.
 */
export const WATCHDOG_SOURCE = `
const pids = new Set();
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf("\\n")) >= 0) {
        const n = Number(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (n > 0) pids.add(n); else if (n < 0) pids.delete(-n);
    }
});
let done = false;
const end = () => {
    if (done) return;
    done = true;
    for (const p of pids) { try { process.kill(p, "SIGKILL"); } catch {} }
    process.exit(0);
};
process.stdin.on("end", end);
process.stdin.on("close", end);
process.stdin.on("error", end);
process.on("SIGINT", () => {});
`;

let watchdog: ChildProcess | undefined;

function tellWatchdog(line: string): void {
    if (!watchdog) {
        watchdog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], { stdio: ["pipe", "ignore", "ignore"] });
        watchdog.on("error", () => undefined);
        watchdog.stdin?.on("error", () => undefined);
        // Neither the process nor its pipe may keep the check alive.
        watchdog.unref();
        (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    watchdog.stdin?.write(`${line}\n`);
}

function killAll(signal: NodeJS.Signals = "SIGKILL"): void {
    for (const child of live) {
        if (child.exitCode === null && child.signalCode === null) {
            try {
                child.kill(signal);
            } catch {
                // Already gone.
            }
        }
    }
    live.clear();
}

function hook(): void {
    if (hooked) return;
    hooked = true;
    process.on("exit", () => killAll());
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.on(signal, () => {
            killAll();
            process.stderr.write(`offline check: interrupted (${signal}); stopped the program and the policy pack\n`);
            process.exit(2);
        });
    }
}

/** Tracks `child` until it exits; it is killed if the check ends first, even by SIGKILL (see the watchdog). */
export function track(child: ChildProcess): ChildProcess {
    hook();
    live.add(child);
    const pid = child.pid;
    if (pid !== undefined) tellWatchdog(String(pid));
    child.once("exit", () => {
        live.delete(child);
        if (pid !== undefined) tellWatchdog(`-${pid}`);
    });
    return child;
}

/** Stops one child and waits until it is gone (SIGTERM, then SIGKILL after `graceMs`). */
export function stop(child: ChildProcess, graceMs = 1000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        live.delete(child);
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            live.delete(child);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

/** Kills every tracked child now (used on fatal paths). */
export function stopAll(): void {
    killAll();
}
