/**
 * Safe automatic fixes (enforcement level `remediate`). A policy's `remediate` returns
 * the fixes as data ({ path, value }); the framework writes them into `args.props`
 * through the SDK's proxies, so secrets stay secret, and returns the props to the engine.
 * A path through an unknown or non-object value is not written (the check then still
 * reports the resource, failing closed).
 */
export interface Fix {
    /** Property path, e.g. ["metadataOptions", "httpTokens"]. */
    readonly path: readonly string[];
    readonly value: string | number | boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Writes `value` at `path`, creating missing objects; false when the path is blocked. */
export function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
    if (path.length === 0) {
        return false;
    }
    try {
        let cur: Record<string, unknown> = target;
        for (const key of path.slice(0, -1)) {
            const next = cur[key];
            if (next === undefined || next === null) {
                cur[key] = {};
                const created = cur[key];
                if (!isPlainObject(created)) {
                    return false;
                }
                cur = created;
            } else if (isPlainObject(next)) {
                cur = next;
            } else {
                return false;
            }
        }
        cur[path[path.length - 1]] = value;
        return true;
    } catch {
        // UnknownValueError from the SDK proxy (an unknown container) or a frozen object.
        return false;
    }
}
