/**
 * What `npm run cli -- build` builds, and where the binaries are cached.
 *
 * The CLI's version is the `@pulumi/pulumi` release package.json pins exactly, so the SDK the
 * programs and the pack load and the engine that runs them are one release. The Kubernetes
 * provider's module has no release tags on the proxy: it serves one pseudo-version, the commit
 * of v4.25.0, so the plugin is stamped 4.25.0 and `@pulumi/kubernetes` is pinned to 4.25.0.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const GO_DIR = path.join(__dirname, "go");

export interface GoBinary {
    /** Cache folder name and the binary's file name. */
    readonly key: string;
    readonly file: string;
    /** The wrapper module in tools/cli/go that the binary is built from. */
    readonly wrapper: string;
    /** The package built (inside the wrapper's build list, or "." for the wrapper's own main). */
    readonly pkg: string;
    /** The module whose version the proxy must serve (checked first, with a clear message). */
    readonly module: string;
    readonly moduleVersion: string;
    readonly ldflags: string;
}

function exactDependency(name: string): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
    const v = pkg.devDependencies?.[name];
    if (!v || !/^\d+\.\d+\.\d+$/.test(v)) {
        throw new Error(
            `package.json devDependencies must pin ${name} to an exact release (the CLI is built at that release), found ${JSON.stringify(v)}`,
        );
    }
    return v;
}

export const PULUMI_VERSION = exactDependency("@pulumi/pulumi");
export const KUBERNETES_VERSION = exactDependency("@pulumi/kubernetes");
/** The only version of provider/v4 the proxy serves: the commit tagged v4.25.0 upstream. */
export const KUBERNETES_MODULE_VERSION = "v4.0.0-20260115033456-f47bc2d6f199";
export const KUBERNETES_MODULE = "github.com/pulumi/pulumi-kubernetes/provider/v4";

export const PULUMI: GoBinary = {
    key: `pulumi-v${PULUMI_VERSION}`,
    file: "pulumi",
    wrapper: "pulumi",
    pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    module: "github.com/pulumi/pulumi/pkg/v3",
    moduleVersion: `v${PULUMI_VERSION}`,
    ldflags: `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`,
};

export const KUBERNETES: GoBinary = {
    key: `kubernetes-v${KUBERNETES_VERSION}`,
    file: "pulumi-resource-kubernetes",
    wrapper: "kubernetes",
    pkg: ".",
    module: KUBERNETES_MODULE,
    moduleVersion: KUBERNETES_MODULE_VERSION,
    ldflags: `-s -w -X ${KUBERNETES_MODULE}/pkg/version.Version=${KUBERNETES_VERSION}`,
};

/** ~/.cache/secure-baseline/cli (XDG_CACHE_HOME honoured; SECURE_BASELINE_CLI_CACHE overrides). */
export function cacheRoot(): string {
    if (process.env.SECURE_BASELINE_CLI_CACHE) return path.resolve(process.env.SECURE_BASELINE_CLI_CACHE);
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "secure-baseline", "cli");
}

export function binaryPath(b: GoBinary): string {
    // <root>/bin/pulumi is where the Automation API's PulumiCommand.get({ root }) looks.
    return path.join(cacheRoot(), b.key, "bin", b.file);
}
