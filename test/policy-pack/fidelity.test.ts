/**
 * The test runtime (runtime.ts) must behave like @pulumi/policy 1.21's server. Here the
 * real server functions (makeAnalyzeRpcFun / makeAnalyzeStackRpcFun / makeRemediateRpcFun,
 * exported by server.js) get real protobuf requests, and their diagnostics are compared
 * with the helper's. It also proves the pack's notes stay advisory in the real server
 * (the object form of reportViolation) and that unknowns reach policies as the runtime
 * sends them.
 */
import { strict as assert } from "assert";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { s3BucketHardened } from "../../policy-pack/policies/cloud/s3-bucket-hardened";
import { ec2SubnetNoPublicIpMapping } from "../../policy-pack/policies/cloud/ec2-subnet-no-public-ip-mapping";
import { CASES } from "./cases";
import { applyStackVariant, withField } from "./case";
import { Diagnostic, TestResource, UNKNOWN, analyze, analyzeStack, remediate, urnOf } from "./runtime";
import { Handler, sdkServer } from "./sdk-server";

const LEVELS: Record<number, string> = {
    [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
    [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
};

function options(): analyzerpb.AnalyzerResourceOptions {
    return new analyzerpb.AnalyzerResourceOptions();
}

function struct(props: Record<string, unknown>): structpb.Struct {
    return structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function call<Reply, T>(fn: Handler<Reply>, request: unknown, pick: (resp: Reply) => T): Promise<T> {
    return new Promise((resolve, reject) => {
        void fn({ request }, (err, resp) => (err ? reject(err) : resolve(pick(resp!))));
    });
}

function simplify(ds: { policyName: string; message: string; enforcementLevel: string; urn?: string }[]): string[] {
    return ds.map((d) => `${d.policyName}|${d.enforcementLevel}|${d.urn ?? ""}|${d.message}`).sort();
}

function fromProto(list: analyzerpb.AnalyzeDiagnostic[]): Diagnostic[] {
    return list.map((d) => ({
        policyName: d.getPolicyname(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] as Diagnostic["enforcementLevel"],
        urn: d.getUrn() || undefined,
    }));
}

async function realAnalyze(r: TestResource): Promise<Diagnostic[]> {
    const req = new analyzerpb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(urnOf(r.type, r.name));
    req.setProperties(struct(r.props));
    req.setOptions(options());
    const fn = sdkServer.makeAnalyzeRpcFun(
        "secure-baseline",
        "0.1.0",
        "advisory",
        ALL_POLICIES.map((p) => p.policy),
    );
    return call(fn, req, (resp) => fromProto(resp.getDiagnosticsList()));
}

async function realAnalyzeStack(resources: readonly TestResource[]): Promise<Diagnostic[]> {
    const req = new analyzerpb.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((r) => {
            const ar = new analyzerpb.AnalyzerResource();
            ar.setType(r.type);
            ar.setName(r.name);
            ar.setUrn(urnOf(r.type, r.name));
            ar.setProperties(struct(r.props));
            ar.setOptions(options());
            const deps = ar.getPropertydependenciesMap();
            for (const [k, names] of Object.entries(r.propertyDependencies ?? {})) {
                const pd = new analyzerpb.AnalyzerPropertyDependencies();
                pd.setUrnsList(names.map((n) => urnOf(resources.find((x) => x.name === n)!.type, n)));
                deps.set(k, pd);
            }
            return ar;
        }),
    );
    const fn = sdkServer.makeAnalyzeStackRpcFun(
        "secure-baseline",
        "0.1.0",
        "advisory",
        ALL_POLICIES.map((p) => p.policy),
    );
    return call(fn, req, (resp) => fromProto(resp.getDiagnosticsList()));
}

describe("PACK test runtime matches the @pulumi/policy 1.21 server", () => {
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const resourceCases = CASES.filter((c) => c.kind === "resource");

    it("resource policies: same diagnostics for every case's violations and unknowns", async function () {
        // Every case of the pack through both runtimes, one after the other: minutes on a loaded 2-core machine.
        this.timeout(600_000);
        for (const c of resourceCases) {
            if (c.kind !== "resource") continue;
            for (const v of [...c.violations, ...c.unknowns].filter((x) => x.config === undefined)) {
                const r: TestResource = { type: c.type, name: c.name, props: withField(c.compliant, v.path, v.value) };
                const real = await realAnalyze(r);
                const mine = await analyze(ALL_POLICIES, r);
                assert.deepEqual(simplify(mine.diagnostics), simplify(real), `${c.policy.meta.name}: ${v.what}`);
                assert.ok(real.length > 0, `${c.policy.meta.name}: ${v.what} must be reported by the real server`);
            }
        }
    });

    it("PACK-4: an exemption note is advisory in the real server, even for a mandatory policy", async () => {
        const r: TestResource = {
            type: "aws:ec2/subnet:Subnet",
            name: "legacy",
            props: {
                mapPublicIpOnLaunch: true,
                tags: { "secure-baseline.io/exempt-ec2-subnet-no-public-ip-mapping": `bastion subnet; expires=${future}` },
            },
        };
        const real = (await realAnalyze(r)).filter((d) => d.policyName === ec2SubnetNoPublicIpMapping.meta.name);
        assert.equal(real.length, 1);
        assert.equal(real[0].enforcementLevel, "advisory");
        assert.match(real[0].message, /\[NET-1\] \[note\] .*"bastion subnet"/);
        assert.deepEqual(simplify((await analyze(ALL_POLICIES, r)).diagnostics), simplify(await realAnalyze(r)));
    });

    it("PACK-3: an unknown reaches policies as the runtime sends it and fails closed (mandatory), not advisory", async () => {
        const r: TestResource = { type: "aws:ec2/subnet:Subnet", name: "s", props: { mapPublicIpOnLaunch: UNKNOWN } };
        const real = (await realAnalyze(r)).filter((d) => d.policyName === ec2SubnetNoPublicIpMapping.meta.name);
        assert.deepEqual(
            real.map((d) => d.enforcementLevel),
            ["mandatory"],
        );
        assert.match(real[0].message, /mapPublicIpOnLaunch .* is unknown at preview/);
    });

    it("stack policies: same diagnostics (property dependencies included)", async () => {
        for (const c of CASES) {
            if (c.kind !== "stack") continue;
            for (const v of [undefined, ...c.violations, ...c.unknowns]) {
                const resources = v ? applyStackVariant(c.compliant, v) : c.compliant;
                const real = await realAnalyzeStack(resources);
                const mine = await analyzeStack(ALL_POLICIES, resources);
                assert.deepEqual(simplify(mine.diagnostics), simplify(real), `${c.policy.meta.name}: ${v?.what ?? "compliant"}`);
            }
        }
        assert.equal(s3BucketHardened.kind, "stack");
    });

    it("PACK-6: remediation gives the same properties as the real server", async () => {
        const policy = { ...ec2SubnetNoPublicIpMapping.policy, enforcementLevel: "remediate" as const };
        const props = { vpcId: "vpc-1", mapPublicIpOnLaunch: true, tags: { Name: "a" } };
        const req = new analyzerpb.AnalyzeRequest();
        req.setType("aws:ec2/subnet:Subnet");
        req.setName("s");
        req.setUrn(urnOf("aws:ec2/subnet:Subnet", "s"));
        req.setProperties(struct(props));
        req.setOptions(options());
        const fn = sdkServer.makeRemediateRpcFun("secure-baseline", "0.1.0", "advisory", [policy]);
        const real = await call(fn, req, (resp) => resp.getRemediationsList().map((x) => x.getProperties()?.toJavaScript()));
        const mine = await remediate([policy], { type: "aws:ec2/subnet:Subnet", name: "s", props });
        assert.deepEqual(real, [{ vpcId: "vpc-1", mapPublicIpOnLaunch: false, tags: { Name: "a" } }]);
        assert.deepEqual(mine.props, real[0]);
    });
});
