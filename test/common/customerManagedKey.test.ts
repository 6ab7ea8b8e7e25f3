import { strict as assert } from "assert";
import { CustomerManagedKey, buildKeyPolicy, keyAliasName, onKeyByAlias, validateKeyArgs } from "../../components";
import { PolicyDocument } from "../../components/common/iam";
import { MOCK_ACCOUNT_ID, MOCK_REGION } from "../../tools/check/canned";
import { TEST_STACK, parseJsonInput, promiseOf, runPulumi } from "../support/harness";

const ctx = { partition: "aws", accountId: MOCK_ACCOUNT_ID, region: MOCK_REGION, dnsSuffix: "amazonaws.com" };

function principals(doc: PolicyDocument): string[] {
    return doc.Statement.flatMap((s) => {
        const p = s.Principal ?? {};
        return [p.AWS, p.Service].flat().filter((x): x is string => typeof x === "string");
    });
}

describe("CustomerManagedKey (KMS-1, EKS-10)", () => {
    it("KMS-1: creates a key with rotation on, a 30-day window and an explicit policy", async () => {
        const run = await runPulumi(() => new CustomerManagedKey("logs", { purpose: "logs", services: ["logs"] }));
        const key = run.one("aws:kms/key:Key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        const policy = parseJsonInput<PolicyDocument>(key.inputs.policy);
        assert.deepEqual(principals(policy), [`arn:aws:iam::${MOCK_ACCOUNT_ID}:root`, `logs.${MOCK_REGION}.amazonaws.com`]);
        assert.equal(key.parentType, "secure-baseline:common:CustomerManagedKey");
    });

    it("EKS-10: key and alias are protected, and the key is retained on delete, by default", async () => {
        const run = await runPulumi(() => new CustomerManagedKey("k", { purpose: "secrets" }));
        assert.equal(run.one("aws:kms/key:Key").protect, true);
        assert.equal(run.one("aws:kms/key:Key").retainOnDelete, true);
        assert.equal(run.one("aws:kms/alias:Alias").protect, true);
    });

    it("protection is off only when asked", async () => {
        const run = await runPulumi(() => new CustomerManagedKey("k", { purpose: "secrets", protect: false }));
        assert.equal(run.one("aws:kms/key:Key").protect, false);
    });

    it("the alias has a fixed name with the stack in it, known at preview, and aliasName resolves to it", async () => {
        let aliasName: Promise<string> | undefined;
        const run = await runPulumi(() => {
            aliasName = promiseOf(new CustomerManagedKey("vpc", { purpose: "logs" }).aliasName);
        });
        const alias = run.one("aws:kms/alias:Alias");
        assert.equal(alias.inputs.name, `alias/secure-baseline/${TEST_STACK}/logs/vpc`);
        assert.equal(alias.inputs.namePrefix, undefined);
        assert.equal(alias.inputs.targetKeyId, "vpc-key-id");
        assert.equal(await aliasName, `alias/secure-baseline/${TEST_STACK}/logs/vpc`);
    });

    it("keyAliasName replaces what KMS refuses in an alias and refuses one longer than KMS allows", () => {
        assert.equal(keyAliasName("dev.eu", "logs", "net work"), "alias/secure-baseline/dev-eu/logs/net-work");
        assert.throws(
            () => keyAliasName("s", "logs", "n".repeat(300)),
            /CustomerManagedKey: the alias "alias\/secure-baseline\/s\/logs\/n+…" \(329 characters\) is longer than KMS allows \(256\)/,
        );
    });

    it("onKeyByAlias scopes a statement to this account's keys in this region that carry the alias", () => {
        assert.deepEqual(onKeyByAlias(ctx, "alias/a", "Use", ["kms:Decrypt"], { Bool: { "kms:GrantIsForAWSResource": true } }), {
            Sid: "Use",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/*`,
            Condition: { Bool: { "kms:GrantIsForAWSResource": true }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/a" } },
        });
    });

    it("no statement in any key policy has a wildcard principal, and service statements carry a condition", () => {
        const doc = buildKeyPolicy(ctx, ["logs", "cloudtrail", "events", "sns", "config", "autoscaling", "s3"]);
        for (const s of doc.Statement) {
            assert.ok(s.Principal, `${s.Sid} has a principal`);
            for (const p of principals({ Version: "2012-10-17", Statement: [s] })) {
                assert.ok(!p.includes("*"), `${s.Sid}: principal ${p}`);
            }
            if (s.Principal?.Service) assert.ok(s.Condition, `${s.Sid} is scoped by a condition`);
            assert.notEqual(s.Action, "*");
        }
    });

    it("the logs statement is bound to this account's log groups by encryption context", () => {
        const s = buildKeyPolicy(ctx, ["logs"]).Statement.find((x) => x.Sid === "AllowCloudWatchLogs");
        assert.deepEqual(s?.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:*` },
        });
    });

    describe("bad input", () => {
        it("rejects an unknown purpose, naming it and the allowed values", () => {
            assert.throws(() => validateKeyArgs("k", { purpose: "misc" }), /purpose "misc" is not allowed; use one of secrets, logs/);
        });
        it("rejects an unknown service", () => {
            assert.throws(
                () => validateKeyArgs("k", { purpose: "logs", services: ["lambda"] }),
                /services\[\d\] "lambda" is not a service the key serves; allowed: logs/,
            );
        });
        it("rejects a deletion window outside 7..30", () => {
            assert.throws(
                () => validateKeyArgs("k", { purpose: "logs", deletionWindowInDays: 3 }),
                /deletionWindowInDays 3 is not allowed; use a whole number from 7 to 30/,
            );
        });
        it("raises before any resource is registered", async () => {
            const run = await runPulumi(() => {
                try {
                    new CustomerManagedKey("k", { purpose: "logs", deletionWindowInDays: 90 });
                } catch {
                    return "threw";
                }
                return "built";
            });
            assert.equal(run.value, "threw");
            assert.equal(run.resources.length, 0);
        });
    });
});
