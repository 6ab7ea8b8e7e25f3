/** Helpers the stack tests share: a minimal config, an error matcher, and the program run under mocks. */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { RunResult, runPulumi } from "../support/harness";
import { ROOT } from "./stackFiles";

/** The one required key, so a test can parse a config that leaves everything else at its default. */
export const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
export const minimal = (extra: Record<string, unknown> = {}) => ({ adminPrincipalArns: [ADMIN], ...extra });

export function throwsWith(fn: () => unknown, re: RegExp): void {
    assert.throws(fn, (e: unknown) => {
        assert.match((e as Error).message, re);
        return true;
    });
}

export const PROGRAM = path.join(ROOT, "stacks", "index.ts");
export type ProgramExports = Record<string, pulumi.Output<unknown>>;

/** stacks/index.ts, loaded afresh (as `pulumi up` would), under the mock runtime with this config as `stack`. */
export function runProgram(config: Record<string, unknown>, stack = "dev"): Promise<RunResult<ProgramExports>> {
    return runPulumi(
        async () => {
            delete require.cache[require.resolve(PROGRAM)];
            return (await import(PROGRAM)) as ProgramExports;
        },
        { config, stack },
    );
}
