/**
 * Issue 13, items 1-3, the pure parts: what the provider computes (read from the
 * installed SDKs), a new resource's state at preview, the invokes answered locally,
 * --mocks files, and the local expansion of YAML v2 components.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { classFile, parseClass, previewResourceState, SchemaIndex } from "../../tools/check/computed";
import { CheckFailure } from "../../tools/check/errors";
import { policyDocument, yamlDecode } from "../../tools/check/localInvokes";
import { argsMatch, findMock, readMocksFile } from "../../tools/check/mocksFile";
import type { ResourceRecord } from "../../tools/check/records";
import { expandYamlV2, kubernetesType, REMOTE_COMPONENTS } from "../../tools/check/remote";
import { parseCliArgs } from "../../tools/check/cli";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../tools/check/wire";
import { REPO } from "./support";

describe("offline check: preview semantics (issue 13)", () => {
    const schemas = new SchemaIndex(REPO);

    it("finds a type's class file in the provider SDK", () => {
        assert.deepEqual(classFile("aws:s3/bucket:Bucket"), { pkg: "aws", file: "s3/bucket.js" });
        assert.deepEqual(classFile("kubernetes:networking.k8s.io/v1:NetworkPolicy"), {
            pkg: "kubernetes",
            file: "networking/v1/networkPolicy.js",
        });
        assert.deepEqual(classFile("kubernetes:core/v1:Namespace"), { pkg: "kubernetes", file: "core/v1/namespace.js" });
        assert.equal(classFile("not-a-token"), undefined);
    });

    it("reads computed outputs and inputs from the generated classes of @pulumi/aws and @pulumi/kubernetes", () => {
        const bucket = schemas.get("aws:s3/bucket:Bucket");
        assert.ok(bucket);
        assert.ok(bucket.computed.includes("arn") && bucket.computed.includes("bucketDomainName"));
        assert.ok(bucket.inputs.includes("bucket") && !bucket.computed.includes("bucket"));
        assert.deepEqual(schemas.get("aws:s3/bucketPolicy:BucketPolicy")?.computed, []);
        assert.deepEqual(schemas.get("kubernetes:networking.k8s.io/v1:NetworkPolicy")?.computed, ["status"]);
        assert.equal(schemas.get("aws:s3/noSuchThing:NoSuchThing"), undefined);
        assert.equal(schemas.get("acme:index:Widget"), undefined);
    });

    it("takes only the create branch of a class (the read branch marks every property computed)", () => {
        const source = `if (opts.id) { resourceInputs["a"] = state?.a; resourceInputs["b"] = state?.b; } else { const args = argsOrState; resourceInputs["a"] = args?.a; resourceInputs["b"] = undefined /*out*/; }\n opts = pulumi.mergeOptions(x, opts);`;
        assert.deepEqual(parseClass(source), { computed: ["b"], inputs: ["a"] });
        const k8s = `if (!opts.id) { resourceInputs["spec"] = args?.spec; resourceInputs["status"] = undefined /*out*/; } else { resourceInputs["spec"] = undefined /*out*/; resourceInputs["status"] = undefined /*out*/; }`;
        assert.deepEqual(parseClass(k8s), { computed: ["status"], inputs: ["spec"] });
    });

    it("a new resource at preview: inputs kept, computed outputs and id unknown, the auto-name known", () => {
        const s = previewResourceState("aws:s3/bucket:Bucket", "data", { tags: { a: "b" } }, schemas.get("aws:s3/bucket:Bucket"));
        assert.equal(s.id, "");
        assert.equal(s.state.arn, UNKNOWN);
        assert.equal(s.state.bucket, "data");
        assert.deepEqual(s.state.tags, { a: "b" });
        // A name the program gives stays; a prefix leaves the name to the provider.
        const role = schemas.get("aws:iam/role:Role");
        assert.equal(previewResourceState("aws:iam/role:Role", "r", { name: "given" }, role).state.name, "given");
        assert.equal(previewResourceState("aws:iam/role:Role", "r", { namePrefix: "p-" }, role).state.name, UNKNOWN);
        // A type the SDK does not describe: inputs only.
        assert.deepEqual(previewResourceState("acme:index:Widget", "w", { x: 1 }, undefined), { id: "", state: { x: 1 } });
    });
});

describe("offline check: invokes answered locally (issue 13)", () => {
    it("aws:iam/getPolicyDocument builds the JSON policy from its statements", () => {
        const r = policyDocument({
            statements: [
                {
                    sid: "Read",
                    actions: ["s3:GetObject"],
                    resources: ["arn:aws:s3:::b/*"],
                    principals: [{ type: "AWS", identifiers: ["arn:aws:iam::1:root"] }],
                },
                {
                    effect: "Deny",
                    actions: ["s3:*"],
                    resources: ["a", "b"],
                    principals: [{ type: "*", identifiers: ["*"] }],
                    conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                },
            ],
        });
        assert.deepEqual(JSON.parse(String(r.json)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Read",
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::b/*",
                    Principal: { AWS: "arn:aws:iam::1:root" },
                },
                {
                    Effect: "Deny",
                    Action: "s3:*",
                    Resource: ["a", "b"],
                    Principal: "*",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
        assert.equal(r.minifiedJson, JSON.stringify(JSON.parse(String(r.json))));
    });

    it("aws:iam/getPolicyDocument merges source and override documents by Sid", () => {
        const source = JSON.stringify({
            Statement: [
                { Sid: "A", Effect: "Allow", Action: "x:1", Resource: "*" },
                { Sid: "B", Effect: "Allow", Action: "x:2", Resource: "*" },
            ],
        });
        const override = JSON.stringify({ Statement: [{ Sid: "B", Effect: "Deny", Action: "x:2", Resource: "*" }] });
        const doc = JSON.parse(
            String(
                policyDocument({
                    sourcePolicyDocuments: [source],
                    statements: [{ sid: "A", actions: ["x:9"], resources: ["r"] }],
                    overridePolicyDocuments: [override],
                }).json,
            ),
        ) as { Statement: { Sid: string; Action: string; Effect: string }[] };
        assert.deepEqual(
            doc.Statement.map((s) => [s.Sid, s.Effect, s.Action]),
            [
                ["A", "Allow", "x:9"],
                ["B", "Deny", "x:2"],
            ],
        );
    });

    it("kubernetes:yaml:decode returns every non-empty document", () => {
        assert.deepEqual(yamlDecode({ text: "a: 1\n---\n---\nb: [2]\n" }), { result: [{ a: 1 }, { b: [2] }] });
        assert.throws(() => yamlDecode({ text: "a: [1\n" }), /kubernetes:yaml:decode/);
    });
});

describe("offline check: --mocks files (issue 13)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-mocks-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
    };

    it("reads JSON and YAML lists of {token, args?, result}", () => {
        const json = readMocksFile(write("m.json", JSON.stringify([{ token: "aws:ec2/getAmi:getAmi", result: { id: "ami-1" } }])));
        assert.deepEqual(json, [{ token: "aws:ec2/getAmi:getAmi", args: undefined, result: { id: "ami-1" } }]);
        const yaml = readMocksFile(
            write("m.yaml", "- token: aws:ec2/getAmi:getAmi\n  args: { owners: [amazon] }\n  result: { id: ami-2 }\n"),
        );
        assert.deepEqual(yaml[0].args, { owners: ["amazon"] });
    });

    const bad: [string, string, RegExp][] = [
        ["not a list", "token: x\n", /the top level is object, not a list/],
        ["an entry without a token", "- result: {}\n", /entry 1: token undefined is not an invoke token/],
        ["a result that is not an object", "- token: a:b:c\n  result: 3\n", /entry 1 \(a:b:c\): result must be an object/],
        ["an unknown key", "- token: a:b:c\n  result: {}\n  answer: {}\n", /entry 1 has unknown key\(s\) "answer"/],
        ["broken syntax", "- token: [\n", /is neither JSON nor YAML/],
    ];
    for (const [what, text, message] of bad) {
        it(`refuses ${what} with a CheckFailure naming the file`, () => {
            const f = write(`${what.replace(/\W+/g, "-")}.yaml`, text);
            assert.throws(
                () => readMocksFile(f),
                (e: unknown) => e instanceof CheckFailure && message.test(e.message) && e.message.includes(f),
            );
        });
    }
    it("refuses a file that cannot be read", () => {
        assert.throws(() => readMocksFile(path.join(dir, "absent.json")), /cannot be read \(ENOENT\)/);
    });

    it("matches by token, then by the arguments given (a subset), first entry first", () => {
        const mocks = [
            { token: "t:m:f", args: { owners: ["amazon"], filters: [{ name: "n" }] }, result: { id: "1" } },
            { token: "t:m:f", result: { id: "2" } },
        ];
        assert.equal(
            findMock(mocks, "t:m:f", { owners: ["amazon"], filters: [{ name: "n", values: ["v"] }], mostRecent: true })?.result.id,
            "1",
        );
        assert.equal(findMock(mocks, "t:m:f", { owners: ["self"] })?.result.id, "2");
        assert.equal(findMock(mocks, "t:m:g", {}), undefined);
        assert.equal(argsMatch([1, 2], [1, 2, 3]), false);
    });
});

describe("offline check: YAML v2 components expanded locally (issue 13)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-yaml-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(
        path.join(dir, "a.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata: { name: app }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: app }\nspec: {}\n",
    );
    fs.writeFileSync(
        path.join(dir, "b.yaml"),
        "apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: Secret, metadata: { name: s, namespace: app }, data: { k: dg== } }\n",
    );
    const component = (type: string, name: string, inputs: ResourceRecord["inputs"]): ResourceRecord => ({
        urn: `urn:pulumi:dev::proj::${type}::${name}`,
        type,
        name,
        custom: false,
        parent: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
        inputs,
        outputs: inputs,
        protect: false,
        retainOnDelete: false,
        provider: "",
        version: "4.34.2",
        dependencies: [],
        propertyDependencies: {},
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
    });
    const schemas = new SchemaIndex(REPO);
    const ctx = { projectDir: dir, project: "proj", stack: "dev", preview: true, schema: (t: string) => schemas.get(t), provider: "" };

    it("both v2 types are in the expansion table", () => {
        assert.equal(REMOTE_COMPONENTS["kubernetes:yaml/v2:ConfigFile"], "expand");
        assert.equal(REMOTE_COMPONENTS["kubernetes:yaml/v2:ConfigGroup"], "expand");
        assert.equal(REMOTE_COMPONENTS["kubernetes:helm.sh/v4:Chart"], undefined);
        assert.equal(kubernetesType("v1", "Namespace"), "kubernetes:core/v1:Namespace");
        assert.equal(kubernetesType("apps/v1", "Deployment"), "kubernetes:apps/v1:Deployment");
    });

    it("ConfigFile: children named <component>-<namespace>/<name>, parented by the component, URNs qualified by its type", () => {
        const c = component("kubernetes:yaml/v2:ConfigFile", "site", { file: "a.yaml" });
        const kids = expandYamlV2(c, ctx);
        assert.ok(Array.isArray(kids));
        assert.deepEqual(
            kids.map((k) => [k.type, k.name, k.parent]),
            [
                ["kubernetes:core/v1:Namespace", "site-app", c.urn],
                ["kubernetes:apps/v1:Deployment", "site-app/web", c.urn],
            ],
        );
        assert.equal(kids[1].urn, "urn:pulumi:dev::proj::kubernetes:yaml/v2:ConfigFile$kubernetes:apps/v1:Deployment::site-app/web");
        // Preview: what the API server fills in is unknown.
        assert.equal(kids[1].outputs.status, UNKNOWN);
        assert.equal(kids[1].inputs.status, undefined);
    });

    it('ConfigGroup: globs, lists flattened, resourcePrefix ("" for none), Secret data secret', () => {
        const grp = expandYamlV2(component("kubernetes:yaml/v2:ConfigGroup", "g", { files: ["*.yaml"], resourcePrefix: "" }), ctx);
        assert.ok(Array.isArray(grp));
        assert.deepEqual(
            grp.map((k) => k.name),
            ["app", "app/web", "app/s"],
        );
        assert.deepEqual(grp[2].inputs.data, { [SIG_KEY]: SECRET_SIG, value: { k: "dg==" } });
        const inline = expandYamlV2(
            component("kubernetes:yaml/v2:ConfigGroup", "g", {
                yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n",
                skipAwait: true,
            }),
            ctx,
        );
        assert.ok(Array.isArray(inline));
        assert.equal(inline[0].name, "g-c");
        assert.deepEqual(inline[0].inputs.metadata, { name: "c", annotations: { "pulumi.com/skipAwait": "true" } });
    });

    it("what cannot be expanded says why: unknown inputs, URLs, missing files, objects without a name", () => {
        const why = (inputs: ResourceRecord["inputs"], type = "kubernetes:yaml/v2:ConfigFile") => {
            const r = expandYamlV2(component(type, "x", inputs), ctx);
            return Array.isArray(r) ? "expanded" : r.reason;
        };
        assert.match(why({ file: UNKNOWN }), /unknown at preview/);
        assert.match(why({ file: "https://example.com/m.yaml" }), /is a URL/);
        assert.match(why({ file: "absent.yaml" }), /does not exist/);
        assert.match(
            why({ objs: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }] }, "kubernetes:yaml/v2:ConfigGroup"),
            /no apiVersion, kind or metadata.name/,
        );
    });
});

describe("offline check: CLI options of issue 13", () => {
    it("--mode defaults to preview and takes up; anything else is refused", () => {
        const d = parseCliArgs([]);
        assert.ok(d !== "help");
        assert.equal(d.mode, "preview");
        assert.equal(d.notAnalysed, "mandatory");
        const u = parseCliArgs(["--mode", "up", "--not-analysed", "advisory", "--mocks", "m.yaml"]);
        assert.ok(u !== "help");
        assert.deepEqual([u.mode, u.notAnalysed, u.mocks], ["up", "advisory", "m.yaml"]);
        assert.throws(() => parseCliArgs(["--mode", "deploy"]), /--mode "deploy" is not supported \(allowed: preview, up\)/);
        assert.throws(() => parseCliArgs(["--not-analysed", "off"]), /--not-analysed "off" is not supported/);
    });
});
