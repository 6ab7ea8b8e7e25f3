/**
 * PACK-7: the cache of what ts-node emits for a transpile-only TypeScript program
 * (tools/check/tsCache.ts): same output, keyed on content and options, errors still
 * located in the TypeScript source when the code came from the cache.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheCompile, cacheDir, cacheKey, serviceFingerprint, TsNodeService } from "../../tools/check/tsCache";
import { runCheck } from "../../tools/check/check";
import { parseCliArgs } from "../../tools/check/cli";
import { POOLS } from "./fixtureChecks";
import { HostPool } from "../../tools/check/hostPool";
import { REPO, checkFailure, compiledCheck, fixturePack, program, shown } from "./support";

const ONE_POLICY_PACK = fixturePack("one-policy");

function fakeService(options: Record<string, unknown> = { target: "es2020" }) {
    const calls: string[] = [];
    const service: TsNodeService = {
        compile: (code: string, fileName: string) => {
            calls.push(fileName);
            return `// compiled ${fileName}\n${code.toUpperCase()}`;
        },
        config: { options },
        options: {},
        ts: { version: "5.9.3" },
    };
    return { service, calls };
}

function scratch(name: string): string {
    const dir = path.join(REPO, ".check-out", "test-tscache", `${name}-${process.pid}-${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

function filesUnder(dir: string): Map<string, number> {
    const out = new Map<string, number>();
    if (!fs.existsSync(dir)) return out;
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
        const p = path.join(dir, f);
        if (fs.statSync(p).isFile()) out.set(p, fs.statSync(p).mtimeMs);
    }
    return out;
}

describe("offline check: the TypeScript transpile cache (PACK-7)", function () {
    this.timeout(120_000);

    it("a second compile of the same file and content is served from the cache, with the same text", () => {
        const dir = scratch("unit");
        const { service, calls } = fakeService();
        const { stats, served } = cacheCompile(service, dir, "10.9.2");
        const first = service.compile("let a = 1;", "/p/index.ts");
        const second = service.compile("let a = 1;", "/p/index.ts");
        assert.equal(second, first);
        assert.deepEqual(calls, ["/p/index.ts"]);
        assert.deepEqual(stats, { hits: 1, misses: 1 });
        assert.equal(served("/p/index.ts"), first);
        // A new process (a new wrapper) reads what the first one wrote.
        const again = fakeService();
        const r = cacheCompile(again.service, dir, "10.9.2");
        assert.equal(again.service.compile("let a = 1;", "/p/index.ts"), first);
        assert.deepEqual(again.calls, []);
        assert.deepEqual(r.stats, { hits: 1, misses: 0 });
    });

    it("the key covers the content, the file, the compiler options and the versions", () => {
        const base = serviceFingerprint(fakeService().service, "10.9.2");
        const k = cacheKey(base, "/p/a.ts", "x");
        assert.notEqual(cacheKey(base, "/p/a.ts", "y"), k);
        assert.notEqual(cacheKey(base, "/p/b.ts", "x"), k);
        assert.notEqual(cacheKey(serviceFingerprint(fakeService({ target: "es2022" }).service, "10.9.2"), "/p/a.ts", "x"), k);
        assert.notEqual(cacheKey(serviceFingerprint(fakeService().service, "10.9.3"), "/p/a.ts", "x"), k);
        const otherTs = fakeService();
        (otherTs.service as { ts: { version: string } }).ts = { version: "5.8.0" };
        assert.notEqual(cacheKey(serviceFingerprint(otherTs.service, "10.9.2"), "/p/a.ts", "x"), k);
    });

    it("compiles with a line offset (ts-node's REPL) are never cached; a cache that cannot be written is ignored", () => {
        const { service, calls } = fakeService();
        const dir = path.join(scratch("ro"), "file-not-dir");
        fs.writeFileSync(dir, "a file where the cache folder should be");
        const { stats } = cacheCompile(service, dir, "10.9.2");
        service.compile("x", "/p/a.ts", 3);
        service.compile("x", "/p/a.ts");
        service.compile("x", "/p/a.ts");
        assert.equal(calls.length, 3);
        assert.deepEqual(stats, { hits: 0, misses: 2 });
    });

    it("lives in the program's node_modules/.cache when it has one, else in the temp folder", () => {
        assert.equal(cacheDir(REPO), path.join(REPO, "node_modules", ".cache", "secure-baseline-check", "ts"));
        assert.ok(cacheDir(program("throws")).startsWith(os.tmpdir()));
    });

    it("a program that throws is located in its TypeScript source on a cold and on a warm cache; cache off writes nothing; each program keeps its own cache in a host that runs several", async () => {
        const copy = (name: string): string => {
            const dir = scratch(name);
            for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "index.ts"]) fs.copyFileSync(path.join(program(name), f), path.join(dir, f));
            fs.mkdirSync(path.join(dir, "node_modules"));
            return dir;
        };
        const first = copy("open-ssh");
        const dir = copy("throws");
        const cache = cacheDir(dir);
        // The CLI prints a CheckFailure's message and detail (faults.test.ts proves it with a spawned CLI).
        const located = new RegExp(`at ${path.relative(REPO, path.join(dir, "index.ts")).replace(/[.\\/-]/g, (c) => `\\${c}`)}:7:\\d+`);
        // One host for every run, as a fresh one would run each (a host is kept after a program's own error).
        const hosts = new HostPool({ entry: compiledCheck("programHost") });
        const options = { packDir: ONE_POLICY_PACK, stack: "dev", timeoutSeconds: 120, packs: POOLS.packs, hosts };
        try {
            // Another program first, with the same compiler options: its service must not take this program's files.
            await runCheck({ ...options, programDir: first });
            assert.equal(filesUnder(cacheDir(first)).size, 1);

            const cold = await checkFailure(runCheck({ ...options, programDir: dir }));
            assert.match(shown(cold), located);
            const written = filesUnder(cache);
            assert.equal(written.size, 1, "one TypeScript file, one cache entry, in the program's own cache");
            assert.equal(filesUnder(cacheDir(first)).size, 1, "nothing of this program in the other's cache");

            const warm = await checkFailure(runCheck({ ...options, programDir: dir }));
            assert.match(shown(warm), located);
            assert.deepEqual(filesUnder(cache), written, "served from the cache, not written again");

            fs.rmSync(cache, { recursive: true, force: true });
            const off = await checkFailure(runCheck({ ...options, programDir: dir, cache: false }));
            assert.match(shown(off), located);
            assert.equal(filesUnder(cache).size, 0);
            assert.equal(hosts.starts, 1, "one host ran them all");
        } finally {
            await hosts.close();
        }
    });

    it("--no-cache turns the cache off; it is on by default", () => {
        const base = ["--program", ".", "--stack", "dev"];
        const on = parseCliArgs(base);
        const off = parseCliArgs([...base, "--no-cache"]);
        assert.ok(on !== "help" && off !== "help");
        assert.equal(on.cache, true);
        assert.equal(off.cache, false);
    });
});
