/**
 * PACK-7: what the program host changes in the SDK to make large programs fast
 * (lightenSdkInstrumentation), run in a child process so the SDK of the test
 * worker is untouched.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO, TS_REGISTER } from "./support";

const HOST = path.join(REPO, "tools", "check", "programHost.ts");

/** Runs `body` (JS, with `sdk` = the SDK folder and `lighten` = the function) in a fresh node. */
function inChild(body: string, env: NodeJS.ProcessEnv = {}): unknown {
    const r = runChild(body, env);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
}

function runChild(body: string, env: NodeJS.ProcessEnv = {}) {
    const script = `
        const path = require("path");
        const sdk = path.dirname(require.resolve("@pulumi/pulumi", { paths: [${JSON.stringify(REPO)}] }));
        const { lightenSdkInstrumentation: lighten } = require(${JSON.stringify(HOST)});
        (async () => { ${body} })().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(3); });
    `;
    const env2: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!("PULUMI_DEBUG_PROMISE_LEAKS" in env)) delete env2.PULUMI_DEBUG_PROMISE_LEAKS;
    return spawnSync(process.execPath, ["-r", TS_REGISTER, "-e", script], { cwd: REPO, env: env2, encoding: "utf8" });
}

describe("offline check: the program host's SDK changes (PACK-7)", function () {
    this.timeout(60_000);

    it("drops per-promise stacks and resource call sites, and says so", () => {
        const r = inChild(`
            const changed = lighten(sdk);
            const { Resource } = require(path.join(sdk, "resource"));
            return { changed, callsites: Resource.callsites() };
        `) as { changed: string[]; callsites: unknown[] };
        assert.deepEqual(r.changed, ["debuggablePromise", "Resource.callsites", "Resource.stackTrace"]);
        assert.deepEqual(r.callsites, []);
    });

    it("keeps the leak tracking the SDK reports at exit: pending promises are candidates until they settle", () => {
        const r = inChild(`
            lighten(sdk);
            const debuggable = require(path.join(sdk, "runtime", "debuggable"));
            const state = require(path.join(sdk, "runtime", "state"));
            const leaks = () => state.getStore().leakCandidates;
            debuggable.debuggablePromise(Promise.resolve(0), "first call goes to the SDK");
            let resolve; const pending = new Promise((r) => (resolve = r));
            const tracked = debuggable.debuggablePromise(pending, "pending");
            const whilePending = leaks().has(pending);
            resolve(42);
            const value = await tracked;
            const afterwards = leaks().has(pending);
            const failing = Promise.reject(new Error("boom"));
            const err = await debuggable.debuggablePromise(failing, "rejected").catch((e) => e);
            return { whilePending, value, afterwards, message: err.message, carries: err.promise === failing, left: leaks().size, stack: pending._debugStackTrace === undefined };
        `) as Record<string, unknown>;
        assert.deepEqual(r, { whilePending: true, value: 42, afterwards: false, message: "boom", carries: true, left: 0, stack: true });
    });

    it("with PULUMI_DEBUG_PROMISE_LEAKS set, promises keep the SDK's debug stacks", () => {
        const r = inChild(
            `
            const changed = lighten(sdk);
            const debuggable = require(path.join(sdk, "runtime", "debuggable"));
            const p = Promise.resolve(1);
            debuggable.debuggablePromise(p, "ctx");
            const q = Promise.resolve(2);
            await debuggable.debuggablePromise(q, "ctx2");
            return { changed, stack: typeof q._debugStackTrace };
        `,
            { PULUMI_DEBUG_PROMISE_LEAKS: "1" },
        ) as { changed: string[]; stack: string };
        assert.deepEqual(r.changed, ["Resource.callsites", "Resource.stackTrace"]);
        assert.equal(r.stack, "string");
    });

    it("a promise still pending at exit is reported by the SDK, as without the change", () => {
        const r = runChild(`
            lighten(sdk);
            const debuggable = require(path.join(sdk, "runtime", "debuggable"));
            debuggable.debuggablePromise(Promise.resolve(0), "first");
            debuggable.debuggablePromise(new Promise(() => {}), "never settles");
            return "done";
        `);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /The Pulumi runtime detected that 1 promise was still active/);
    });
});
