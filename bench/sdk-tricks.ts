/**
 * `npm run bench:sdk -- [--rounds N] [--calls N]`
 *
 * The speed tricks behind the two SDK doors, each measured with and without in one process,
 * in alternating rounds (so a slow spell of the shared machine hits both sides alike), medians
 * of the rounds:
 *  - decodeDiagnosticsOnly (tools/check/sdkInternals.ts) against the generated decoder, on the
 *    response a 64-policy pack gives for a resource: one diagnostic, 63 not-applicable entries;
 *  - the pack's not-applicable error kept per reason, and the server's single-type fast path
 *    (policy-pack/lib/sdk-internals.ts), through the SDK server's own Analyze handler with 64
 *    policies of which one applies. This process has no runner debugger, so the gain of the
 *    kept error is the one without it (the debugger release is measured in docs/check.md);
 *  - the properties converted once per request, not once per policy (shareDeserializedProperties),
 *    through the same handler: a Deployment judged by 30 policies over several types each, as
 *    the pack's Kubernetes workload policies are.
 * The debugger release and lightenSdkInstrumentation need a real pack process or program run;
 * `npm run bench` covers those paths as a whole.
 */
import * as os from "os";
import { parseArgs } from "util";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import * as proto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { markSingleType, notApplicable, shareDeserializedProperties, singleTypeReason } from "../policy-pack/lib/sdk-internals";
import { decodeDiagnosticsOnly } from "../tools/check/sdkInternals";
import { sdkServer } from "../test/policy-pack/sdk-server";

const POLICIES = 64;
const TYPE = "aws:ec2/securityGroup:SecurityGroup";

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

type Call = () => unknown;

/** Microseconds per call of `fn` (awaited when it returns a promise), one round. */
async function time(calls: number, fn: Call): Promise<number> {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await fn();
    return Number(process.hrtime.bigint() - t0) / 1e3 / calls;
}

/** Alternates the two sides for `rounds` rounds; prints the medians and the ratio. */
async function compare(what: string, rounds: number, calls: number, without: Call, withTrick: Call): Promise<void> {
    const a: number[] = [];
    const b: number[] = [];
    await time(calls, without);
    await time(calls, withTrick);
    for (let r = 0; r < rounds; r++) {
        a.push(await time(calls, without));
        b.push(await time(calls, withTrick));
    }
    const [ma, mb] = [median(a), median(b)];
    console.log(`${what}: without ${ma.toFixed(1)} µs, with ${mb.toFixed(1)} µs per call (${((1 - mb / ma) * 100).toFixed(0)} % less)`);
}

function response(): Uint8Array {
    const res = new proto.AnalyzeResponse();
    const d = new proto.AnalyzeDiagnostic();
    d.setPolicyname("ec2-security-group-no-public-ingress");
    d.setMessage("[NET-6] the security group allows 0.0.0.0/0 on port 22; fix: restrict the source");
    d.setEnforcementlevel(proto.EnforcementLevel.MANDATORY);
    res.addDiagnostics(d);
    for (let i = 1; i < POLICIES; i++) {
        const na = new proto.PolicyNotApplicable();
        na.setPolicyName(`policy-${i}`);
        na.setReason(`Policy only applies to ${(i % 16) + 1} resource types`);
        res.addNotApplicable(na);
    }
    return res.serializeBinary();
}

