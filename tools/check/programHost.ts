/**
 * Child-process entry: runs one Pulumi program under the SDK's mock runtime,
 * inside a real stack resource, and sends back one record per registered
 * resource. It records what the SDK sends to the resource monitor (the same
 * request the engine would get: parent, dependencies, property dependencies,
 * protect, provider, serialized inputs) by wrapping the mock monitor's
 * `registerResource`, and the state the canned cloud answers with.
 *
 * It runs in its own process because a program may hang, exit, or leave
 * handles open, and because the SDK's runtime state is process-global.
 *
 * Started with --reusable (by a HostPool, see hostPool.ts), the host stays after a program
 * whose run ended (normally, or with the error its run returned) and runs the next job it is
 * sent: each program runs in a fresh SDK store (freshSdkStore), its config and ts-node service
 * are its own, and its own modules (everything it loaded outside node_modules) are unloaded
 * once it has ended, so the next program loads and runs them again. The packages it loaded
 * from node_modules (the SDK, the providers' SDKs, ts-node and TypeScript) stay loaded: that is
 * the saving. A host serves one SDK copy; a program that resolves another is refused. A program
 * that exits, fails from a callback it scheduled or runs out of time ends its host; one that
 * fails after its reply makes the host unfit (it says so and refuses the next job, which the
 * check then runs in a new host).
 */
import * as path from "path";
import { cannedInvoke, mockResourceState, UnmockedInvokeError } from "./canned";
import { previewResourceState, SchemaIndex } from "./computed";
import { engineUrn } from "./engine";
import { findMock } from "./mocksFile";
import type { ProgramJob, ProgramReply, SlottedRecord } from "./records";
import { record, remoteChildren } from "./registrations";
import type { RemoteOutcome } from "./remote";
import { freshSdkStore, interceptRegistrations, invokeFailure, lightenSdkInstrumentation, load, wrapInvokes } from "./sdkInternals";
import { registerTypeScript } from "./tsRegister";

interface MockArgs {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    custom?: boolean;
    id?: string;
}
/** The public runtime API of the program's SDK the host calls. */
interface PulumiSdk {
    runtime: {
        setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
        setMocks(
            m: {
                newResource(a: MockArgs): { id: string; state: Record<string, unknown> };
                call(a: { token: string; inputs: Record<string, unknown> }): Record<string, unknown>;
            },
            project: string,
            stack: string,
            preview: boolean,
        ): Promise<void>;
        runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
        disconnect(): Promise<void>;
    };
}

// Tests load the SDK change from the host, where it is applied.
export { lightenSdkInstrumentation };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The first stack frame inside the program (not in node_modules, not ours), with source maps applied by ts-node. */
export function programLocation(stack: string | undefined, projectDir: string): string | undefined {
    for (const line of (stack ?? "").split("\n")) {
        const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
        if (!m) continue;
        const file = m[1];
        if (file.includes(`${path.sep}node_modules${path.sep}`) || file.startsWith(__dirname)) continue;
        if (!file.startsWith(projectDir + path.sep) && !file.startsWith(path.dirname(projectDir))) continue;
        return `${file}:${m[2]}:${m[3]}`;
    }
    return undefined;
}

/** Started by a HostPool: the host stays for another program (see reply). */
const REUSABLE = process.argv.includes("--reusable");

/** The SDK this host loaded for its first program, and how it runs a program in a fresh store. */
interface LoadedSdk {
    readonly entry: string;
    readonly dir: string;
    readonly pulumi: PulumiSdk;
    readonly fresh: (<T>(fn: () => Promise<T>) => Promise<T>) | undefined;
}
let sdk: LoadedSdk | undefined;

/** The SDK the program resolves: loaded and changed (lighter instrumentation, invoke sites noted) once per host. */
function programSdk(projectDir: string): LoadedSdk {
    // Use the SDK copy the program itself resolves, so the mocks apply to the runtime it registers with.
    const entry = require.resolve("@pulumi/pulumi", { paths: [projectDir, __dirname] });
    if (sdk) {
        if (sdk.entry !== entry)
            throw new Error(
                `this program host runs programs of the SDK at ${sdk.entry}, and ${projectDir} resolves ${entry}; a host is kept only for programs of one SDK copy`,
            );
        return sdk;
    }
    const dir = path.dirname(entry);
    const pulumi = load<PulumiSdk>(entry);
    lightenSdkInstrumentation(dir);
    wrapInvokes(dir, noteInvokeSite);
    sdk = { entry, dir, pulumi, fresh: freshSdkStore(dir) };
    return sdk;
}

