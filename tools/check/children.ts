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
 * until each has exited.
 *
 * Cleanup is per run: a run (RunScope) stops only the processes it started, so two
 * checks can run at once in one process (the tests, the bench). A signal, process
 * exit or the loss of the watchdog still stops every process of every run (stopAll).
 */
import { AsyncLocalStorage } from "async_hooks";
import { ChildProcess, spawn } from "child_process";

const live = new Set<ChildProcess>();
let hooked = false;

/** The run whose code is executing: every process tracked inside it belongs to that run. */
const currentRun = new AsyncLocalStorage<RunScope>();
const runOf = new WeakMap<ChildProcess, RunScope>();

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
/** Watchdogs the check closed on purpose and that have not exited yet: their exit is not a fault. */
const closingDogs = new Set<ChildProcess>();
const dogExited = new WeakMap<ChildProcess, Promise<void>>();

type LostListener = (what: string) => void;
/** Each listener with the run it was registered in (undefined: outside any run, hears every loss). */
const lostListeners = new Map<LostListener, RunScope | undefined>();
const names = new WeakMap<ChildProcess, string>();
/** Children the check asked to stop: their end is expected. */
const stopping = new WeakSet<ChildProcess>();

/**
 * Calls `listener` when a process of the check goes away while the check still needs it: a
 * tracked child killed by a signal the check did not send, or the watchdog (any exit). The
 * check then stops everything and exits 2. A listener registered inside a run hears only of
 * that run's processes (and of the watchdog, which serves every run). Returns a function that
 * removes the listener.
 */
export function onLost(listener: LostListener): () => void {
    lostListeners.set(listener, currentRun.getStore());
    return () => lostListeners.delete(listener);
}

/** `run` undefined: a loss that concerns every run (the watchdog). */
function lost(what: string, run: RunScope | undefined): void {
    for (const [l, of] of [...lostListeners]) if (run === undefined || of === undefined || of === run) l(what);
}

function tellWatchdog(line: string): void {
    if (!watchdog) {
        const dog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE], { stdio: ["pipe", "ignore", "ignore"] });
        watchdog = dog;
        dog.on("error", () => undefined);
        dog.stdin?.on("error", () => undefined);
        dogExited.set(dog, new Promise<void>((resolve) => dog.once("exit", () => resolve())));
        dog.once("exit", (code, signal) => {
            if (watchdog === dog) watchdog = undefined;
            if (!closingDogs.delete(dog))
                lost(`the watchdog (pid ${dog.pid}) ended (${signal ? `signal ${signal}` : `exit code ${code}`})`, undefined);
        });
        // Neither the process nor its pipe may keep the check alive.
        dog.unref();
        (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    watchdog.stdin?.write(`${line}\n`);
}

/** Ends the watchdog (it has nothing left to kill) and waits until it, and any closed before, have exited. */
async function closeWatchdog(): Promise<void> {
    const dog = watchdog;
    if (dog && dog.exitCode === null && dog.signalCode === null) {
        watchdog = undefined;
        closingDogs.add(dog);
        // Waited for: it must keep the check alive until it has exited.
        dog.ref();
        dog.stdin?.end();
    }
    await Promise.all([...closingDogs].map((d) => dogExited.get(d)));
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
    const run = currentRun.getStore();
    if (run) {
        runOf.set(child, run);
        run.children.add(child);
    }
    const pid = child.pid;
    if (pid !== undefined) tellWatchdog(String(pid));
    child.once("exit", (_code, signal) => {
        live.delete(child);
        // The run it serves when it goes (a pooled process changes runs, see adopt).
        const owner = runOf.get(child);
        owner?.children.delete(child);
        if (pid !== undefined && watchdog) tellWatchdog(`-${pid}`);
        if (signal !== null && !stopping.has(child) && !idle.has(child))
            lost(`${names.get(child) ?? "a process of the check"} (pid ${pid}) was killed (${signal})`, owner);
    });
    return child;
}

/** Pooled processes between runs: their end concerns no run (the pool drops a dead one). */
const idle = new WeakSet<ChildProcess>();

/**
 * Makes a tracked child kept by a pool (started outside runs) part of the current run while it
 * serves it: that run's stop ends it, and its loss is reported to that run. `disown` gives it
 * back to no run.
 */
export function adopt(child: ChildProcess): void {
    idle.delete(child);
    const run = currentRun.getStore();
    if (!run) return;
    runOf.set(child, run);
    run.children.add(child);
}

/** Ends `adopt`: the child belongs to no run again, and its end is nobody's loss. */
export function disown(child: ChildProcess): void {
    runOf.get(child)?.children.delete(child);
    runOf.delete(child);
    idle.add(child);
}

/**
 * Whether a child (its process, output pipes and IPC channel, where it has them) may keep this
 * process alive: a pooled pack or host serving a run does; an idle one does not.
 */
export function holdOpen(child: ChildProcess, held: boolean): void {
    const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
    for (const h of [child, child.stdout, child.stderr, channel] as ({ ref(): void; unref(): void } | null | undefined)[]) {
        if (held) h?.ref();
        else h?.unref();
    }
}

/**
 * Runs `fn` outside any run: the processes it starts belong to no run, so no run's stop ends
 * them (a pack pool keeps its packs across runs); a signal or process exit still does.
 */
export function outsideRuns<T>(fn: () => T): T {
    return currentRun.exit(fn);
}

/** Stops one child and waits until it is gone (SIGTERM, then SIGKILL after `graceMs`). */
export function stop(child: ChildProcess, graceMs = 1000): Promise<void> {
    stopping.add(child);
    if (child.exitCode !== null || child.signalCode !== null) {
        live.delete(child);
        runOf.get(child)?.children.delete(child);
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        child.once("exit", () => {
            clearTimeout(timer);
            live.delete(child);
            runOf.get(child)?.children.delete(child);
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

/**
 * One run of the check: the processes tracked while its code runs (`run`) are its own, and
 * `stop` ends only those, so runs in one process do not stop each other's program host or
 * pack. The watchdog serves every run; it is closed when the last live process is gone.
 */
export class RunScope {
    readonly children = new Set<ChildProcess>();

    /** Runs `fn` (and everything it starts, across awaits) as this run. */
    run<T>(fn: () => T): T {
        return currentRun.run(this, fn);
    }

    /** Stops this run's processes and waits until they have exited (and the watchdog, when no run has a process left). */
    async stop(graceMs = 1000): Promise<void> {
        while (this.children.size > 0) await Promise.all([...this.children].map((c) => stop(c, graceMs)));
        if (live.size === 0) await closeWatchdog();
    }
}
