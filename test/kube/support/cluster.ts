/**
 * One control plane shared by the enforcement suites, with the prod stack's
 * in-cluster objects applied, started on first use and stopped after the run
 * (root hook below). Each suite reads what it needs from the applied objects
 * (team namespace, registry, groups), never from a second spelling.
 */
import { strict as assert } from "assert";
import { applyObjects } from "../../../tools/kube/apply";
import { baselineIdentities, type KubeObject, stackObjects, type StackObject, userForGroup } from "../../../tools/kube/baseline";
import { Client, type Reply } from "../../../tools/kube/client";
import { type ControlPlane, start } from "../../../tools/kube/harness";
import { policyControllerCrds } from "../../../tools/sigstore/crds";
import { teamGroupName } from "../../../components/cluster/access";

export const STACK = "prod";

export interface Shared {
    readonly cp: ControlPlane;
    readonly client: Client;
    readonly objects: readonly StackObject[];
    /** The first team namespace of the stack. */
    readonly team: string;
    /** The allowed registry host of the allowed-registries policy. */
    readonly registry: string;
    /** User names by role of the team namespace's bindings (view, edit, ...), and the cluster ones. */
    readonly users: Readonly<Record<string, string>>;
}

const records = new Map<string, StackObject[]>();

/** The stack's objects, from the offline check (once per stack per run). */
export function objectsOf(stack: string): StackObject[] {
    if (!records.has(stack)) records.set(stack, stackObjects(stack));
    return records.get(stack)!;
}

let shared: Promise<Shared> | undefined;

/** The prefix of a team's group names (`team:<team>:<role>`), taken from the function that makes them. */
const TEAM_GROUP_PREFIX = ((probe: string) => probe.slice(0, probe.indexOf("TEAM")))(teamGroupName("TEAM", "view"));

/**
 * The stack's team namespaces: where a team's group is bound. The baseline's own namespaces (the
 * signature verifier's, the secrets operator's) hold no team binding.
 */
export function teamNamespaces(objects: readonly StackObject[]): string[] {
    const bound = of(objects, "RoleBinding").filter((b) =>
        ((b.subjects ?? []) as Array<{ kind?: string; name?: string }>).some(
            (x) => x.kind === "Group" && (x.name ?? "").startsWith(TEAM_GROUP_PREFIX),
        ),
    );
    return [...new Set(bound.map((b) => String(b.metadata.namespace)))].sort();
}

