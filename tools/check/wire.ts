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
import { wireSentinels } from "./sdkInternals";

/** The SDK's wire sentinels (see sdkInternals); UNKNOWN stands for a value unknown during preview. */
export const { SIG_KEY, SECRET_SIG, RESOURCE_SIG, OUTPUT_SIG, UNKNOWN } = wireSentinels();
/** Reports read values in this form through display.ts, which loads the sentinels only when a report is made. */
export { forDisplay } from "./display";

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
