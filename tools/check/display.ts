/**
 * Analyzer-form values for people (reports): secrets are masked, unknowns marked, assets
 * summarised. Never prints a secret, even a placeholder. Apart from wire.ts so that the
 * check's own process loads the SDK's sentinels only when it writes a report.
 */
import type { Wire, WireMap } from "./records";
import { wireSentinels } from "./sdkInternals";

function isMap(v: unknown): v is WireMap {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function forDisplay(v: Wire): unknown {
    const { UNKNOWN, SIG_KEY, SECRET_SIG } = wireSentinels();
    const show = (x: Wire): unknown => {
        if (x === UNKNOWN) return "[unknown]";
        if (Array.isArray(x)) return x.map(show);
        if (!isMap(x)) return x;
        const sig = x[SIG_KEY];
        if (sig === SECRET_SIG) return "[secret]";
        if (typeof sig === "string") return "[asset]";
        return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, show(y)]));
    };
    return show(v);
}
