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

/** A registered ts-node service: only `enabled` is used here. */
interface RegisteredService {
    enabled(on?: boolean): boolean;
}

/**
 * The transpile-only services this host registered, by everything their output depends on. A
 * host that runs several programs (HostPool) enables one at a time: ts-node passes a file on to
 * the hook registered before it when its own service is disabled.
 */
const services = new Map<string, RegisteredService>();
/** Every service registered here, the type-checking ones included (never reused: they keep their program's files). */
const registered: RegisteredService[] = [];
/** Lookups of the texts the cache served, one per cached service, for source-map-support. */
const servedBy: ((file: string) => string | undefined)[] = [];
let mapSupportInstalled = false;

/**
 * Registers ts-node for the program the way `@pulumi/pulumi/cmd/run` does: the program's
 * tsconfig.json, its compiler options on top of Pulumi's defaults. In a host that already ran a
 * program, the services registered for earlier programs are disabled first, and a transpile-only
 * service with the same options is enabled again instead of registering another.
 */
export function registerTypeScript(job: ProgramJob, pulumiDir: string): void {
    const fromProgram = (id: string) => require.resolve(id, { paths: [job.projectDir, __dirname] });
    const tsconfig = path.join(job.projectDir, "tsconfig.json");
    const hasTsconfig = fs.existsSync(tsconfig);
    const compilerOptions = hasTsconfig ? loadTypeScriptCompilerOptions(pulumiDir, tsconfig) : {};
    const envTranspileOnly = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = envTranspileOnly !== undefined && envTranspileOnly !== "" ? envTranspileOnly === "true" : !job.typecheck;
    // When the check itself runs from TypeScript, its own ts-node instance must not compile the program a second time.
    const outer = (process as unknown as Record<symbol, RegisteredService | undefined>)[Symbol.for("ts-node.register.instance")];
    outer?.enabled(false);
    for (const s of registered) s.enabled(false);
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
        registered.push(tsn.register(options) as RegisteredService);
        return;
    }
    // The tsconfig's text too: ts-node reads more of it than the compiler options (ts-node's own section);
    // and the cache's folder, which is the program's own (two programs alike in all else keep two caches).
    const cache = cacheDir(job.projectDir);
    const key = JSON.stringify([tsNodeEntry, options, hasTsconfig ? fs.readFileSync(tsconfig, "utf8") : null, cache]);
    const known = services.get(key);
    if (known) {
        known.enabled(true);
        return;
    }
    // Same service, same options; only its compile step goes through the cache (see tsCache).
    const service = tsn.create(options);
    const tsNodeDir = path.dirname(require.resolve("ts-node/package.json", { paths: [path.dirname(tsNodeEntry)] }));
    const tsNodeVersion = load<{ version: string }>(path.join(tsNodeDir, "package.json")).version;
    const { served } = cacheCompile(service, cache, tsNodeVersion);
    const hooked = tsn.register(service) as RegisteredService;
    services.set(key, hooked);
    registered.push(hooked);
    servedBy.unshift(served);
    if (mapSupportInstalled) return;
    mapSupportInstalled = true;
    // ts-node maps stack traces with the output it compiled itself; hits come from the cache.
    const sourceMapSupport = load<{ install(o: { retrieveFile(p: string): string | null }): void }>(
        require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] }),
    );
    sourceMapSupport.install({
        retrieveFile: (p) => {
            for (const lookup of servedBy) {
                const text = lookup(p);
                if (text !== undefined) return text;
            }
            return null;
        },
    });
}
