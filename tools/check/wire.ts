/**
 * Property values in the form the engine sends to an analyzer. The Node.js SDK
 * registers a resource with Pulumi's serialized values; before `Analyze` the
 * engine re-marshals them with unknowns and secrets kept, internal keys
 * (`__defaults`, ...) dropped, and resource references turned into plain
 * values (the analyzer marshalling does not keep references: a custom
 * resource becomes its id, a component its URN). Assets and archives keep
 * their sentinel shape, which `@pulumi/policy` understands.
 */
import type { Wire, WireMap } from "./records";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The string that stands for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isMap(v: unknown): v is WireMap {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function secret(value: Wire): Wire {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** Re-marshals one SDK-serialized value the way the engine does for an analyzer. */
export function toAnalyzerWire(v: unknown): Wire {
    if (v === null || v === undefined) return null;
    if (typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
    if (Array.isArray(v)) return v.map(toAnalyzerWire);
    if (!isMap(v)) return null;
    const sig = v[SIG_KEY];
    if (sig === SECRET_SIG) return secret(toAnalyzerWire(v.value));
    if (sig === RESOURCE_SIG) {
        const id = v.id;
        if (typeof id === "string") return id === "" ? UNKNOWN : id;
        return typeof v.urn === "string" ? v.urn : null;
    }
    if (sig === OUTPUT_SIG) {
        const value = "value" in v ? toAnalyzerWire(v.value) : UNKNOWN;
        return v.secret === true ? secret(value) : value;
    }
    const out: WireMap = {};
    for (const [k, x] of Object.entries(v)) {
        if (k.startsWith("__")) continue;
        if (x === undefined) continue;
        out[k] = toAnalyzerWire(x);
    }
    return out;
}

export function toAnalyzerMap(v: unknown): WireMap {
    const w = toAnalyzerWire(v);
    return isMap(w) ? w : {};
}

/**
 * The same value for people (reports): secrets are masked, unknowns marked,
 * assets summarised. Never prints a secret, even a placeholder.
 */
export function forDisplay(v: Wire): unknown {
    if (v === UNKNOWN) return "[unknown]";
    if (Array.isArray(v)) return v.map(forDisplay);
    if (!isMap(v)) return v;
    const sig = v[SIG_KEY];
    if (sig === SECRET_SIG) return "[secret]";
    if (typeof sig === "string") return "[asset]";
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forDisplay(x)]));
}
