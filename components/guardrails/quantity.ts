/**
 * A pure parser for Kubernetes resource quantities (the `resource.Quantity` grammar:
 * `<signed number><suffix>` where the suffix is a binary SI unit Ki..Ei, a decimal SI unit n, u, m, k, M,
 * G, T, P, E, or a decimal exponent e<int>/E<int>). It exists so bad sizes fail at `pulumi preview`, not
 * at apply time inside the cluster, and so limits can be compared with requests.
 */
import { ArgPath, Problem } from "../common/validation";

const BINARY_SUFFIXES: Readonly<Record<string, bigint>> = {
    Ki: 1n << 10n,
    Mi: 1n << 20n,
    Gi: 1n << 30n,
    Ti: 1n << 40n,
    Pi: 1n << 50n,
    Ei: 1n << 60n,
};
/** Powers of ten of each decimal SI suffix. */
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
    n: -9,
    u: -6,
    m: -3,
    "": 0,
    k: 3,
    M: 6,
    G: 9,
    T: 12,
    P: 15,
    E: 18,
};

// Order matters: an exponent (1E3) is tried before the exa suffix (1E).
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d{1,3}|n|u|m|k|M|G|T|P|E)?$/;

/** Kubernetes keeps quantities to nano precision and rounds smaller fractions up; so do we. */
const NANO_EXPONENT = 9;

export interface ParsedQuantity {
    /** The value in nano-units (1 = 1e-9 of the base unit), rounded up like Kubernetes does. */
    readonly nanos: bigint;
    readonly negative: boolean;
}

function pow10(n: number): bigint {
    return 10n ** BigInt(n);
}

/** Parses a quantity, or returns undefined when Kubernetes would reject the string. */
export function parseQuantity(text: string): ParsedQuantity | undefined {
    const m = QUANTITY.exec(text);
    if (!m) return undefined;
    const [, sign, number, suffix = ""] = m;
    const [whole, fraction = ""] = number.split(".");
    const digits = BigInt(`${whole || "0"}${fraction}`);
    // value = digits * 10^(-fraction.length) * multiplier; expressed in nanos.
    let exponent = NANO_EXPONENT - fraction.length;
    let factor = 1n;
    if (suffix in BINARY_SUFFIXES) {
        factor = BINARY_SUFFIXES[suffix];
    } else if (/^[eE][+-]?\d+$/.test(suffix)) {
        exponent += Number(suffix.slice(1));
    } else {
        exponent += DECIMAL_SUFFIXES[suffix];
    }
    let nanos: bigint;
    if (exponent >= 0) {
        nanos = digits * factor * pow10(exponent);
    } else {
        const divisor = pow10(-exponent);
        const scaled = digits * factor;
        nanos = scaled / divisor + (scaled % divisor === 0n ? 0n : 1n);
    }
    return { nanos, negative: sign === "-" && nanos > 0n };
}

/** Compares two valid quantities: negative, zero or positive like a sort comparator. */
export function compareQuantities(a: string, b: string): number {
    const pa = parseQuantity(a);
    const pb = parseQuantity(b);
    if (!pa || !pb) throw new Error(`compareQuantities: not a quantity: "${pa ? b : a}"`);
    const va = pa.negative ? -pa.nanos : pa.nanos;
    const vb = pb.negative ? -pb.nanos : pb.nanos;
    return va < vb ? -1 : va > vb ? 1 : 0;
}

/** Checks a size argument: it must parse as a Kubernetes quantity and not be negative. Returns the problem, or undefined. */
export function quantityError(path: ArgPath, value: string): Problem | undefined {
    const parsed = parseQuantity(value);
    if (!parsed) {
        return {
            path,
            value,
            problem: "is not a Kubernetes quantity",
            allowed:
                'use a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent), e.g. "500m", "2", "512Mi"',
        };
    }
    if (parsed.negative) return { path, value, problem: "is negative", allowed: "use a quantity of zero or more" };
    return undefined;
}
