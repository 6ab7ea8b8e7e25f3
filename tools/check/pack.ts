/**
 * Starts a policy pack exactly as the Pulumi CLI does and talks to it over the
 * analyzer protocol.
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
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { BinaryReader } from "google-protobuf";
import { stop, track } from "./children";
import { CheckFailure, errorMessage } from "./errors";
import type { Wire, WireMap } from "./records";

/** Names the file holding the stack config (JSON) for the pack's preload; the path is short, whatever the config's size. */
export const CONFIG_FILE_ENV = "OFFLINE_CHECK_PULUMI_CONFIG_FILE";

/**
 * Preloaded (`node -r`) into the pack process before run-policy-pack: puts the stack config
 * into PULUMI_CONFIG inside the process, where the SDK reads it as under the CLI. Setting a
 * variable in a running process has no size limit; only exec has. No imports but fs.
 */
export const CONFIG_PRELOAD_SOURCE = `"use strict";
const file = process.env.${CONFIG_FILE_ENV};
delete process.env.${CONFIG_FILE_ENV};
if (file) process.env.PULUMI_CONFIG = require("fs").readFileSync(file, "utf8");
`;

/** Writes the config and the preload into a private temp folder; `remove` deletes both. */
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

export type Enforcement = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "unspecified";

export interface PolicyInfo {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly enforcement: Enforcement;
    readonly kind: "resource" | "stack" | "unknown";
    readonly severity: Severity;
    readonly tags: readonly string[];
    readonly remediation: string;
    readonly url: string;
    readonly framework?: { readonly name: string; readonly version: string; readonly reference: string; readonly specification: string };
    /** JSON-schema `properties` and `required` of the policy's config, if it has any. */
    readonly configSchema?: { readonly properties: Record<string, unknown>; readonly required: readonly string[] };
}

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: readonly PolicyInfo[];
    readonly initialConfig: Readonly<Record<string, { enforcement?: Enforcement; properties: Record<string, unknown> }>>;
}

export interface Diagnostic {
    readonly policy: string;
    readonly pack: string;
    readonly message: string;
    readonly description: string;
    readonly enforcement: Enforcement;
    readonly severity: Severity;
    readonly urn: string;
}

/** One resource as the analyzer receives it. */
export interface AnalyzerResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly properties: WireMap;
    readonly options: {
        readonly protect: boolean;
        readonly ignoreChanges: readonly string[];
        readonly deleteBeforeReplace?: boolean;
        readonly additionalSecretOutputs: readonly string[];
        readonly aliases: readonly string[];
        readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
        readonly parent: string;
    };
    readonly provider?: { readonly urn: string; readonly type: string; readonly name: string; readonly properties: WireMap };
    readonly parent: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

const ENFORCEMENT: Record<number, Enforcement> = {
    [proto.EnforcementLevel.ADVISORY]: "advisory",
    [proto.EnforcementLevel.MANDATORY]: "mandatory",
    [proto.EnforcementLevel.REMEDIATE]: "remediate",
    [proto.EnforcementLevel.DISABLED]: "disabled",
};
const ENFORCEMENT_CODE: Record<Enforcement, proto.EnforcementLevel> = {
    advisory: proto.EnforcementLevel.ADVISORY,
    mandatory: proto.EnforcementLevel.MANDATORY,
    remediate: proto.EnforcementLevel.REMEDIATE,
    disabled: proto.EnforcementLevel.DISABLED,
};
const SEVERITY: Record<number, Severity> = {
    [proto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [proto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [proto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [proto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** Field number of `AnalyzeResponse.diagnostics` in analyzer.proto (`not_applicable` is 3). */
const ANALYZE_RESPONSE_DIAGNOSTICS = 2;

/**
 * Decodes an Analyze or AnalyzeStack response keeping only its diagnostics. The check
 * reports nothing else, and the list of policies that did not apply (one entry per policy
 * per resource, most of a large pack's response) was the larger part of decoding it.
 * The same bytes as the generated decoder reads; a test compares the two.
 */
export function decodeDiagnosticsOnly(bytes: Uint8Array): proto.AnalyzeResponse {
    const msg = new proto.AnalyzeResponse();
    const reader = new BinaryReader(bytes);
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() === ANALYZE_RESPONSE_DIAGNOSTICS) {
            const d = new proto.AnalyzeDiagnostic();
            reader.readMessage(d, proto.AnalyzeDiagnostic.deserializeBinaryFromReader);
            msg.addDiagnostics(d);
        } else {
            reader.skipField();
        }
    }
    return msg;
}

/** The generated service definition, with responses of Analyze and AnalyzeStack decoded by decodeDiagnosticsOnly. */
const GENERATED_SERVICE = AnalyzerService as unknown as grpc.ServiceDefinition;
const CHECK_SERVICE: grpc.ServiceDefinition = {
    ...GENERATED_SERVICE,
    analyze: { ...GENERATED_SERVICE.analyze, responseDeserialize: decodeDiagnosticsOnly },
    analyzeStack: { ...GENERATED_SERVICE.analyzeStack, responseDeserialize: decodeDiagnosticsOnly },
};
const CheckClient = grpc.makeGenericClientConstructor(CHECK_SERVICE, "Analyzer");

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => void;
/** The generated client, seen through the one overload (request, callback) the check uses. */
interface AnalyzerClient extends grpc.Client {
    getAnalyzerInfo: Unary<Empty, proto.AnalyzerInfo>;
    configureStack: Unary<proto.AnalyzerStackConfigureRequest, proto.AnalyzerStackConfigureResponse>;
    configure: Unary<proto.ConfigureAnalyzerRequest, Empty>;
    analyze: Unary<proto.AnalyzeRequest, proto.AnalyzeResponse>;
    analyzeStack: Unary<proto.AnalyzeStackRequest, proto.AnalyzeResponse>;
}

function call<Req, Res>(fn: Unary<Req, Res>, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res as Res))));
}

