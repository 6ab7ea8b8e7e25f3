/**
 * PACK-7: resources go to Analyze while the program still runs (AnalyzeQueue).
 * The report must not depend on timing: diagnostics come back in registration
 * order whatever order the records and the answers arrive in.
 */
import { strict as assert } from "assert";
import { AnalyzeQueue, AnalyzerViews } from "../../tools/check/check";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { decodeDiagnosticsOnly } from "../../tools/check/pack";
import type { AnalyzerResource, Diagnostic } from "../../tools/check/pack";
import type { ProjectInfo } from "../../tools/check/project";
import type { ResourceRecord, SlottedRecord } from "../../tools/check/records";

const PROJECT = { name: "p", stack: "dev", config: { "aws:region": "us-east-1" } } as unknown as ProjectInfo;

function rec(slot: number, over: Partial<ResourceRecord> = {}): SlottedRecord {
    const name = `r${slot}`;
    const record: ResourceRecord = {
        urn: `urn:pulumi:dev::p::aws:s3/bucket:Bucket::${name}`,
        type: "aws:s3/bucket:Bucket",
        name,
        custom: true,
        parent: "",
        inputs: { n: slot },
        outputs: { n: slot },
        protect: false,
        retainOnDelete: false,
        provider: "",
        version: "7.0.0",
        dependencies: [],
        propertyDependencies: {},
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
        ...over,
    };
    return { slot, record };
}

/** A fake pack: answers after a delay chosen per call, one diagnostic naming the resource and its provider. */
function fakePack(delay: (r: AnalyzerResource) => number, fail?: string) {
    const seen: AnalyzerResource[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    return {
        seen,
        maxInFlight: () => maxInFlight,
        analyze(r: AnalyzerResource): Promise<Diagnostic[]> {
            seen.push(r);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            return new Promise((resolve, reject) =>
                setTimeout(() => {
                    inFlight--;
                    if (r.name === fail) return reject(new Error(`pack failed on ${r.name}`));
                    resolve([
                        {
                            policy: "p",
                            pack: "x",
                            message: `${r.name} via ${r.provider?.name ?? "none"}`,
                            description: "",
                            enforcement: "mandatory",
                            severity: "high",
                            urn: r.urn,
                        },
                    ]);
                }, delay(r)),
            );
        },
    };
}

describe("offline check: Analyze while the program runs (PACK-7)", () => {
    it("diagnostics come back in registration order, whatever order records and answers arrive in", async () => {
        const queue = new AnalyzeQueue(new AnalyzerViews(PROJECT));
        const pack = fakePack((r) => (Number(r.name.slice(1)) * 7) % 11);
        // Records arrive out of order, some before the pack is ready, some after.
        queue.add([rec(5), rec(2)]);
        queue.start(pack);
        queue.add([rec(0), rec(9), rec(1)]);
        queue.add([rec(3), rec(4), rec(8), rec(7), rec(6)]);
        const ds = await queue.finish();
        assert.deepEqual(
            ds.map((d) => d.message.split(" ")[0]),
            ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"],
        );
        assert.equal(pack.seen.length, 10);
    });

    it("nothing is sent before the pack is ready; never more than 32 calls in flight", async () => {
        const queue = new AnalyzeQueue(new AnalyzerViews(PROJECT));
        const pack = fakePack(() => 1);
        queue.add(Array.from({ length: 100 }, (_, i) => rec(i)));
        assert.equal(pack.seen.length, 0);
        queue.start(pack);
        const ds = await queue.finish();
        assert.equal(ds.length, 100);
        assert.ok(pack.maxInFlight() <= 32 && pack.maxInFlight() > 1, `max in flight ${pack.maxInFlight()}`);
    });

    it("a resource whose explicit provider has not arrived waits, and is sent with that provider once it has", async () => {
        const providerUrn = "urn:pulumi:dev::p::pulumi:providers:aws::east";
        const queue = new AnalyzeQueue(new AnalyzerViews(PROJECT));
        const pack = fakePack(() => 0);
        queue.start(pack);
        queue.add([rec(1, { provider: `${providerUrn}::id-1` }), rec(2)]);
        queue.add([rec(0, { urn: providerUrn, type: "pulumi:providers:aws", name: "east", inputs: { region: "us-east-1" } })]);
        const ds = await queue.finish();
        assert.deepEqual(
            ds.map((d) => d.message),
            ["east via none", "r1 via east", "r2 via default_7_0_0"],
        );
    });

    it("a failed Analyze fails the whole run (no partial verdict)", async () => {
        const queue = new AnalyzeQueue(new AnalyzerViews(PROJECT));
        queue.start(fakePack(() => 1, "r3"));
        queue.add(Array.from({ length: 10 }, (_, i) => rec(i)));
        await assert.rejects(queue.finish(), /pack failed on r3/);
    });

    it("responses are decoded for their diagnostics only: the same diagnostics as the generated decoder, no not-applicable list", () => {
        const res = new proto.AnalyzeResponse();
        for (const [name, message] of [
            ["a", "first"],
            ["b", "second, with ünïcode"],
        ]) {
            const d = new proto.AnalyzeDiagnostic();
            d.setPolicyname(name);
            d.setPolicypackname("pack");
            d.setMessage(message);
            d.setEnforcementlevel(proto.EnforcementLevel.MANDATORY);
            d.setSeverity(proto.PolicySeverity.POLICY_SEVERITY_HIGH);
            d.setUrn(`urn:${name}`);
            res.addDiagnostics(d);
        }
        for (let i = 0; i < 3; i++) {
            const n = new proto.PolicyNotApplicable();
            n.setPolicyName(`n${i}`);
            n.setReason("Policy only applies to 3 resource types");
            res.addNotApplicable(n);
        }
        const bytes = res.serializeBinary();
        const full = proto.AnalyzeResponse.deserializeBinary(bytes);
        const ours = decodeDiagnosticsOnly(bytes);
        assert.equal(full.getNotApplicableList().length, 3);
        assert.deepEqual(
            ours.getDiagnosticsList().map((d) => d.toObject()),
            full.getDiagnosticsList().map((d) => d.toObject()),
        );
        assert.equal(ours.getDiagnosticsList().length, 2);
        assert.deepEqual(ours.getNotApplicableList(), []);
    });

    it("several pack processes: calls go to the least busy, each keeps its own window, the diagnostics are the same", async () => {
        const one = new AnalyzeQueue(new AnalyzerViews(PROJECT));
        one.start(fakePack((r) => Number(r.name.slice(1)) % 3));
        one.add(Array.from({ length: 200 }, (_, i) => rec(i)));
        const alone = await one.finish();

        const backlogs: number[] = [];
        const two = new AnalyzeQueue(new AnalyzerViews(PROJECT), (b) => backlogs.push(b));
        const [a, b] = [fakePack((r) => Number(r.name.slice(1)) % 3), fakePack(() => 2)];
        two.start(a);
        two.add(Array.from({ length: 100 }, (_, i) => rec(i)));
        // The second process joins with a backlog, as the check starts one.
        two.start(b);
        two.add(Array.from({ length: 100 }, (_, i) => rec(100 + i)));
        const shared = await two.finish();
        assert.deepEqual(shared, alone);
        assert.equal(two.processes(), 2);
        assert.ok(a.seen.length > 0 && b.seen.length > 0, `${a.seen.length} / ${b.seen.length}`);
        assert.equal(a.seen.length + b.seen.length, 200);
        assert.ok(a.maxInFlight() <= 32 && b.maxInFlight() <= 32);
        // Told the backlog after each batch: 100 arrived with 32 taken by the first process.
        assert.equal(backlogs[0], 68);
    });
});
