/**
 * Issue 12 item 3: the Pod Security Standards table (docs/pss.md) and the policies agree,
 * and the PSS refinements (volume types, host probes, sysctls per version, Windows pods)
 * are judged on meaning: generated spellings must be blocked, compliant neighbours pass.
 */
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import fc from "fast-check";
import { DEFAULT_PSA_VERSION } from "../../../components/guardrails/constants";
import { ALL_POLICIES } from "../../../policy-pack/policies";
import { k8sPodCapabilities } from "../../../policy-pack/policies/container/k8s-pod-capabilities";
import { k8sPodHostProbes } from "../../../policy-pack/policies/container/k8s-pod-host-probes";
import { k8sPodPrivilege } from "../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodSeccomp } from "../../../policy-pack/policies/container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "../../../policy-pack/policies/container/k8s-pod-security-options";
import { k8sPodVolumeTypes } from "../../../policy-pack/policies/container/k8s-pod-volume-types";
import { PINNED_PSS_VERSION, RESTRICTED_VOLUME_KINDS, SAFE_SYSCTLS_SINCE, safeSysctls } from "../../../policy-pack/policies/shared/pss";
import { analyze, of } from "../runtime";
import { JsonObject, WORKLOAD_KINDS, compliantPodSpec, objectAt, workload } from "./fixtures";

const DOC = join(__dirname, "..", "..", "..", "docs", "pss.md");
const LEVELS = ["baseline", "restricted"];

interface Row {
    readonly check: string;
    readonly level: string;
    readonly since: string;
    readonly policy: string;
}

function rows(): Row[] {
    return readFileSync(DOC, "utf8")
        .split("\n")
        .map((line) => /^\| ([^|]+) \| (baseline|restricted) \| (v1\.\d+) \| `([a-z0-9-]+)` \| [^|]+ \|$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ check: m[1].trim(), level: m[2], since: m[3], policy: m[4] }));
}

const DEPLOYMENT = WORKLOAD_KINDS[2];
async function run(policy: typeof k8sPodVolumeTypes, spec: JsonObject, config = {}) {
    return of(await analyze([policy], workload(DEPLOYMENT, spec), config), policy.meta.name);
}

describe("Pod Security Standards: table and policies agree (issue 12 item 3)", () => {
    const table = rows();

    it("every row names a policy of the registry that cites that PSS check", () => {
        assert.ok(table.length >= 18, `${table.length} rows`);
        for (const r of table) {
            const p = ALL_POLICIES.find((x) => x.meta.name === r.policy);
            assert.ok(p, `${r.policy} is not a policy`);
            assert.ok(
                p.meta.references.some((ref) => ref.framework === "PSS" && ref.id === `${r.level}: ${r.check}`),
                `${r.policy} does not cite PSS "${r.level}: ${r.check}"`,
            );
        }
    });

    it("every PSS check a policy cites has its row", () => {
        for (const p of ALL_POLICIES) {
            for (const ref of p.meta.references.filter((x) => x.framework === "PSS")) {
                const m = /^(baseline|restricted): (.+)$/.exec(ref.id);
                if (m === null) continue; // e.g. "restricted" as a namespace label level
                assert.ok(
                    table.some((r) => r.level === m[1] && r.check === m[2] && r.policy === p.meta.name),
                    `docs/pss.md has no row for ${p.meta.name} / ${ref.id}`,
                );
            }
        }
    });

    it("covers every check of both levels of the PSS version the pack knows", () => {
        const checks = new Set(table.map((r) => `${r.level}: ${r.check}`));
        for (const c of [
            "baseline: HostProcess",
            "baseline: Host Namespaces",
            "baseline: Privileged Containers",
            "baseline: Capabilities",
            "baseline: HostPath Volumes",
            "baseline: Host Ports",
            "baseline: Host Probes / Lifecycle Hooks",
            "baseline: AppArmor",
            "baseline: SELinux",
            "baseline: /proc Mount Type",
            "baseline: Seccomp",
            "baseline: Sysctls",
            "restricted: Volume Types",
            "restricted: Privilege Escalation",
            "restricted: Running as Non-root",
            "restricted: Running as Non-root user",
            "restricted: Seccomp",
            "restricted: Capabilities",
        ])
            assert.ok(checks.has(c), c);
        assert.ok(table.every((r) => LEVELS.includes(r.level)));
    });

    it("the pack's pinned PSS version is the one the baseline's namespaces pin", () => {
        assert.equal(PINNED_PSS_VERSION, DEFAULT_PSA_VERSION);
        assert.match(readFileSync(DOC, "utf8"), new RegExp(`pin PSS \\*\\*${PINNED_PSS_VERSION.replace(".", "\\.")}\\*\\*`));
    });
});

