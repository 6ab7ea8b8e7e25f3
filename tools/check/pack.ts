/**
 * A running policy pack (started as the Pulumi CLI does, see packLaunch) and a client that
 * talks to it over the analyzer protocol (messages in analyzerMessages).
 */
import { ChildProcess } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzerResource,
    Diagnostic,
    ENFORCEMENT_CODE,
    Enforcement,
    PackInfo,
    analyzeStackRequest,
    diagnostics,
    options,
    packInfoOf,
    providerOf,
} from "./analyzerMessages";
import { holdOpen, stop } from "./children";
import { CheckFailure, errorMessage } from "./errors";
import { StackContext, checkPackDir, launchPack } from "./packLaunch";
import type { Wire } from "./records";
import { decodeDiagnosticsOnly } from "./sdkInternals";

// What tests, the bench and other modules import from here, moved by responsibility.
export type { AnalyzerResource, Diagnostic, Enforcement, PackInfo, PolicyInfo, Severity } from "./analyzerMessages";
export { CONFIG_FILE_ENV, CONFIG_PRELOAD_SOURCE, ENGINE_ADDRESS_PLACEHOLDER, checkPackDir, writeConfigHandoff } from "./packLaunch";
export type { StackContext } from "./packLaunch";
export { decodeDiagnosticsOnly } from "./sdkInternals";

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
        const { child, port, startMs, stderr } = await launchPack(dir, runner, ctx, opts);
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

    private asked: Promise<PackInfo> | undefined;

    /**
     * GetAnalyzerInfo: the pack's name, version, policies and their config schemas, fixed for the
     * life of the process (the SDK's server answers from what the pack declared when it started),
     * so asked once per process: a pooled pack serving many runs answers it once.
     */
    info(): Promise<PackInfo> {
        this.asked ??= this.rpc("GetAnalyzerInfo", this.client.getAnalyzerInfo, new Empty()).then(packInfoOf);
        return this.asked;
    }

    /** ConfigureStack, as the CLI sends it when it loads an analyzer for a stack. */
    async configureStack(ctx: StackContext): Promise<void> {
        // A new run (a pooled pack serves several): its providers are its own, even where a URN repeats.
        this.providers.clear();
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
     * run; cleared when the next run configures the pack): most resources share a handful of
     * providers, and a message is only read when sent.
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
        const req = analyzeStackRequest(resources);
        const res = await this.rpc("AnalyzeStack", this.client.analyzeStack, req);
        return diagnostics(res, "");
    }

    /** True while the process has not exited. */
    alive(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }

    /**
     * Whether the process (and its output pipes) may keep this process alive: an idle pack in
     * a pool does not (see PackPool); one serving a run does.
     */
    hold(held: boolean): void {
        holdOpen(this.child, held);
    }

    /** Closes the connection and stops the process; waits until it is gone. */
    async close(): Promise<void> {
        this.client.close();
        await stop(this.child);
    }
}
