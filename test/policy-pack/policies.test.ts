/**
 * Every policy, both ways: the compliant fixture passes; each one-field change to a
 * violation is reported at the policy's default level with its message; each one-field
 * change to a value unknown at preview fails closed (policy level) by default and is
 * advisory under `unknown: advisory`.
 */
import { strict as assert } from "assert";
import { defaultEnforcementLevel } from "../../policy-pack/lib";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { CASES } from "./cases";
import { Case, Variant, applyStackVariant, withField } from "./case";
import { Diagnostic, Result, analyze, analyzeStack, of } from "./runtime";

function label(c: Case): string {
    return `${c.policy.meta.control} ${c.policy.meta.name}${c.kind === "resource" ? ` (${c.type})` : " (stack)"}`;
}

async function run(c: Case, v: Variant | undefined, extraConfig: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    const base = c.kind === "resource" ? (c.config ?? {}) : {};
    const config = { [c.policy.meta.name]: { ...base, ...(v?.config ?? {}), ...extraConfig } };
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
                assert.ok(
                    ds.every((d) => d.enforcementLevel === level),
                    show(ds),
                );
                assert.ok(v.match && ds.some((d) => v.match!.test(d.message)), `no message matches ${v.match}:\n${show(ds)}`);
                assert.ok(
                    ds.every((d) => /Fix: /.test(d.message) && !/internal error/.test(d.message)),
                    show(ds),
                );
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
                assert.ok(
                    ds.every((d) => d.enforcementLevel === level && /unknown at preview.*fail closed/.test(d.message)),
                    show(ds),
                );
            });
            it(`${c.policy.meta.control}: ${v.what} is advisory under unknown: advisory`, async () => {
                const ds = await run(c, v as Variant, { unknown: "advisory" });
                assert.ok(ds.length > 0);
                assert.ok(
                    ds.every((d) => d.enforcementLevel === "advisory" && /\[note\].*unknown at preview/.test(d.message)),
                    show(ds),
                );
            });
        }
    });
}

describe("PACK-1 case coverage", () => {
    it("DATA-2: a side-by-side resource with a known bucket name and no dependency still links", async () => {
        const c = CASES.find((x) => x.kind === "stack" && x.subject === "logs");
        if (!c || c.kind !== "stack") throw new Error("DATA-2 case missing");
        const resources = c.compliant.map((r) =>
            r.name === "logs-versioning" ? { ...r, props: { ...r.props, bucket: "logs-123" }, propertyDependencies: {} } : r,
        );
        assert.deepEqual(of(await analyzeStack([c.policy], resources), c.policy.meta.name), []);
    });
    it("every policy has, for every resource type it checks, a compliant case and a violation", () => {
        for (const p of ALL_POLICIES) {
            const cases = CASES.filter((c) => c.policy === p);
            assert.ok(cases.length > 0, `${p.meta.name} has no test case`);
            assert.ok(
                cases.some((c) => c.unknowns.length > 0 || c.unknownsNeverMatter !== undefined),
                `${p.meta.name} has no unknown-value case`,
            );
            if (p.kind === "resource") {
                for (const t of p.types) {
                    assert.ok(
                        cases.some((c) => c.kind === "resource" && c.type === t && c.violations.length > 0),
                        `${p.meta.name}: no case for ${t}`,
                    );
                }
            }
        }
    });
});
