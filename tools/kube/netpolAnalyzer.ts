/**
 * An independent judge of which connections NetworkPolicies allow: np-guard's netpol-analyzer, built
 * from the Go module proxy (v1.2.0, the newest version the proxy serves; v1.3.0 and later are refused)
 * through the wrapper module in tools/kube/netpol, and cached beside the control plane's binaries.
 * The API server stores NetworkPolicies and enforces nothing (no network plugin here); the analyzer
 * reads the objects as the server stores them (pods, namespaces, policies, written to a folder) and
 * lists the allowed connections, so the quarantine is checked by code the project did not write.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cacheRoot, findGo, KubeBuildError, runGo, type BuildOptions } from "./build";

export const ANALYZER_MODULE = "github.com/np-guard/netpol-analyzer";
export const ANALYZER_PACKAGE = `${ANALYZER_MODULE}/cmd/netpolicy`;
const SOURCE = path.join(__dirname, "netpol");

/** The analyzer version the wrapper module requires. */
export function analyzerVersion(source = SOURCE): string {
    const mod = fs.readFileSync(path.join(source, "go.mod"), "utf8");
    const m = /^require\s+github\.com\/np-guard\/netpol-analyzer\s+(v\d+\.\d+\.\d+)\s*$/m.exec(mod);
    if (!m) throw new KubeBuildError(`${path.join(source, "go.mod")} has no line 'require ${ANALYZER_MODULE} vX.Y.Z'`);
    return m[1];
}

export function analyzerPath(opts: BuildOptions = {}): string {
    return path.join(cacheRoot(opts), `netpol-analyzer-${analyzerVersion()}`, "bin", "netpolicy");
}

/** Builds the analyzer unless it is cached; returns its path. */
export function buildAnalyzer(opts: BuildOptions = {}): { path: string; cached: boolean; seconds: number } {
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const out = analyzerPath(opts);
    if (fs.existsSync(out)) {
        log(`kube build: netpol-analyzer ${analyzerVersion()} cached in ${path.dirname(out)}`);
        return { path: out, cached: true, seconds: 0 };
    }
    const goBin = findGo(opts);
    const started = Date.now();
    log(`kube build: compiling netpol-analyzer ${analyzerVersion()} (niced)`);
    const partial = `${out}.partial`;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // The same niced go, environment and error reporting as the control plane's build.
    runGo(
        goBin,
        ["build", "-trimpath", "-mod=readonly", "-ldflags=-s -w", "-o", partial, ANALYZER_PACKAGE],
        SOURCE,
        "building netpol-analyzer",
    );
    fs.renameSync(partial, out);
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`kube build: built netpol-analyzer in ${seconds} s into ${path.dirname(out)}`);
    return { path: out, cached: false, seconds };
}

export interface Connection {
    readonly src: string;
    readonly dst: string;
    readonly conn: string;
}

/**
 * The connections the analyzer finds allowed among the objects in the YAML files of `dir`. (Not with
 * `--fail`: v1.2.0 then stops at a spurious "Error getting resourceInfos from dir path: <nil>" and prints
 * an empty list with exit 0, which would read as "nothing is allowed".)
 */
export function allowedConnectionsIn(dir: string, opts: BuildOptions = {}): Connection[] {
    const r = spawnSync(analyzerPath(opts), ["list", "--dirpath", dir, "-o", "json", "-q"], {
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error || r.status !== 0)
        throw new Error(
            `netpol-analyzer failed (${r.error ? r.error.message : `exit ${r.status}`}): ${`${r.stderr ?? ""}${r.stdout ?? ""}`.trim().slice(0, 2000)}`,
        );
    return JSON.parse(r.stdout) as Connection[];
}
