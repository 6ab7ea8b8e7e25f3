/**
 * The messages between the check and the child process that runs the program,
 * and the record kept for each resource. Property values are in the engine's
 * wire form (plain JSON with Pulumi's secret/asset sentinels and the unknown
 * string), ready to be turned into a protobuf Struct for the analyzer.
 */
import type { MockAnswer } from "./mocksFile";
import type { RemoteOutcome } from "./remote";

/** `preview`: outputs the provider computes are unknown, as at `pulumi preview`; `up`: every value known (canned), as when `pulumi up` runs the pack again. */
export type CheckMode = "preview" | "up";

export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };
export type WireMap = { [key: string]: Wire };

export interface ResourceRecord {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** Parent URN, "" for the stack itself. */
    readonly parent: string;
    /** Inputs as the program registered them (what `Analyze` receives). */
    readonly inputs: WireMap;
    /** Inputs plus the computed outputs: unknown in preview mode, canned in up mode (what `AnalyzeStack` receives). */
    readonly outputs: WireMap;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** Explicit provider reference `urn::id`, or "" when the default provider is used. */
    readonly provider: string;
    /** Package version the SDK sent (names the default provider, as the engine does). */
    readonly version: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly ignoreChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly aliases: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
    /** Where the program constructed the resource (absolute file, 1-based line and column), when found. */
    readonly source?: { readonly file: string; readonly line: number; readonly column: number };
}

/** Sent by the check to the child. */
export interface ProgramJob {
    readonly projectDir: string;
    readonly main: string;
    readonly project: string;
    readonly stack: string;
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
    readonly typescript: boolean;
    /** Type-check TypeScript with ts-node (Pulumi's default) instead of transpiling only. */
    readonly typecheck: boolean;
    /** Cache what ts-node emits when it only transpiles (see tsCache). */
    readonly cache: boolean;
    readonly mode: CheckMode;
    /** The user's invoke answers (--mocks), tried before the built-in ones. */
    readonly mocks: readonly MockAnswer[];
}

/** A resource whose registration completed, with its place in registration order. */
export interface SlottedRecord {
    readonly slot: number;
    readonly record: ResourceRecord;
}

/**
 * Sent by the child: records in batches as registrations complete (so the pack can judge
 * them while the program still runs), then `done` with the number of records sent, or
 * `failed`. Messages on the IPC channel arrive in the order they were sent.
 */
export type ProgramReply =
    | { readonly kind: "resources"; readonly records: readonly SlottedRecord[] }
    | {
          readonly kind: "done";
          readonly count: number;
          readonly invokes: readonly string[];
          readonly remote: readonly RemoteOutcome[];
          /** The host stays for another program (started with --reusable, and its SDK has fresh stores; see programHost's reply). */
          readonly kept?: boolean;
      }
    | {
          readonly kind: "failed";
          readonly message: string;
          readonly where?: string;
          readonly stack?: string;
          /** As for "done": the host stays (the program's error ended its run, and nothing of it runs on). */
          readonly kept?: boolean;
      }
    /** From a kept host: it may not run another program (sent when it finds out, and instead of running a job). */
    | { readonly kind: "unfit"; readonly reason: string };
