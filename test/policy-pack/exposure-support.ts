/** Shared by the exposure tests: how many generated cases, the pieces' picks, and the messages of a run. */
import fc from "fast-check";
import { Diagnostic } from "./runtime";

export const RUNS = 60;

export function texts(ds: readonly Diagnostic[]): string {
    return ds.map((d) => d.message).join("\n");
}

export const picksArb = fc.array(fc.nat(), { minLength: 64, maxLength: 64 });
