/**
 * PACK-7: the pure parts of the offline check — reading a project and its
 * stack config, reconciling pack config, the wire form of property values,
 * URNs and metadata.
 */
import { strict as assert } from "assert";
import { CheckFailure } from "../../tools/check/errors";
import { controlFromMessage, policyMeta } from "../../tools/check/metadata";
import { messageLines } from "../../tools/check/report/text";
import type { PackInfo, PolicyInfo } from "../../tools/check/pack";
import { reconcilePackConfig } from "../../tools/check/packConfig";
import { durationSeconds, engineUrn } from "../../tools/check/engine";
import { SECRET_PLACEHOLDER, configValue, loadProject } from "../../tools/check/project";
import { RESOURCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, forDisplay, toAnalyzerWire } from "../../tools/check/wire";
import { program } from "./support";

function policy(over: Partial<PolicyInfo>): PolicyInfo {
    return {
        name: "p",
        displayName: "",
        description: "",
        enforcement: "mandatory",
        kind: "resource",
        severity: "high",
        tags: [],
        remediation: "",
        url: "",
        ...over,
    };
}

const PACK: PackInfo = {
    name: "pack",
    version: "1.0.0",
    policies: [
        policy({
            name: "ports",
            configSchema: {
                properties: {
                    allowed: { type: "array", items: { type: "integer" }, default: [443] },
                    mode: { type: "string", enum: ["strict", "lax"] },
                },
                required: [],
            },
        }),
        policy({ name: "plain", enforcement: "advisory" }),
    ],
    initialConfig: {},
};

function throwsCheckFailure(fn: () => unknown, re: RegExp): void {
    assert.throws(fn, (e: unknown) => e instanceof CheckFailure && re.test(e.message));
}

