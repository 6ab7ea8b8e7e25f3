/**
 * How the real CLI starts a Node.js policy pack here.
 *
 * Pulumi 3.276 starts a pack folder through its runtime's language host (`RunPlugin` of
 * `pulumi-language-nodejs`), which runs the SDK's `cmd/run-policy-pack` in the pack's folder. No version
 * of that language host's Go module is served by the module proxy, and the older fallback (a
 * `pulumi-analyzer-policy-nodejs` plugin on PATH) is gone from the engine. The engine still starts a
 * policy pack given as an executable file, as a binary analyzer plugin (`<file> <engine-address>`;
 * pkg/resource/plugin/analyzer_plugin.go). So each pack folder gets a small launcher that does what the
 * language host does: in the pack's folder, run the `run-policy-pack` of the pack's own `@pulumi/pulumi`
 * with the engine's address and `.`. The pack process, its gRPC server, the config and every call the
 * engine makes are then as for a user; only the process that spawns node differs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes an executable launcher for the pack folder `packDir` (with its PulumiPolicy.yaml beside it, as
 * the engine reads it for a binary pack) and returns its path, to give the CLI as `--policy-pack`.
 */
export function packLauncher(packDir: string, parent = os.tmpdir()): string {
    const dir = path.resolve(packDir);
    const policyFile = path.join(dir, "PulumiPolicy.yaml");
    if (!fs.existsSync(policyFile)) throw new Error(`${dir} is not a policy pack folder: it has no PulumiPolicy.yaml`);
    const out = fs.mkdtempSync(path.join(parent, "secure-baseline-pack-"));
    fs.copyFileSync(policyFile, path.join(out, "PulumiPolicy.yaml"));
    const file = path.join(out, path.basename(dir));
    fs.writeFileSync(
        file,
        [
            "#!/bin/sh",
            `# Launches the policy pack in ${dir} as the Node.js language host would (see tools/cli/launcher.ts).`,
            `cd ${quote(dir)} || exit 1`,
            `runner=$(node -p 'require.resolve("@pulumi/pulumi/cmd/run-policy-pack")') || {`,
            `    echo "policy pack ${dir.replace(/["$`\\]/g, "")}: @pulumi/pulumi is not installed there; run npm install" >&2`,
            "    exit 1",
            "}",
            'exec node "$runner" "$1" .',
            "",
        ].join("\n"),
        { mode: 0o755 },
    );
    return file;
}
