/**
 * Which severities a GuardDuty filter's finding criteria admit. Criteria on one field
 * are ANDed; on `severity` they bound an interval (equals: a set of points). Pure.
 */
import type * as aws from "@pulumi/aws";
import { Data, asArray, readerFor } from "../../lib";

const read = readerFor<aws.types.input.guardduty.FilterFindingCriteria>();

/** GuardDuty rates 7.0 to 8.9 high and 9.0 to 10.0 critical. */
export const HIGH_SEVERITY = 7;
const MAX_SEVERITY = 10;

export type SeverityReach =
    | { readonly ok: true; readonly criteria: number; readonly admitsHigh: boolean }
    | { readonly ok: false; readonly path: string; readonly problem: string };

function num(v: Data): number | undefined {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads findingCriteria.criterions: how many criteria there are, and whether a finding of
 * severity >= 7 can match. Malformed criteria (not a list, no field, a non-numeric
 * severity bound) are reported with their path (fail closed).
 */
export function severityReach(criteria: Data): SeverityReach {
    const list = read(criteria, "criterions");
    if (list === undefined || list === null) return { ok: true, criteria: 0, admitsHigh: true };
    if (!Array.isArray(list)) return { ok: false, path: "findingCriteria.criterions", problem: "it is not a list" };
    let lo = -Infinity;
    let loOpen = false;
    let hi = Infinity;
    let hiOpen = false;
    let points: number[] | undefined;
    for (const i of asArray(list).keys()) {
        const path = `findingCriteria.criterions.${i}`;
        const field = read(criteria, "criterions", i, "field");
        if (typeof field !== "string") return { ok: false, path: `${path}.field`, problem: "the criterion has no field name" };
        if (field.trim().toLowerCase() !== "severity") continue;
        for (const [key, strict, isLower] of [
            ["greaterThan", true, true],
            ["greaterThanOrEqual", false, true],
            ["lessThan", true, false],
            ["lessThanOrEqual", false, false],
        ] as const) {
            const raw = read(criteria, "criterions", i, key);
            if (raw === undefined || raw === null) continue;
            const v = num(raw);
            if (v === undefined)
                return { ok: false, path: `${path}.${key}`, problem: `${JSON.stringify(raw).slice(0, 30)} is not a number` };
            if (isLower && (v > lo || (v === lo && strict))) [lo, loOpen] = [v, strict];
            if (!isLower && (v < hi || (v === hi && strict))) [hi, hiOpen] = [v, strict];
        }
        const equals = read(criteria, "criterions", i, "equals");
        if (equals !== undefined && equals !== null) {
            const values = Array.isArray(equals) ? equals.map(num) : [undefined];
            if (values.some((v) => v === undefined)) return { ok: false, path: `${path}.equals`, problem: "it is not a list of numbers" };
            const set = values as number[];
            points = points === undefined ? set : points.filter((p) => set.includes(p));
        }
    }
    const inRange = (v: number): boolean => (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
    if (points !== undefined) return { ok: true, criteria: list.length, admitsHigh: points.some((p) => p >= HIGH_SEVERITY && inRange(p)) };
    // The interval [lo, hi] meets [7, 10] when its top reaches 7 and its bottom stays under 10.
    const top = Math.min(hi, MAX_SEVERITY);
    const bottom = Math.max(lo, HIGH_SEVERITY);
    const admitsHigh = top > bottom || (top === bottom && (top !== hi || !hiOpen) && (bottom !== lo || !loOpen));
    return { ok: true, criteria: list.length, admitsHigh };
}
