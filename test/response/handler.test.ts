/**
 * DET-9: the containment function's decision, driven by sample findings (./findings.ts) with a fake
 * Kubernetes API and alert topic that record every call.
 */
import { strict as assert } from "assert";
import {
    FINDING_ANNOTATION,
    KubeApi,
    PodView,
    Publisher,
    Report,
    Settings,
    handleFinding,
    subjectOf,
} from "../../functions/containment/handler";
import { ENV, SettingsError, settingsFrom } from "../../functions/containment/index";
import { DEFAULT_CONTAINMENT_FINDING_TYPES } from "../../components";
import { containmentEnvironment } from "../../components/response/plan";
import { CLUSTER, NAMESPACE, POD, POD_UID, auditLogFinding, ec2Finding, runtimeFinding } from "./findings";

const SETTINGS: Settings = {
    clusterName: CLUSTER,
    findingTypes: [...DEFAULT_CONTAINMENT_FINDING_TYPES],
    minSeverity: 7,
    quarantineLabel: "quarantine",
    namespaces: [NAMESPACE, "search"],
    dryRun: false,
};

interface Call {
    readonly op: string;
    readonly args: unknown[];
}

class FakeCluster implements KubeApi {
    readonly calls: Call[] = [];
    constructor(
        private readonly pods: Map<string, PodView>,
        private readonly failGet?: Error,
    ) {}
    async getPod(ns: string, name: string): Promise<PodView | undefined> {
        this.calls.push({ op: "get", args: [ns, name] });
        if (this.failGet) throw this.failGet;
        return this.pods.get(`${ns}/${name}`);
    }
    async labelPod(ns: string, name: string, labels: Record<string, string>, annotations: Record<string, string>): Promise<void> {
        this.calls.push({ op: "label", args: [ns, name, labels, annotations] });
        const p = this.pods.get(`${ns}/${name}`)!;
        this.pods.set(`${ns}/${name}`, { ...p, labels: { ...p.labels, ...labels } });
    }
    async createEvent(ns: string, pod: { name: string; uid: string }, reason: string, message: string): Promise<void> {
        this.calls.push({ op: "event", args: [ns, pod, reason, message] });
    }
    writes(): Call[] {
        return this.calls.filter((c) => c.op !== "get");
    }
}

class FakeTopic implements Publisher {
    readonly published: Array<{ subject: string; report: Report }> = [];
    async publish(subject: string, report: Report): Promise<void> {
        this.published.push({ subject, report });
    }
}

function world(pods: Array<[string, string, PodView]> = [[NAMESPACE, POD, { uid: POD_UID, labels: { app: "api" } }]], failGet?: Error) {
    return { kube: new FakeCluster(new Map(pods.map(([ns, n, p]) => [`${ns}/${n}`, p])), failGet), topic: new FakeTopic() };
}

