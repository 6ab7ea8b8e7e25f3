/**
 * PACK-10: exemptions have a ceiling (exemptionMaxDays, default 90, at most 365, counted
 * from the day of the preview), and a critical policy honours a tag only with an
 * approvedExemptions entry in its pack config. fast-check walks the dates around the
 * ceiling and the ways an approval can be incomplete; malformed values never throw.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { addDays, approvalFor, parseExemptionValue } from "../../../policy-pack/lib";
import { CASES } from "../cases";
import { ResourceCase, withField } from "../case";
import { Diagnostic, UNKNOWN, analyze, of } from "../runtime";

const TODAY = new Date().toISOString().slice(0, 10);
const KEY = "secure-baseline.io/exempt-x";

function resourceCase(name: string): ResourceCase {
    const c = CASES.find((x) => x.policy.meta.name === name && x.kind === "resource");
    if (!c || c.kind !== "resource") throw new Error(`no case for ${name}`);
    return c;
}
const high = resourceCase("ec2-subnet-no-public-ip-mapping");
const critical = resourceCase("kms-key-policy-no-wildcard-principal");

/** The case's first violation, tagged with an exemption, under `config`. */
async function tagged(c: ResourceCase, tag: unknown, config: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    const v = c.violations[0];
    const props = withField(withField(c.compliant, v.path, v.value), "tags", { [`secure-baseline.io/exempt-${c.policy.meta.name}`]: tag });
    return of(
        await analyze(
            [c.policy],
            { type: c.type, name: c.name, props },
            { [c.policy.meta.name]: { ...(c.config ?? {}), ...(v.config ?? {}), ...config } },
        ),
        c.policy.meta.name,
    );
}
const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");
const onlyNote = (ds: Diagnostic[]) => ds.length === 1 && ds[0].enforcementLevel === "advisory" && /\[note\].*exempted/.test(ds[0].message);