export function of(objects: readonly StackObject[], kind: string): KubeObject[] {
    return objects.filter((o) => o.object.kind === kind).map((o) => o.object);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` holds: admission reads policies and namespaces from informers, a moment after they are written. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await sleep(200);
    }
}

/**
 * CTR-2: the policy-controller's CRDs on their own, for a test that creates ClusterImagePolicies of its
 * own (a stack's objects bring them through crdsFor, as its chart would install them).
 */
export async function installPolicyControllerCrds(cp: ControlPlane): Promise<void> {
    const failures = await applyObjects(cp.kubeconfigs.admin, policyControllerCrds());
    assert.deepEqual(
        failures.map((f) => `${f.object.object.metadata.name}: ${f.message}`),
        [],
        "the policy-controller CRDs are accepted",
    );
    const client = new Client(cp);
    try {
        await eventually(
            "the policy-controller CRDs are served",
            async () => (await client.request("admin", "GET", "/apis/policy.sigstore.dev/v1beta1")).status === 200,
        );
    } finally {
        client.close();
    }
}

async function setUp(): Promise<Shared> {
    const objects = objectsOf(STACK);
    const cp = await start({ identities: baselineIdentities(objects) });
    try {
        const failures = await applyObjects(cp.kubeconfigs.admin, objects);
        assert.deepEqual(
            failures.map((f) => `${f.object.object.kind}/${f.object.object.metadata.name}: ${f.message}`),
            [],
            "every object of the stack is accepted",
        );
        const client = new Client(cp);
        // The first team namespace (the baseline's own namespaces hold no team binding).
        const team = teamNamespaces(objects)[0];
        const vap = of(objects, "ValidatingAdmissionPolicy").find((p) => p.metadata.name.endsWith("allowed-registries"))!;
        const expr = (vap.spec as { validations: Array<{ expression: string }> }).validations[0].expression;
        const registry = /\['([^']+)'/.exec(expr)![1];
        const users: Record<string, string> = {};
        for (const b of of(objects, "RoleBinding").filter((b) => b.metadata.namespace === team)) {
            const role = b.metadata.name.replace(/^secure-baseline-/, "");
            users[role] = userForGroup((b.subjects as Array<{ name: string }>)[0].name);
        }
        for (const b of of(objects, "ClusterRoleBinding"))
            users[b.metadata.name.replace(/^secure-baseline-/, "")] = userForGroup((b.subjects as Array<{ name: string }>)[0].name);
        const s: Shared = { cp, client, objects, team, registry, users };
        await waitForAdmission(s);
        return s;
    } catch (err) {
        await cp.stop();
        throw err;
    }
}

/** How long admission may take to come into force after the objects are stored (longer than usual: CI machines are loaded). */
const ADMISSION_WAIT_MS = 90_000;

/** Waits until Pod Security and the admission policies judge the team namespace. */
async function waitForAdmission(s: Shared): Promise<void> {
    const bad = pod("probe", s.registry, { image: "docker.io/library/nginx:latest", privileged: true });
    await eventually(
        "Pod Security and the admission policies are in force",
        async () => {
            const r = await dryRunCreate(s, "admin", s.team, bad);
            return r.status === 403 && /PodSecurity/.test(r.body.message ?? "");
        },
        ADMISSION_WAIT_MS,
    );
    const vapOnly = pod("probe", s.registry, { image: "docker.io/library/nginx:1.27" });
    await eventually(
        "the admission policies are in force",
        async () => {
            const r = await dryRunCreate(s, "admin", s.team, vapOnly);
            return r.status === 403 && /allowed registry/.test(r.body.message ?? "");
        },
        ADMISSION_WAIT_MS,
    );
}

export function cluster(): Promise<Shared> {
    shared ??= setUp();
    return shared;
}

export async function stopCluster(): Promise<void> {
    if (!shared) return;
    const s = await shared.catch(() => undefined);
    shared = undefined;
    s?.client.close();
    await s?.cp.stop();
}

/** Root hook: the shared control plane stops after the last suite. */
export const mochaHooks = {
    async afterAll(): Promise<void> {
        await stopCluster();
    },
};

// ---- Pods --------------------------------------------------------------------------------------

export interface PodOptions {
    readonly image?: string;
    readonly privileged?: boolean;
    /** Leave resources out (the LimitRange fills them in). */
    readonly noResources?: boolean;
}

/** A pod that Pod Security `restricted` and every admission policy admit, with one change at most. */
export function pod(name: string, registry: string, o: PodOptions = {}): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, labels: { app: name } },
        spec: podSpec(registry, o),
    };
}

export function podSpec(registry: string, o: PodOptions = {}): Record<string, unknown> {
    return {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: o.image ?? `${registry}/payments/api:1.4.2`,
                // A privileged container may not also say allowPrivilegeEscalation: false (the API server's
                // validation refuses the pair before admission runs), so a privileged variant leaves it out.
                securityContext: o.privileged
                    ? { readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, privileged: true }
                    : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                ...(o.noResources
                    ? {}
                    : { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } } }),
            },
        ],
    };
}

export const PLURAL: Readonly<Record<string, { base: string; plural: string }>> = {
    Pod: { base: "/api/v1", plural: "pods" },
    Deployment: { base: "/apis/apps/v1", plural: "deployments" },
    StatefulSet: { base: "/apis/apps/v1", plural: "statefulsets" },
    DaemonSet: { base: "/apis/apps/v1", plural: "daemonsets" },
    ReplicaSet: { base: "/apis/apps/v1", plural: "replicasets" },
    Job: { base: "/apis/batch/v1", plural: "jobs" },
    CronJob: { base: "/apis/batch/v1", plural: "cronjobs" },
    Secret: { base: "/api/v1", plural: "secrets" },
    Service: { base: "/api/v1", plural: "services" },
    ConfigMap: { base: "/api/v1", plural: "configmaps" },
};

export function collection(kind: string, namespace: string): string {
    const p = PLURAL[kind];
    return `${p.base}/namespaces/${namespace}/${p.plural}`;
}

export function create(s: Shared, as: string, namespace: string, obj: KubeObject, dryRun = false): Promise<Reply> {
    return s.client.request(as, "POST", `${collection(obj.kind, namespace)}${dryRun ? "?dryRun=All" : ""}`, obj);
}

export function dryRunCreate(s: Shared, as: string, namespace: string, obj: KubeObject): Promise<Reply> {
    return create(s, as, namespace, obj, true);
}

/** The pod spec wrapped in a workload of `kind`, as the admission policies see it. */
export function workload(kind: string, name: string, spec: Record<string, unknown>): KubeObject {
    const labels = { app: name };
    const template = { metadata: { labels }, spec: kind === "Job" || kind === "CronJob" ? { ...spec, restartPolicy: "Never" } : spec };
    const apiVersion = PLURAL[kind].base.replace(/^\/apis\//, "").replace(/^\/api\//, "");
    const meta = { name, labels };
    switch (kind) {
        case "Pod":
            return { apiVersion, kind, metadata: meta, spec };
        case "Job":
            return { apiVersion, kind, metadata: meta, spec: { template } };
        case "CronJob":
            return { apiVersion, kind, metadata: meta, spec: { schedule: "0 * * * *", jobTemplate: { spec: { template } } } };
        case "StatefulSet":
            return { apiVersion, kind, metadata: meta, spec: { serviceName: name, selector: { matchLabels: labels }, template } };
        default:
            return { apiVersion, kind, metadata: meta, spec: { selector: { matchLabels: labels }, template } };
    }
}

export const WORKLOAD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;

/** Creates a namespace as admin (labels as given) and waits until admission knows it. */
export async function namespace(s: Pick<Shared, "client">, name: string, labels: Record<string, string> = {}): Promise<void> {
    const r = await s.client.request("admin", "POST", "/api/v1/namespaces", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels },
    });
    assert.ok(r.status === 201 || r.status === 409, `namespace ${name}: ${r.status} ${r.body.message}`);
    await eventually(
        `the default ServiceAccount of ${name} exists`,
        async () => (await s.client.request("admin", "GET", `/api/v1/namespaces/${name}/serviceaccounts/default`)).status === 200,
    );
}
