/**
 * Assertions for the detection and cluster policy tests. Policy args are built by the
 * pack's runtime helper (../runtime.ts), exactly as the @pulumi/policy 1.21 server does.
 */
import { strict as assert } from "assert";
import type { EnforcementLevel } from "@pulumi/policy";
import type { SecurePolicy } from "../../../policy-pack/lib";
import { exemptionKey } from "../../../policy-pack/lib";
import { Diagnostic, PackConfig, TestResource, analyze, analyzeStack, of } from "../runtime";

/** Diagnostics of `policy` for one resource. */
export async function run(policy: SecurePolicy, resource: TestResource, config: PackConfig = {}): Promise<Diagnostic[]> {
    return of(await analyze([policy], resource, config), policy.meta.name);
}

/** Diagnostics of a stack policy over `resources`. */
export async function runStack(policy: SecurePolicy, resources: readonly TestResource[], config: PackConfig = {}): Promise<Diagnostic[]> {
    return of(await analyzeStack([policy], resources, config), policy.meta.name);
}

export function assertPass(ds: readonly Diagnostic[]): void {
    assert.deepEqual(
        ds.map((d) => d.message),
        [],
    );
}

/** Exactly one diagnostic, at `level`, whose message matches `re`. */
export function assertOne(ds: readonly Diagnostic[], re: RegExp, level: EnforcementLevel): void {
    assert.equal(ds.length, 1, `expected one diagnostic, got ${ds.length}: ${ds.map((d) => d.message).join(" | ")}`);
    assert.equal(ds[0].enforcementLevel, level, ds[0].message);
    assert.match(ds[0].message, re);
}

/** At least one diagnostic matches `re` at `level`, and every diagnostic is at `level`. */
export function assertSome(ds: readonly Diagnostic[], re: RegExp, level: EnforcementLevel): void {
    assert.ok(ds.length > 0, "expected diagnostics, got none");
    assert.ok(
        ds.some((d) => re.test(d.message)),
        `no diagnostic matches ${String(re)}: ${ds.map((d) => d.message).join(" | ")}`,
    );
    for (const d of ds) {
        assert.equal(d.enforcementLevel, level, d.message);
    }
}

/** A valid exemption tag for `policy` (expires in 30 days, inside the PACK-10 ceiling). */
export function exemptTags(policy: SecurePolicy, reason = "accepted by security review SEC-42"): Record<string, string> {
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    return { [exemptionKey(policy.meta.name)]: `${reason}; expires=${expires}` };
}

/** The framework's unknown-value message, fail-closed or advisory. */
export const UNKNOWN_FAIL_CLOSED = /is unknown at preview.*unknown values fail closed/s;
export const UNKNOWN_ADVISORY = /\[note\].*is unknown at preview.*"unknown": "advisory"/s;
/** The framework's advisory note for an exempted or excluded resource. */
export const EXEMPTED = /\[note\].*(is exempted by secure-baseline\.io\/exempt-|matches the "exclude" pattern)/s;
