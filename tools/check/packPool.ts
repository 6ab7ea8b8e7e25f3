/**
 * Started packs kept for later runs in the same process: the tests and the bench check many
 * programs, and a pack start costs about a second of CPU each time. A fresh pack per run is
 * what `pulumi preview` does, and stays the check's default; a pool is opt-in
 * (CheckOptions.packs).
 *
 * A pooled pack serves one run at a time. Before each run it gets that run's stack context
 * (ConfigureStack) and that run's whole pack config (Configure, sent even when empty, so that
 * nothing of an earlier run's config stays). Nothing else carries over: the SDK's policy server
 * keeps only what those two calls send, and the policies read the stack only through them (the
 * stack name, project and config in the pack's environment, from its first run, are read by
 * neither; test/check/packPool.test.ts compares pooled and fresh runs). A pack is kept after a
 * run that ended normally, or whose program failed while the pack did not, once the pack has
 * answered every call that run sent (runCheck); otherwise it is stopped. Idle packs do not keep
 * the process alive, and are stopped with it like every process of the check.
 */
import { outsideRuns } from "./children";
import { PackProcess, StackContext } from "./pack";

export class PackPool {
    private readonly idle = new Map<string, PackProcess[]>();
    private readonly pooled = new WeakSet<PackProcess>();

    /** An idle pack of this folder, or a new one; it belongs to no run, so no run's cleanup stops it. */
    async acquire(dir: string, ctx: StackContext, opts: { startTimeoutSeconds: number }): Promise<PackProcess> {
        const list = this.idle.get(dir) ?? [];
        for (let p = list.pop(); p !== undefined; p = list.pop()) {
            if (p.alive()) {
                p.hold(true);
                return p;
            }
        }
        const started = await outsideRuns(() => PackProcess.start(dir, ctx, opts));
        this.pooled.add(started);
        return started;
    }

    /** True for a pack this pool started (it must be released to it, not closed). */
    owns(pack: PackProcess): boolean {
        return this.pooled.has(pack);
    }

    /** Takes a pack back after a run: kept if the run ended normally and the pack is alive, else stopped. */
    async release(pack: PackProcess, reusable: boolean): Promise<void> {
        if (!reusable || !pack.alive()) {
            this.pooled.delete(pack);
            await pack.close();
            return;
        }
        pack.hold(false);
        const list = this.idle.get(pack.dir) ?? [];
        list.push(pack);
        this.idle.set(pack.dir, list);
    }

    /** Stops every idle pack. */
    async close(): Promise<void> {
        const all = [...this.idle.values()].flat();
        this.idle.clear();
        await Promise.all(all.map((p) => p.close()));
    }
}
