/**
 * The shape of a policy test case: one compliant resource (or stack), and variants that each
 * change ONE thing — to a violation, to another compliant shape, or to a value unknown at
 * preview — and how a variant is applied. The tables of cases are gathered in cases.ts.
 */
import type { SecurePolicy } from "../../policy-pack/lib";
import type { TestResource } from "./runtime";

export type Props = Record<string, unknown>;

/** A deep copy of `base` with `path` ("a.b.0.c") set to `value` (undefined deletes it). */
export function withField(base: Props, path: string, value: unknown): Props {
    const copy = JSON.parse(JSON.stringify(base)) as Props;
    const keys = path.split(".");
    // Own properties only, defined rather than assigned: a path through "__proto__" or
    // "constructor" must not reach (and pollute) Object.prototype.
    const own = (o: Record<string, unknown>, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
    const define = (o: Record<string, unknown>, k: string, v: unknown): void => {
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    };
    let cur: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) {
        const next = own(cur, k);
        if (next === undefined || next === null || typeof next !== "object") define(cur, k, {});
        cur = own(cur, k) as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete cur[last];
    else define(cur, last, value);
    return copy;
}

export interface Variant {
    readonly what: string;
    readonly path: string;
    readonly value: unknown;
    /** For violations: the message must match. */
    readonly match?: RegExp;
    /** Pack config for this variant (e.g. an exception list). */
    readonly config?: Record<string, unknown>;
}

export interface ResourceCase {
    readonly kind: "resource";
    readonly policy: SecurePolicy;
    readonly type: string;
    readonly name: string;
    readonly compliant: Props;
    /** Pack config of this policy under which `compliant` passes (each variant's config is added). */
    readonly config?: Record<string, unknown>;
    readonly violations: readonly Variant[];
    readonly alsoCompliant?: readonly Variant[];
    readonly unknowns: readonly Variant[];
    /** Why no unknown can change the outcome (then `unknowns` may be empty). */
    readonly unknownsNeverMatter?: string;
}

export interface StackVariant {
    readonly what: string;
    /** Pack config for this variant. */
    readonly config?: Record<string, unknown>;
    /** Change one resource (by name) one field, or drop it (value "DROP"). */
    readonly resource: string;
    readonly path: string;
    readonly value: unknown;
    readonly match?: RegExp;
}

export interface StackCase {
    readonly kind: "stack";
    readonly policy: SecurePolicy;
    /** The subject resource's name (exemption tags go there). */
    readonly subject: string;
    readonly compliant: readonly TestResource[];
    readonly violations: readonly StackVariant[];
    readonly alsoCompliant?: readonly StackVariant[];
    readonly unknowns: readonly StackVariant[];
    /** Why no unknown can change the outcome (then `unknowns` may be empty). */
    readonly unknownsNeverMatter?: string;
}

export type Case = ResourceCase | StackCase;

export const DROP = "DROP";

export function applyStackVariant(resources: readonly TestResource[], v: StackVariant): TestResource[] {
    return resources
        .filter((r) => !(r.name === v.resource && v.value === DROP && v.path === ""))
        .map((r) => {
            if (r.name !== v.resource || v.path === "") return r;
            if (v.path.startsWith("deps.")) {
                const key = v.path.slice("deps.".length);
                const deps = { ...(r.propertyDependencies ?? {}) };
                delete deps[key];
                return { ...r, propertyDependencies: deps };
            }
            return { ...r, props: withField(r.props, v.path, v.value) };
        });
}