describe("PSS baseline Sysctls per version", () => {
    // Each version's exact allowed set, as k8s.io/pod-security-admission policy/check_sysctls.go
    // defines it (read at v0.33.0, v0.35.10, v0.36.6, v0.37.0, v0.37.2; docs/pss.md).
    const V1_0 = [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    ];
    const V1_27 = [...V1_0, "net.ipv4.ip_local_reserved_ports"];
    const V1_29 = [
        ...V1_27,
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ];
    const V1_32 = [...V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
    const V1_37 = [...V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];
    const EXPECTED: readonly [string, readonly string[]][] = [
        ["v1.0", V1_0],
        ["v1.26", V1_0],
        ["v1.27", V1_27],
        ["v1.28", V1_27],
        ["v1.29", V1_29],
        ["v1.31", V1_29],
        ["v1.32", V1_32],
        ["v1.33", V1_32],
        ["v1.35", V1_32],
        ["v1.36", V1_32],
        ["v1.37", V1_37],
        ["latest", V1_37],
    ];
    for (const [version, names] of EXPECTED) {
        it(`${version}: exactly the set check_sysctls.go allows`, () => {
            assert.deepEqual([...safeSysctls(version)].sort(), [...names].sort());
        });
    }
    it("the safe list grows with the version and never loses a name", () => {
        assert.equal(safeSysctls("v1.26").length, 5);
        assert.ok(safeSysctls("v1.27").includes("net.ipv4.ip_local_reserved_ports"));
        assert.ok(!safeSysctls("v1.31").includes("net.ipv4.tcp_rmem") && safeSysctls("v1.32").includes("net.ipv4.tcp_wmem"));
        assert.deepEqual([...safeSysctls("latest")].sort(), Object.keys(SAFE_SYSCTLS_SINCE).sort());
        assert.deepEqual(safeSysctls("not a version"), safeSysctls("v1.0"), "unreadable: the oldest, smallest list");
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (a, b) => {
                const [lo, hi] = a <= b ? [a, b] : [b, a];
                assert.ok(safeSysctls(`v1.${lo}`).every((n) => safeSysctls(`v1.${hi}`).includes(n)));
            }),
        );
    });
    it("a sysctl is allowed exactly when the configured version lists it (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...Object.keys(SAFE_SYSCTLS_SINCE), "net.core.somaxconn", "kernel.msgmax", "net.ipv4.ip_forward"),
                fc.integer({ min: 20, max: 40 }),
                async (name, minor) => {
                    const spec = compliantPodSpec();
                    objectAt(spec, "securityContext").sysctls = [{ name, value: "1" }];
                    const own = await run(k8sPodSecurityOptions, spec, {
                        "k8s-pod-security-options": { podSecurityVersion: `v1.${minor}` },
                    });
                    const safe = name in SAFE_SYSCTLS_SINCE && SAFE_SYSCTLS_SINCE[name] <= minor;
                    assert.equal(own.length, safe ? 0 : 1, `${name} at v1.${minor}`);
                },
            ),
            { numRuns: 60 },
        );
    });
});

describe("PSS restricted Volume Types", () => {
    it("any volume kind outside the allowlist is refused, allowed kinds pass (property)", async () => {
        const kind = fc.oneof(
            fc.constantFrom(...RESTRICTED_VOLUME_KINDS),
            fc.constantFrom("nfs", "iscsi", "awsElasticBlockStore", "gitRepo", "rbd", "flexVolume", "cephfs", "image"),
            fc.stringMatching(/^[a-z][A-Za-z]{2,15}$/),
        );
        await fc.assert(
            fc.asyncProperty(kind, async (k) => {
                fc.pre(k !== "name" && k !== "hostPath" && !["__proto__", "constructor", "toString", "valueOf"].includes(k));
                const spec = compliantPodSpec();
                (spec.volumes as JsonObject[]).push({ name: "v", [k]: {} });
                const own = await run(k8sPodVolumeTypes, spec);
                assert.equal(own.length, RESTRICTED_VOLUME_KINDS.includes(k) ? 0 : 1, k);
            }),
            { numRuns: 80 },
        );
    });
    it("malformed volumes fail closed and never throw (fuzz)", async () => {
        await fc.assert(
            fc.asyncProperty(fc.anything(), async (v) => {
                const spec = compliantPodSpec();
                spec.volumes = [v as never];
                const own = await run(k8sPodVolumeTypes, spec);
                for (const d of own) assert.doesNotMatch(d.message, /could not evaluate/);
            }),
            { numRuns: 80 },
        );
        const spec = compliantPodSpec();
        spec.volumes = ["tmp"];
        assert.match((await run(k8sPodVolumeTypes, spec))[0].message, /volume .*volumes\.0 is not an object/);
    });
});

