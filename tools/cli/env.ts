/**
 * The environment the real CLI runs in: the binaries `npm run cli -- build` cached, found on PATH;
 * no automatic plugin download; a throwaway PULUMI_HOME (so nothing in ~/.pulumi is used or
 * changed); state in a local file backend, encrypted with a passphrase.
 */
import * as fs from "fs";
import * as path from "path";
import { binaryPath, KUBERNETES, PULUMI } from "./versions";

/** Only guards test state on this machine; never used for anything real. */
export const TEST_PASSPHRASE = "secure-baseline-cli-tests";

export class MissingBinary extends Error {}

/**
 * The cached binaries; throws naming the build command when the CLI is missing. A missing
 * provider plugin is left to the CLI to report (only programs with Kubernetes resources need it).
 */
export function binaries(): { pulumi: string; kubernetes: string } {
    const pulumi = binaryPath(PULUMI);
    if (!fs.existsSync(pulumi))
        throw new MissingBinary(`${pulumi} is not built: run \`npm run cli -- build\` first (Go modules only; cached outside the clone)`);
    return { pulumi, kubernetes: binaryPath(KUBERNETES) };
}

export interface CliEnvOptions {
    /** Folder of the file backend's state. */
    readonly stateDir: string;
    /** PULUMI_HOME for this run. */
    readonly home: string;
    /** Folders searched for plugins, in order (default: the cached Kubernetes provider's). */
    readonly pluginDirs?: readonly string[];
}

export function cliEnv(o: CliEnvOptions): Record<string, string> {
    const dirs = o.pluginDirs ?? [path.dirname(binaryPath(KUBERNETES))];
    return {
        PATH: [...dirs, process.env.PATH ?? ""].join(path.delimiter),
        PULUMI_HOME: o.home,
        PULUMI_BACKEND_URL: `file://${o.stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Plugins come from PATH: the ambient ones must not be ignored (an inherited "true" is overridden).
        PULUMI_IGNORE_AMBIENT_PLUGINS: "false",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    };
}
