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
const OWN_DIRS = [
    ...new Set([__dirname, __dirname.replace(`${path.sep}dist${path.sep}tools${path.sep}check`, `${path.sep}tools${path.sep}check`)]),
].map((d) => `${d}${path.sep}`);

/** Files that are never the program's own call site: dependencies and the check itself. */
function notUserCode(file: string): boolean {
    return (
        file.startsWith("node:") ||
        file.includes(`${path.sep}node_modules${path.sep}`) ||
        OWN_DIRS.some((d) => file.startsWith(d)) ||
        !path.isAbsolute(file)
    );
}

/** What the formatter is given as the error: its text is dropped, only the frame line is read. */
const FORMAT_TARGET = { name: "Error", message: "" };

/** Parses one `at ...` line of a stack text into file, line and column. */
function parseFrame(frame: string): { file: string; line: number; column: number } | undefined {
    const m = /\((.*):(\d+):(\d+)\)$/.exec(frame) ?? /^\s*at (?:async )?(.*):(\d+):(\d+)$/.exec(frame);
    return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}

/** The stack as V8's structured call sites, without formatting (and so without source mapping) any of them. */
function rawCallSites(): NodeJS.CallSite[] {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    const holder: { stack?: unknown } = {};
    try {
        Error.stackTraceLimit = CALLSITE_FRAMES;
        Error.prepareStackTrace = (_e, sites) => sites;
        Error.captureStackTrace(holder, userCallsite);
        // Reading `stack` runs the formatter above, while it is still installed.
        const sites = holder.stack;
        return Array.isArray(sites) ? (sites as NodeJS.CallSite[]) : [];
    } finally {
        Error.prepareStackTrace = prepare;
        Error.stackTraceLimit = limit;
    }
}

/**
 * The first frame of the program's own code on the current stack, within CALLSITE_FRAMES:
 * where the resource being constructed was created. Frames are judged on V8's structured call
 * sites, and only the chosen one is formatted through Error.prepareStackTrace, which ts-node's
 * source-map support maps to the TypeScript line: mapping every frame of every resource's stack
 * cost about a tenth of the dev stack's program time.
 */
export function userCallsite(): { uri: string; line: number; column: number } | undefined {
    const format = Error.prepareStackTrace;
    for (const site of rawCallSites()) {
        const file = site.getFileName();
        if (!file || notUserCode(file)) continue;
        let where: { file: string; line: number; column: number } | undefined;
        if (format) {
            // The source-map support formats (and maps) just this frame.
            const text = String(format(FORMAT_TARGET as Error, [site]));
            where = parseFrame(text.split("\n").slice(-1)[0]);
            // A frame mapped into a dependency or the check itself is not the program's.
            if (where && notUserCode(where.file)) continue;
        }
        where ??= { file, line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 };
        if (where.line <= 0) continue;
        return { uri: pathToFileURL(where.file).toString(), line: where.line, column: where.column };
    }
    return undefined;
}