describe("PSS baseline Host Probes / Lifecycle Hooks", () => {
    const where = fc.constantFrom(
        ["livenessProbe", "httpGet"],
        ["livenessProbe", "tcpSocket"],
        ["readinessProbe", "httpGet"],
        ["readinessProbe", "tcpSocket"],
        ["startupProbe", "httpGet"],
        ["startupProbe", "tcpSocket"],
        ["lifecycle", "postStart", "httpGet"],
        ["lifecycle", "postStart", "tcpSocket"],
        ["lifecycle", "preStop", "httpGet"],
        ["lifecycle", "preStop", "tcpSocket"],
    );
    const list = fc.constantFrom("containers", "initContainers", "ephemeralContainers");
    it("any non-empty host in any probe or hook of any container is reported; an empty one passes (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                where,
                list,
                fc.oneof(fc.constant(""), fc.domain(), fc.ipV4(), fc.ipV6(), fc.string({ minLength: 1, maxLength: 10 })),
                async (path, l, host) => {
                    const spec = compliantPodSpec();
                    const handler = objectAt(spec, `${l}.0.${path.join(".")}`);
                    Object.assign(handler, { host, port: 80 });
                    const own = await run(k8sPodHostProbes, spec);
                    assert.equal(own.length, host === "" ? 0 : 1, `${l} ${path.join(".")} ${JSON.stringify(host)}`);
                },
            ),
            { numRuns: 80 },
        );
    });
    it("a host that is not a string fails closed; malformed probes never throw (fuzz)", async () => {
        const spec = compliantPodSpec();
        objectAt(spec, "containers.0").livenessProbe = { httpGet: { host: 7, port: 80 } };
        assert.equal((await run(k8sPodHostProbes, spec)).length, 1);
        await fc.assert(
            fc.asyncProperty(fc.anything(), async (probe) => {
                const s = compliantPodSpec();
                objectAt(s, "containers.0").readinessProbe = probe as never;
                for (const d of await run(k8sPodHostProbes, s)) assert.doesNotMatch(d.message, /could not evaluate/);
            }),
            { numRuns: 80 },
        );
    });
});

describe("PSS and Windows pods", () => {
    const linuxOnly = async (os: unknown) => {
        const spec = compliantPodSpec();
        spec.os = os as never;
        delete objectAt(spec, "securityContext").seccompProfile;
        delete objectAt(spec, "containers.0.securityContext").capabilities;
        delete objectAt(spec, "containers.0.securityContext").allowPrivilegeEscalation;
        const counts = await Promise.all(
            [k8sPodSeccomp, k8sPodCapabilities, k8sPodPrivilege].map(async (p) => (await run(p, spec)).length),
        );
        return counts;
    };
    it("spec.os.name windows exempts exactly the Linux-only restricted checks", async () => {
        assert.deepEqual(await linuxOnly({ name: "windows" }), [0, 0, 0]);
    });
    it("any other os (other spellings included) keeps the Linux rules (property)", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.oneof(fc.constantFrom("linux", "Windows", "WINDOWS", "win", " windows", ""), fc.string({ maxLength: 8 })),
                async (name) => {
                    fc.pre(name !== "windows");
                    const [seccomp, caps, escalation] = await linuxOnly({ name });
                    assert.ok(seccomp > 0 && caps > 0 && escalation > 0, name);
                },
            ),
            { numRuns: 30 },
        );
    });
    it("Windows pods stay bound by the checks PSS applies to them (host namespaces, privileged, hostProcess)", async () => {
        const spec = compliantPodSpec();
        spec.os = { name: "windows" };
        objectAt(spec, "containers.0.securityContext").privileged = true;
        assert.equal((await run(k8sPodPrivilege, spec)).length, 1);
        objectAt(spec, "containers.0.securityContext.windowsOptions").hostProcess = true;
        assert.equal((await run(k8sPodSecurityOptions, spec)).length, 1);
    });
});
