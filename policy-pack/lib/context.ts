/**
 * What a check sees besides the resource: its policy, the effective config, and the
 * two ways to report — `violation()` for a definite problem and `isUnknown()` for a
 * decision that depends on a value unknown at preview. Findings are collected and
 * reported by the framework (report.ts) after the check returns.
 */
import { Data, findUnknown, isUnknown } from "./data";
import type { PolicyMetadata } from "./metadata";

export interface ResourceRef {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
}

export type Finding =
    | { readonly kind: "violation"; readonly text: string; readonly urn?: string }
    | { readonly kind: "unknown"; readonly path: string; readonly resource: ResourceRef }
    | { readonly kind: "note"; readonly text: string; readonly urn?: string }
    | { readonly kind: "error"; readonly text: string; readonly urn?: string };

export interface CheckContext {
    readonly policy: PolicyMetadata;
    /** The resource being checked (for stack policies: the subject resource). */
    readonly resource: ResourceRef;
    /** Effective config: schema defaults applied, ill-typed values replaced by defaults. */
    readonly config: Readonly<Record<string, unknown>>;
    /** A config number (falls back to `fallback` when absent or not a number). */
    configNumber(key: string, fallback: number): number;
    /** A config list of strings (non-strings dropped). */
    configStrings(key: string): readonly string[];
    configBoolean(key: string, fallback: boolean): boolean;
    /**
     * Reports a definite violation: "[<CONTROL>] <what>. Fix: <fix or the policy's remediation>."
     * `urn` defaults to the resource being checked.
     */
    violation(what: string, fix?: string, urn?: string): void;
    /**
     * True when `value` is unknown at preview. Records that the decision depends on it,
     * which the framework reports as a violation at the policy's own level (fail closed),
     * or as advisory when the pack config sets `unknown: advisory`. Use it BEFORE any
     * comparison whose negative outcome would pass the resource.
     */
    isUnknown(value: Data, path: string): boolean;
    /** Like isUnknown, but looks anywhere inside `value` (e.g. a list of CIDRs). */
    containsUnknown(value: Data, path: string): boolean;
    /** An advisory note ("[<CONTROL>] [note] <text>"), whatever the policy's level. */
    note(text: string, urn?: string): void;
}

export class FindingCollector implements CheckContext {
    readonly findings: Finding[] = [];

    constructor(
        readonly policy: PolicyMetadata,
        readonly resource: ResourceRef,
        readonly config: Readonly<Record<string, unknown>>,
    ) {}

    configNumber(key: string, fallback: number): number {
        const v = this.config[key];
        return typeof v === "number" && Number.isFinite(v) ? v : fallback;
    }

    configStrings(key: string): readonly string[] {
        const v = this.config[key];
        return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
    }

    configBoolean(key: string, fallback: boolean): boolean {
        const v = this.config[key];
        return typeof v === "boolean" ? v : fallback;
    }

    violation(what: string, fix?: string, urn?: string): void {
        this.findings.push({ kind: "violation", text: formatMessage(this.policy.control, what, fix ?? this.policy.remediation), urn });
    }

    isUnknown(value: Data, path: string): boolean {
        if (!isUnknown(value)) {
            return false;
        }
        this.recordUnknown(path !== "" ? path : value.path);
        return true;
    }

    containsUnknown(value: Data, path: string): boolean {
        const found = findUnknown(value);
        if (!found) {
            return false;
        }
        this.recordUnknown(found.path !== "" ? found.path : path);
        return true;
    }

    note(text: string, urn?: string): void {
        this.findings.push({ kind: "note", text: `[${this.policy.control}] [note] ${text}`, urn });
    }

    error(text: string): void {
        this.findings.push({ kind: "error", text });
    }

    private recordUnknown(where: string): void {
        if (!this.findings.some((f) => f.kind === "unknown" && f.path === where && f.resource.urn === this.resource.urn)) {
            this.findings.push({ kind: "unknown", path: where, resource: this.resource });
        }
    }
}

function sentence(text: string): string {
    const t = text.trim();
    return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The one message format: "[<CONTROL>] what is wrong. Fix: how." */
export function formatMessage(control: string, what: string, fix: string): string {
    return `[${control}] ${sentence(what)} Fix: ${sentence(fix)}`;
}
