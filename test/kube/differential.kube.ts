/**
 * Differential test of the pack against the real API server. fast-check generates pod specs that vary
 * every field the pack's pod policies claim to judge (the Pod Security checks, the image tag, limits,
 * host access); each is judged by the pack's pod policies (in process, as test/policy-pack runs them)
 * and by the API server (a server-side dry-run create in a namespace with the team namespace's labels,
 * so Pod Security `restricted` at the pinned version and every admission policy apply). The verdicts
 * (admitted or not) must agree on every pod.
 *
 * The namespace is a twin of the team namespace without its LimitRange: the LimitRange fills in missing
 * limits, so in the team namespace itself the server never sees a pod without them, while the pack judges
 * the manifest as written. Fields the pack does not claim stay fixed: the registry (allowed), the volume
 * types (PSS `restricted` allows only some; the pack does not check them, see the report), Windows
 * options, and readOnlyRootFilesystem and the service-account token (the pack is stricter than the server
 * there by design).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { POD_POLICIES } from "../../policy-pack/policies";
import { analyze } from "../policy-pack/runtime";
import { cluster, dryRunCreate, namespace, of, type Shared } from "./support/cluster";

const RUNS = Number(process.env.KUBE_DIFFERENTIAL_RUNS ?? 1000);
const SEED = Number(process.env.KUBE_DIFFERENTIAL_SEED ?? 20261206);
const TWIN = "differential";

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];
const UNSAFE_SYSCTLS = ["kernel.msgmax", "net.core.somaxconn", "kernel.sem", "net.ipv4.ip_forward"];
const SYSCTL_VALUE: Record<string, string> = {
    "net.ipv4.ip_local_port_range": "1024 65000",
    "net.ipv4.ping_group_range": "0 1000",
    "net.ipv4.ip_local_reserved_ports": "8080",
    "net.ipv4.tcp_rmem": "4096 87380 6291456",
    "net.ipv4.tcp_wmem": "4096 16384 4194304",
    "kernel.sem": "250 32000 100 128",
};

const seccomp = fc.constantFrom(
    { type: "RuntimeDefault" },
    { type: "Localhost", localhostProfile: "profiles/app.json" },
    { type: "Unconfined" },
);
const seLinux = fc.record(
    {
        type: opt(fc.constantFrom("container_t", "container_init_t", "container_kvm_t", "container_engine_t", "spc_t", "unconfined_t")),
        user: opt(fc.constantFrom("system_u")),
        role: opt(fc.constantFrom("system_r")),
        level: opt(fc.constantFrom("s0:c1,c2")),
    },
    { requiredKeys: [] },
);
const appArmor = fc.constantFrom({ type: "RuntimeDefault" }, { type: "Localhost", localhostProfile: "k8s-app" }, { type: "Unconfined" });

function imageArb(registry: string) {
    return fc.constantFrom(
        `${registry}/payments/api:1.4.2`,
        `${registry}/payments/api:latest`,
        `${registry}/payments/api`,
        `${registry}/payments/api@sha256:${"cd".repeat(32)}`,
        `${registry}/payments/api:v2@sha256:${"cd".repeat(32)}`,
        `${registry}/payments/api:latest@sha256:${"cd".repeat(32)}`,
        `${registry}/payments/api:LATEST`,
        `${registry}/payments/api:_1`,
    );
}

/**
 * Nine times in ten a field takes its compliant value, else any value of `other`: with a dozen fields per
 * pod, a good share of pods is compliant and the rest break one or two checks, so both verdicts occur.
 */
function mostly<T>(good: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
    return fc.oneof({ arbitrary: fc.constant(good), weight: 9 }, { arbitrary: other, weight: 1 });
}

/** API validation refuses a container that is privileged or adds SYS_ADMIN yet says allowPrivilegeEscalation: false. */
function validSecurityContext(sc: Record<string, unknown>): Record<string, unknown> {
    const caps = sc.capabilities as { add?: string[] } | undefined;
    const escalates = sc.privileged === true || (caps?.add ?? []).includes("SYS_ADMIN");
    return escalates && sc.allowPrivilegeEscalation === false ? { ...sc, allowPrivilegeEscalation: true } : sc;
}

