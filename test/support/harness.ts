/**
 * Runs Pulumi code under the mock runtime and records every resource: its
 * resolved inputs (as the provider would receive them) and its options
 * (parent, protect, retainOnDelete, provider, dependsOn), seen through a stack
 * transformation inside a real stack resource. Ids are derived from names;
 * invokes get the canned answers shared with the offline check, and an invoke
 * without one fails the run with its token.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { cannedInvoke, mockResourceState } from "../../tools/check/canned";
import { lightenSdkInstrumentation } from "../../tools/check/sdkInternals";

// The SDK's debugging instrumentation off, as the offline check's program host has it: every
// internal promise otherwise captures a stack trace, which ts-node's source-map-support maps,
// most of the CPU a component test spends. secureCluster.test.ts and stacks/program.test.ts
// together (`npx mocha --no-config -r ./tools/ts-register.js --extension ts FILES`, twice each
// way, 2026-12-07): 20.4 CPU-s and 18.5 s without, 3.8-4.5 CPU-s and 2.8-3.4 s with.
// Nothing the tests assert depends on it; test/check/sdk-contract.test.ts fails if an SDK upgrade
// reshapes what it changes.
lightenSdkInstrumentation(path.dirname(require.resolve("@pulumi/pulumi/package.json")));

export const TEST_PROJECT = "secure-baseline";
export const TEST_STACK = "test";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** Inputs as the provider receives them (Outputs resolved, secrets unwrapped). */
    readonly inputs: Record<string, unknown>;
    readonly custom: boolean;
    readonly parentType?: string;
    readonly parentName?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly hasExplicitProvider: boolean;
    readonly dependsOn: readonly string[];
}

export interface RunResult<T> {
    readonly resources: readonly RecordedResource[];
    readonly value: T;
    /** All resources of one type token. */
    ofType(type: string): RecordedResource[];
    /** The single resource of `type` whose name ends with `nameSuffix` (or the only one); fails otherwise. */
    one(type: string, nameSuffix?: string): RecordedResource;
    /** Invokes called, by token. */
    readonly invokes: readonly string[];
}

export interface RunOptions {
    /** Stack config, keys without the project prefix (or with `aws:` etc. for other namespaces). */
    readonly config?: Record<string, unknown>;
    readonly stack?: string;
    /** Extra or overriding invoke answers, by token. */
    readonly invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
    /**
     * Overrides the canned state of new resources (return undefined to keep it). The run is a
     * preview: an id of "" and any output left out of `state` are unknown to the program, as for a
     * resource a real preview would create.
     */
    readonly resourceState?: (
        type: string,
        name: string,
        inputs: Record<string, unknown>,
    ) => { id: string; state: Record<string, unknown> } | undefined;
}

interface OptionsRecord {
    parentType?: string;
    parentName?: string;
    protect: boolean;
    retainOnDelete: boolean;
    hasExplicitProvider: boolean;
    dependsOn: string[];
}

function resourceLabel(r: pulumi.Resource): string {
    // Every Resource carries its type and name in internal fields; read them without `any`.
    const internal = r as unknown as { __pulumiType?: string; __name?: string };
    return `${internal.__pulumiType ?? "?"}::${internal.__name ?? "?"}`;
}

/** Runs `program` as a Pulumi program under mocks and returns what it registered. */
export async function runPulumi<T>(program: () => T | Promise<T>, opts: RunOptions = {}): Promise<RunResult<T>> {
    const inputs = new Map<string, { inputs: Record<string, unknown>; custom: boolean }>();
    const options = new Map<string, OptionsRecord>();
    const order: string[] = [];
    const invokes: string[] = [];

    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.config ?? {})) {
        const key = k.includes(":") ? k : `${TEST_PROJECT}:${k}`;
        config[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    pulumi.runtime.setAllConfig(config);

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const key = `${args.type}::${args.name}`;
                inputs.set(key, { inputs: args.inputs as Record<string, unknown>, custom: args.custom ?? true });
                const override = opts.resourceState?.(args.type, args.name, args.inputs as Record<string, unknown>);
                return override ?? mockResourceState(args.type, args.name, args.inputs as Record<string, unknown>);
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push(args.token);
                const override = opts.invokes?.[args.token];
                return override ? override(args.inputs) : cannedInvoke(args.token, args.inputs);
            },
        },
        TEST_PROJECT,
        opts.stack ?? TEST_STACK,
        true,
    );

    let value!: T;
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((t) => {
            const key = `${t.type}::${t.name}`;
            order.push(key);
            const parent = t.opts.parent ? resourceLabel(t.opts.parent).split("::") : undefined;
            const deps = t.opts.dependsOn;
            const depList = deps === undefined ? [] : Array.isArray(deps) ? deps : [deps];
            options.set(key, {
                parentType: parent?.[0],
                parentName: parent?.[1],
                protect: t.opts.protect === true,
                retainOnDelete: (t.opts as pulumi.CustomResourceOptions).retainOnDelete === true,
                hasExplicitProvider: t.opts.provider !== undefined,
                dependsOn: depList.filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d)).map(resourceLabel),
            });
            return undefined;
        });
        value = await program();
        return {};
    });
    await pulumi.runtime.disconnect();

    const resources: RecordedResource[] = order
        .filter((key) => !key.startsWith("pulumi:pulumi:Stack::"))
        .map((key) => {
            const [type, name] = [key.slice(0, key.indexOf("::")), key.slice(key.indexOf("::") + 2)];
            const o = options.get(key)!;
            const i = inputs.get(key);
            return { type, name, inputs: i?.inputs ?? {}, custom: i?.custom ?? false, ...o };
        });

    const ofType = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources,
        value,
        invokes,
        ofType,
        one(type: string, nameSuffix?: string) {
            const matches = ofType(type).filter((r) => nameSuffix === undefined || r.name.endsWith(nameSuffix));
            if (matches.length !== 1) {
                throw new Error(
                    `expected exactly one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`,
                );
            }
            return matches[0];
        },
    };
}

/** Resolves an Output to a promise (for asserting component outputs). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        output.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}

/** Parses a JSON policy input that a component passed as a string. */
export function parseJsonInput<T = unknown>(value: unknown): T {
    if (typeof value !== "string") throw new Error(`expected a JSON string input, got ${typeof value}`);
    return JSON.parse(value) as T;
}
