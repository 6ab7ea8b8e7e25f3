/**
 * Pack configuration per policy. Every policy's configSchema carries the framework keys
 *
 *   unknown: "fail-closed" | "advisory"   (default "fail-closed")
 *   include: [name patterns]               (default []: every resource)
 *   exclude: [name patterns]               (default [])
 *   exemptionMaxDays: 1..365               (default 90; PACK-10 ceiling of an exemption's expiry)
 *   approvedExemptions: [{ resource, reason, approver, expires }]
 *                                          (default []; critical policies honour a tag only with one)
 *
 * plus its own keys. The Pulumi engine validates the pack config against the schema and
 * applies its defaults before `Configure`; the framework applies the same defaults again
 * and ignores ill-typed values (falling back to the default), so a client that skips that
 * step (a hand-driven analyzer) still gets the documented behaviour, never a crash.
 * Enforcement levels are CrossGuard's own per-policy `enforcementLevel` key.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { ConfigProperties } from "./metadata";

export const UNKNOWN_MODES = ["fail-closed", "advisory"] as const;
export type UnknownMode = (typeof UNKNOWN_MODES)[number];

export const FRAMEWORK_CONFIG: ConfigProperties = {
    unknown: {
        type: "string",
        enum: [...UNKNOWN_MODES],
        default: "fail-closed",
        description:
            "What a value unknown at preview means when the decision depends on it: fail-closed reports a violation at this policy's enforcement level; advisory reports it as advisory.",
    },
    include: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Resource name patterns (* and ? wildcards) this policy checks; empty means every resource. Skipped resources get an advisory note.",
    },
    exclude: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Resource name patterns (* and ? wildcards) this policy skips, each with an advisory note.",
    },
    exemptionMaxDays: {
        type: "integer",
        minimum: 1,
        maximum: 365,
        default: 90,
        description:
            "The longest an exemption tag or annotation may run, in days after the day of the preview (PACK-10); a later expiry makes the exemption invalid. CrossGuard config is per policy: set it in each policy's section to change it pack-wide.",
    },
    approvedExemptions: {
        type: "array",
        default: [],
        description:
            "Approvals of exemption tags or annotations (PACK-10), each { resource (name pattern), reason, approver, expires (YYYY-MM-DD, within exemptionMaxDays) }. Required for critical-severity policies, where a tag alone is not honoured.",
        items: {
            type: "object",
            properties: {
                resource: { type: "string" },
                reason: { type: "string" },
                approver: { type: "string" },
                expires: { type: "string" },
            },
            required: ["resource", "reason", "approver", "expires"],
        },
    },
};

export function configSchema(own: ConfigProperties | undefined): PolicyConfigSchema {
    return { properties: { ...FRAMEWORK_CONFIG, ...(own ?? {}) } };
}

function matchesType(schema: PolicyConfigJSONSchema, value: unknown): boolean {
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.length > 0) {
        const ok = types.some((t) => {
            switch (t) {
                case "string":
                    return typeof value === "string";
                case "number":
                    return typeof value === "number" && Number.isFinite(value);
                case "integer":
                    return typeof value === "number" && Number.isInteger(value);
                case "boolean":
                    return typeof value === "boolean";
                case "array":
                    return Array.isArray(value);
                case "object":
                    return value !== null && typeof value === "object" && !Array.isArray(value);
                case "null":
                    return value === null;
                default:
                    return false;
            }
        });
        if (!ok) return false;
    }
    if (schema.enum && !schema.enum.some((e) => e === value)) return false;
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) return false;
        if (schema.maximum !== undefined && value > schema.maximum) return false;
    }
    if (Array.isArray(value) && schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) {
        const item = schema.items;
        if (!value.every((v) => matchesType(item, v))) return false;
    }
    return true;
}

/**
 * The effective config: each schema key takes the configured value when it fits the
 * schema, else the schema default. Keys outside the schema are dropped.
 */
export function resolveConfig(schema: PolicyConfigSchema, given: unknown): Readonly<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const source = given !== null && typeof given === "object" && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
    for (const [key, prop] of Object.entries(schema.properties)) {
        if (typeof prop !== "object") continue;
        const value = Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
        out[key] = value !== undefined && matchesType(prop, value) ? value : prop.default;
    }
    return out;
}

/** Glob with * (any run) and ? (one character), anchored, case-sensitive. */
export function globToRegExp(pattern: string): RegExp {
    const escaped = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`);
}

export function firstMatch(name: string, patterns: readonly string[]): string | undefined {
    return patterns.find((p) => globToRegExp(p).test(name));
}

/**
 * Why a resource is skipped by include/exclude, or undefined when it is checked.
 */
export function scopeSkipReason(name: string, include: readonly string[], exclude: readonly string[]): string | undefined {
    if (include.length > 0 && firstMatch(name, include) === undefined) {
        return `its name "${name}" matches no "include" pattern (${include.map((p) => `"${p}"`).join(", ")}) in the pack config`;
    }
    const ex = firstMatch(name, exclude);
    if (ex !== undefined) {
        return `its name "${name}" matches the "exclude" pattern "${ex}" in the pack config`;
    }
    return undefined;
}