/** One Analyze of a security group through the SDK server, 64 policies over another type but one. */
function analyzeWith(kept: boolean, marked: boolean): () => Promise<void> {
    const policies = Array.from({ length: POLICIES }, (_, i): ResourceValidationPolicy => {
        const type = i === 0 ? TYPE : `aws:other/type${i}:Type${i}`;
        const validate = (args: ResourceValidationArgs): void => {
            if (args.type === type) return;
            if (kept) notApplicable(args, singleTypeReason(type));
            else args.notApplicable(singleTypeReason(type));
        };
        return {
            name: `p${i}`,
            description: "d",
            enforcementLevel: "mandatory",
            validateResource: marked ? markSingleType(validate, [type]) : validate,
        };
    });
    const fn = sdkServer.makeAnalyzeRpcFun("bench", "0.0.1", "mandatory", policies);
    const req = new proto.AnalyzeRequest();
    req.setType(TYPE);
    req.setName("sg");
    req.setUrn(`urn:pulumi:b::b::${TYPE}::sg`);
    req.setProperties(
        Struct.fromJavaScript({ description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
    );
    req.setOptions(new proto.AnalyzerResourceOptions());
    // The handler answers through its callback once every policy has run.
    return () =>
        new Promise<void>((resolve, reject) => void fn({ request: req }, (err) => (err ? reject(new Error(String(err))) : resolve())));
}

/** One Analyze of a Deployment through the SDK server: 30 policies over several types, each one reading a field. */
function analyzeDeployment(): () => Promise<void> {
    const policies = Array.from({ length: 30 }, (_, i): ResourceValidationPolicy => ({
        name: `w${i}`,
        description: "d",
        enforcementLevel: "mandatory",
        validateResource: (args: ResourceValidationArgs): void => {
            void (args.props as { spec?: { replicas?: unknown } }).spec?.replicas;
        },
    }));
    const fn = sdkServer.makeAnalyzeRpcFun("bench", "0.0.1", "mandatory", policies);
    const container = (n: number) => ({
        name: `c${n}`,
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app${n}@sha256:${"a".repeat(64)}`,
        ports: [{ containerPort: 8080 + n, protocol: "TCP" }],
        env: Array.from({ length: 8 }, (_, k) => ({ name: `VAR_${k}`, value: `value-${k}` })),
        resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "250m", memory: "256Mi" } },
        securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
    });
    const req = new proto.AnalyzeRequest();
    const type = "kubernetes:apps/v1:Deployment";
    req.setType(type);
    req.setName("web");
    req.setUrn(`urn:pulumi:b::b::${type}::web`);
    req.setProperties(
        Struct.fromJavaScript({
            metadata: { name: "web", namespace: "team-a", labels: { app: "web" } },
            spec: {
                replicas: 3,
                selector: { matchLabels: { app: "web" } },
                template: { spec: { containers: [container(1), container(2)] } },
            },
        }),
    );
    req.setOptions(new proto.AnalyzerResourceOptions());
    return () =>
        new Promise<void>((resolve, reject) => void fn({ request: req }, (err) => (err ? reject(new Error(String(err))) : resolve())));
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { rounds: { type: "string" }, calls: { type: "string" } } });
    const rounds = Number(values.rounds ?? 9);
    const calls = Number(values.calls ?? 2000);
    console.log(`command: npm run bench:sdk -- --rounds ${rounds} --calls ${calls} (load average ${os.loadavg()[0].toFixed(1)})`);
    const bytes = response();
    await compare(
        "check: decode an Analyze response (1 diagnostic, 63 not applicable)",
        rounds,
        calls,
        () => proto.AnalyzeResponse.deserializeBinary(bytes),
        () => decodeDiagnosticsOnly(bytes),
    );
    await compare(
        "pack: Analyze, not-applicable error kept per reason",
        rounds,
        calls / 10,
        analyzeWith(false, false),
        analyzeWith(true, false),
    );
    await compare(
        "pack: Analyze, single-type fast path (error kept)",
        rounds,
        calls / 10,
        analyzeWith(true, false),
        analyzeWith(true, true),
    );
    // The sharing replaces the module's export for the whole process: each side sets the one it measures.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's internal module ships untyped
    const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: unknown };
    const original = deserialize.deserializeProperties;
    shareDeserializedProperties();
    const shared = deserialize.deserializeProperties;
    const deployment = analyzeDeployment();
    await compare(
        "pack: Analyze of a Deployment by 30 multi-type policies, properties converted once per request",
        rounds,
        calls / 10,
        () => ((deserialize.deserializeProperties = original), deployment()),
        () => ((deserialize.deserializeProperties = shared), deployment()),
    );
}

void main();