function containerArb(registry: string, name: string, port: number) {
    return fc.record(
        {
            name: fc.constant(name),
            image: mostly(`${registry}/payments/api:1.4.2`, imageArb(registry)),
            resources: mostly<Record<string, unknown> | undefined>(
                { limits: { cpu: "200m", memory: "256Mi" } },
                fc.constantFrom(
                    { limits: { cpu: "200m", memory: "256Mi" } },
                    { limits: { cpu: "200m" } },
                    { limits: { memory: "256Mi" } },
                    { requests: { cpu: "100m", memory: "64Mi" } },
                    undefined,
                ),
            ),
            // Each container its own port: two containers asking for one host port is invalid, not insecure.
            ports: mostly(undefined, opt(fc.constantFrom([{ containerPort: port }], [{ containerPort: port, hostPort: port }]))),
            securityContext: fc
                .record(
                    {
                        readOnlyRootFilesystem: fc.constant(true),
                        allowPrivilegeEscalation: mostly<boolean | undefined>(false, opt(fc.boolean())),
                        privileged: mostly(undefined, opt(fc.boolean())),
                        capabilities: mostly<Record<string, unknown> | undefined>(
                            { drop: ["ALL"] },
                            opt(
                                fc.record(
                                    {
                                        drop: opt(fc.constantFrom(["ALL"], ["NET_RAW"], [] as string[])),
                                        add: opt(fc.subarray(["NET_BIND_SERVICE", "CHOWN", "SYS_ADMIN", "NET_RAW"], { minLength: 1 })),
                                    },
                                    { requiredKeys: [] },
                                ),
                            ),
                        ),
                        runAsNonRoot: mostly(undefined, opt(fc.boolean())),
                        runAsUser: mostly(undefined, opt(fc.constantFrom(0, 1000))),
                        seccompProfile: mostly(undefined, opt(seccomp)),
                        seLinuxOptions: mostly(undefined, opt(seLinux)),
                        appArmorProfile: mostly(undefined, opt(appArmor)),
                        procMount: mostly(undefined, opt(fc.constant("Default"))),
                    },
                    { requiredKeys: ["readOnlyRootFilesystem"] },
                )
                .map(validSecurityContext),
        },
        { requiredKeys: ["name", "image", "securityContext"] },
    );
}

/** Drops undefined values (fast-check leaves optional keys out, but option() gives undefined). */
function clean<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}

export function podSpecArb(registry: string) {
    return fc
        .record(
            {
                automountServiceAccountToken: fc.constant(false),
                hostNetwork: mostly(undefined, opt(fc.boolean())),
                hostPID: mostly(undefined, opt(fc.boolean())),
                hostIPC: mostly(undefined, opt(fc.boolean())),
                securityContext: fc.record(
                    {
                        runAsNonRoot: mostly<boolean | undefined>(true, opt(fc.boolean())),
                        runAsUser: mostly(undefined, opt(fc.constantFrom(0, 10001))),
                        seccompProfile: mostly<Record<string, unknown> | undefined>({ type: "RuntimeDefault" }, opt(seccomp)),
                        seLinuxOptions: mostly(undefined, opt(seLinux)),
                        appArmorProfile: mostly(undefined, opt(appArmor)),
                        sysctls: mostly(
                            undefined,
                            opt(
                                fc
                                    .subarray([...SAFE_SYSCTLS, ...UNSAFE_SYSCTLS], { minLength: 1, maxLength: 3 })
                                    .map((names) => names.map((n) => ({ name: n, value: SYSCTL_VALUE[n] ?? "1" }))),
                            ),
                        ),
                    },
                    { requiredKeys: [] },
                ),
                containers: fc
                    .tuple(containerArb(registry, "app", 8080), opt(containerArb(registry, "sidecar", 8081)))
                    .map(([a, b]) => (b ? [a, b] : [a])),
                initContainers: opt(containerArb(registry, "init", 8082).map((c) => [c])),
                volumes: mostly(
                    undefined,
                    opt(
                        fc.subarray(
                            [
                                { name: "tmp", emptyDir: {} },
                                { name: "cfg", configMap: { name: "cfg" } },
                                { name: "host", hostPath: { path: "/var/log" } },
                            ],
                            { minLength: 1 },
                        ),
                    ),
                ),
            },
            { requiredKeys: ["automountServiceAccountToken", "securityContext", "containers"] },
        )
        .map(clean)
        .map(validPod);
}