async function run(job: ProgramJob): Promise<ProgramReply> {
    process.chdir(job.projectDir);
    const { dir: pulumiDir, pulumi, fresh } = programSdk(job.projectDir);
    // The store is made from these (LocalStore reads them), before the program's first SDK call.
    process.env.PULUMI_NODEJS_PROJECT = job.project;
    process.env.PULUMI_NODEJS_STACK = job.stack;
    unanswered.length = 0;
    sites = new Map();
    siteProjectDir = job.projectDir;
    return fresh ? fresh(() => runInStore(job, pulumiDir, pulumi)) : runInStore(job, pulumiDir, pulumi);
}

async function runInStore(job: ProgramJob, pulumiDir: string, pulumi: PulumiSdk): Promise<ProgramReply> {
    pulumi.runtime.setAllConfig({ ...job.config }, [...job.secretKeys]);
    const preview = job.mode === "preview";
    const schemas = new SchemaIndex(job.projectDir);
    const invokes: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => newResourceState(a, preview, schemas),
            call: (a) => {
                invokes.push(a.token);
                const mock = findMock(job.mocks, a.token, a.inputs);
                if (mock) return { ...mock.result };
                try {
                    return cannedInvoke(a.token, a.inputs);
                } catch (e) {
                    if (e instanceof UnmockedInvokeError) unanswered.push({ token: a.token, where: sites.get(a.token) });
                    // The SDK rebuilds an invoke failure from the error's gRPC `details`; carry the message there.
                    throw invokeFailure(errorText(e));
                }
            },
        },
        job.project,
        job.stack,
        preview,
    );

    let slots = 0;
    let sent = 0;
    const remote: RemoteOutcome[] = [];
    interceptRegistrations(
        pulumiDir,
        (parent, type, name) => engineUrn(job.stack, job.project, parent, type, name),
        (req) => {
            // The slot is taken when the SDK sends the request, the children's when the answer comes.
            const slot = slots++;
            return (resp) => {
                const r = record(req, resp);
                stream({ slot, record: r });
                sent++;
                if (req.getRemote() && !req.getCustom()) {
                    const children = remoteChildren(r, req, job, preview, schemas, remote);
                    for (const child of children) {
                        stream({ slot: slots++, record: child });
                        sent++;
                    }
                }
            };
        },
    );

    if (job.typescript) registerTypeScript(job, pulumiDir);
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            const exported = load<unknown>(job.main);
            return await (typeof exported === "function" ? (exported as () => unknown)() : exported);
        });
    } catch (e) {
        // As the automation API does after a failed program: the SDK's calls still under way end first,
        // so that nothing of this program runs on after the reply (and a kept host starts the next clean).
        await pulumi.runtime.disconnect().catch(() => undefined);
        flush();
        throw e;
    }
    await pulumi.runtime.disconnect();
    flush();
    // An Output-form invoke that failed leaves no error behind: its dependents are just never registered.
    if (unanswered.length > 0) return unansweredFailure();
    return { kind: "done", count: sent, invokes, remote };
}

/**
 * The state the mock engine answers a registration with. Preview: a new custom resource's
 * computed outputs and id are unknown; a component echoes its inputs. Up: canned values.
 * A read or import (`get`, `import`) has a known id in both modes: the engine reads it.
 */
function newResourceState(a: MockArgs, preview: boolean, schemas: SchemaIndex): { id: string; state: Record<string, unknown> } {
    if (!preview || (typeof a.id === "string" && a.id !== "")) {
        const canned = mockResourceState(a.type, a.name, a.inputs);
        return typeof a.id === "string" && a.id !== "" ? { ...canned, id: a.id } : canned;
    }
    if (a.custom === false) return { id: "", state: a.inputs };
    return previewResourceState(a.type, a.name, a.inputs, schemas.get(a.type));
}

/** Invokes no answer was found for, with where the program called them. */
const unanswered: { token: string; where: string | undefined }[] = [];
/** Per invoke token, the first place in the current program that called it. */
let sites: Map<string, string> = new Map();
let siteProjectDir = "";

function unansweredFailure(): ProgramReply {
    const first = unanswered[0];
    const tokens = [...new Set(unanswered.map((u) => u.token))];
    const where = first.where;
    return {
        kind: "failed",
        message: `${new UnmockedInvokeError(first.token).message}${tokens.length > 1 ? ` (also unanswered: ${tokens.slice(1).join(", ")})` : ""}`,
        where,
    };
}

/**
 * Notes, per invoke token, the first place in the program that called it (the SDK's entry
 * points call this, wrapped in sdkInternals): the mock's answer runs later, off the program's stack.
 */
function noteInvokeSite(tok: string): void {
    if (sites.has(tok)) return;
    // The stack from the SDK's wrapped function down, as when the wrapper captured it itself.
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, noteInvokeSite);
    const where = programLocation(holder.stack, siteProjectDir);
    if (where) sites.set(tok, where);
}

let batch: SlottedRecord[] = [];
let flushScheduled = false;

