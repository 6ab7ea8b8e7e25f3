/**
 * Issue 19, item 1: every SDK internal the pack relies on (policy-pack/lib/sdk-internals.ts),
 * checked against the installed @pulumi/policy and @pulumi/pulumi. Each failure names the
 * internal, so an SDK upgrade that changes one fails here instead of the pack quietly taking
 * the SDK's slower path (or quietly no longer recognising an unknown).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
    PROXY_SENTINEL_EXPORTS,
    PULUMI_TYPE_PROPERTY,
    RUNNER_HOOKS_MODULE,
    SDK_INTERNALS,
    SDK_VERIFIED_ON,
    SdkInternal,
    isUnknownValueError,
    markSingleType,
    notApplicable,
    reportWithLevel,
    singleTypeReason,
    unknownSentinels,
} from "../../policy-pack/lib/sdk-internals";
import { sdkServer } from "./sdk-server";
import { TS_REGISTER } from "../check/support";

const REPO = path.resolve(__dirname, "..", "..");

/** The test's title and every assertion message start with the internal's name. */
const internal = (name: SdkInternal): string => {
    assert.ok(SDK_INTERNALS.includes(name), `${name} is listed in SDK_INTERNALS`);
    return `SDK internal "${name}"`;
};

/** One Analyze of an empty resource of `type` through the SDK's own server handler. */
function serverAnalyze(policy: ResourceValidationPolicy, type: string): Promise<{ diagnostics: string[]; reasons: string[] }> {
    // The SDK's server handler, as the CLI's runner serves it.
    const fn = sdkServer.makeAnalyzeRpcFun("contract", "0.0.1", "advisory", [policy]);
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(type);
    req.setName("r");
    req.setUrn(`urn:pulumi:s::p::${type}::r`);
    req.setProperties(Struct.fromJavaScript({}));
    req.setOptions(new analyzerProto.AnalyzerResourceOptions());
    return new Promise(
        (resolve, reject) =>
            void fn({ request: req }, (err, res) =>
                err
                    ? reject(err instanceof Error ? err : new Error(String(err)))
                    : resolve({
                          diagnostics: res.getDiagnosticsList().map((d) => d.getMessage()),
                          reasons: res.getNotApplicableList().map((n) => n.getReason()),
                      }),
            ),
    );
}

function policyWith(validateResource: ResourceValidationPolicy["validateResource"]): ResourceValidationPolicy {
    return { name: "contract-policy", description: "contract", enforcementLevel: "mandatory", validateResource };
}

function installedVersion(pkg: string): string {
    const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [REPO] })), "package.json");
    return String((JSON.parse(fs.readFileSync(file, "utf8")) as { version: unknown }).version).replace(/^v/, "");
}

