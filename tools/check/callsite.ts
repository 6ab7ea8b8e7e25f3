/**
 * The program's own line on the current stack, found cheaply for every resource the program
 * constructs (the program host puts it where the SDK keeps a resource's source position).
 * Apart from the program host so tests can call it in their own process.
 */
import * as path from "path";
import { pathToFileURL } from "url";

/** Frames captured for a resource's call site: the SDK's constructors come first (Resource, CustomResource or ComponentResource, the resource class). */
export const CALLSITE_FRAMES = 12;

/**
 * The check's own folders: where this file runs from, and, for the compiled check
 * (dist/tools/check), the TypeScript sources its source maps point frames back to.
 */
const OWN_DIRS = [...new Set([__dirname, __dirname.replace(`${path.sep}dist${path.sep}tools${path.sep}check`, `${path.sep}tools${path.sep}check`)])].map((d) => `${d}${path.sep}`);

/** Files that are never the program's own call site: dependencies and the check itself. */
function notUserCode(file: string): boolean {
    return file.startsWith("node:") || file.includes(`${path.sep}node_modules${path.sep}`) || OWN_DIRS.some((d) => file.startsWith(d)) || !path.isAbsolute(file);
}

/**
 * The first frame of the program's own code on the current stack, within CALLSITE_FRAMES:
 * where the resource being constructed was created. The stack text goes through
 * Error.prepareStackTrace, which ts-node's source-map support maps to the TypeScript line.
 */
export function userCallsite(): { uri: string; line: number; column: number } | undefined {
    const limit = Error.stackTraceLimit;
    const holder: { stack?: string } = {};
    try {
        Error.stackTraceLimit = CALLSITE_FRAMES;
        Error.captureStackTrace(holder, userCallsite);
        for (const frame of (holder.stack ?? "").split("\n").slice(1)) {
            const m = /\((.*):(\d+):(\d+)\)$/.exec(frame) ?? /^\s*at (?:async )?(.*):(\d+):(\d+)$/.exec(frame);
            if (!m || notUserCode(m[1])) continue;
            return { uri: pathToFileURL(m[1]).toString(), line: Number(m[2]), column: Number(m[3]) };
        }
        return undefined;
    } finally {
        Error.stackTraceLimit = limit;
    }
}
