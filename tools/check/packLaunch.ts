/**
 * Starts a policy pack exactly as the Pulumi CLI does.
 *
 * The CLI runs `node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> .`
 * with the pack folder as working directory (run-policy-pack resolved from the
 * pack's own node_modules), with PULUMI_CONFIG (set by a preload from a file
 * here, see CONFIG_PRELOAD_SOURCE) / PULUMI_NODEJS_PROJECT /
 * PULUMI_NODEJS_STACK / PULUMI_DRY_RUN in the environment. The pack prints its
 * port on stdout. run-policy-pack drops the engine address unread, and
 * `@pulumi/pulumi` dials an engine only when PULUMI_NODEJS_ENGINE is set, which
 * the CLI does not set for analyzers: the pack never calls back, so no engine
 * service is needed and a loopback placeholder address is passed.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stop, track } from "./children";
import { CheckFailure, errorMessage } from "./errors";

/** Names the file holding the stack config (JSON) for the pack's preload; the path is short, whatever the config's size. */
export const CONFIG_FILE_ENV = "OFFLINE_CHECK_PULUMI_CONFIG_FILE";

/**
 * Preloaded (`node -r`) into the pack process before run-policy-pack: puts the stack config
 * into PULUMI_CONFIG inside the process, where the SDK reads it as under the CLI. Setting a
 * variable in a running process has no size limit; only exec has. Then it deletes the config
 * file, itself and their folder: the stack config (secrets included) does not stay on disk
 * even when the check is killed before its own clean-up. No imports but fs and path.
 */
export const CONFIG_PRELOAD_SOURCE = `"use strict";
const file = process.env.${CONFIG_FILE_ENV};
delete process.env.${CONFIG_FILE_ENV};
if (file) {
    const fs = require("fs");
    process.env.PULUMI_CONFIG = fs.readFileSync(file, "utf8");
    try {
        fs.rmSync(file, { force: true });
        fs.rmSync(__filename, { force: true });
        fs.rmdirSync(require("path").dirname(file));
    } catch {
        // The check removes the folder too, once the pack has printed its port.
    }
}
`;