/** API validation refuses net.* sysctls on a pod in the host's network namespace. */
function validPod(spec: Record<string, unknown>): Record<string, unknown> {
    const sc = spec.securityContext as { sysctls?: Array<{ name: string }> };
    if (spec.hostNetwork !== true || !sc.sysctls) return spec;
    const sysctls = sc.sysctls.filter((x) => !x.name.startsWith("net."));
    return { ...spec, securityContext: { ...sc, sysctls: sysctls.length > 0 ? sysctls : undefined } };
}

interface Verdicts {
    readonly pack: string[];
    readonly server: { status: number; message: string };
}

async function judge(s: Shared, spec: Record<string, unknown>): Promise<Verdicts> {
    const manifest = { apiVersion: "v1", kind: "Pod", metadata: { name: "diff", namespace: TWIN, labels: { app: "diff" } }, spec };
    const pack = await analyze(POD_POLICIES, { type: "kubernetes:core/v1:Pod", name: "diff", props: manifest });
    const r = await dryRunCreate(s, "admin", TWIN, manifest as never);
    return {
        pack: pack.diagnostics.map((d) => `${d.policyName}: ${d.message}`),
        server: { status: r.status, message: r.body.message ?? "" },
    };
}

function agree(v: Verdicts): boolean {
    return (v.pack.length === 0) === (v.server.status === 201);
}

describe("Differential: the pack's pod policies against the real API server", () => {
    let s: Shared;
    before(async () => {
        s = await cluster();
        const team = of(s.objects, "Namespace").find((n) => n.metadata.name === s.team)!;
        await namespace(s, TWIN, team.metadata.labels ?? {});
    });

    it(`${RUNS} generated pod specs: the pack and the API server agree on every one`, async function () {
        this.timeout(1_800_000);
        const specs = fc.sample(podSpecArb(s.registry), { numRuns: RUNS, seed: SEED });
        let disagreements = 0;
        let invalid = 0;
        let admitted = 0;
        const invalidMessages: string[] = [];
        for (const spec of specs) {
            const v = await judge(s, spec);
            if (v.server.status === 422 || v.server.status === 400) {
                invalid++;
                if (invalidMessages.length < 3) invalidMessages.push(v.server.message);
            } else if (!agree(v)) disagreements++;
            if (v.server.status === 201) admitted++;
        }
        process.stdout.write(
            `      pod-security differential: ${specs.length} pods, ${disagreements} disagreements (${admitted} admitted by the server, ${invalid} invalid specs)\n`,
        );
        assert.equal(
            invalid,
            0,
            `the generator makes only specs the API server finds valid; first refusals:\n${invalidMessages.join("\n")}`,
        );
        assert.ok(admitted > RUNS / 50 && admitted < RUNS - RUNS / 50, `both verdicts occur (${admitted} admitted)`);
        if (disagreements > 0) {
            // Let fast-check shrink to the smallest pod on which they disagree.
            await fc.assert(
                fc.asyncProperty(podSpecArb(s.registry), async (spec) => {
                    const v = await judge(s, spec);
                    assert.ok(agree(v), `pack: ${JSON.stringify(v.pack)}\nserver: ${v.server.status} ${v.server.message}`);
                }),
                { numRuns: RUNS, seed: SEED },
            );
        }
    });
});
