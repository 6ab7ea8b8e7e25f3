/**
 * Issue 19, item 1: every @pulumi/pulumi internal the offline check relies on
 * (tools/check/sdkInternals.ts), checked against the installed SDK. Each failure names the
 * internal, so an SDK upgrade that changes one fails here instead of the check quietly taking
 * the SDK's slower path or losing what it reports (source lines, invoke sites, records).
 * The runtime cases run in one child process: the SDK's runtime state is process-global and
 * the door changes it.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BinaryReader } from "google-protobuf";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import {
    ANALYZE_RESPONSE_DIAGNOSTICS,
    INVOKE_FUNCTIONS,
    SDK_INTERNALS,
    SDK_VERIFIED_ON,
    SdkInternal,
    decodeDiagnosticsOnly,
    loadTypeScriptCompilerOptions,
    wireSentinels,
} from "../../tools/check/sdkInternals";
import { REPO, TS_REGISTER } from "./support";

const DOOR = path.join(REPO, "tools", "check", "sdkInternals.ts");
const SDK = path.dirname(require.resolve("@pulumi/pulumi", { paths: [REPO] }));

/** The assertion messages start with the internal's name. */
const internal = (name: SdkInternal): string => {
    assert.ok(SDK_INTERNALS.includes(name), `${name} is listed in SDK_INTERNALS`);
    return `SDK internal "${name}"`;
};

interface RuntimeFindings {
    lightened: string[];
    wrapped: string[];
    invokesSeenBefore: string[];
    registrations: { type: string; name: string; urn?: string; state?: Record<string, unknown>; source?: { uri: string; line: number } }[];
    resourceUrn: string;
    invokeOk: unknown;
    invokeFailure: string;
    callsites: unknown;
    freshStore: boolean;
    inner: { before: string | null; inside: string | null; stack: string };
    outerAfter: { label: string | null; stack: string };
}

