/**
 * Every policy, both ways: the compliant fixture passes; each one-field change to a
 * violation is reported at the policy's default level with its message; each one-field
 * change to a value unknown at preview fails closed (policy level) by default and is
 * advisory under `unknown: advisory`.
 */
import { strict as assert } from "assert";
import { defaultEnforcementLevel } from "../../policy-pack/lib";
import { CASES, Case, Variant, applyStackVariant, withField } from "./cases";
import { Diagnostic, Result, analyze, analyzeStack, of } from "./runtime";

function label(c: Case): string {
    return `${c.policy.meta.control} ${c.policy.meta.name}${c.kind === "resource" ? ` (${c.type})` : " (stack)"}`;
}

async function run(c: Case, v: Variant | undefined, extraConfig: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    const config = { [c.policy.meta.name]: { ...(v?.config ?? {}), ...extraConfig } };
    let r: Result;
    if (c.kind === "resource") {
        const props = v ? withField(c.compliant, v.path, v.value) : c.compliant;
        r = await analyze([c.policy], { type: c.type, name: c.name, props }, config);
    } else {
        const resources = v && "resource" in v ? applyStackVariant(c.compliant, v as never) : c.compliant;
        r = await analyzeStack([c.policy], resources, config);
    }
    assert.deepEqual(
        r.notApplicable.filter((n) => n.policyName === c.policy.meta.name),
        [],
        "the policy must apply to its own resource type",
    );
    return of(r, c.policy.meta.name);
}

function show(ds: Diagnostic[]): string {
    return ds.map((d) => `${d.enforcementLevel}: ${d.message}`).join("\n");
}

for (const c of CASES) {
    const level = defaultEnforcementLevel(c.policy.meta.severity);
    describe(label(c), () => {
        it(`${c.policy.meta.control}: the compliant resource passes`, async () => {
            const ds = await run(c, undefined);
            assert.deepEqual(ds, [], show(ds));
        });
        for (const v of c.violations) {
            it(`${c.policy.meta.control}: ${v.what} is a ${level} violation`, async () => {
                const ds = await run(c, v as Variant);
                assert.ok(ds.length > 0, "expected a violation");
                assert.ok(ds.every((d) => d.enforcementLevel === level), show(ds));
                assert.ok(v.match && ds.some((d) => v.match!.test(d.message)), `no message matches ${v.match}:\n${show(ds)}`);
                assert.ok(ds.every((d) => /Fix: /.test(d.message) && !/internal error/.test(d.message)), show(ds));
            });
        }
        for (const v of c.alsoCompliant ?? []) {
            it(`${c.policy.meta.control}: ${v.what} passes`, async () => {
                const ds = await run(c, v as Variant);
                assert.deepEqual(ds, [], show(ds));
            });
        }
        for (const v of c.unknowns) {
            it(`${c.policy.meta.control}: ${v.what} fails closed at ${level}`, async () => {
                const ds = await run(c, v as Variant);
                assert.ok(ds.length > 0, "an unknown the decision depends on must be reported");
                assert.ok(ds.every((d) => d.enforcementLevel === level && /unknown at preview.*fail closed/.test(d.message)), show(ds));
            });
            it(`${c.policy.meta.control}: ${v.what} is advisory under unknown: advisory`, async () => {
                const ds = await run(c, v as Variant, { unknown: "advisory" });
                assert.ok(ds.length > 0);
                assert.ok(ds.every((d) => d.enforcementLevel === "advisory" && /\[note\].*unknown at preview/.test(d.message)), show(ds));
            });
        }
    });
}