describe("policy pack: SDK internals behind one door (lib/sdk-internals.ts, issue 19)", function () {
    this.timeout(60_000);

    it("the installed SDKs are the versions the internals were verified on (after an upgrade: make these tests pass, then update SDK_VERIFIED_ON)", () => {
        for (const [pkg, verified] of Object.entries(SDK_VERIFIED_ON)) {
            assert.equal(installedVersion(pkg), verified, `${pkg} is installed at another version than sdk-internals.ts was verified on`);
        }
    });

    it('"@pulumi/policy/proxy unknown sentinels": seven string exports, each one an unknown to the proxy, the SDK\'s unknownValue among them', () => {
        const name = internal("@pulumi/policy/proxy unknown sentinels");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
        for (const exported of PROXY_SENTINEL_EXPORTS) {
            assert.equal(typeof proxy[exported], "string", `${name}: @pulumi/policy/proxy no longer exports ${exported} as a string`);
        }
        const sentinels = unknownSentinels();
        assert.equal(sentinels.size, PROXY_SENTINEL_EXPORTS.length, `${name}: expected one distinct sentinel per type`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const rpc = require("@pulumi/pulumi/runtime/rpc") as { unknownValue?: unknown };
        assert.ok(
            typeof rpc.unknownValue === "string" && sentinels.has(rpc.unknownValue),
            `${name}: @pulumi/pulumi/runtime/rpc unknownValue is not one of the policy SDK's sentinels`,
        );
        const props = unknownCheckingProxy(Object.fromEntries([...sentinels].map((s, i) => [`p${i}`, s])));
        [...sentinels].forEach((_s, i) => {
            assert.throws(
                () => props[`p${i}`] as unknown,
                isUnknownValueError,
                `${name}: the proxy does not treat sentinel ${i} as unknown`,
            );
        });
    });

    it('"@pulumi/policy UnknownValueError fields": the error the proxy throws carries the sentinel and the property path', () => {
        const name = internal("@pulumi/policy UnknownValueError fields");
        const sentinel = [...unknownSentinels()][0];
        const props = unknownCheckingProxy({ outer: { list: [sentinel] } });
        let caught: unknown;
        try {
            void ((props.outer as { list: unknown[] }).list[0] as unknown);
        } catch (e) {
            caught = e;
        }
        assert.ok(isUnknownValueError(caught), `${name}: reading an unknown no longer throws the SDK's UnknownValueError`);
        assert.equal(caught.unknownTypeSentinel, sentinel, `${name}: unknownTypeSentinel is not the sentinel read`);
        assert.ok(Array.isArray(caught.props), `${name}: props is not the property path`);
        assert.deepEqual(caught.props.map(String), ["outer", "list", "0"], `${name}: props is not the property path`);
    });

    it('"@pulumi/policy/server NotApplicableError read back by reason": the same error thrown again still reads as not applicable, with its reason', async () => {
        const name = internal("@pulumi/policy/server NotApplicableError read back by reason");
        const thrown: unknown[] = [];
        const policy = policyWith((args: ResourceValidationArgs) => {
            try {
                notApplicable(args, "contract reason");
            } catch (e) {
                thrown.push(e);
                throw e;
            }
        });
        for (let i = 0; i < 3; i++) {
            const res = await serverAnalyze(policy, "a:b:C");
            assert.deepEqual(
                res,
                { diagnostics: [], reasons: ["contract reason"] },
                `${name}: call ${i + 1} is not reported as not applicable`,
            );
        }
        assert.equal(thrown.length, 3);
        assert.ok(
            thrown.every((e) => e === thrown[0]),
            `${name}: the error is not kept and thrown again (the server's notApplicable function changes per call?)`,
        );
        assert.equal((thrown[0] as { reason?: unknown }).reason, "contract reason", `${name}: the SDK's error has no reason field`);
    });

    it('"@pulumi/policy/server __pulumiType single-type fast path": a marked function is skipped for other types with the server\'s reason', async () => {
        const name = internal("@pulumi/policy/server __pulumiType single-type fast path");
        const seen: string[] = [];
        const fn = markSingleType(
            (args: ResourceValidationArgs) => {
                seen.push(args.type);
            },
            ["a:b:C"],
        );
        assert.equal((fn as unknown as Record<string, unknown>)[PULUMI_TYPE_PROPERTY], "a:b:C");
        const other = await serverAnalyze(policyWith(fn), "x:y:Z");
        assert.deepEqual(seen, [], `${name}: the server called a marked function for another type (the fast path is gone)`);
        assert.deepEqual(
            other.reasons,
            [singleTypeReason("a:b:C")],
            `${name}: the server's reason is not singleTypeReason (policies give it by themselves for other hosts)`,
        );
        await serverAnalyze(policyWith(fn), "a:b:C");
        assert.deepEqual(seen, ["a:b:C"], `${name}: the marked function is not called for its own type`);
        // The SDK's own typed helpers attach the same property.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const policyModule = require("@pulumi/policy/policy") as { getPulumiType?: (o: unknown) => unknown };
        assert.equal(typeof policyModule.getPulumiType, "function", `${name}: @pulumi/policy/policy has no getPulumiType`);
        assert.equal(policyModule.getPulumiType?.(fn), "a:b:C", `${name}: getPulumiType does not read ${PULUMI_TYPE_PROPERTY}`);
    });

    it('"@pulumi/policy/server reportViolation object form": a mandatory policy reports an advisory diagnostic with the message as given', async () => {
        const name = internal("@pulumi/policy/server reportViolation object form");
        const fn = sdkServer.makeAnalyzeRpcFun("contract", "0.0.1", "advisory", [
            policyWith((_args, report) => {
                reportWithLevel(report, { message: "contract\nan advisory note", enforcementLevel: "advisory" });
                report("a mandatory violation");
            }),
        ]);
        const req = new analyzerProto.AnalyzeRequest();
        req.setType("a:b:C");
        req.setName("r");
        req.setUrn("urn:pulumi:s::p::a:b:C::r");
        req.setProperties(Struct.fromJavaScript({}));
        req.setOptions(new analyzerProto.AnalyzerResourceOptions());
        const res = await new Promise<analyzerProto.AnalyzeResponse>(
            (resolve, reject) => void fn({ request: req }, (err, r) => (err ? reject(new Error(String(err))) : resolve(r))),
        );
        const got = res.getDiagnosticsList().map((d) => ({ message: d.getMessage(), level: d.getEnforcementlevel() }));
        assert.deepEqual(
            got,
            [
                { message: "contract\nan advisory note", level: analyzerProto.EnforcementLevel.ADVISORY },
                // The string form: the policy's level, the description put before the message (as reportAdvisory does by itself).
                { message: "contract\na mandatory violation", level: analyzerProto.EnforcementLevel.MANDATORY },
            ],
            `${name}: the server no longer takes the object form, or prefixes the string form differently`,
        );
    });

    it('"@pulumi/pulumi/runtime/closure/v8Hooks runner session": run-policy-pack loads the hooks, whose getSessionAsync gives an inspector session', () => {
        const name = internal("@pulumi/pulumi/runtime/closure/v8Hooks runner session");
        const hooks = require.resolve(RUNNER_HOOKS_MODULE, { paths: [path.join(REPO, "policy-pack")] });
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [path.join(REPO, "policy-pack")] });
        const source = fs.readFileSync(runner, "utf8");
        const m = /require\("([^"]*closure\/v8Hooks)"\)/.exec(source);
        assert.ok(m, `${name}: run-policy-pack no longer requires the v8Hooks module`);
        assert.equal(require.resolve(m[1], { paths: [path.dirname(runner)] }), hooks, `${name}: run-policy-pack loads another v8Hooks`);
        // Loading the hooks enables a debugger for the process that loads them: a child process does.
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `const h = require(${JSON.stringify(hooks)});
                 Promise.resolve(typeof h.getSessionAsync === "function" ? h.getSessionAsync() : undefined)
                     .then((s) => process.stdout.write(JSON.stringify({ getSessionAsync: typeof h.getSessionAsync, post: typeof s?.post })));`,
            ],
            { encoding: "utf8", timeout: 30_000 },
        );
        assert.deepEqual(JSON.parse(out), { getSessionAsync: "function", post: "function" }, `${name}: the hooks' session shape changed`);
    });

    it('"@pulumi/policy/deserialize deserializeProperties shared per request": three policies of one Analyze get one conversion of its properties', () => {
        const name = internal("@pulumi/policy/deserialize deserializeProperties shared per request");
        // In a child process: sharing is installed for a whole process, as the pack's entry does it.
        const script = `
            const deserialize = require("@pulumi/policy/deserialize");
            const { makeAnalyzeRpcFun } = require("@pulumi/policy/server");
            const pb = require("@pulumi/pulumi/proto/analyzer_pb");
            const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
            const { shareDeserializedProperties } = require(${JSON.stringify(path.join(REPO, "policy-pack", "lib", "sdk-internals"))});
            const original = deserialize.deserializeProperties;
            let conversions = 0;
            deserialize.deserializeProperties = function (...a) { if (!a[1]) conversions++; return original.apply(this, a); };
            const installed = shareDeserializedProperties();
            const seen = [];
            const policy = (n) => ({ name: "p" + n, description: "d", enforcementLevel: "mandatory",
                validateResource: (args) => { seen.push(args.props.size); } });
            const run = (size) => new Promise((resolve, reject) => {
                const req = new pb.AnalyzeRequest();
                req.setType("a:b:C"); req.setName("r"); req.setUrn("urn:pulumi:s::p::a:b:C::r");
                req.setProperties(Struct.fromJavaScript({ size }));
                req.setOptions(new pb.AnalyzerResourceOptions());
                makeAnalyzeRpcFun("c", "0.0.1", "advisory", [policy(1), policy(2), policy(3)])({ request: req }, (e) => (e ? reject(e) : resolve()));
            });
            run(1).then(() => run(2)).then(() => {
                const remediated = deserialize.deserializeProperties(Struct.fromJavaScript({ a: 1 }), true);
                const again = deserialize.deserializeProperties(Struct.fromJavaScript({ a: 1 }), true);
                process.stdout.write(JSON.stringify({ installed, conversions, seen, ownCopies: remediated !== again }));
            });`;
        const out = execFileSync(process.execPath, ["-r", TS_REGISTER, "-e", script], {
            cwd: REPO,
            encoding: "utf8",
            timeout: 60_000,
        });
        assert.deepEqual(
            JSON.parse(out),
            { installed: "installed", conversions: 2, seen: [1, 1, 1, 2, 2, 2], ownCopies: true },
            `${name}: the server no longer converts through the module's export, or each request does not get its own conversion`,
        );
    });
});
