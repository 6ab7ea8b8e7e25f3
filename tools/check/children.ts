/**
 * Every process the check starts (the program host, the policy pack) is
 * registered here and killed when the check ends, however it ends: normal
 * return, error, time limit, SIGINT/SIGTERM/SIGHUP, or process exit. A SIGKILL
 * of the check itself cannot be handled by the check, so a small watchdog
 * process holds the other end of a pipe from it: when the check is gone,
 * however it went, the kernel closes the pipe and the watchdog kills the
 * children the check had registered with it, then exits. The other way round,
 * the check treats the loss of any of its processes (the watchdog included,
 * see onLost) as a failure that stops all of them, and at its end it waits
 * until each has exited (stopAll).
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
/** Set while the check closes its watchdog on purpose, so that its exit is not taken for a fault. */
let closing: Promise<void> | undefined;

type LostListener = (what: string) => void;
const lostListeners = new Set<LostListener>();
const names = new WeakMap<ChildProcess, string>();
/** Children the check asked to stop: their end is expected. */
const stopping = new WeakSet<ChildProcess>();

/**
 * Calls `listener` when a process of the check goes away while the check still needs it: a
 * tracked child killed by a signal the check did not send, or the watchdog (any exit). The
 * check then stops everything and exits 2. Returns a function that removes the listener.
 */
export function onLost(listener: LostListener): () => void {
    lostListeners.add(listener);
    return () => lostListeners.delete(listener);
}

function lost(what: string): void {
    for (const l of [...lostListeners]) l(what);
}

function tellWatchdog(line: string): void {
    if (!watchdog) {
        const dog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], { stdio: ["pipe", "ignore", "ignore"] });
        watchdog = dog;
        dog.on("error", () => undefined);
        dog.stdin?.on("error", () => undefined);
        dog.once("exit", (code, signal) => {
            if (watchdog === dog) watchdog = undefined;
            if (!closing) lost(`the watchdog (pid ${dog.pid}) ended (${signal ? `signal ${signal}` : `exit code ${code}`})`);
        });
        // Neither the process nor its pipe may keep the check alive.
        dog.unref();
        (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    watchdog.stdin?.write(`${line}\n`);
}

/** Ends the watchdog (it has nothing left to kill) and waits until it has exited. */
function closeWatchdog(): Promise<void> {
    if (closing) return closing;
    const dog = watchdog;
    if (!dog || dog.exitCode !== null || dog.signalCode !== null) return Promise.resolve();
    watchdog = undefined;
    const done = new Promise<void>((resolve) => dog.once("exit", () => resolve())).then(() => {
        closing = undefined;
    });
    closing = done;
    // Waited for: it must keep the check alive until it has exited.
    dog.ref();
    dog.stdin?.end();
    return done;
}

function killAll(signal: NodeJS.Signals = "SIGKILL"): void {
    for (const child of live) {
        if (child.exitCode === null && child.signalCode === null) {
            stopping.add(child);
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

/**
 * Tracks `child` (named `what` in messages) until it exits; it is killed if the check ends
 * first, even by SIGKILL (see the watchdog). A signal the check did not send is reported to
 * the onLost listeners.
 */
export function track(child: ChildProcess, what = "a process of the check"): ChildProcess {
    hook();
    live.add(child);
    names.set(child, what);
    const pid = child.pid;
    if (pid !== undefined) tellWatchdog(String(pid));
    child.once("exit", (_code, signal) => {
        live.delete(child);
        if (pid !== undefined && watchdog) tellWatchdog(`-${pid}`);
        if (signal !== null && !stopping.has(child)) lost(`${names.get(child) ?? "a process of the check"} (pid ${pid}) was killed (${signal})`);
    });
    return child;
}

/** Stops one child and waits until it is gone (SIGTERM, then SIGKILL after `graceMs`). */
export function stop(child: ChildProcess, graceMs = 1000): Promise<void> {
    stopping.add(child);
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

/**
 * Stops every tracked child and the watchdog, and resolves once all of them have exited: the
 * check itself exits only after every process it started is gone, however it ends.
 */
export async function stopAll(graceMs = 1000): Promise<void> {
    await Promise.all([...live].map((c) => stop(c, graceMs)));
    await closeWatchdog();
}
