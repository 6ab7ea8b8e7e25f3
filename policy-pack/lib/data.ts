/**
 * Reading resource properties safely.
 *
 * How unknowns reach a policy in @pulumi/policy 1.21: the engine sends preview-time
 * unknowns as sentinel strings; the SDK deserialises the property struct and wraps it in
 * `unknownCheckingProxy`, whose `get` trap throws `UnknownValueError` the moment code reads
 * a property holding a sentinel (at any depth, also array elements). The server turns an
 * escaped `UnknownValueError` into an ADVISORY diagnostic, even for a mandatory policy —
 * an unknown would silently downgrade a security check.
 *
 * So the framework never lets policy code touch the proxy. `snapshot()` walks the proxied
 * props once, catching `UnknownValueError` per property (and recognising raw sentinels
 * too), and returns plain data in which every unknown is an `Unknown` instance carrying
 * its property path. Policies then decide deliberately, through `CheckContext.isUnknown`,
 * what an unknown means (see context.ts: fail closed by default).
 */
import { isUnknownValueError, unknownSentinels } from "./sdk-internals";

export { isUnknownValueError };

/**
 * The wire sentinels of the Pulumi resource protocol for values unknown at preview
 * (boolean, number, string, array, asset, archive, object), from the SDKs (sdk-internals.ts).
 * Snapshot maps each of them to an `Unknown`, so data that did not come through the proxy
 * is handled the same way.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = unknownSentinels();

/** A value that is unknown at preview. `path` is where it sits, e.g. "ingress.0.cidrBlocks". */
export class Unknown {
    constructor(readonly path: string) {}
}

export function isUnknown(value: unknown): value is Unknown {
    return value instanceof Unknown;
}

/** Plain, proxy-free data; unknowns are `Unknown` instances. */
export type Data = unknown;
export type DataRecord = Readonly<Record<string, Data>>;

/** Guards against pathological nesting (and cycles) in hand-made inputs. */
const MAX_DEPTH = 64;

function joinPath(base: string, key: string | number): string {
    return base === "" ? String(key) : `${base}.${key}`;
}

/**
 * Copies `value` (typically `args.props`, behind `unknownCheckingProxy`) into plain data,
 * turning every unknown into an `Unknown`. Never throws: a property whose read throws
 * anything other than `UnknownValueError` becomes `undefined`.
 */
export function snapshot(value: unknown, path = "", depth = 0): Data {
    if (typeof value === "string") {
        return UNKNOWN_SENTINELS.has(value) ? new Unknown(path) : value;
    }
    if (value === null || typeof value !== "object" || value instanceof Unknown) {
        return value;
    }
    if (depth > MAX_DEPTH) {
        return undefined;
    }
    const read = (key: string | number): Data => {
        try {
            return snapshot((value as Record<string | number, unknown>)[key], joinPath(path, key), depth + 1);
        } catch (e) {
            return isUnknownValueError(e) ? new Unknown(joinPath(path, key)) : undefined;
        }
    };
    if (Array.isArray(value)) {
        let length: number;
        try {
            length = value.length;
        } catch {
            return new Unknown(path);
        }
        const out: Data[] = [];
        for (let i = 0; i < length; i++) {
            out.push(read(i));
        }
        return out;
    }
    const out: Record<string, Data> = {};
    let keys: string[];
    try {
        keys = Object.keys(value);
    } catch {
        return undefined;
    }
    for (const key of keys) {
        // defineProperty: a key named "__proto__" stays a plain own property.
        Object.defineProperty(out, key, { value: read(key), enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/**
 * Reads a nested value: `at(props, "vpcConfig", "publicAccessCidrs", 0)`.
 * Never throws. A missing step gives `undefined`; an unknown step gives that `Unknown`
 * (the decision depends on it), so callers cannot mistake "unknown" for "absent".
 */
export function at(value: Data, ...path: readonly (string | number)[]): Data {
    let cur: Data = value;
    for (const key of path) {
        if (cur instanceof Unknown) {
            return cur;
        }
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        if (Array.isArray(cur)) {
            cur = typeof key === "number" ? cur[key] : undefined;
        } else {
            cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<string, Data>)[String(key)] : undefined;
        }
    }
    return cur;
}

/** A string, or undefined for anything else (unknowns included: check those first). */
export function asString(value: Data): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A finite number; numeric strings ("22") count, as some providers type ports as strings. */
export function asNumber(value: Data): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
        return Number(value.trim());
    }
    return undefined;
}

/** A boolean; "true"/"false" strings count (launch-template EBS `encrypted` is a string). */
export function asBoolean(value: Data): boolean | undefined {
    if (typeof value === "boolean") {
        return value;
    }
    if (typeof value === "string") {
        const v = value.trim().toLowerCase();
        if (v === "true") return true;
        if (v === "false") return false;
    }
    return undefined;
}

/** The elements of an array; anything else gives an empty list. */
export function asArray(value: Data): readonly Data[] {
    return Array.isArray(value) ? value : [];
}

/** A plain object; anything else (arrays, unknowns, scalars) gives undefined. */
export function asRecord(value: Data): DataRecord | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Unknown)
        ? (value as DataRecord)
        : undefined;
}

/** The first `Unknown` anywhere inside `value`, if any. */
export function findUnknown(value: Data, depth = 0): Unknown | undefined {
    if (value instanceof Unknown) {
        return value;
    }
    if (depth > MAX_DEPTH || value === null || typeof value !== "object") {
        return undefined;
    }
    for (const v of Array.isArray(value) ? value : Object.values(value)) {
        const found = findUnknown(v, depth + 1);
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** A list of strings from a string or an array of strings (IAM-style), ignoring other values. */
export function asStringList(value: Data): readonly string[] {
    if (typeof value === "string") {
        return [value];
    }
    return asArray(value).filter((v): v is string => typeof v === "string");
}
