/**
 * A small EventBridge pattern matcher for the subset of the pattern language the baseline uses: exact
 * string values in arrays, nested objects, and `{ numeric: [op, n, ...] }`. Anything else throws, so a
 * pattern that grows beyond this subset cannot pass a test by accident.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
    ">=": (a, b) => a >= b,
    ">": (a, b) => a > b,
    "<=": (a, b) => a <= b,
    "<": (a, b) => a < b,
    "=": (a, b) => a === b,
};

function matchValue(condition: unknown, value: Json | undefined): boolean {
    if (typeof condition === "string" || typeof condition === "number" || typeof condition === "boolean") {
        return Array.isArray(value) ? value.includes(condition) : value === condition;
    }
    if (condition !== null && typeof condition === "object" && "numeric" in condition) {
        const spec = (condition as { numeric: unknown[] }).numeric;
        if (typeof value !== "number") return false;
        for (let i = 0; i < spec.length; i += 2) {
            const op = NUMERIC_OPS[String(spec[i])];
            if (!op || typeof spec[i + 1] !== "number") throw new Error(`unsupported numeric condition ${JSON.stringify(spec)}`);
            if (!op(value, spec[i + 1] as number)) return false;
        }
        return true;
    }
    throw new Error(`unsupported pattern condition ${JSON.stringify(condition)}`);
}

export function matchesPattern(pattern: Readonly<Record<string, unknown>>, event: { [k: string]: Json }): boolean {
    return Object.entries(pattern).every(([key, cond]) => {
        const value = event[key];
        if (Array.isArray(cond)) return cond.some((c) => matchValue(c, value));
        if (cond !== null && typeof cond === "object") {
            return (
                value !== null &&
                typeof value === "object" &&
                !Array.isArray(value) &&
                matchesPattern(cond as Record<string, unknown>, value)
            );
        }
        throw new Error(`pattern values must be arrays or objects, got ${JSON.stringify(cond)} at ${key}`);
    });
}
