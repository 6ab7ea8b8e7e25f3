/**
 * zod field builders for stack config. Pulumi hands every value to the program as a string (structured
 * values as JSON), while tests pass native values read from the YAML files: each builder accepts both.
 * Each message of ours is made by fieldError from its two halves, what is wrong and what is allowed; config.ts
 * turns each zod issue into a ValidationError with the key's path, the value and these two halves, looked up
 * by the message zod reports (never parsed back out of the text).
 */
import { z } from "zod";

/** A generic zod message (a type error with no message of ours) has no "allowed" half: point at the key's documentation. */
const DOCUMENTED = "see the key's description in Pulumi.yaml or docs";

/** Every message made by fieldError, with its halves. */
const HALVES = new Map<string, { problem: string; allowed: string }>();

/** A zod message of ours: "<problem>; <allowed>", whose halves zodProblem gives back as they were written. */
export function fieldError(problem: string, allowed: string): string {
    const message = `${problem}; ${allowed}`;
    HALVES.set(message, { problem, allowed });
    return message;
}

/** The two halves of a message made by fieldError; any other message (zod's own) is the problem, pointing at the docs. */
export function zodProblem(message: string): { problem: string; allowed: string } {
    return HALVES.get(message) ?? { problem: message, allowed: DOCUMENTED };
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

function fromText(v: unknown): unknown {
    if (typeof v !== "string") return v;
    const t = v.trim();
    if (NUMBER_TEXT.test(t)) return Number(t);
    if (t === "true" || t === "false") return t === "true";
    if (t.startsWith("[") || t.startsWith("{")) {
        try {
            return JSON.parse(t) as unknown;
        } catch {
            return v;
        }
    }
    return v;
}

export function integerField(min: number, max: number, fallback: number) {
    const allowed = fieldError("is not allowed", `use a whole number from ${min} to ${max}`);
    return z
        .preprocess(
            fromText,
            z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed }),
        )
        .default(fallback);
}

export function oneOfField<T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
    return z.enum(values, { error: fieldError("is not allowed", `use one of ${values.join(", ")}`) }).default(fallback);
}

export function numberOneOfField(values: readonly number[], fallback: number, what: string) {
    const allowed = fieldError(`is not ${what}`, `use one of ${values.join(", ")}`);
    return z
        .preprocess(
            fromText,
            z.number({ error: allowed }).refine((n) => values.includes(n), { error: allowed }),
        )
        .default(fallback);
}

export function booleanField(fallback: boolean) {
    return z.preprocess(fromText, z.boolean({ error: fieldError("is not allowed", "use true or false") })).default(fallback);
}

export function stringField(fallback: string) {
    return z.string({ error: fieldError("is not allowed", "use a text value") }).default(fallback);
}

export function stringListField(fallback: readonly string[]) {
    return z
        .preprocess(
            fromText,
            z.array(z.string({ error: fieldError("is not allowed", "use a text value") }), {
                error: fieldError("is not allowed", "use a list of text values"),
            }),
        )
        .default([...fallback]);
}

/** A list of text values the stack must set (no default): missing is an error naming the key. */
export function requiredStringListField(what: string) {
    return z.preprocess(
        fromText,
        z
            .array(z.string({ error: fieldError("is not allowed", "use a text value") }), {
                error: (issue) =>
                    issue.input === undefined
                        ? fieldError("is required and has no default", `list ${what}`)
                        : fieldError("is not allowed", "use a list of text values"),
            })
            .min(1, { error: fieldError("is empty", `list ${what}`) }),
    );
}

/**
 * A structured value (list of objects). Pulumi.yaml cannot declare its shape (project config types are
 * string, integer, boolean and array of those), so zod is the only schema: unknown fields are rejected.
 */
export function structuredField<T extends z.ZodType>(schema: T, fallback: z.core.util.NoUndefined<z.output<T>>) {
    return z.preprocess(fromText, schema).default(fallback);
}

/** A list whose entries come from a closed set. */
export function oneOfListField<T extends readonly [string, ...string[]]>(values: T, fallback: readonly T[number][]) {
    const entry = z.enum(values, { error: fieldError("is not allowed", `use one of ${values.join(", ")}`) });
    return z
        .preprocess(fromText, z.array(entry, { error: fieldError("is not allowed", "use a list of text values") }))
        .default([...fallback]);
}
