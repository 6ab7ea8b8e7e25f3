/**
 * The process a pack runs in.
 *
 * The CLI starts a Node.js pack through `@pulumi/pulumi/cmd/run-policy-pack`. Before it loads
 * the pack, that runner opens an inspector session and enables the V8 debugger in it
 * (`@pulumi/pulumi/runtime/closure/v8Hooks`), only to learn which file each script id
 * belongs to. The SDK needs that map for closure serialization, which a policy pack never does.
 *
 * An enabled debugger makes every thrown exception a debugger event. The SDK's policy server
 * learns that a policy does not apply to a resource only by catching an exception from the
 * policy, and a policy over several resource types must throw one for every resource of
 * another type. For this pack that is about 30 throws per Analyze call.
 *
 * Measured on these machines:
 *  - a caught throw costs about 0.6 µs, and about 3 µs with the debugger enabled;
 *  - with the debugger released, the pack's CPU per Analyze of a security group fell by
 *    about 13 % (2.78 → 2.42 ms, medians of 9 starts of 500 calls each);
 *  - the same figures are in docs/check.md.
 *
 * The debugger is released by disabling it in the runner's own session. The session is
 * only taken from a v8Hooks module that is already loaded. Requiring the module otherwise
 * (another copy of the SDK, or a host that is not the runner) would open a new session and
 * enable a debugger, which is exactly what this avoids. A DevTools session that a user
 * attaches (`node --inspect`) is a session of its own, so it is not affected.
 */

import * as fs from "fs";

/** What releaseRunnerDebugger did. */
export type DebuggerRelease =
    /** The runner's session had its debugger disabled. */
    | "released"
    /** No runner session in this process (not started by the runner, or another SDK layout). */
    | "absent"
    /** The session refused (the message says why); nothing else was changed. */
    | { readonly failed: string };

/** The module id of the runner's hooks, as the SDK this pack resolves lays it out. */
export const RUNNER_HOOKS_MODULE = "@pulumi/pulumi/runtime/closure/v8Hooks";

interface InspectorSessionLike {
    post(method: string, callback: (err: Error | null) => void): void;
}
interface RunnerHooks {
    getSessionAsync(): Promise<InspectorSessionLike>;
}

function isRunnerHooks(m: unknown): m is RunnerHooks {
    return typeof m === "object" && m !== null && typeof (m as { getSessionAsync?: unknown }).getSessionAsync === "function";
}

/**
 * Disables the debugger the runner enabled for itself, when this process has one (see the
 * top of this file). Never throws; the pack works the same either way, only slower.
 */
export async function releaseRunnerDebugger(): Promise<DebuggerRelease> {
    let id: string;
    try {
        id = require.resolve(RUNNER_HOOKS_MODULE);
    } catch {
        return "absent";
    }
    const loaded: unknown = require.cache[id]?.exports;
    if (!isRunnerHooks(loaded)) {
        return "absent";
    }
    try {
        const session = await loaded.getSessionAsync();
        await new Promise<void>((resolve, reject) => session.post("Debugger.disable", (err) => (err ? reject(err) : resolve())));
        return "released";
    } catch (e) {
        return { failed: e instanceof Error ? e.message : String(e) };
    }
}

/** When set, the pack appends what releaseRunnerDebugger did to this file (the real-CLI suite reads it). */
export const RELEASE_REPORT_ENV = "SECURE_BASELINE_PACK_RELEASE_REPORT";

/** Appends the outcome to $SECURE_BASELINE_PACK_RELEASE_REPORT, if set, with this process's pid. Never throws. */
export function reportRelease(outcome: DebuggerRelease): void {
    const file = process.env[RELEASE_REPORT_ENV];
    if (!file) return;
    try {
        fs.appendFileSync(file, `${JSON.stringify({ pid: process.pid, outcome })}\n`);
    } catch {
        // A report nobody can write changes nothing in the pack.
    }
}
