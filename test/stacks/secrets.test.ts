/** The stack's secrets section (DATA-4): config keys, their checks, and what the program builds. */
import { strict as assert } from "assert";
import { parseConfig } from "../../stacks/config";
import { runProgram } from "./support";
import { promiseOf } from "../support/harness";
import { stackConfig } from "./stackFiles";

const ADMIN = { adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"] };

describe("stack config: application secrets (DATA-4)", () => {
    it("is on by default, the prefix being the cluster name, and adds the Secrets Manager endpoint", () => {
        const c = parseConfig(ADMIN, "dev");
        assert.deepEqual(c.secrets, { enabled: true, secretNamePrefix: "secure-baseline-dev" });
        assert.ok(c.network.interfaceEndpointServices.includes("secretsmanager"));
        assert.equal(c.network.interfaceEndpointServices.filter((s) => s === "sts").length, 1, "sts not doubled");
    });
    it("takes the keys as Pulumi passes them (text); off, no endpoint is added", () => {
        const c = parseConfig({ ...ADMIN, externalSecrets: "false", secretNamePrefix: "org/apps" });
        assert.deepEqual(c.secrets, { enabled: false, secretNamePrefix: "org/apps" });
        assert.ok(!c.network.interfaceEndpointServices.includes("secretsmanager"));
    });
    for (const [what, raw, match] of [
        [
            "a prefix with a trailing slash",
            { secretNamePrefix: "apps/" },
            /secure-baseline:secretNamePrefix "apps\/" is not a Secrets Manager name prefix; use 1 to 256 characters \(letters, digits and \/ _ \+ = \. @ -\)/,
        ],
        [
            "a prefix with a space",
            { secretNamePrefix: "my apps" },
            /secure-baseline:secretNamePrefix "my apps" is not a Secrets Manager name prefix/,
        ],
        ["a prefix with a wildcard", { secretNamePrefix: "apps*" }, /secure-baseline:secretNamePrefix "apps\*"/],
        [
            "externalSecrets that is not a boolean",
            { externalSecrets: "yes" },
            /secure-baseline:externalSecrets "yes" is not allowed; use true or false/,
        ],
        [
            "interface endpoints off with external secrets on",
            { interfaceEndpoints: false, natStrategy: "single" },
            /secure-baseline:interfaceEndpoints false is not allowed with secure-baseline:externalSecrets true/,
        ],
    ] as const) {
        it(`rejects ${what}, naming the key`, () => {
            assert.throws(() => parseConfig({ ...ADMIN, ...raw }), match);
        });
    }
    it("interface endpoints off is allowed once external secrets are off", () => {
        assert.equal(parseConfig({ ...ADMIN, interfaceEndpoints: false, externalSecrets: false }).secrets.enabled, false);
    });

    it("DATA-4: the dev stack builds SecretsAccess for its team and exports the key; off, it builds none", async function () {
        this.timeout(180_000);
        const on = await runProgram(stackConfig("dev"));
        assert.equal(on.ofType("secure-baseline:secrets:SecretsAccess").length, 1);
        assert.equal(on.ofType("kubernetes:external-secrets.io/v1:SecretStore").length, 1);
        assert.deepEqual(Object.keys((await promiseOf(on.value.secretsTeamRoleArns)) as Record<string, string>), ["example"]);
        assert.match(String(await promiseOf(on.value.secretsKeyArn)), /^arn:aws:kms:/);
        const off = await runProgram({ ...stackConfig("dev"), "secure-baseline:externalSecrets": false });
        assert.equal(off.ofType("secure-baseline:secrets:SecretsAccess").length, 0);
        assert.equal(await promiseOf(off.value.secretsKeyArn), undefined);
    });
});