/** Writes the config and the preload into a private temp folder; `remove` deletes both (the preload deletes them first). */
export function writeConfigHandoff(config: Readonly<Record<string, string>>): { file: string; preload: string; remove(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-check-pack-"));
    const file = path.join(dir, "config.json");
    const preload = path.join(dir, "preload.js");
    fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    fs.writeFileSync(preload, CONFIG_PRELOAD_SOURCE, { mode: 0o600 });
    return { file, preload, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Placeholder engine address passed in the CLI's argument position (never dialled, see above). */
export const ENGINE_ADDRESS_PLACEHOLDER = "127.0.0.1:0";

/** Checks the pack folder before starting it, so the common mistakes get a precise message. */
export function checkPackDir(packDir: string): { dir: string; runner: string } {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CheckFailure(`--pack ${packDir}: no such folder`);
    const pkgFile = path.join(dir, "package.json");
    const what = "a CrossGuard pack folder holds PulumiPolicy.yaml and a package.json whose main file constructs a PolicyPack";
    // A Pulumi project given as the pack (`--pack .` in a project) would otherwise start the program as a pack and time out.
    if (
        !fs.existsSync(path.join(dir, "PulumiPolicy.yaml")) &&
        ["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(dir, f)))
    ) {
        throw new CheckFailure(
            `--pack ${packDir} is a Pulumi project (it holds Pulumi.yaml), not a policy pack: looked for PulumiPolicy.yaml in ${dir}; ${what}`,
        );
    }
    if (!fs.existsSync(pkgFile))
        throw new CheckFailure(`--pack ${packDir} is not a policy pack: looked for ${pkgFile}, which does not exist; ${what}`);
    let pkg: { main?: unknown; version?: unknown };
    try {
        pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown; version?: unknown };
    } catch (e) {
        throw new CheckFailure(`the policy pack's ${pkgFile} is not valid JSON: ${errorMessage(e)}`);
    }
    const main = typeof pkg.main === "string" ? pkg.main : "index.js";
    const mainFile = path.resolve(dir, main);
    const exists = [mainFile, `${mainFile}.js`, `${mainFile}.ts`, path.join(mainFile, "index.js"), path.join(mainFile, "index.ts")].some(
        (f) => fs.existsSync(f) && fs.statSync(f).isFile(),
    );
    if (!exists) {
        throw new CheckFailure(
            `the policy pack's main file ${path.relative(process.cwd(), mainFile) || mainFile} does not exist: build the pack first (npm run build:pack)`,
        );
    }
    let runner: string;
    try {
        runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    } catch {
        throw new CheckFailure(
            `the policy pack ${dir} cannot load @pulumi/pulumi/cmd/run-policy-pack: its dependencies are not installed (npm install in the pack or the repository)`,
        );
    }
    return { dir, runner };
}

export interface StackContext {
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
}

/** The started pack process: its port, its stderr so far, and how long it took to print the port. */
export interface LaunchedPack {
    readonly child: ChildProcess;
    readonly port: number;
    readonly startMs: number;
    readonly stderr: () => string;
}

/** Spawns the pack as the CLI does (see the top of this file) and waits for its port, or its failure. */
export async function launchPack(
    dir: string,
    runner: string,
    ctx: StackContext,
    opts: { startTimeoutSeconds: number },
): Promise<LaunchedPack> {
    const t0 = process.hrtime.bigint();
    // The stack config goes through a file, not the environment: one environment string is
    // limited to 128 KiB by the kernel, and a larger (valid) config made spawn fail with E2BIG.
    const handoff = writeConfigHandoff(ctx.config);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        [CONFIG_FILE_ENV]: handoff.file,
        PULUMI_NODEJS_PROJECT: ctx.project,
        PULUMI_NODEJS_STACK: ctx.stack,
        PULUMI_NODEJS_ORGANIZATION: ctx.organization,
        PULUMI_NODEJS_DRY_RUN: "true",
        PULUMI_PROJECT: ctx.project,
        PULUMI_STACK: ctx.stack,
        PULUMI_ORGANIZATION: ctx.organization,
        PULUMI_DRY_RUN: "true",
    };
    let child: ChildProcess;
    try {
        child = track(
            spawn(process.execPath, ["-r", handoff.preload, runner, ENGINE_ADDRESS_PLACEHOLDER, "."], {
                cwd: dir,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            }),
            "the policy pack",
        );
    } catch (e) {
        handoff.remove();
        throw new CheckFailure(`cannot start the policy pack: ${errorMessage(e)}`);
    }
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
        err += d.toString();
        if (err.length > 64_000) err = err.slice(-64_000);
    });
    const stderr = () => err.trim();
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(
                () =>
                    reject(
                        new CheckFailure(`the policy pack ${dir} did not report its port within ${opts.startTimeoutSeconds} s`, stderr()),
                    ),
                opts.startTimeoutSeconds * 1000,
            );
            child.stdout?.on("data", (d: Buffer) => {
                out += d.toString();
                const nl = out.indexOf("\n");
                if (nl < 0) return;
                const line = out.slice(0, nl).trim();
                clearTimeout(timer);
                if (/^\d+$/.test(line)) resolve(Number(line));
                else
                    reject(
                        new CheckFailure(`the policy pack ${dir} printed ${JSON.stringify(line)} where its port was expected`, stderr()),
                    );
            });
            child.once("exit", (code, signal) => {
                clearTimeout(timer);
                // Give the stderr pipe a moment to drain so the pack's own error is shown.
                setTimeout(
                    () =>
                        reject(
                            new CheckFailure(
                                `the policy pack ${dir} failed to load (${signal ? `signal ${signal}` : `exit code ${code}`})`,
                                stderr(),
                            ),
                        ),
                    50,
                );
            });
            child.once("error", (e) => {
                clearTimeout(timer);
                reject(new CheckFailure(`cannot start the policy pack: ${e.message}`));
            });
        });
    } catch (e) {
        await stop(child);
        throw e;
    } finally {
        // The preload has read the file before the pack could print its port.
        handoff.remove();
    }
    const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
    return { child, port, startMs, stderr };
}
