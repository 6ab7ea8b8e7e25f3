/**
 * DATA-4 secrets-access-team-scoped judges meaning, not spelling: every way of writing an action that
 * covers secretsmanager:GetSecretValue is caught (case, `*`, `?`, NotAction), every resource pattern is
 * judged by the literal part before its first wildcard, and the baseline's own documents pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { controllerPolicy, controllerTrust, teamRoleTrust, teamSecretsPolicy } from "../../components";
import { secretsAccessTeamScoped } from "../../policy-pack/policies/cloud/secrets-access-team-scoped";
import { secretPatternProblem } from "../../policy-pack/policies/shared/secret-scope";
import { analyze, of } from "./runtime";

const NAME = secretsAccessTeamScoped.meta.name;
const SM = "arn:aws:secretsmanager:us-east-1:123456789012:secret";
const ctx = { partition: "aws", accountId: "123456789012", region: "us-east-1", dnsSuffix: "amazonaws.com" };

async function verdict(statement: Record<string, unknown>, config: Record<string, unknown> = {}) {
    const props = { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) };
    return of(await analyze([secretsAccessTeamScoped], { type: "aws:iam/policy:Policy", name: "p", props }, { [NAME]: config }), NAME);
}

/** Random upper/lower case: IAM compares actions case-insensitively. */
const recased = (s: string) =>
    fc
        .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
        .map((flips) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

describe("DATA-4 secrets-access-team-scoped: spellings (fast-check)", () => {
    it("every spelling of an action covering GetSecretValue, on every secret, is a mandatory violation", async () => {
        const covering = fc
            .constantFrom(
                "secretsmanager:GetSecretValue",
                "secretsmanager:Get*",
                "secretsmanager:*",
                "*",
                "*:*",
                "secretsmanager:*Value",
                "secretsmanager:G?tSecretValue",
                "secrets*:GetSecret*",
                "*:GetSecretValue",
                "secretsmanager:*Secret*",
            )
            .chain(recased);
        await fc.assert(
            fc.asyncProperty(
                covering,
                fc.constantFrom("*", `${SM}:*`, "arn:aws:secretsmanager:*:*:secret:*", "arn:*:secretsmanager:*", `${SM}:app*`),
                async (action, resource) => {
                    const ds = await verdict({ Effect: "Allow", Action: [action], Resource: resource });
                    assert.equal(ds.length, 1, `${action} on ${resource}`);
                    assert.equal(ds[0].enforcementLevel, "mandatory");
                },
            ),
            { numRuns: 300 },
        );
    });

    it("actions that do not cover GetSecretValue pass on every secret; NotAction that leaves it in does not", async () => {
        const other = fc
            .constantFrom(
                "secretsmanager:DescribeSecret",
                "secretsmanager:List*",
                "secretsmanager:Put*",
                "kms:*",
                "s3:GetObject",
                "secretsmanager:GetRandomPassword",
            )
            .chain(recased);
        await fc.assert(
            fc.asyncProperty(other, async (action) => {
                assert.deepEqual(await verdict({ Effect: "Allow", Action: action, Resource: "*" }), []);
                const notAction = await verdict({ Effect: "Allow", NotAction: action, Resource: "*" });
                assert.equal(notAction.length, 1, `NotAction ${action}`);
            }),
            { numRuns: 100 },
        );
        assert.deepEqual(await verdict({ Effect: "Allow", NotAction: "secretsmanager:Get*", Resource: "*" }), []);
    });

    const segment = fc.stringMatching(/^[A-Za-z0-9_+=.@-]{1,12}$/);
    it("a pattern whose literal part holds <prefix>/<team>/ passes; cut before the team segment it does not", async () => {
        await fc.assert(
            fc.property(
                fc.array(segment, { minLength: 1, maxLength: 3 }),
                segment,
                fc.constantFrom("", "db", "x/y"),
                fc.constantFrom("*", "?*", "-??????"),
                (prefixParts, team, rest, wild) => {
                    const prefix = prefixParts.join("/");
                    assert.equal(secretPatternProblem(`${SM}:${prefix}/${team}/${rest}${wild}`, [prefix]), undefined);
                    assert.notEqual(secretPatternProblem(`${SM}:${prefix}/${wild}`, [prefix]), undefined);
                    assert.notEqual(secretPatternProblem(`${SM}:${prefix}/${team.slice(0, -1)}*`, [prefix]), undefined);
                    assert.equal(secretPatternProblem(`${SM}:${prefix}/${team}/${rest}db-AbCdEf`, [prefix]), undefined, "one secret");
                },
            ),
            { numRuns: 300 },
        );
    });

    it("resources of other services and non-secret Secrets Manager ARNs are not secrets", () => {
        assert.equal(secretPatternProblem("arn:aws:s3:::bucket/*", []), undefined);
        assert.equal(secretPatternProblem("arn:aws:kms:us-east-1:123456789012:key/*", []), undefined);
        assert.notEqual(secretPatternProblem("arn:aws:secretsmanager:us-east-1:123456789012:*:*", []), undefined);
    });
});

describe("DATA-4 secrets-access-team-scoped: the baseline's own documents pass", () => {
    const alias = "alias/secure-baseline/dev/secrets/secrets-key";
    const controller = "arn:aws:iam::123456789012:role/dev-eso-controller";
    const role = (policy: unknown, trust: unknown) => ({
        type: "aws:iam/role:Role",
        name: "r",
        props: { assumeRolePolicy: JSON.stringify(trust), inlinePolicies: [{ name: "p", policy: JSON.stringify(policy) }] },
    });

    for (const config of [{}, { secretNamePrefixes: ["secure-baseline-dev"] }]) {
        it(`team and controller roles, pack config ${JSON.stringify(config)}`, async () => {
            const team = role(teamSecretsPolicy(ctx, "secure-baseline-dev", "payments", alias), teamRoleTrust(ctx, controller));
            assert.deepEqual(of(await analyze([secretsAccessTeamScoped], team, { [NAME]: config }), NAME), []);
            const ctl = role(controllerPolicy(["arn:aws:iam::123456789012:role/dev-eso-team-payments"]), controllerTrust(ctx, "dev"));
            assert.deepEqual(of(await analyze([secretsAccessTeamScoped], ctl, { [NAME]: config }), NAME), []);
        });
    }

    it("the same team document with a prefix-wide resource is refused", async () => {
        const doc = teamSecretsPolicy(ctx, "secure-baseline-dev", "payments", alias);
        const widened = { ...doc, Statement: [{ ...doc.Statement[0], Resource: `${SM}:secure-baseline-dev/*` }, doc.Statement[1]] };
        const ds = of(await analyze([secretsAccessTeamScoped], role(widened, teamRoleTrust(ctx, controller))), NAME);
        assert.equal(ds.length, 1);
        assert.match(ds[0].message, /"secure-baseline-dev\/" of the name does not reach "<prefix>\/<team>\/"/);
    });
});
