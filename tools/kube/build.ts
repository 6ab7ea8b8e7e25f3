/**
 * `npm run kube -- build`: builds etcd, kube-apiserver and kube-controller-manager
 * from Go modules only (the Go module proxy), into a cache outside the clone,
 * keyed by the Kubernetes version, and reuses what is there.
 *
 * The only hand-kept pin is `require k8s.io/kubernetes vX.Y.Z` in
 * tools/kube/go/go.mod. k8s.io/kubernetes replaces its k8s.io/* staging modules
 * with local folders that a module download does not carry, so this script
 * reads the downloaded k8s.io/kubernetes go.mod and pins each replaced staging
 * module to its published twin (v1.Y.Z -> v0.Y.Z). etcd is built at the
 * go.etcd.io/etcd/server/v3 version that same go.mod requires, so the API
 * server is tested against the etcd its release was tested with.
 *
 * Exit 0 when the binaries are ready (built or cached), 2 when Go is missing
 * or the build fails (the Go error is shown).
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const COMMANDS = ["etcd", "kube-apiserver", "kube-controller-manager"] as const;
export type Command = (typeof COMMANDS)[number];

export class KubeBuildError extends Error {}

export interface BuildOptions {
    /** The wrapper module to build. Default: tools/kube/go. */
    readonly source?: string;
    /** Cache root. Default: $KUBE_CACHE or ~/.cache/secure-baseline/kube. */
    readonly cache?: string;
    /** The go binary. Default: $KUBE_GO or `go` on PATH. */
    readonly go?: string;
    /** Where progress goes. Default: stderr. */
    readonly log?: (line: string) => void;
}

export interface Built {
    readonly version: string;
    readonly etcdVersion: string;
    readonly bin: Record<Command, string>;
    readonly cached: boolean;
    readonly seconds: number;
}

export const DEFAULT_SOURCE = path.join(__dirname, "go");

export function cacheRoot(opts: BuildOptions = {}): string {
    return opts.cache ?? process.env.KUBE_CACHE ?? path.join(os.homedir(), ".cache", "secure-baseline", "kube");
}

/** The Kubernetes version the wrapper module pins. */
export function pinnedVersion(source = DEFAULT_SOURCE): string {
    const mod = fs.readFileSync(path.join(source, "go.mod"), "utf8");
    const m = /^\s*require\s+k8s\.io\/kubernetes\s+(v1\.\d+\.\d+)\s*$/m.exec(mod);
    if (!m) throw new KubeBuildError(`${path.join(source, "go.mod")} has no line 'require k8s.io/kubernetes v1.Y.Z'`);
    return m[1];
}

function binPaths(dir: string): Record<Command, string> {
    return Object.fromEntries(COMMANDS.map((c) => [c, path.join(dir, "bin", c)])) as Record<Command, string>;
}

/** The cached binaries of `version`, or undefined when any is missing. */
export function cachedBinaries(version: string, opts: BuildOptions = {}): Built | undefined {
    const dir = path.join(cacheRoot(opts), version);
    const stampFile = path.join(dir, "build.json");
    const bin = binPaths(dir);
    if (!fs.existsSync(stampFile) || !COMMANDS.every((c) => fs.existsSync(bin[c]))) return undefined;
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as { etcdVersion: string; seconds: number };
    return { version, etcdVersion: stamp.etcdVersion, bin, cached: true, seconds: stamp.seconds };
}

/**
 * From a k8s.io/kubernetes go.mod: each staging module it replaces with a local
 * folder, with the published version of the same release, and the etcd server
 * version it requires.
 */