describe("offline check: pure parts (PACK-7)", () => {
    describe("loadProject", () => {
        it("applies Pulumi.yaml config defaults under the project namespace", () => {
            const p = loadProject(program("open-ssh"), "dev");
            assert.equal(p.config["fixture-open-ssh:sshPort"], "22");
            assert.equal(p.config["aws:region"], "us-east-1");
            assert.equal(p.name, "fixture-open-ssh");
            assert.equal(p.typescript, true);
        });

        it("replaces secure values by a placeholder and marks the key secret; structured values become JSON", () => {
            const p = loadProject(program("wire"), "test");
            assert.equal(p.config["fixture-wire:dbPassword"], SECRET_PLACEHOLDER);
            assert.deepEqual(p.secretKeys, ["fixture-wire:dbPassword"]);
            assert.deepEqual(JSON.parse(p.config["fixture-wire:tags"]), { team: "platform", cost: 42 });
            assert.equal(p.config["fixture-wire:greeting"], "hello");
        });

        it("a nested secure value makes the whole key secret", () => {
            assert.deepEqual(configValue({ db: { password: { secure: "x" } } }), {
                value: JSON.stringify({ db: { password: SECRET_PLACEHOLDER } }),
                secret: true,
            });
        });

        it("picks the only stack when --stack is omitted; main and runtime options are read", () => {
            const p = loadProject(program("plain-js"));
            assert.equal(p.stack, "dev");
            assert.equal(p.typescript, false);
            assert.match(p.main, /plain-js\/out$/);
        });

        it("names the stack config file it looked for, and the stacks the project has", () => {
            throwsCheckFailure(
                () => loadProject(program("open-ssh"), "prod"),
                /looked for .*open-ssh\/Pulumi\.prod\.yaml \(stacks with a config file: dev\)/,
            );
        });

        it("a project with no stack config file: an empty config, and a note naming where it looked", () => {
            const p = loadProject(program("no-stack-config"), "dev");
            assert.equal(p.stackConfigFile, null);
            assert.match(p.configNote ?? "", /looked for Pulumi\.<stack>\.yaml in .*no-stack-config\)/);
        });

        it("rejects a folder without Pulumi.yaml", () => {
            throwsCheckFailure(() => loadProject(program("not-a-project"), "dev"), /no Pulumi\.yaml in/);
        });
    });

    describe("reconcilePackConfig", () => {
        it("starts from each policy's level and schema defaults", () => {
            assert.deepEqual(reconcilePackConfig(PACK), {
                ports: { enforcement: "mandatory", properties: { allowed: [443] } },
                plain: { enforcement: "advisory", properties: {} },
            });
        });

        it("applies `all`, then per-policy levels and keys", () => {
            const c = reconcilePackConfig(PACK, {
                all: { enforcement: "disabled", properties: {} },
                ports: { enforcement: "advisory", properties: { mode: "lax" } },
            });
            assert.deepEqual(c.ports, { enforcement: "advisory", properties: { allowed: [443], mode: "lax" } });
            assert.equal(c.plain.enforcement, "disabled");
        });

        it("names policy and key for a value that breaks the schema", () => {
            throwsCheckFailure(
                () => reconcilePackConfig(PACK, { ports: { properties: { mode: "loose" } } }),
                /policy "ports", key "mode": must be equal to one of the allowed values \(value "loose"\)/,
            );
        });

        it("names policy and key for an undeclared key, and rejects unknown policies", () => {
            throwsCheckFailure(
                () => reconcilePackConfig(PACK, { plain: { properties: { x: 1 } } }),
                /policy "plain" has no config key "x" \(it takes no config\)/,
            );
            throwsCheckFailure(() => reconcilePackConfig(PACK, { nope: { properties: {} } }), /has no policy "nope"/);
        });
    });

    describe("wire form", () => {
        it("keeps secrets and unknowns, drops internal keys, turns resource references into ids or URNs", () => {
            const wire = toAnalyzerWire({
                a: { [SIG_KEY]: SECRET_SIG, value: "s" },
                b: UNKNOWN,
                __defaults: ["a"],
                c: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:x", id: "i-1" },
                d: { [SIG_KEY]: RESOURCE_SIG, urn: "urn:component" },
                e: [{ __meta: 1, f: 2 }],
            });
            assert.deepEqual(wire, { a: { [SIG_KEY]: SECRET_SIG, value: "s" }, b: UNKNOWN, c: "i-1", d: "urn:component", e: [{ f: 2 }] });
        });

        it("reports mask secrets and mark unknowns", () => {
            assert.deepEqual(forDisplay({ a: { [SIG_KEY]: SECRET_SIG, value: "s" }, b: UNKNOWN, c: [1] }), {
                a: "[secret]",
                b: "[unknown]",
                c: [1],
            });
        });
    });

    describe("text report", () => {
        it("leaves out the description the SDK puts before a message, only when more follows", () => {
            const description = "[NET-6] Security groups must not admit the world.";
            assert.deepEqual(messageLines(`${description}\n[NET-6] group "a" admits 0.0.0.0/0. Fix: close it.`, description), [
                '[NET-6] group "a" admits 0.0.0.0/0. Fix: close it.',
            ]);
            assert.deepEqual(messageLines(description, description), [description]);
            assert.deepEqual(messageLines("other first line\nsecond", description), ["other first line", "second"]);
            assert.deepEqual(messageLines(`${description}\n\nnext`, undefined), [description, "next"]);
        });
    });

    describe("engine details", () => {
        it("URNs: stack children unqualified, component children qualified by the parent's full type", () => {
            assert.equal(
                engineUrn("dev", "p", "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", "aws:kms/key:Key", "k"),
                "urn:pulumi:dev::p::aws:kms/key:Key::k",
            );
            assert.equal(
                engineUrn("dev", "p", "urn:pulumi:dev::p::a:b:C$d:e:F::f", "aws:kms/key:Key", "k"),
                "urn:pulumi:dev::p::a:b:C$d:e:F$aws:kms/key:Key::k",
            );
            assert.equal(engineUrn("dev", "p", "", "pulumi:pulumi:Stack", "p-dev"), "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
        });

        it("custom timeouts: Go durations to seconds", () => {
            assert.equal(durationSeconds("1h30m"), 5400);
            assert.equal(durationSeconds("45s"), 45);
            assert.equal(durationSeconds(""), 0);
        });

        it("metadata: control and layer from tags, framework reference or description prefix; fix from remediation", () => {
            assert.deepEqual(policyMeta(policy({ tags: ["cloud", "NET-6", "FSBP EC2.18"], remediation: " Close it. " })), {
                control: "NET-6",
                layer: "cloud",
                fix: "Close it.",
            });
            assert.equal(policyMeta(policy({ tags: ["control:EKS-1", "layer:cluster"] })).control, "EKS-1");
            assert.equal(
                policyMeta(policy({ framework: { name: "x", version: "1", reference: "KMS-1", specification: "" } })).control,
                "KMS-1",
            );
            assert.equal(policyMeta(policy({ description: "[DATA-3] encrypted" })).control, "DATA-3");
            assert.equal(policyMeta(policy({})).control, null);
            assert.equal(controlFromMessage("desc\n[CODE-1] listener is HTTP"), "CODE-1");
        });
    });
});
