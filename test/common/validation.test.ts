import { strict as assert } from "assert";
import { ContainmentArgsError, SecureCluster, VpcArgsError, validateContainmentArgs, validateSecureClusterArgs } from "../../components";
import { QUOTE_LIMIT, Reporter, ValidationError, pathText, quoteValue, reporter, tableNaming } from "../../components/common/validation";

function caught(fn: () => unknown): ValidationError {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof ValidationError, `a ValidationError, not ${String(e)}`);
        return e;
    }
    assert.fail("no error thrown");
}

describe("ValidationError: the one error type for bad input (components and stack config)", () => {
    it("builds its message from its fields: label, path, quoted value, what is wrong, what is allowed", () => {
        const e = new ValidationError(
            { path: ["nodeGroups", 0, "maxSize"], value: 0, problem: "is not allowed", allowed: "use 1 or more" },
            { label: 'SecureCluster "c"' },
        );
        assert.equal(e.message, 'SecureCluster "c": nodeGroups[0].maxSize 0 is not allowed; use 1 or more');
        assert.deepEqual(e.path, ["nodeGroups", 0, "maxSize"]);
        assert.equal(e.value, 0);
        assert.equal(e.allowed, "use 1 or more");
        assert.equal(e.where, "nodeGroups[0].maxSize");
        assert.equal(e.name, "ValidationError");
    });

    it("quotes text as JSON, numbers as written, and cuts long values stating their length", () => {
        assert.equal(quoteValue('a"b'), '"a\\"b"');
        assert.equal(quoteValue(Number.NaN), "NaN");
        assert.equal(quoteValue(["x"]), '["x"]');
        const long = quoteValue("x".repeat(QUOTE_LIMIT + 50));
        assert.match(long, new RegExp(`^"x{${QUOTE_LIMIT}}…" \\(${QUOTE_LIMIT + 50} characters, first ${QUOTE_LIMIT} shown\\)$`));
    });

    it("a table naming maps the longest listed leading path to a config path and keeps the rest", () => {
        const naming = tableNaming(
            {
                "subnetCidrs.public": ["publicSubnetCidrs"],
                logRetentionDays: ["clusterLogRetentionDays"],
                namespace: ["teams", 1, "namespaces", 0],
            },
            { namespace: "secure-baseline", under: ["teams", 1] },
        );
        const r = new Reporter(naming);
        assert.equal(r.name("subnetCidrs", "public", 2), "secure-baseline:publicSubnetCidrs[2]");
        assert.equal(r.name("logRetentionDays"), "secure-baseline:clusterLogRetentionDays");
        assert.equal(r.name("namespace"), "secure-baseline:teams[1].namespaces[0]");
        assert.equal(r.name("quota", "limitsCpu"), "secure-baseline:teams[1].quota.limitsCpu", "unlisted paths go under `under`");
        const e = caught(() => r.fail({ path: ["quota", "pods"], value: -1, problem: "is not allowed", allowed: "use 0 or more" }));
        assert.deepEqual(e.path, ["teams", 1, "quota", "pods"], "the error carries the config path");
        assert.deepEqual(e.argumentPath, ["quota", "pods"], "and the argument path the validator found");
        assert.equal(e.message, "secure-baseline:teams[1].quota.pods -1 is not allowed; use 0 or more");
    });

    it("pathText renders indexes in brackets", () => {
        assert.equal(pathText(["a", 0, "b", 12]), "a[0].b[12]");
        assert.equal(pathText([]), "");
    });

    it("component validators throw it with the argument path, the value and what is allowed", () => {
        const e = caught(() =>
            validateSecureClusterArgs("dev", {
                adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"],
                nodeInternetEgress: true,
                nodeGroups: [
                    { name: "system", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 2, amiType: "AL2_x86_64" },
                ],
            }),
        );
        assert.deepEqual(e.path, ["nodeGroups", 0, "amiType"]);
        assert.equal(e.value, "AL2_x86_64");
        assert.match(e.allowed, /^use one of AL2023_x86_64_STANDARD, /);
        assert.match(e.message, /^SecureCluster "dev": nodeGroups\[0\]\.amiType "AL2_x86_64" is not allowed; use one of /);
        assert.ok(SecureCluster, "the component module loads with its validator");
    });

    it("the exported per-component classes are ValidationErrors, so one catch handles every component", () => {
        const e = caught(() => validateContainmentArgs("c", { clusterName: "ok", minSeverity: 0 }));
        assert.ok(e instanceof ContainmentArgsError);
        assert.deepEqual([e.path, e.value], [["minSeverity"], 0]);
        assert.ok(Object.prototype.isPrototypeOf.call(ValidationError.prototype, VpcArgsError.prototype));
    });

    it("a caller's naming replaces the component label and names cross references too", () => {
        const r = reporter("Ignored", { namespace: "secure-baseline" });
        const e = caught(() => r.fail({ path: ["a"], value: true, problem: `conflicts with ${r.name("b")}`, allowed: "set one" }));
        assert.equal(e.message, "secure-baseline:a true conflicts with secure-baseline:b; set one");
        assert.equal(e.label, undefined);
    });
});