describe("PACK-10 exemptions have a ceiling", function () {
    this.timeout(120_000);

    it("an expiry up to the ceiling is valid; one day later is invalid and says the ceiling", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 365 }), fc.integer({ min: -3, max: 3 }), (max, delta) => {
                const expires = addDays(TODAY, max + delta);
                const ex = parseExemptionValue(KEY, `legacy; expires=${expires}`, TODAY, max);
                if (max + delta < 0) {
                    assert.match(JSON.stringify(ex), /expired on/);
                } else if (delta <= 0) {
                    assert.equal(ex.state, "valid");
                } else {
                    assert.equal(ex.state, "invalid");
                    assert.match(
                        JSON.stringify(ex),
                        new RegExp(`more than ${max} days after today .*at most until ${addDays(TODAY, max)}`),
                    );
                }
            }),
            { numRuns: 500 },
        );
        assert.equal(
            parseExemptionValue(KEY, `x; expires=${addDays(TODAY, 91)}`, TODAY).state,
            "invalid",
            "the default ceiling is 90 days",
        );
        assert.equal(parseExemptionValue(KEY, `x; expires=${addDays(TODAY, 90)}`, TODAY).state, "valid");
    });

    it("through a policy: the configured ceiling decides, the default is 90, and beyond 365 is not configurable", async () => {
        await fc.assert(
            fc.asyncProperty(fc.integer({ min: 1, max: 365 }), fc.integer({ min: -2, max: 2 }), async (max, delta) => {
                const ds = await tagged(high, `bastion; expires=${addDays(TODAY, max + delta)}`, { exemptionMaxDays: max });
                if (max + delta < 0) assert.ok(mandatory(ds).some((d) => /expired on/.test(d.message)));
                else if (delta <= 0) assert.ok(onlyNote(ds), ds.map((d) => d.message).join("\n"));
                else assert.ok(mandatory(ds).some((d) => /is not valid: its expiry .* exemptions may last at most until/.test(d.message)));
            }),
            { numRuns: 40 },
        );
        assert.ok(onlyNote(await tagged(high, `x; expires=${addDays(TODAY, 90)}`)));
        assert.ok(mandatory(await tagged(high, `x; expires=${addDays(TODAY, 91)}`)).length > 0);
        // An out-of-range ceiling falls back to the default, never to "no ceiling".
        assert.ok(mandatory(await tagged(high, `x; expires=${addDays(TODAY, 400)}`, { exemptionMaxDays: 1000 })).length > 0);
        assert.ok(mandatory(await tagged(high, `x; expires=${addDays(TODAY, 200)}`, { exemptionMaxDays: 1000 })).length > 0);
    });

    const approval = (extra: Record<string, unknown> = {}) => ({
        resource: critical.name,
        reason: "third-party key",
        approver: "secops@example.com",
        expires: addDays(TODAY, 30),
        ...extra,
    });

    it("critical policies: a tag alone stays a mandatory violation that says what is missing", async () => {
        const ds = mandatory(await tagged(critical, `third-party key; expires=${addDays(TODAY, 30)}`));
        assert.ok(
            ds.some((d) =>
                /is not honoured: kms-key-policy-no-wildcard-principal is critical, so a tag or annotation alone is not enough.*no approvedExemptions entry/.test(
                    d.message,
                ),
            ),
        );
        assert.ok(
            ds.some((d) => critical.violations[0].match!.test(d.message)),
            "the underlying violation is still reported",
        );
    });

    it("critical policies: an approved tag gives one advisory note naming the approver", async () => {
        const ds = await tagged(critical, `third-party key; expires=${addDays(TODAY, 30)}`, {
            approvedExemptions: [approval(), approval({ resource: "other" })],
        });
        assert.ok(onlyNote(ds), ds.map((d) => d.message).join("\n"));
        assert.match(ds[0].message, /approved by secops@example\.com until/);
        const byPattern = await tagged(critical, `third-party key; expires=${addDays(TODAY, 30)}`, {
            approvedExemptions: [approval({ resource: `${critical.name.slice(0, 2)}*` })],
        });
        assert.ok(onlyNote(byPattern));
    });

    it("critical policies: every incomplete, expired, over-long or other-resource approval leaves the violation mandatory", async () => {
        const broken = fc.oneof(
            fc.subarray(["reason", "approver", "expires"], { minLength: 1 }).map((drop) => ({
                change: Object.fromEntries(drop.map((k) => [k, fc.sample(fc.constantFrom(undefined, "", "  "), 1)[0]])),
                why: /has no/,
            })),
            fc.integer({ min: 1, max: 400 }).map((d) => ({ change: { expires: addDays(TODAY, -d) }, why: /expired on/ })),
            fc.integer({ min: 91, max: 800 }).map((d) => ({ change: { expires: addDays(TODAY, d) }, why: /at most until/ })),
            fc
                .constantFrom("tomorrow", "2026-02-30", "01/02/2027", 20270101)
                .map((e) => ({ change: { expires: e }, why: /expires|has no/ })),
            fc
                .constantFrom("other", `${critical.name}-2`, "", "x*")
                .map((r) => ({ change: { resource: r }, why: /no approvedExemptions entry/ })),
        );
        await fc.assert(
            fc.asyncProperty(broken, async ({ change, why }) => {
                const ds = mandatory(
                    await tagged(critical, `third-party key; expires=${addDays(TODAY, 30)}`, { approvedExemptions: [approval(change)] }),
                );
                const gate = ds.find((d) => /is not honoured/.test(d.message));
                assert.ok(gate, ds.map((d) => d.message).join("\n"));
                assert.match(gate.message, why);
            }),
            { numRuns: 60 },
        );
    });

    it("malformed approvals and ceilings never throw and never exempt a critical policy", async () => {
        const junk = fc.oneof(
            fc.constantFrom<unknown>(null, 7, "x", true, [], {}, [null], [7], UNKNOWN, [{ resource: 7 }]),
            fc.jsonValue({ maxDepth: 3 }),
        );
        await fc.assert(
            fc.asyncProperty(junk, junk, async (approved, max) => {
                const ds = await tagged(critical, `third-party key; expires=${addDays(TODAY, 30)}`, {
                    approvedExemptions: approved,
                    exemptionMaxDays: max,
                });
                assert.ok(!ds.some((d) => /internal error/.test(d.message)));
                assert.ok(mandatory(ds).some((d) => critical.violations[0].match!.test(d.message)));
            }),
            { numRuns: 200 },
        );
        for (const bad of [undefined, null, "x", [null], [{}]]) assert.equal(approvalFor(bad, "k", TODAY, 90).ok, false);
    });
});
