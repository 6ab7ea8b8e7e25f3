/**
 * PACK-9 by meaning: opaque resources of any name and type token are blocked unless an
 * allow entry names them; custom resources are opaque exactly when a pod template hides
 * somewhere in them; Helm releases need the exact repository, chart and version.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { opaqueResourcesAllowed } from "../../../policy-pack/policies/code/opaque-resources-allowed";
import { Diagnostic, TestResource, UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, analyze, of } from "../runtime";

const NAME = "opaque-resources-allowed";
async function run(r: TestResource, config: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    return of(await analyze([opaqueResourcesAllowed], r, { [NAME]: config }), NAME);
}
const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");

const resourceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const group = fc.stringMatching(/^[a-z]{2,8}\.(io|dev|sh|example\.com)$/);
const version = fc.constantFrom("v1", "v1alpha1", "v2beta3");
const kind = fc.stringMatching(/^[A-Z][a-zA-Z]{2,12}$/);
const crType = fc.tuple(group, version, kind).map(([g, v, k]) => `kubernetes:${g}/${v}:${k}`);
const cfType = fc.constantFrom(
    "aws:cloudformation/stack:Stack",
    "aws:cloudformation/stackSet:StackSet",
    "aws:cloudformation/stackSetInstance:StackSetInstance",
    "aws:cloudformation/stackInstances:StackInstances",
);
const dynamicType = fc.oneof(
    fc.constant("pulumi-nodejs:dynamic:Resource"),
    fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), kind).map(([m, k]) => `pulumi-nodejs:dynamic/${m}:${k}`),
    fc.constant("pulumi-python:dynamic:Resource"),
);

/** A pod spec at a random depth, under the keys real controllers use. */
const podHolder = fc
    .tuple(
        fc.array(fc.constantFrom("template", "jobTemplate", "jobTargetRef", "workload", "replicatedJobs", "spec", "podTemplate"), {
            minLength: 0,
            maxLength: 4,
        }),
        fc.constantFrom("containers", "initContainers"),
        fc.boolean(),
    )
    .map(([keys, list, inArray]) => {
        let v: unknown = { [list]: [{ name: "c", image: "img:1" }] };
        for (const k of [...keys].reverse()) v = { [k]: inArray && k === "replicatedJobs" ? [v] : v };
        return { spec: v };
    });

describe("PACK-9 opaque resources by meaning", function () {
    this.timeout(120_000);

    it("CloudFormation and dynamic resources of any name are blocked without an entry, allowed with one", async () => {
        await fc.assert(
            fc.asyncProperty(fc.oneof(cfType, dynamicType), resourceName, async (type, name) => {
                const r = { type, name, props: { tags: {} } };
                const ds = mandatory(await run(r));
                assert.equal(ds.length, 1);
                assert.ok(ds[0].message.includes(`"${name}"`));
                assert.deepEqual(await run(r, { allowed: [{ type, name, reason: "reviewed" }] }), []);
                assert.equal(mandatory(await run(r, { allowed: [{ type, name: `${name}x`, reason: "reviewed" }] })).length, 1);
                assert.equal(mandatory(await run(r, { allowed: [{ type, name }] })).length, 1, "an entry without a reason allows nothing");
            }),
            { numRuns: 60 },
        );
    });

    it("a custom resource with a pod template anywhere is blocked; without one it passes", async () => {
        await fc.assert(
            fc.asyncProperty(crType, resourceName, podHolder, async (type, name, body) => {
                const ds = mandatory(await run({ type, name, props: { metadata: { name }, ...body } }));
                assert.equal(ds.length, 1, JSON.stringify(body));
                assert.match(ds[0].message, /carries a pod template at spec\..*ontainers/);
                assert.deepEqual(
                    await run(
                        { type, name, props: { metadata: { name }, ...body } },
                        { allowed: [{ type: "kubernetes:*", name, reason: "vendor operator" }] },
                    ),
                    [],
                );
                assert.deepEqual(
                    await run({
                        type,
                        name,
                        props: { metadata: { name, annotations: { containers: "[]" } }, spec: { replicas: 2, selector: { app: name } } },
                    }),
                    [],
                );
            }),
            { numRuns: 80 },
        );
    });

    it("built-in workloads are not this policy's business", async () => {
        for (const type of [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:batch/v1:CronJob",
            "kubernetes:core/v1:Pod",
            "kubernetes:helm.sh/v4:Chart",
            "kubernetes:yaml/v2:ConfigGroup",
        ]) {
            const r = await analyze([opaqueResourcesAllowed], {
                type,
                name: "x",
                props: { spec: { template: { spec: { containers: [] } } } },
            });
            assert.equal(r.notApplicable.length, 1, type);
        }
    });

    it("Helm releases: repository, chart and version must all match exactly, in either chart spelling", async () => {
        const repo = fc.constantFrom("https://charts.example.com", "oci://registry.example.com/charts");
        const chart = fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/);
        const ver = fc.tuple(fc.nat(9), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`);
        await fc.assert(
            fc.asyncProperty(repo, chart, ver, fc.boolean(), resourceName, async (rp, ch, v, refForm, name) => {
                const props = refForm ? { chart: `${rp}/${ch}`, version: v } : { chart: ch, version: v, repositoryOpts: { repo: rp } };
                const r = { type: "kubernetes:helm.sh/v3:Release", name, props };
                const entry = {
                    type: "kubernetes:helm.sh/v3:Release",
                    name,
                    reason: "platform ingress",
                    repository: rp,
                    chart: ch,
                    version: v,
                };
                assert.deepEqual(await run(r, { allowed: [entry] }), []);
                for (const wrong of [
                    { version: `${v}-rc1` },
                    { chart: `${ch}x` },
                    { repository: "https://mirror.example.net" },
                    { version: undefined },
                ]) {
                    assert.equal(mandatory(await run(r, { allowed: [{ ...entry, ...wrong }] })).length, 1, JSON.stringify(wrong));
                }
            }),
            { numRuns: 40 },
        );
    });

    it("malformed config and props give a violation naming the resource, never a throw", async () => {
        const junk = fc.oneof(
            fc.constantFrom<unknown>(null, 7, "x", [], {}, [null], UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT),
            fc.jsonValue({ maxDepth: 3 }),
        );
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(cfType, dynamicType, crType, fc.constant("kubernetes:helm.sh/v3:Release")),
                junk,
                junk,
                async (type, props, allowed) => {
                    const ds = await run({ type, name: "thing", props: { spec: props, chart: props, version: props } }, { allowed });
                    assert.ok(!ds.some((d) => /internal error/.test(d.message)), ds.map((d) => d.message).join("\n"));
                    for (const d of ds.filter((x) => !/\[note\]/.test(x.message))) assert.match(d.message, /"thing"|thing\b/);
                },
            ),
            { numRuns: 300 },
        );
    });
});
