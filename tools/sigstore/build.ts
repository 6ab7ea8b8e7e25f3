/**
 * `npm run sigstore -- build`: builds the Sigstore policy-controller webhook, cosign and the distribution
 * registry from Go modules only (the Go module proxy), into a cache outside the clone keyed by tool and
 * version (~/.cache/secure-baseline/<tool>/<version>/bin, or $SIGSTORE_CACHE/<tool>/<version>/bin), and
 * reuses what is there. The CTR-2 end-to-end kube test (test/kube/signing-e2e.kube.ts) runs them on loopback.
 *
 * Each tool is built inside its own downloaded module, with that module's go.mod and go.sum: the
 * policy-controller's go.mod has replace directives (glog, code-generator, kube-openapi) that a build of it
 * as a dependency would ignore, and `go install pkg@version` refuses outright. The three need different
 * versions of the same libraries, so one wrapper module for all of them would not resolve.
 *
 * Exit 0 when every binary is ready (built or cached), 2 when Go is missing or a build fails.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KubeBuildError, findGo, runGo } from "../kube/build";

export interface Tool {
    /** Cache folder and binary name. */
    readonly name: "policy-controller" | "cosign" | "registry";
    readonly module: string;
    /** Pinned: the policy-controller at the app version of the Helm chart ClusterGuardrails installs. */
    readonly version: string;
    /** Package inside the module. */
    readonly pkg: string;
}

export const TOOLS: readonly Tool[] = [
    { name: "registry", module: "github.com/distribution/distribution/v3", version: "v3.1.2", pkg: "./cmd/registry" },
    { name: "policy-controller", module: "github.com/sigstore/policy-controller", version: "v0.13.1", pkg: "./cmd/webhook" },
    { name: "cosign", module: "github.com/sigstore/cosign/v2", version: "v2.6.5", pkg: "./cmd/cosign" },
];

export function cacheRoot(): string {
    return process.env.SIGSTORE_CACHE ?? path.join(os.homedir(), ".cache", "secure-baseline");
}

export function binaryPath(tool: Tool): string {
    return path.join(cacheRoot(), tool.name, tool.version, "bin", tool.name);
}

/** The cached binary, or undefined when it or its stamp is missing. */
export function cached(tool: Tool): string | undefined {
    const bin = binaryPath(tool);
    return fs.existsSync(bin) && fs.existsSync(path.join(path.dirname(path.dirname(bin)), "build.json")) ? bin : undefined;
}

export function buildTool(tool: Tool, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string {
    const hit = cached(tool);
    if (hit) {
        log(`sigstore build: ${tool.name} ${tool.version} cached at ${hit}`);
        return hit;
    }
    const goBin = findGo();
    const started = Date.now();
    const dir = path.join(cacheRoot(), tool.name, tool.version);
    fs.mkdirSync(dir, { recursive: true });
    log(`sigstore build: downloading ${tool.module}@${tool.version} from the Go module proxy`);
    const dl = runGo(
        goBin,
        ["mod", "download", "-json", `${tool.module}@${tool.version}`],
        dir,
        `downloading ${tool.module}@${tool.version}`,
    );
    const info = JSON.parse(dl.stdout) as { Dir?: string; Error?: string };
    if (info.Dir === undefined)
        throw new KubeBuildError(`the Go module proxy has no ${tool.module}@${tool.version}: ${info.Error ?? "no source folder"}`);
    const src = path.join(dir, "src");
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(info.Dir, src, { recursive: true });
    // The module cache is read-only; go build -mod=mod may write go.sum lines.
    fs.chmodSync(src, 0o755);
    for (const f of ["go.mod", "go.sum"]) if (fs.existsSync(path.join(src, f))) fs.chmodSync(path.join(src, f), 0o644);
    const out = path.join(dir, "bin.partial");
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    log(`sigstore build: compiling ${tool.name} (${tool.pkg}; long when cold; niced)`);
    runGo(
        goBin,
        ["build", "-mod=mod", "-trimpath", "-ldflags=-s -w", "-o", path.join(out, tool.name), tool.pkg],
        src,
        `go build ${tool.module}/${tool.pkg.slice(2)}`,
    );
    fs.rmSync(path.join(dir, "bin"), { recursive: true, force: true });
    fs.renameSync(out, path.join(dir, "bin"));
    const seconds = Math.round((Date.now() - started) / 1000);
    fs.writeFileSync(
        path.join(dir, "build.json"),
        JSON.stringify({ module: tool.module, version: tool.version, seconds, builtAt: new Date().toISOString() }, null, 2),
    );
    log(`sigstore build: built ${tool.name} ${tool.version} in ${seconds} s`);
    return binaryPath(tool);
}

/** Every tool; a failure of one is reported and the others still build. Returns the failures. */
export function buildAll(log?: (line: string) => void): Array<{ tool: Tool; error: string }> {
    const failures: Array<{ tool: Tool; error: string }> = [];
    for (const tool of TOOLS) {
        try {
            buildTool(tool, log);
        } catch (e) {
            failures.push({ tool, error: (e as Error).message });
        }
    }
    return failures;
}