/** The pack's own error text, without gRPC framing; policy errors arrive as "Error validating ... with policy ...:\n<stack>". */
export function rpcError(e: unknown): string {
    const details = (e as { details?: unknown }).details;
    return typeof details === "string" && details !== "" ? details : errorMessage(e);
}

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

/** A running pack and a client for it. */
export class PackProcess {
    private constructor(
        readonly dir: string,
        readonly port: number,
        readonly startMs: number,
        private readonly child: ChildProcess,
        private readonly client: AnalyzerClient,
        private readonly stderr: () => string,
    ) {}

    /** The pack process's id (the bench reads its CPU time). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Spawns the pack, waits for its port (or its failure) and connects. */
    static async start(packDir: string, ctx: StackContext, opts: { startTimeoutSeconds: number }): Promise<PackProcess> {
        const { dir, runner } = checkPackDir(packDir);
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
                            new CheckFailure(
                                `the policy pack ${dir} did not report its port within ${opts.startTimeoutSeconds} s`,
                                stderr(),
                            ),
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
                            new CheckFailure(
                                `the policy pack ${dir} printed ${JSON.stringify(line)} where its port was expected`,
                                stderr(),
                            ),
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
        // The generated service from @pulumi/pulumi (the counterpart of the server the pack runs), see CHECK_SERVICE.
        const client = new CheckClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        }) as unknown as AnalyzerClient;
        return new PackProcess(dir, port, startMs, child, client, stderr);
    }

    /** The pack's stderr so far (its own error output). */
    output(): string {
        return this.stderr();
    }

    private async rpc<Req, Res>(what: string, fn: Unary<Req, Res>, req: Req): Promise<Res> {
        try {
            return await call(fn.bind(this.client), req);
        } catch (e) {
            throw new CheckFailure(`the policy pack failed in ${what}: ${rpcError(e)}`, this.stderr());
        }
    }

    async info(): Promise<PackInfo> {
        const ai = await this.rpc("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty());
        const policies = ai.getPoliciesList().map((p): PolicyInfo => {
            const schema = p.getConfigschema();
            const fw = p.getFramework();
            return {
                name: p.getName(),
                displayName: p.getDisplayname(),
                description: p.getDescription(),
                enforcement: ENFORCEMENT[p.getEnforcementlevel()] ?? "advisory",
                kind:
                    p.getPolicyType() === proto.PolicyType.POLICY_TYPE_RESOURCE
                        ? "resource"
                        : p.getPolicyType() === proto.PolicyType.POLICY_TYPE_STACK
                          ? "stack"
                          : "unknown",
                severity: SEVERITY[p.getSeverity()] ?? "unspecified",
                tags: p.getTagsList(),
                remediation: p.getRemediationSteps(),
                url: p.getUrl(),
                framework: fw
                    ? { name: fw.getName(), version: fw.getVersion(), reference: fw.getReference(), specification: fw.getSpecification() }
                    : undefined,
                configSchema: schema
                    ? {
                          properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                          required: schema.getRequiredList(),
                      }
                    : undefined,
            };
        });
        const initialConfig: Record<string, { enforcement?: Enforcement; properties: Record<string, unknown> }> = {};
        ai.getInitialconfigMap().forEach((v, k) => {
            initialConfig[k] = {
                enforcement: ENFORCEMENT[v.getEnforcementlevel()],
                properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            };
        });
        return { name: ai.getName(), version: ai.getVersion(), policies, initialConfig };
    }

    /** ConfigureStack, as the CLI sends it when it loads an analyzer for a stack. */
    async configureStack(ctx: StackContext): Promise<void> {
        const req = new proto.AnalyzerStackConfigureRequest();
        req.setProject(ctx.project);
        req.setStack(ctx.stack);
        req.setOrganization(ctx.organization);
        req.setDryRun(true);
        req.setConfigSecretKeysList([...ctx.secretKeys]);
        const m = req.getConfigMap();
        for (const [k, v] of Object.entries(ctx.config)) m.set(k, v);
        await this.rpc("ConfigureStack", this.client.configureStack, req);
    }

    /** Configure with every policy's reconciled config (see packConfig). */
    async configure(config: Readonly<Record<string, { enforcement: Enforcement; properties: Record<string, unknown> }>>): Promise<void> {
        const req = new proto.ConfigureAnalyzerRequest();
        const m = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new proto.PolicyConfig();
            pc.setEnforcementlevel(ENFORCEMENT_CODE[c.enforcement]);
            pc.setProperties(Struct.fromJavaScript(c.properties as Record<string, Wire>));
            m.set(name, pc);
        }
        await this.rpc("Configure", this.client.configure, req);
    }

    async analyze(r: AnalyzerResource): Promise<Diagnostic[]> {
        const req = new proto.AnalyzeRequest();
        req.setUrn(r.urn);
        req.setType(r.type);
        req.setName(r.name);
        req.setProperties(Struct.fromJavaScript(r.properties));
        req.setOptions(options(r));
        if (r.provider) req.setProvider(this.providerMessage(r.provider));
        const res = await this.rpc(`Analyze of ${r.urn}`, this.client.analyze, req);
        return diagnostics(res, r.urn);
    }

    /**
     * One message per provider, by URN (which names one provider, with one set of inputs, in a
     * run): most resources share a handful of providers, and a message is only read when sent.
     */
    private readonly providers = new Map<string, proto.AnalyzerProviderResource>();

    private providerMessage(p: NonNullable<AnalyzerResource["provider"]>): proto.AnalyzerProviderResource {
        let msg = this.providers.get(p.urn);
        if (!msg) {
            msg = providerOf(p);
            this.providers.set(p.urn, msg);
        }
        return msg;
    }

    async analyzeStack(resources: readonly AnalyzerResource[]): Promise<Diagnostic[]> {
        const req = new proto.AnalyzeStackRequest();
        req.setResourcesList(
            resources.map((r) => {
                const a = new proto.AnalyzerResource();
                a.setUrn(r.urn);
                a.setType(r.type);
                a.setName(r.name);
                a.setProperties(Struct.fromJavaScript(r.properties));
                a.setOptions(options(r));
                if (r.provider) a.setProvider(providerOf(r.provider));
                a.setParent(r.parent);
                a.setDependenciesList([...r.dependencies]);
                const pd = a.getPropertydependenciesMap();
                for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                    // The engine skips properties without dependencies.
                    if (urns.length === 0) continue;
                    const d = new proto.AnalyzerPropertyDependencies();
                    d.setUrnsList([...urns]);
                    pd.set(k, d);
                }
                return a;
            }),
        );
        const res = await this.rpc("AnalyzeStack", this.client.analyzeStack, req);
        return diagnostics(res, "");
    }

    /** Closes the connection and stops the process; waits until it is gone. */
    async close(): Promise<void> {
        this.client.close();
        await stop(this.child);
    }
}

