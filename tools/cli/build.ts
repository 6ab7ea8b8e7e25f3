/**
 * `npm run cli -- build`: the Pulumi CLI and the Kubernetes provider plugin, built from Go modules
 * (the module proxy only), cached outside the clone and reused while their inputs are unchanged.
 *
 * Each binary is built from a wrapper module in tools/cli/go: the upstream modules replace their
 * own SDKs with local paths, which only works inside their repositories. The Kubernetes provider's
 * main embeds two JSON files that upstream generates (`go generate`: the schema with the version
 * set, and the Terraform mapping, re-serialised); this script writes the same two files from the
 * module's schema.json and terraform-mapping.json next to a copy of our main before building.
 */
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { binaryPath, GO_DIR, GoBinary, KUBERNETES, KUBERNETES_VERSION, PULUMI } from "./versions";

/** A build that cannot run or failed; the CLI prints the message and exits 2. */
export class BuildError extends Error {}

export interface Built {
    readonly binary: GoBinary;
    readonly path: string;
    /** false when the cached binary was reused. */
    readonly built: boolean;
    readonly seconds: number;
}

interface Stamp {
    readonly module: string;
    readonly moduleVersion: string;
    readonly ldflags: string;
    readonly inputs: string;
    readonly go: string;
    readonly seconds: number;
}

