import { strict as assert } from "assert";
import { ConfigError, parseConfig } from "../../stacks/config";
import { ValidationError } from "../../components";
import { minimal } from "./support";
import { fieldError, zodProblem } from "../../stacks/sections/fields";

function configError(raw: Record<string, unknown>): ConfigError {
    try {
        parseConfig(minimal(raw));
    } catch (e) {
        assert.ok(e instanceof ConfigError && e instanceof ValidationError, String(e));
        return e;
    }
    assert.fail("parseConfig accepted the config");
}

describe("stack config errors carry the config path, the value and what is allowed", () => {
    it("a shape error from zod: the key's path and the raw value", () => {
        const e = configError({ azCount: 7 });
        assert.deepEqual(e.path, ["azCount"]);
        assert.equal(e.value, 7);
        assert.equal(e.allowed, "use a whole number from 2 to 6");
        assert.equal(e.problems.length, 1);
    });

    it("a message's halves come back as written, never split out of its text (a '; ' inside either half stays)", () => {
        const message = fieldError("is not allowed here; nor there", "use a; or b");
        assert.deepEqual(zodProblem(message), { problem: "is not allowed here; nor there", allowed: "use a; or b" });
        // zod's own messages are the problem whole, pointing at the key's documentation.
        const own = zodProblem("Invalid input: expected string; received number");
        assert.equal(own.problem, "Invalid input: expected string; received number");
        assert.match(own.allowed, /description in Pulumi\.yaml/);
    });

    it("every zod issue is kept, the first one's fields on the error", () => {
        const e = configError({ azCount: 7, natStrategy: "dual" });
        assert.deepEqual(
            e.problems.map((p) => p.path),
            [["azCount"], ["natStrategy"]],
        );
        assert.match(e.message, /^invalid stack config: secure-baseline:azCount 7 .*; secure-baseline:natStrategy "dual" is not allowed/);
    });

    it("a component validator's error, named by the section's table: the config path, not the argument path", () => {
        const e = configError({ nodeGroups: [{ name: "system", instanceTypes: ["m7i.large"], minSize: 0, desiredSize: 0, maxSize: 0 }] });
        assert.deepEqual(e.path, ["nodeGroups", 0, "maxSize"]);
        assert.equal(e.value, 0);
        const [inner] = e.problems;
        assert.deepEqual(inner.argumentPath, ["nodeGroups", 0, "maxSize"]);
        const retention = configError({ clusterLogRetentionDays: 100 });
        assert.deepEqual(retention.path, ["clusterLogRetentionDays"]);
    });

    it("a team namespace's baseline: argument paths land under the team's entry, the namespace on the entry naming it", () => {
        const quota = configError({ teams: [{ name: "web" }, { name: "api", quota: { requestsCpu: "8", limitsCpu: "4" } }] });
        assert.deepEqual(quota.path, ["teams", 1, "quota", "limitsCpu"]);
        assert.equal(quota.value, "4");
        assert.equal(quota.allowed, "a limit must be at least its request");
        const reserved = configError({ teams: [{ name: "ops", namespaces: ["ok", "kube-system"] }] });
        assert.deepEqual(reserved.path, ["teams", 0, "namespaces", 1]);
    });

    it("an alert subscription names the list it came from, by index", () => {
        const e = configError({ alertHttpsEndpoints: ["https://ok.example.com", "ftp://x"] });
        assert.deepEqual(e.path, ["alertHttpsEndpoints", 1]);
        assert.equal(e.value, "ftp://x");
    });

    it("errors the stack raises itself carry config paths too", () => {
        const e = configError({ interfaceEndpoints: false, natStrategy: "single" });
        assert.deepEqual(e.path, ["interfaceEndpoints"]);
        assert.match(e.allowed, /secure-baseline:interfaceEndpoints true or secure-baseline:externalSecrets false/);
    });
});
