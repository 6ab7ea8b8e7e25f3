import { strict as assert } from "assert";
import fc from "fast-check";
import { compareQuantities, parseQuantity } from "../../components";
import { quantityError } from "../../components/guardrails/quantity";
import { Problem, ValidationError } from "../../components/common/validation";

describe("K8S-4: Kubernetes quantity parser", () => {
    it("K8S-4: accepts the forms Kubernetes accepts", () => {
        for (const q of [
            "1",
            "0",
            "500m",
            "0.5",
            ".5",
            "1.",
            "2Gi",
            "512Mi",
            "1Ki",
            "1k",
            "1M",
            "1G",
            "1T",
            "1P",
            "1E",
            "1Ei",
            "1e3",
            "1E3",
            "1e-3",
            "+1",
            "100n",
            "10u",
        ]) {
            assert.ok(parseQuantity(q), q);
        }
    });
    it("K8S-4: rejects what Kubernetes rejects", () => {
        for (const q of ["2 cores", "", " 1", "1 ", "1gi", "1KB", "1Kib", "Gi", "1..2", "1.2.3", "0x10", "1e", "abc", "1m1"]) {
            assert.equal(parseQuantity(q), undefined, q);
        }
    });
    it("K8S-4: values are exact, with binary and decimal suffixes and exponents", () => {
        assert.equal(parseQuantity("1")?.nanos, 1_000_000_000n);
        assert.equal(parseQuantity("500m")?.nanos, 500_000_000n);
        assert.equal(parseQuantity("1Ki")?.nanos, 1024n * 1_000_000_000n);
        assert.equal(parseQuantity("1e3")?.nanos, parseQuantity("1k")?.nanos);
        assert.equal(parseQuantity("1E")?.nanos, 10n ** 27n, "1E is exa, not an exponent");
        assert.equal(parseQuantity("0.1n")?.nanos, 1n, "sub-nano fractions round up like Kubernetes");
        assert.equal(compareQuantities("1Gi", "1G"), 1);
        assert.equal(compareQuantities("1000Mi", "1Gi"), -1);
        assert.equal(compareQuantities("1", "1000m"), 0);
        assert.equal(compareQuantities("0.5", "500m"), 0);
    });
    it("K8S-4: negative values parse but are refused as sizes, by message", () => {
        assert.equal(parseQuantity("-1Gi")?.negative, true);
        const message = (p: Problem | undefined) => (p === undefined ? "" : new ValidationError(p).message);
        assert.match(message(quantityError(["quota", "limitsMemory"], "-1Gi")), /quota.limitsMemory "-1Gi" is negative/);
        assert.match(
            message(quantityError(["quota", "requestsCpu"], "2 cores")),
            /quota.requestsCpu "2 cores" is not a Kubernetes quantity/,
        );
        assert.deepEqual(quantityError(["quota", "limitsMemory"], "-1Gi"), {
            path: ["quota", "limitsMemory"],
            value: "-1Gi",
            problem: "is negative",
            allowed: "use a quantity of zero or more",
        });
        assert.equal(quantityError(["x"], "-0"), undefined, "-0 is zero");
    });
    it("K8S-4 (property): ordering agrees with plain arithmetic for milli and Mi values", () => {
        fc.assert(
            fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
                const expected = Math.sign(a - b);
                return (
                    compareQuantities(`${a}m`, `${b}m`) === expected &&
                    compareQuantities(`${a}Mi`, `${b}Mi`) === expected &&
                    compareQuantities(`${a * 1024}Ki`, `${b}Mi`) === Math.sign(a - b)
                );
            }),
        );
    });
});
