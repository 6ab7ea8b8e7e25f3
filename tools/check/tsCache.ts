/**
 * A disk cache of what ts-node emits for each TypeScript file of a program, when it only
 * transpiles (the check's default; `--typecheck` never uses it). Transpiling is most of
 * the time a TypeScript program takes under the check: the dev stack's 90-odd files cost
 * about 2 s of a 4 s program run, every run (profiled).
 *
 * Only the compile step is cached, keyed by everything its output depends on: the
 * TypeScript and ts-node versions, the compiler options ts-node resolved (the program's
 * tsconfig.json over Pulumi's defaults), ts-node's module-type overrides, the file's path
 * and its exact content. A hit returns the very text ts-node produced for that key (its
 * inline source map included); ts-node still loads, resolves and runs every module.
 * Positions in stack traces stay mapped to the TypeScript source: hits are served to
 * source-map-support the way ts-node serves its own output.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileURLToPath } from "url";

/** The part of a ts-node service this uses (ts-node 10). */
export interface TsNodeService {
    compile(code: string, fileName: string, lineOffset?: number): string;
    readonly config: { readonly options: Readonly<Record<string, unknown>> };
    readonly options: { readonly moduleTypes?: unknown };
    readonly ts: { readonly version: string };
}

/** Bumped when the cache's layout or key changes. */
const LAYOUT = 1;

/**
 * Where the cache lives: `node_modules/.cache/secure-baseline-check` of the program when it
 * has a node_modules folder (as babel and eslint keep theirs), otherwise the temp folder.
 */
export function cacheDir(projectDir: string): string {
    const nm = path.join(projectDir, "node_modules");
    if (fs.existsSync(nm)) return path.join(nm, ".cache", "secure-baseline-check", "ts");
    const user = typeof os.userInfo === "function" ? os.userInfo().username : "user";
    return path.join(os.tmpdir(), `secure-baseline-check-${user}`, "ts");
}

/** What every key of one service starts from: versions and resolved options. */
export function serviceFingerprint(service: TsNodeService, tsNodeVersion: string): string {
    return JSON.stringify({
        layout: LAYOUT,
        ts: service.ts.version,
        tsNode: tsNodeVersion,
        options: service.config.options,
        moduleTypes: service.options.moduleTypes ?? null,
    });
}

export function cacheKey(fingerprint: string, fileName: string, code: string): string {
    return createHash("sha256").update(fingerprint).update("\0").update(fileName).update("\0").update(code).digest("hex");
}

export interface CacheStats {
    hits: number;
    misses: number;
}

/**
 * Wraps `service.compile` with the cache; returns the counters and a lookup for the texts
 * served from it (for source-map-support). Cache write failures are ignored: a read-only
 * or full disk only makes the next run slower.
 */
export function cacheCompile(
    service: TsNodeService,
    dir: string,
    tsNodeVersion: string,
): { stats: CacheStats; served: (file: string) => string | undefined } {
    const fingerprint = serviceFingerprint(service, tsNodeVersion);
    const compile = service.compile.bind(service);
    const served = new Map<string, string>();
    const stats: CacheStats = { hits: 0, misses: 0 };
    service.compile = (code: string, fileName: string, lineOffset?: number): string => {
        // Line offsets only come from ts-node's REPL; never cached.
        if (lineOffset !== undefined && lineOffset !== 0) return compile(code, fileName, lineOffset);
        const key = cacheKey(fingerprint, fileName, code);
        const file = path.join(dir, key.slice(0, 2), `${key}.js`);
        let output: string | undefined;
        try {
            output = fs.readFileSync(file, "utf8");
        } catch {
            output = undefined;
        }
        if (output !== undefined) {
            stats.hits++;
            served.set(normalize(fileName), output);
            return output;
        }
        stats.misses++;
        output = compile(code, fileName);
        try {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            // Written whole under a temporary name, then renamed: a reader never sees half a file.
            const tmp = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, output);
            fs.renameSync(tmp, file);
        } catch {
            // See above.
        }
        return output;
    };
    return { stats, served: (f) => served.get(normalize(f)) };
}

function normalize(f: string): string {
    let p = f;
    if (p.startsWith("file://")) {
        try {
            p = fileURLToPath(p);
        } catch {
            // Not a URL after all.
        }
    }
    return p.replace(/\\/g, "/");
}