/** Sends the records gathered so far (one IPC message per turn of the event loop, not per resource). */
function flush(): void {
    flushScheduled = false;
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    send({ kind: "resources", records });
}

/**
 * Records per IPC message at most. Registrations often complete in one long run of
 * microtasks (a loop creating many resources), during which a scheduled flush cannot run:
 * sending every STREAM_BATCH records keeps the pack busy while the program still runs.
 */
export const STREAM_BATCH = 64;

function stream(r: SlottedRecord): void {
    batch.push(r);
    if (batch.length >= STREAM_BATCH) {
        flush();
    } else if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
    }
}

function send(msg: ProgramReply, then: () => void = () => undefined): void {
    if (process.send) {
        process.send(msg, then);
    } else {
        // Run by hand (no IPC channel): one JSON message per line.
        process.stdout.write(`${JSON.stringify(msg)}\n`, then);
    }
}

function failure(e: unknown, projectDir: string): ProgramReply {
    // A promise-form invoke with no answer rejects in the SDK, away from the program's line: say which invoke and where.
    if (unanswered.length > 0) return unansweredFailure();
    const err = e instanceof Error ? e : new Error(String(e));
    // ts-node reports compile errors with the location inside the message.
    const where = err.name === "TSError" ? undefined : programLocation(err.stack, projectDir);
    return { kind: "failed", message: err.message, where, stack: err.stack };
}

/** The reply to the job being run was sent (later errors of that program are not reported). */
let replied = true;
/** Modules loaded before the current program started: what it loaded besides is unloaded after it (reusable host). */
let loadedBefore = new Set<string>();

/**
 * Unloads the modules the program loaded outside node_modules (its own files, and local
 * libraries such as this repository's components), so that the next program loads them again
 * and their top-level code runs again, as in a new process.
 */
function unloadProgramModules(): void {
    const marker = `${path.sep}node_modules${path.sep}`;
    const sdkDir = sdk ? sdk.dir + path.sep : undefined;
    for (const id of Object.keys(require.cache)) {
        if (loadedBefore.has(id) || id.includes(marker) || (sdkDir !== undefined && id.startsWith(sdkDir))) continue;
        delete require.cache[id];
    }
}

/**
 * Sends the job's outcome. A kept host (--reusable, with fresh SDK stores) stays for another
 * program when `clean`: the program ended, normally or with an error its run returned, and the
 * SDK's calls were all done. An error that came another way (a callback the program scheduled)
 * may leave work of the program behind: the host then ends.
 */
function reply(msg: ProgramReply, clean: boolean): void {
    if (replied) return;
    replied = true;
    if (REUSABLE && clean && (msg.kind === "done" || msg.kind === "failed") && sdk?.fresh) {
        unloadProgramModules();
        send({ ...msg, kept: true });
        return;
    }
    send(msg, () => process.exit(0));
}

/**
 * Frames kept in an error's stack. Node's default (10) is enough to find the program's own
 * line when the error is thrown inside a library; the SDK's per-promise and per-resource
 * stacks, which made deep stacks costly, are turned off (lightenSdkInstrumentation).
 */
export const STACK_TRACE_LIMIT = 10;

// The check is gone (the IPC channel closed): nobody is left to read the records.
process.once("disconnect", () => process.exit(2));

let projectDir = "";
/** The error the last program's run ended with: the SDK reports it again as unhandled, which is not news. */
let runError: unknown;
/** Why this kept host may not run another program (an earlier one left work that failed after its reply). */
let unfit: string | undefined;

// Errors in callbacks the program scheduled (apply, timers) end the run as well. One that comes
// after the reply (a kept host, between programs) means an earlier program left work behind:
// the host is not fit for another program, says so, and refuses the next job (see runProgram).
const fail = (e: unknown) => {
    if (replied) {
        if (!REUSABLE || e === runError || unfit !== undefined) return;
        unfit = `the last program it ran failed after it ended: ${errorText(e)}`;
        send({ kind: "unfit", reason: unfit });
        return;
    }
    reply(failure(e, projectDir), false);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

process.on("message", (job: ProgramJob) => {
    if (!replied) {
        // The pool sends a host one job at a time; a second one means the check and host disagree.
        process.stderr.write("program host: a job came while another was running\n");
        process.exit(3);
    }
    if (unfit !== undefined) {
        send({ kind: "unfit", reason: unfit });
        return;
    }
    replied = false;
    runError = undefined;
    projectDir = job.projectDir;
    loadedBefore = new Set(Object.keys(require.cache));
    Error.stackTraceLimit = STACK_TRACE_LIMIT;
    run(job).then(
        (msg) => reply(msg, true),
        (e: unknown) => {
            runError = e;
            reply(failure(e, projectDir), true);
        },
    );
});
