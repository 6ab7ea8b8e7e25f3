/**
 * The process a pack runs in: the pack releases the debugger that the CLI's runner
 * (`@pulumi/pulumi/cmd/run-policy-pack`) enables for itself, so that the exceptions the SDK's
 * server needs for "not applicable" are cheap again. How, and the figures it was kept for, are
 * in sdk-internals.ts (the one place the pack reaches into the SDKs); this module reports what
 * happened when asked to.
 */
import * as fs from "fs";
import type { DebuggerRelease } from "./sdk-internals";

export { RUNNER_HOOKS_MODULE, releaseRunnerDebugger, shareDeserializedProperties } from "./sdk-internals";
export type { DebuggerRelease } from "./sdk-internals";

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
