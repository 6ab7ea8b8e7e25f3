/**
 * Bad input for the readers of issue 12's AWS policies: malformed values at every path
 * they read give a violation naming the resource and the property, or a pass where the
 * value cannot widen access; never a throw, never the framework's "could not evaluate".
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { resourcePolicyNotPublic } from "../../../policy-pack/policies/cloud/resource-policy-not-public";
import { ecrPolicyRestricted } from "../../../policy-pack/policies/container/ecr-policy-restricted";
import { AWS_FAMILY_CASES } from "./families";
import { withField } from "../case";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, analyze, analyzeStack, of } from "../runtime";

const junk = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 20 }),
    fc.constantFrom<unknown>(
        UNKNOWN,
        UNKNOWN_ARRAY,
        UNKNOWN_OBJECT,
        "{",
        "[]",
        "null",
        '{"Statement":7}',
        '{"Statement":[{"Effect":"Allow","Principal":{"AWS":[1]}}]}',
        [null],
        { criterions: "x" },
    ),
);

/** Every path a case of the policy changes is a path its reader reads. */
const TARGETS = AWS_FAMILY_CASES.flatMap((c) =>
    c.kind === "resource" ? [...c.violations, ...(c.alsoCompliant ?? []), ...c.unknowns].map((v) => ({ c, path: v.path })) : [],
);

describe("issue 12 AWS readers: malformed values never throw and name what they reject (fuzz)", () => {
    it(`${TARGETS.length} read paths x generated junk`, async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...TARGETS), junk, async ({ c, path }, value) => {
                if (c.kind !== "resource") return;
                const props = withField(c.compliant, path, value);
                const ds = of(
                    await analyze([c.policy], { type: c.type, name: "fuzzed", props }, { [c.policy.meta.name]: c.config ?? {} }),
                    c.policy.meta.name,
                );
                for (const d of ds) {
                    assert.doesNotMatch(d.message, /could not evaluate/, d.message);
                    assert.match(d.message, /"fuzzed"|fuzzed/, d.message);
                }
            }),
            { numRuns: 3000 },
        );
    });
    it("a resource policy that is not a policy document is a violation naming the property", async () => {
        const documents = AWS_FAMILY_CASES.flatMap((c) =>
            c.kind === "resource" &&
            (c.policy === resourcePolicyNotPublic || c.policy === ecrPolicyRestricted) &&
            !c.type.includes("replication")
                ? [c]
                : [],
        );
        assert.ok(documents.length >= 10, `${documents.length} document cases`);
        const bad = fc.constantFrom(
            "{not json",
            "[]",
            '"x"',
            '{"Statement":[7]}',
            '{"Statement":[{"Principal":"*","Action":"*"}]}',
            '{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::1:root","Action":"*"}]}',
            '{"Statement":[{"Effect":"Allow","Principal":"*","Action":7}]}',
            "{}",
        );
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...documents), bad, async (c, text) => {
                if (c.kind !== "resource") return;
                const path = c.violations[0].path;
                const ds = of(
                    await analyze(
                        [c.policy],
                        { type: c.type, name: "doc", props: withField(c.compliant, path, text) },
                        { [c.policy.meta.name]: c.config ?? {} },
                    ),
                    c.policy.meta.name,
                );
                assert.ok(
                    ds.some((d) => d.message.includes("cannot be checked") && d.message.includes(path) && d.message.includes('"doc"')),
                    `${c.type} ${text}: ${ds.map((d) => d.message).join(" | ")}`,
                );
            }),
            { numRuns: 200 },
        );
    });
    it("stack policies: malformed listener rules, listeners and rotations never throw", async () => {
        const stacks = AWS_FAMILY_CASES.flatMap((c) => (c.kind === "stack" ? [c] : []));
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...stacks),
                fc.nat(),
                fc.constantFrom("actions", "protocol", "rotationEnabled", "listenerArn", "actions.0.type", "actions.0.redirect"),
                junk,
                async (c, i, path, value) => {
                    const resources = c.compliant.map((r, k) =>
                        k === i % c.compliant.length ? { ...r, props: withField(r.props, path, value) } : r,
                    );
                    const ds = of(await analyzeStack([c.policy], resources), c.policy.meta.name);
                    for (const d of ds) assert.doesNotMatch(d.message, /could not evaluate/, d.message);
                },
            ),
            { numRuns: 400 },
        );
    });
});
