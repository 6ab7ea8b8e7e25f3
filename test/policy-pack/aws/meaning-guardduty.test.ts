/**
 * PACK-8 for the AWS families of issue 12, on GuardDuty filters: generated spellings of the same insecure
 * thing are all blocked, and generated compliant neighbours all pass.
 */
import fc from "fast-check";
import { guarddutyFilterNoArchiveHigh } from "../../../policy-pack/policies/cloud/guardduty-filter-no-archive-high";
import { assertPass } from "../detection/support";
import { blocked, check } from "./support";

describe("issue 12 AWS families: equivalent spellings are blocked, neighbours pass (property)", () => {
    it("DET-1 GuardDuty: an ARCHIVE filter is blocked exactly when some severity of 7 or more passes its criteria", async () => {
        const bound = fc.integer({ min: 0, max: 100 }).map((n) => n / 10);
        const criterion = fc.record(
            {
                greaterThan: bound,
                greaterThanOrEqual: bound,
                lessThan: bound,
                lessThanOrEqual: bound,
                equals: fc.array(bound, { minLength: 1, maxLength: 3 }),
            },
            { requiredKeys: [] },
        );
        await fc.assert(
            fc.asyncProperty(fc.array(criterion, { minLength: 1, maxLength: 3 }), fc.boolean(), async (crits, asString) => {
                // Oracle: severities from 7 to 10 that satisfy every criterion. Bounds sit on a 0.1 grid, so a
                // 0.05 grid also has a point inside every open interval between two bounds (9.5 < s < 9.6).
                const admits = (v: number) =>
                    crits.every(
                        (c) =>
                            (c.greaterThan === undefined || v > c.greaterThan) &&
                            (c.greaterThanOrEqual === undefined || v >= c.greaterThanOrEqual) &&
                            (c.lessThan === undefined || v < c.lessThan) &&
                            (c.lessThanOrEqual === undefined || v <= c.lessThanOrEqual) &&
                            (c.equals === undefined || c.equals.includes(v)),
                    );
                const high = Array.from({ length: 61 }, (_, i) => (140 + i) / 20).some(admits);
                const spelt = crits.map((c) => ({
                    field: fc.sample(fc.constantFrom("severity", "Severity"), 1)[0],
                    ...Object.fromEntries(
                        Object.entries(c).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : asString ? String(v) : String(v)]),
                    ),
                }));
                const ds = await check(guarddutyFilterNoArchiveHigh, "aws:guardduty/filter:Filter", {
                    detectorId: "d",
                    action: "ARCHIVE",
                    findingCriteria: { criterions: [{ field: "type", equals: ["x"] }, ...spelt] },
                });
                if (high) blocked(ds, /can archive high and critical findings/);
                else assertPass(ds);
            }),
            { numRuns: 300 },
        );
    });
});