describe("DET-9 containment function: the decision", () => {
    it("labels the pod a runtime finding names, records an event and reports it", async () => {
        const { kube, topic } = world([
            [NAMESPACE, POD, { uid: POD_UID, labels: { app: "api" } }],
            [NAMESPACE, "other", { uid: "u-other", labels: { app: "api" } }],
        ]);
        const r = await handleFinding(runtimeFinding(), SETTINGS, kube, topic);
        assert.equal(r.outcome, "quarantined");
        assert.deepEqual(kube.writes(), [
            { op: "label", args: [NAMESPACE, POD, { quarantine: "true" }, { [FINDING_ANNOTATION]: "a2c6b8e1f0d94e7b8c1d2e3f4a5b6c7d" }] },
            {
                op: "event",
                args: [
                    NAMESPACE,
                    { name: POD, uid: POD_UID },
                    "Quarantined",
                    "GuardDuty finding a2c6b8e1f0d94e7b8c1d2e3f4a5b6c7d (Execution:Runtime/ReverseShell, severity 8): pod isolated by the quarantine label",
                ],
            },
        ]);
        assert.equal(topic.published.length, 1);
        assert.equal(topic.published[0].subject, `secure-baseline containment: quarantined ${NAMESPACE}/${POD}`);
        assert.deepEqual(
            { ...topic.published[0].report },
            {
                outcome: "quarantined",
                dryRun: false,
                findingId: "a2c6b8e1f0d94e7b8c1d2e3f4a5b6c7d",
                findingType: "Execution:Runtime/ReverseShell",
                severity: 8,
                cluster: CLUSTER,
                namespace: NAMESPACE,
                pod: POD,
                detail: r.detail,
            },
        );
    });

    it("acts on an EKS audit-log finding about a pod when its type and severity are chosen", async () => {
        const { kube, topic } = world();
        const r = await handleFinding(auditLogFinding(), { ...SETTINGS, minSeverity: 5 }, kube, topic);
        assert.equal(r.outcome, "quarantined");
        assert.equal(kube.writes()[0].op, "label");
    });

    const ignored: Array<[string, unknown, Partial<Settings>?]> = [
        ["an EC2 finding", ec2Finding()],
        ["a finding about another cluster", runtimeFinding({ cluster: "someone-else" })],
        ["a finding type not chosen", runtimeFinding({ type: "Execution:Runtime/NewBinaryExecuted" })],
        ["a finding below the minimum severity", runtimeFinding({ severity: 6.9 })],
        ["an event that is not a GuardDuty finding", { source: "aws.config", "detail-type": "Config Rules Compliance Change", detail: {} }],
        ["a finding with no id", { ...runtimeFinding(), detail: { ...(runtimeFinding().detail as object), id: undefined } }],
        ["nothing at all", undefined],
    ];
    for (const [what, event] of ignored) {
        it(`ignores ${what}: no API call, nothing published`, async () => {
            const { kube, topic } = world();
            const r = await handleFinding(event, SETTINGS, kube, topic);
            assert.equal(r.outcome, "ignored");
            assert.deepEqual(kube.calls, []);
            assert.deepEqual(topic.published, []);
        });
    }

    it("a missing pod is reported and the run ends normally (so Lambda does not retry it)", async () => {
        const { kube, topic } = world([]);
        const r = await handleFinding(runtimeFinding(), SETTINGS, kube, topic);
        assert.equal(r.outcome, "pod-missing");
        assert.deepEqual(kube.writes(), []);
        assert.equal(topic.published.length, 1);
        assert.match(topic.published[0].report.detail, /no longer exists/);
    });

    it("a pod of the same name but another uid is left alone and reported", async () => {
        const { kube, topic } = world([[NAMESPACE, POD, { uid: "a-new-pod", labels: {} }]]);
        const r = await handleFinding(runtimeFinding(), SETTINGS, kube, topic);
        assert.equal(r.outcome, "pod-replaced");
        assert.deepEqual(kube.writes(), []);
        assert.equal(topic.published[0].report.outcome, "pod-replaced");
    });

    it("a pod outside the contained namespaces is reported, never touched", async () => {
        const { kube, topic } = world([["kube-system", POD, { uid: POD_UID, labels: {} }]]);
        const r = await handleFinding(runtimeFinding({ namespace: "kube-system" }), SETTINGS, kube, topic);
        assert.equal(r.outcome, "namespace-not-contained");
        assert.deepEqual(kube.calls, []);
        assert.equal(topic.published.length, 1);
    });

    it("a finding that names a deployment, not a pod, is reported for a human", async () => {
        const { kube, topic } = world();
        const r = await handleFinding(runtimeFinding({ workloadType: "deployments", pod: "api" }), SETTINGS, kube, topic);
        assert.equal(r.outcome, "not-a-pod");
        assert.deepEqual(kube.calls, []);
        assert.match(topic.published[0].report.detail, /deployments/);
    });

    it("accepts the pod type however GuardDuty spells it (pods, Pod)", async () => {
        for (const workloadType of ["pods", "Pod", "POD"]) {
            const { kube, topic } = world();
            assert.equal(
                (await handleFinding(runtimeFinding({ workloadType }), SETTINGS, kube, topic)).outcome,
                "quarantined",
                workloadType,
            );
        }
    });

    it("dry run: reads the pod, patches nothing, records no event, reports what it would do", async () => {
        const { kube, topic } = world();
        const r = await handleFinding(runtimeFinding(), { ...SETTINGS, dryRun: true }, kube, topic);
        assert.equal(r.outcome, "dry-run");
        assert.deepEqual(
            kube.calls.map((c) => c.op),
            ["get"],
        );
        assert.equal(topic.published[0].report.dryRun, true);
        assert.match(topic.published[0].report.detail, /would label the pod quarantine=true/);
    });

    it("a pod already quarantined (any value) is not patched again", async () => {
        const { kube, topic } = world([[NAMESPACE, POD, { uid: POD_UID, labels: { quarantine: "false" } }]]);
        const r = await handleFinding(runtimeFinding(), SETTINGS, kube, topic);
        assert.equal(r.outcome, "already-quarantined");
        assert.deepEqual(kube.writes(), []);
    });

    it("an API error fails the run (Lambda retries it, then the dead-letter queue keeps it)", async () => {
        const { kube, topic } = world([], new Error("HTTP 503"));
        await assert.rejects(handleFinding(runtimeFinding(), SETTINGS, kube, topic), /HTTP 503/);
        assert.deepEqual(topic.published, []);
    });

    it("SNS subjects stay ASCII and within 100 characters", () => {
        const s = subjectOf({ outcome: "quarantined", dryRun: false, namespace: "n".repeat(63), pod: "p".repeat(80) + "é", detail: "" });
        assert.ok(s.length <= 100);
        assert.match(s, /^[\x20-\x7e]+$/);
    });
});

describe("DET-9 containment function: settings from its environment", () => {
    const env = containmentEnvironment({
        clusterName: CLUSTER,
        endpoint: "https://example.eks.amazonaws.com",
        certificateAuthority: "Q0E=",
        alertTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
        findingTypes: ["Execution:Runtime/ReverseShell", "Backdoor:Runtime/C&CActivity.B!DNS"],
        minSeverity: 7,
        quarantineLabel: "quarantine",
        namespaces: ["payments", "search"],
        dryRun: true,
        dnsSuffix: "amazonaws.com",
    });

    it("the component writes exactly the variables the function reads", () => {
        assert.deepEqual(Object.keys(env).sort(), Object.values(ENV).sort());
    });

    it("reads back what the component wrote", () => {
        assert.deepEqual(settingsFrom(env), {
            clusterName: CLUSTER,
            findingTypes: ["Execution:Runtime/ReverseShell", "Backdoor:Runtime/C&CActivity.B!DNS"],
            minSeverity: 7,
            quarantineLabel: "quarantine",
            namespaces: ["payments", "search"],
            dryRun: true,
        });
    });

    it("a missing or malformed variable stops the run, naming it", () => {
        assert.throws(
            () => settingsFrom({ ...env, CLUSTER_NAME: "" }),
            (e: Error) => e instanceof SettingsError && /CLUSTER_NAME is not set/.test(e.message),
        );
        assert.throws(() => settingsFrom({ ...env, MIN_SEVERITY: "high" }), /MIN_SEVERITY "high" is not a number/);
        assert.throws(() => settingsFrom({ ...env, DRY_RUN: "yes" }), /DRY_RUN "yes" is not true or false/);
    });
});
