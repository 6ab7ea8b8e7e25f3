/**
 * Every process the check starts (the program host, the policy pack) is
 * registered here and killed when the check ends, however it ends: normal
 * return, error, time limit, SIGINT/SIGTERM/SIGHUP, or process exit. Only a
 * SIGKILL of the check itself cannot be handled (no process can).
 */
import { ChildProcess } from "child_process";

const live = new Set<ChildProcess>();
let hooked = false;

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

/** Tracks `child` until it exits; it is killed if the check ends first. */
export function track(child: ChildProcess): ChildProcess {
    hook();
    live.add(child);
    child.once("exit", () => live.delete(child));
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
