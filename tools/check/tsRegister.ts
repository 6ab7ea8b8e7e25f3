/**
 * TypeScript for the program host: ts-node registered as `@pulumi/pulumi/cmd/run` does it,
 * its compile step served from the transpile cache when the program is only transpiled.
 */
import * as fs from "fs";
import * as path from "path";
import type { ProgramJob } from "./records";
import { load, loadTypeScriptCompilerOptions } from "./sdkInternals";
import { cacheCompile, cacheDir, TsNodeService } from "./tsCache";

interface TsNode {
    register(opts: Record<string, unknown> | TsNodeService): unknown;
    create(opts: Record<string, unknown>): TsNodeService;
}

/** Registers ts-node for the program the way `@pulumi/pulumi/cmd/run` does: the program's tsconfig.json, its compiler options on top of Pulumi's defaults. */
export function registerTypeScript(job: ProgramJob, pulumiDir: string): void {
    const fromProgram = (id: string) => require.resolve(id, { paths: [job.projectDir, __dirname] });
    const tsconfig = path.join(job.projectDir, "tsconfig.json");
    const hasTsconfig = fs.existsSync(tsconfig);
    const compilerOptions = hasTsconfig ? loadTypeScriptCompilerOptions(pulumiDir, tsconfig) : {};
    const envTranspileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = envTranspileOnly !== undefined && envTranspileOnly !== "" ? envTranspileOnly === "true" : !job.typecheck;
    // When the check itself runs from TypeScript, its own ts-node instance must not compile the program a second time.
    const outer = (process as unknown as Record<symbol, { enabled(on?: boolean): boolean } | undefined>)[
        Symbol.for("ts-node.register.instance")
    ];
    outer?.enabled(false);
    const tsNodeEntry = fromProgram("ts-node");
    const tsn = load<TsNode>(tsNodeEntry);
    const options = {
        compiler: fromProgram("typescript"),
        transpileOnly,
        project: hasTsconfig ? tsconfig : undefined,
        skipProject: !hasTsconfig,
        compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true, ...compilerOptions },
    };
    if (!transpileOnly || !job.cache) {
        tsn.register(options);
        return;
    }
    // Same service, same options; only its compile step goes through the cache (see tsCache).
    const service = tsn.create(options);
    const tsNodeDir = path.dirname(require.resolve("ts-node/package.json", { paths: [path.dirname(tsNodeEntry)] }));
    const tsNodeVersion = load<{ version: string }>(path.join(tsNodeDir, "package.json")).version;
    const { served } = cacheCompile(service, cacheDir(job.projectDir), tsNodeVersion);
    tsn.register(service);
    // ts-node maps stack traces with the output it compiled itself; hits come from the cache.
    const sourceMapSupport = load<{ install(o: { retrieveFile(p: string): string | null }): void }>(
        require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] }),
    );
    sourceMapSupport.install({ retrieveFile: (p) => served(p) ?? null });
}