export function goVersion(): string {
    const r = spawnSync("go", ["version"], { encoding: "utf8" });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new BuildError(
            "the Go toolchain was not found on PATH: install Go (1.26 or later, https://go.dev/dl/) or add its bin folder to PATH, then run `npm run cli -- build` again",
        );
    }
    if (r.status !== 0) throw new BuildError(`\`go version\` failed: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout.trim();
}

function goEnv(): NodeJS.ProcessEnv {
    // Two cores are shared: one package at a time unless the caller asks for more.
    const parallel = process.env.SECURE_BASELINE_GO_PARALLEL ?? "1";
    // -buildvcs=false: the wrapper sits inside this clone; its git state is not the binary's version.
    return { ...process.env, CGO_ENABLED: "0", GOFLAGS: `${process.env.GOFLAGS ?? ""} -buildvcs=false -p=${parallel}`.trim() };
}

/** Runs go at low priority; resolves with its output, rejects with its last lines. */
function go(args: string[], cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn("go", args, { cwd, env: goEnv(), stdio: ["ignore", "pipe", "pipe"] });
        try {
            if (child.pid) os.setPriority(child.pid, 10);
        } catch {
            // Priority is a courtesy to other users of the machine; the build works without it.
        }
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", (e) => reject(new BuildError(`cannot run go: ${e.message}`)));
        child.on("close", (code) => {
            if (code === 0) resolve(out);
            else
                reject(
                    new BuildError(
                        `go ${args.slice(0, 2).join(" ")} failed (exit ${code}):\n${(err || out).trim().split("\n").slice(-30).join("\n")}`,
                    ),
                );
        });
    });
}

/** The module's folder in the module cache, downloading it first; a version the proxy does not serve is named. */
export async function moduleDir(module: string, version: string, cwd: string): Promise<string> {
    let out: string;
    try {
        out = await go(["mod", "download", "-json", `${module}@${version}`], cwd);
    } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        const m = /"Error":\s*"([^"]+)"/.exec(detail);
        throw new BuildError(`the Go module proxy does not serve ${module}@${version}${m ? `: ${m[1]}` : `\n${detail}`}`);
    }
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (info.Error || !info.Dir)
        throw new BuildError(`the Go module proxy does not serve ${module}@${version}: ${info.Error ?? "no folder"}`);
    return info.Dir;
}

/** The wrapper's go.mod must require the version this script builds (package.json decides it). */
function checkWrapper(b: GoBinary): string {
    const dir = path.join(GO_DIR, b.wrapper);
    const mod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
    const m = new RegExp(`^\\s*(?:require\\s+)?${b.module.replace(/[.]/g, "\\.")}\\s+(\\S+)`, "m").exec(mod);
    if (!m || m[1] !== b.moduleVersion) {
        throw new BuildError(
            `tools/cli/go/${b.wrapper}/go.mod requires ${b.module} ${m?.[1] ?? "(nothing)"}, but package.json asks for ${b.moduleVersion}: update the wrapper (go get ${b.module}@${b.moduleVersion} && go mod tidy)`,
        );
    }
    return dir;
}

function inputsHash(dir: string): string {
    const h = createHash("sha256");
    for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
    return h.digest("hex");
}

function readStamp(file: string): Stamp | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as Stamp;
    } catch {
        return undefined;
    }
}

/** The two files upstream's `go generate` writes for cmd/pulumi-resource-kubernetes. */
function writeKubernetesSchemas(moduleRoot: string, into: string): void {
    const src = path.join(moduleRoot, "cmd", "pulumi-resource-kubernetes");
    const schema = JSON.parse(fs.readFileSync(path.join(src, "schema.json"), "utf8")) as Record<string, unknown>;
    schema.version = KUBERNETES_VERSION;
    fs.writeFileSync(path.join(into, "schema-embed.json"), JSON.stringify(schema));
    const mapping: unknown = JSON.parse(fs.readFileSync(path.join(src, "terraform-mapping.json"), "utf8"));
    fs.writeFileSync(path.join(into, "terraform-mapping-embed.json"), JSON.stringify(mapping));
}

export async function buildBinary(b: GoBinary, goVer: string, log: (line: string) => void = () => undefined): Promise<Built> {
    const wrapper = checkWrapper(b);
    const out = binaryPath(b);
    const stampFile = `${out}.stamp.json`;
    const inputs = inputsHash(wrapper);
    const stamp = readStamp(stampFile);
    if (
        fs.existsSync(out) &&
        stamp &&
        stamp.moduleVersion === b.moduleVersion &&
        stamp.ldflags === b.ldflags &&
        stamp.inputs === inputs &&
        stamp.go === goVer
    ) {
        return { binary: b, path: out, built: false, seconds: 0 };
    }
    const started = Date.now();
    log(`building ${b.file} (${b.module}@${b.moduleVersion}); a cold build takes many minutes`);
    const root = await moduleDir(b.module, b.moduleVersion, wrapper);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmpOut = `${out}.tmp-${process.pid}`;
    let buildDir = wrapper;
    if (b === KUBERNETES) {
        // go:embed reads files next to main: build a copy with the generated files beside it.
        buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-baseline-k8s-"));
        for (const f of fs.readdirSync(wrapper)) fs.copyFileSync(path.join(wrapper, f), path.join(buildDir, f));
        writeKubernetesSchemas(root, buildDir);
    }
    try {
        await go(["build", "-trimpath", "-ldflags", b.ldflags, "-o", tmpOut, b.pkg], buildDir);
        fs.renameSync(tmpOut, out);
    } finally {
        fs.rmSync(tmpOut, { force: true });
        if (buildDir !== wrapper) fs.rmSync(buildDir, { recursive: true, force: true });
    }
    const seconds = (Date.now() - started) / 1000;
    const newStamp: Stamp = { module: b.module, moduleVersion: b.moduleVersion, ldflags: b.ldflags, inputs, go: goVer, seconds };
    fs.writeFileSync(stampFile, `${JSON.stringify(newStamp, null, 2)}\n`);
    return { binary: b, path: out, built: true, seconds };
}

/** Builds (or reuses) both binaries, one after the other (the machine's cores are shared). */
export async function buildAll(log: (line: string) => void = () => undefined): Promise<Built[]> {
    const goVer = goVersion();
    const built: Built[] = [];
    for (const b of [PULUMI, KUBERNETES]) built.push(await buildBinary(b, goVer, log));
    return built;
}
