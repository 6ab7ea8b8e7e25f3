/**
 * Started program hosts kept for later runs in the same process, as PackPool keeps packs: the
 * tests check about a hundred and fifty programs, and each fresh host costs one to three
 * seconds of CPU before the program's first line runs (node, the SDK with TypeScript, ts-node,
 * the providers' SDKs). A fresh host per run is what the check does by default; a pool is
 * opt-in (CheckOptions.hosts).
 *
 * A pooled host runs one program at a time, each in a fresh SDK store with its own config and
 * ts-node service, and unloads the program's own modules after it (see programHost.ts). Hosts
 * are kept per SDK copy the programs resolve. A host is kept after a program whose run ended,
 * normally or with the program's error, once the SDK's calls are done; after an exit, an error
 * thrown from a callback, a time limit or anything else it is stopped. A kept host that finds an
 * earlier program failing after its end says it is unfit: the pool drops it, and a run that got
 * it first runs again in a new host (runProgram). While it serves a run it is that run's process
 * (its stop ends it, its loss is that run's); idle hosts do not keep the process alive, and are
 * stopped with it like every process of the check.
 * test/check/hostPool.test.ts and the behaviour snapshot compare pooled and fresh runs.
 */
import type { ChildProcess } from "child_process";
import { adopt, disown, holdOpen, outsideRuns, stop } from "./children";
import type { ProgramReply } from "./records";

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null && c.connected;

export class HostPool {
    private readonly idle = new Map<string, ChildProcess[]>();
    private readonly keys = new WeakMap<ChildProcess, string>();
    private started = 0;
    private readonly unfit = new WeakSet<ChildProcess>();

    /**
     * `entry`: the compiled host (a programHost.js) to start instead of the one beside the check's
     * own modules; the tests, which run the check from TypeScript, give the built one when it is
     * up to date, so that a host starts without ts-node.
     */
    constructor(readonly opts: { readonly entry?: string } = {}) {}

    /**
     * An idle host for programs of `key` (the host's entry and the SDK copy), or a new one from
     * `start` (started with --reusable); either way a process of the current run until released.
     */
    acquire(key: string, start: () => ChildProcess): ChildProcess {
        const list = this.idle.get(key) ?? [];
        for (let c = list.pop(); c !== undefined; c = list.pop()) {
            if (!alive(c)) continue;
            if (this.unfit.has(c)) {
                void stop(c);
                continue;
            }
            holdOpen(c, true);
            adopt(c);
            return c;
        }
        const child = outsideRuns(start);
        this.started++;
        this.keys.set(child, key);
        // Heard while idle too: an unfit host is never handed out again.
        child.on("message", (m: ProgramReply) => {
            if (m.kind === "unfit") this.unfit.add(child);
        });
        adopt(child);
        return child;
    }

    /** Hosts this pool has started (for tests and the bench: how many starts the pool saved). */
    get starts(): number {
        return this.started;
    }

    /** Idle hosts that can still run a program (alive and not unfit), as far as this process has heard. */
    get idleHosts(): number {
        return [...this.idle.values()].flat().filter((c) => alive(c) && !this.unfit.has(c)).length;
    }

    /** Takes a host back after its run: kept when it said it stays and is alive, else stopped. */
    async release(child: ChildProcess, kept: boolean): Promise<void> {
        disown(child);
        const key = this.keys.get(child);
        if (!kept || key === undefined || !alive(child) || this.unfit.has(child)) {
            await stop(child);
            return;
        }
        holdOpen(child, false);
        const list = this.idle.get(key) ?? [];
        list.push(child);
        this.idle.set(key, list);
    }

    /** Stops every idle host. */
    async close(): Promise<void> {
        const all = [...this.idle.values()].flat();
        this.idle.clear();
        await Promise.all(all.map((c) => stop(c)));
    }
}