/** Runs the door against the SDK's mock runtime in a fresh node; a program file constructs one resource. */
function runtimeFindings(): RuntimeFindings {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-contract-"));
    const programFile = path.join(dir, "program.js");
    fs.writeFileSync(
        programFile,
        `const pulumi = require(${JSON.stringify(path.join(SDK, "index.js"))});\n` +
            `module.exports = () => new pulumi.CustomResource("test:index:Thing", "thing", { size: 3 });\n`,
    );
    const script = `
        const door = require(${JSON.stringify(DOOR)});
        const sdk = ${JSON.stringify(SDK)};
        const pulumi = require(require("path").join(sdk, "index.js"));
        (async () => {
            const out = {};
            out.lightened = door.lightenSdkInstrumentation(sdk, {});
            out.invokesSeenBefore = [];
            out.wrapped = door.wrapInvokes(sdk, (tok) => out.invokesSeenBefore.push(tok));
            await pulumi.runtime.setMocks(
                {
                    newResource: (a) => ({ id: a.name + "-id", state: { ...a.inputs, made: true } }),
                    call: (a) => {
                        if (a.token === "test:index:fail") throw door.invokeFailure("contract failure text");
                        return { answered: a.token };
                    },
                },
                "proj",
                "stk",
                false,
            );
            out.registrations = [];
            door.interceptRegistrations(sdk, (parent, type, name) => "urn:contract::" + type + "::" + name, (req) => {
                const pos = typeof req.getSourceposition === "function" ? req.getSourceposition() : undefined;
                const r = { type: req.getType(), name: req.getName(), source: pos ? { uri: pos.getUri(), line: pos.getLine() } : undefined };
                out.registrations.push(r);
                return (resp) => {
                    r.urn = resp.getUrn();
                    r.state = resp.getObject() ? resp.getObject().toJavaScript() : undefined;
                };
            });
            const res = require(${JSON.stringify(programFile)})();
            out.resourceUrn = await new Promise((resolve) => res.urn.apply((u) => { resolve(u); return u; }));
            out.invokeOk = await pulumi.runtime.invoke("test:index:ok", {});
            out.invokeFailure = await pulumi.runtime.invoke("test:index:fail", {}).then(() => "resolved", (e) => e.message);
            out.callsites = require(require("path").join(sdk, "resource")).Resource.callsites();
            pulumi.runtime.setAllConfig({ "proj:label": "outer" });
            const label = () => new pulumi.Config("proj").get("label") ?? null;
            const fresh = door.freshSdkStore(sdk);
            out.freshStore = typeof fresh === "function";
            out.inner = await fresh(async () => {
                const before = label();
                await pulumi.runtime.setMocks({ newResource: (a) => ({ id: "i", state: a.inputs }), call: () => ({}) }, "proj", "inner-stack", false);
                pulumi.runtime.setAllConfig({ "proj:label": "inner" });
                return { before, inside: label(), stack: pulumi.getStack() };
            });
            out.outerAfter = { label: label(), stack: pulumi.getStack() };
            return out;
        })().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(3); });
    `;
    const env = { ...process.env };
    delete env.PULUMI_DEBUG_PROMISE_LEAKS;
    try {
        const r = spawnSync(process.execPath, ["-r", TS_REGISTER, "-e", script], {
            cwd: REPO,
            env,
            encoding: "utf8",
            timeout: 120_000,
        });
        assert.ok(r.stdout.startsWith("{"), `the SDK runtime child failed (status ${r.status}):\n${r.stderr}`);
        return JSON.parse(r.stdout) as RuntimeFindings;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("offline check: SDK internals behind one door (tools/check/sdkInternals.ts, issue 19)", function () {
    this.timeout(180_000);

    it("the installed SDK is the version the internals were verified on (after an upgrade: make these tests pass, then update SDK_VERIFIED_ON)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")) as { version: string };
        assert.equal(
            pkg.version,
            SDK_VERIFIED_ON["@pulumi/pulumi"],
            "@pulumi/pulumi is installed at another version than sdkInternals.ts was verified on",
        );
    });

    it('"runtime/rpc sentinels": every sentinel the check uses is exported by runtime/rpc as a string', () => {
        const name = internal("runtime/rpc sentinels");
        for (const [key, value] of Object.entries(wireSentinels())) {
            assert.equal(typeof value, "string", `${name}: ${key} is not a string export of @pulumi/pulumi/runtime/rpc`);
            assert.ok((value as string).length >= 32, `${name}: ${key} is not a signature`);
        }
        assert.equal(new Set(Object.values(wireSentinels())).size, 5, `${name}: two sentinels are the same`);
    });

    it('"runtime/invoke invoke functions copied onto runtime/index": the same functions on both modules', () => {
        const name = internal("runtime/invoke invoke functions copied onto runtime/index");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const invoke = require(path.join(SDK, "runtime", "invoke")) as Record<string, unknown>;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const index = require(path.join(SDK, "runtime", "index")) as Record<string, unknown>;
        for (const fn of INVOKE_FUNCTIONS) {
            assert.equal(typeof invoke[fn], "function", `${name}: runtime/invoke has no ${fn}`);
            assert.equal(index[fn], invoke[fn], `${name}: runtime/index.${fn} is not runtime/invoke.${fn}`);
        }
    });

    it('"tsutils loadTypeScriptCompilerOptions": reads a tsconfig.json\'s compiler options', () => {
        const name = internal("tsutils loadTypeScriptCompilerOptions");
        const options = loadTypeScriptCompilerOptions(SDK, path.join(REPO, "tsconfig.json"));
        assert.equal(options.strict, true, `${name}: the repository's tsconfig.json options were not read`);
        assert.equal(options.outDir, "dist", `${name}: the repository's tsconfig.json options were not read`);
    });

    it('"proto AnalyzeResponse.diagnostics field number": diagnostics are field 2, and the diagnostics-only decoder reads what the generated one does', () => {
        const name = internal("proto AnalyzeResponse.diagnostics field number");
        const full = new proto.AnalyzeResponse();
        const d = new proto.AnalyzeDiagnostic();
        d.setPolicyname("p");
        d.setMessage("m");
        d.setEnforcementlevel(proto.EnforcementLevel.MANDATORY);
        full.addDiagnostics(d);
        const onlyDiagnostics = new BinaryReader(full.serializeBinary());
        assert.ok(onlyDiagnostics.nextField());
        assert.equal(onlyDiagnostics.getFieldNumber(), ANALYZE_RESPONSE_DIAGNOSTICS, `${name}: diagnostics are another field now`);
        const na = new proto.PolicyNotApplicable();
        na.setPolicyName("q");
        na.setReason("r");
        full.addNotApplicable(na);
        const bytes = full.serializeBinary();
        assert.deepEqual(
            decodeDiagnosticsOnly(bytes)
                .getDiagnosticsList()
                .map((x) => x.toObject()),
            proto.AnalyzeResponse.deserializeBinary(bytes)
                .getDiagnosticsList()
                .map((x) => x.toObject()),
            `${name}: the decoders disagree`,
        );
    });

    describe("under the SDK's mock runtime (one child process)", () => {
        let found: RuntimeFindings;
        before(() => {
            found = runtimeFindings();
        });

        it('"runtime/settings getMonitor registerResource/newUrn": every registration is seen with its answer, named by the check', () => {
            const name = internal("runtime/settings getMonitor registerResource/newUrn");
            const thing = found.registrations.find((r) => r.type === "test:index:Thing");
            assert.ok(thing, `${name}: the registration did not go through the replaced registerResource`);
            assert.equal(
                thing.urn,
                "urn:contract::test:index:Thing::thing",
                `${name}: the mock monitor no longer names resources with newUrn`,
            );
            assert.equal(found.resourceUrn, thing.urn, `${name}: the program did not get the answer the check saw`);
            assert.deepEqual(thing.state, { size: 3, made: true }, `${name}: the answer seen is not the mock's state`);
        });

        it('"runtime/mocks call error details": a mock call\'s failure reaches the program with the message put in `details`', () => {
            const name = internal("runtime/mocks call error details");
            assert.deepEqual(found.invokeOk, { answered: "test:index:ok" });
            assert.match(found.invokeFailure, /contract failure text/, `${name}: the program no longer sees the invoke's message`);
        });

        it('"runtime/invoke invoke functions copied onto runtime/index": the wrapped functions see the program\'s invokes', () => {
            const name = internal("runtime/invoke invoke functions copied onto runtime/index");
            assert.deepEqual(found.wrapped, [...INVOKE_FUNCTIONS], `${name}: not every invoke entry point was wrapped`);
            assert.deepEqual(
                found.invokesSeenBefore,
                ["test:index:ok", "test:index:fail"],
                `${name}: pulumi.runtime.invoke bypasses the wrapper`,
            );
        });

        it('"runtime/debuggable debuggablePromise + runtime/state leakCandidates": the instrumentation is lightened', () => {
            const name = internal("runtime/debuggable debuggablePromise + runtime/state leakCandidates");
            assert.ok(found.lightened.includes("debuggablePromise"), `${name}: debuggablePromise or state.getStore is gone or reshaped`);
        });

        it('"runtime/state withLocalStorage": a program run in a fresh store sees none of the settings or config before it, and leaves them as they were', () => {
            const name = internal("runtime/state withLocalStorage");
            assert.equal(found.freshStore, true, `${name}: runtime/state has no withLocalStorage`);
            assert.equal(found.inner.before, null, `${name}: the config set before the fresh store is seen in it`);
            assert.deepEqual(
                [found.inner.inside, found.inner.stack],
                ["inner", "inner-stack"],
                `${name}: the store did not take the settings made in it`,
            );
            assert.deepEqual(
                found.outerAfter,
                { label: "outer", stack: "stk" },
                `${name}: the settings made in the fresh store leaked out of it`,
            );
        });

        it('"resource Resource.callsites/stackTrace": no full stacks, and the source position the SDK sends comes from the program\'s line', () => {
            const name = internal("resource Resource.callsites/stackTrace");
            assert.deepEqual(
                found.lightened.filter((c) => c.startsWith("Resource.")),
                ["Resource.callsites", "Resource.stackTrace"],
                `${name}: Resource.callsites or Resource.stackTrace is gone`,
            );
            assert.deepEqual(found.callsites, [], `${name}: Resource.callsites still walks the stack`);
            const thing = found.registrations.find((r) => r.type === "test:index:Thing");
            assert.ok(thing?.source, `${name}: the request has no source position (getSourceposition) from Resource.stackTrace`);
            assert.match(thing.source.uri, /program\.js$/, `${name}: the source position is not the program's file`);
            assert.equal(thing.source.line, 2, `${name}: the source position is not the program's line`);
        });
    });
});