function options(r: AnalyzerResource): proto.AnalyzerResourceOptions {
    const o = new proto.AnalyzerResourceOptions();
    o.setProtect(r.options.protect);
    o.setIgnorechangesList([...r.options.ignoreChanges]);
    if (r.options.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(r.options.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    o.setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs]);
    o.setAliasesList([...r.options.aliases]);
    const t = new proto.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(r.options.customTimeouts.create);
    t.setUpdate(r.options.customTimeouts.update);
    t.setDelete(r.options.customTimeouts.delete);
    o.setCustomtimeouts(t);
    o.setParent(r.options.parent);
    return o;
}

function providerOf(p: NonNullable<AnalyzerResource["provider"]>): proto.AnalyzerProviderResource {
    const a = new proto.AnalyzerProviderResource();
    a.setUrn(p.urn);
    a.setType(p.type);
    a.setName(p.name);
    a.setProperties(Struct.fromJavaScript(p.properties));
    return a;
}

function diagnostics(res: proto.AnalyzeResponse, urn: string): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        pack: d.getPolicypackname(),
        message: d.getMessage(),
        description: d.getDescription(),
        enforcement: ENFORCEMENT[d.getEnforcementlevel()] ?? "advisory",
        severity: SEVERITY[d.getSeverity()] ?? "unspecified",
        urn: d.getUrn() || urn,
    }));
}