export function stagingPins(goMod: string, version: string): { pins: Array<[string, string]>; etcdVersion: string } {
    const m = /^v1\.(\d+\.\d+)$/.exec(version);
    if (!m) throw new KubeBuildError(`cannot derive staging versions from k8s.io/kubernetes ${version} (expected v1.Y.Z)`);
    const published = `v0.${m[1]}`;
    const pins: Array<[string, string]> = [];
    for (const line of goMod.split("\n")) {
        const r = /^\s*(?:replace\s+)?(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\/src\/\1\s*$/.exec(line);
        if (r) pins.push([r[1], published]);
    }
    if (pins.length === 0)
        throw new KubeBuildError(`the go.mod of k8s.io/kubernetes ${version} replaces no staging module; cannot pin them`);
    const e = /^\s*go\.etcd\.io\/etcd\/server\/v3\s+(v3\.\S+)/m.exec(goMod);
    if (!e) throw new KubeBuildError(`the go.mod of k8s.io/kubernetes ${version} does not require go.etcd.io/etcd/server/v3`);
    return { pins, etcdVersion: e[1] };
}

function goEnv(): NodeJS.ProcessEnv {
    // Few packages at a time (KUBE_BUILD_JOBS, default 1) and CGO off: the machine's cores may be
    // shared, and static binaries need no C toolchain. GOTOOLCHAIN=local: never fetch a toolchain.
    const jobs = process.env.KUBE_BUILD_JOBS ?? "1";
    if (!/^[1-9]\d?$/.test(jobs))
        throw new KubeBuildError(`KUBE_BUILD_JOBS must be a number of parallel packages from 1 to 99, not "${jobs}"`);
    const flags = [process.env.GOFLAGS ?? "", `-p=${jobs}`].join(" ").trim();
    return { ...process.env, CGO_ENABLED: "0", GOTOOLCHAIN: "local", GOFLAGS: flags };
}

/** Runs one go command (niced, with the build environment above); a failure throws with the Go error's tail. */
export function runGo(goBin: string, args: string[], cwd: string, what: string): SpawnSyncReturns<string> {
    // Niced: the build is long and the cores may be shared; interactive work goes first.
    const useNice = fs.existsSync("/usr/bin/nice");
    const [cmd, argv] = useNice ? ["/usr/bin/nice", ["-n", process.env.KUBE_BUILD_NICE ?? "10", goBin, ...args]] : [goBin, args];
    const r = spawnSync(cmd, argv, { cwd, env: goEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new KubeBuildError(`${what}: ${r.error.message}`);
    if (r.status !== 0) {
        const out = `${r.stderr}${r.stdout}`.trim().split("\n").slice(-60).join("\n");
        throw new KubeBuildError(`${what} failed (go ${args[0]} exited ${r.status}):\n${out}`);
    }
    return r;
}

/** The go binary, or a KubeBuildError saying how to get one. */
export function findGo(opts: BuildOptions = {}): string {
    const goBin = opts.go ?? process.env.KUBE_GO ?? "go";
    const r = spawnSync(goBin, ["version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
        throw new KubeBuildError(
            `Go is needed to build the control plane, and '${goBin}' could not be run` +
                ` (${r.error ? r.error.message : `exit ${r.status}`}). Install Go 1.25 or newer and put it on PATH,` +
                " or set KUBE_GO to the go binary.",
        );
    }
    return goBin;
}

export function build(opts: BuildOptions = {}): Built {
    const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
    const source = opts.source ?? DEFAULT_SOURCE;
    const version = pinnedVersion(source);
    const hit = cachedBinaries(version, opts);
    if (hit) {
        log(`kube build: ${version} (etcd ${hit.etcdVersion}) cached in ${path.dirname(path.dirname(hit.bin.etcd))}`);
        return hit;
    }
    const goBin = findGo(opts);
    const started = Date.now();
    const dir = path.join(cacheRoot(opts), version);
    const work = path.join(dir, "src");
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });

    log(`kube build: downloading k8s.io/kubernetes ${version} from the Go module proxy`);
    const dl = runGo(goBin, ["mod", "download", "-json", `k8s.io/kubernetes@${version}`], work, "downloading k8s.io/kubernetes");
    const info = JSON.parse(dl.stdout) as { GoMod: string };
    const { pins, etcdVersion } = stagingPins(fs.readFileSync(info.GoMod, "utf8"), version);

    fs.cpSync(source, work, { recursive: true });
    const goMod = [
        fs.readFileSync(path.join(source, "go.mod"), "utf8").trimEnd(),
        "",
        "// Derived by tools/kube/build.ts from the go.mod of k8s.io/kubernetes " + version + ".",
        `require go.etcd.io/etcd/server/v3 ${etcdVersion}`,
        "",
        "replace (",
        ...pins.map(([mod, v]) => `\t${mod} => ${mod} ${v}`),
        ")",
        "",
    ].join("\n");
    fs.writeFileSync(path.join(work, "go.mod"), goMod);

    log(`kube build: resolving modules (${pins.length} staging modules pinned to ${pins[0][1]}, etcd ${etcdVersion})`);
    runGo(goBin, ["mod", "tidy"], work, "go mod tidy");

    const minor = /^v1\.(\d+)\./.exec(version)![1];
    const ldflags = ["-s", "-w"];
    for (const pkg of ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]) {
        ldflags.push(
            `-X ${pkg}.gitVersion=${version}`,
            `-X ${pkg}.gitMajor=1`,
            `-X ${pkg}.gitMinor=${minor}`,
            `-X ${pkg}.gitTreeState=clean`,
        );
    }
    const out = path.join(dir, "bin.partial");
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    log(
        `kube build: compiling ${COMMANDS.join(", ")} (long when cold: about 2,500 packages; niced, ${process.env.KUBE_BUILD_JOBS ?? "1"} at a time)`,
    );
    runGo(
        goBin,
        ["build", "-trimpath", `-ldflags=${ldflags.join(" ")}`, "-o", out + path.sep, ...COMMANDS.map((c) => `./${c}`)],
        work,
        "go build",
    );

    fs.rmSync(path.join(dir, "bin"), { recursive: true, force: true });
    fs.renameSync(out, path.join(dir, "bin"));
    const seconds = Math.round((Date.now() - started) / 1000);
    fs.writeFileSync(
        path.join(dir, "build.json"),
        JSON.stringify({ version, etcdVersion, seconds, builtAt: new Date().toISOString() }, null, 2),
    );
    log(`kube build: built ${version} (etcd ${etcdVersion}) in ${seconds} s into ${path.join(dir, "bin")}`);
    return { version, etcdVersion, bin: binPaths(dir), cached: false, seconds };
}
