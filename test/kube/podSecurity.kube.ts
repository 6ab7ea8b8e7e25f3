/**
 * K8S-1 against the real API server: Pod Security `restricted` (at the version the namespace label pins)
 * in the team namespace rejects one pod per check of the standard, and admits the allowed variants.
 * Each pod is the compliant one with one change, created as admin (RBAC lets admin do anything;
 * admission does not) with a server-side dry run.
 */
import { strict as assert } from "assert";
import { cluster, dryRunCreate, pod, type Shared } from "./support/cluster";

type Spec = Record<string, unknown> & {
    containers: Array<Record<string, unknown> & { securityContext: Record<string, unknown> }>;
    securityContext: Record<string, unknown>;
};
type Change = (spec: Spec) => void;

const c0 = (s: Spec) => s.containers[0];

/** PSS check name (as the standard names it), the change that breaks it, and what the server's message names. */
const REJECTED: ReadonlyArray<readonly [string, Change, RegExp]> = [
    [
        "HostProcess",
        (s) => {
            s.securityContext.windowsOptions = { hostProcess: true };
            s.hostNetwork = true;
        },
        /hostProcess/,
    ],
    [
        "Host Namespaces: hostNetwork",
        (s) => {
            s.hostNetwork = true;
        },
        /host namespaces \(hostNetwork=true\)/,
    ],
    [
        "Host Namespaces: hostPID",
        (s) => {
            s.hostPID = true;
        },
        /host namespaces \(hostPID=true\)/,
    ],
    [
        "Host Namespaces: hostIPC",
        (s) => {
            s.hostIPC = true;
        },
        /host namespaces \(hostIPC=true\)/,
    ],
    // allowPrivilegeEscalation: false beside privileged: true is refused by validation before Pod Security runs.
    [
        "Privileged Containers",
        (s) => {
            c0(s).securityContext.privileged = true;
            delete c0(s).securityContext.allowPrivilegeEscalation;
        },
        /privileged/,
    ],
    [
        "Capabilities (baseline): SYS_ADMIN added",
        (s) => {
            c0(s).securityContext.capabilities = { drop: ["ALL"], add: ["SYS_ADMIN"] };
        },
        /unrestricted capabilities/,
    ],
    [
        "HostPath Volumes",
        (s) => {
            s.volumes = [{ name: "host", hostPath: { path: "/etc" } }];
        },
        /hostPath volumes|restricted volume type "hostPath"/,
    ],
    [
        "Host Ports",
        (s) => {
            c0(s).ports = [{ containerPort: 8080, hostPort: 8080 }];
        },
        /hostPort/,
    ],
    [
        "AppArmor",
        (s) => {
            c0(s).securityContext.appArmorProfile = { type: "Unconfined" };
        },
        /AppArmor/,
    ],
    [
        "SELinux: custom type",
        (s) => {
            c0(s).securityContext.seLinuxOptions = { type: "spc_t" };
        },
        /seLinuxOptions/,
    ],
    [
        "SELinux: user set",
        (s) => {
            c0(s).securityContext.seLinuxOptions = { user: "system_u" };
        },
        /seLinuxOptions/,
    ],
    [
        "/proc Mount Type",
        (s) => {
            c0(s).securityContext.procMount = "Unmasked";
            s.hostUsers = false;
        },
        /procMount/,
    ],
    [
        "Seccomp (baseline): Unconfined",
        (s) => {
            s.securityContext.seccompProfile = { type: "Unconfined" };
        },
        /seccompProfile/,
    ],
    [
        "Sysctls: unsafe",
        (s) => {
            s.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }];
        },
        /forbidden sysctls/,
    ],
    [
        "Volume Types: nfs",
        (s) => {
            s.volumes = [{ name: "share", nfs: { server: "10.0.0.1", path: "/" } }];
        },
        /restricted volume types/,
    ],
    [
        "Privilege Escalation: true",
        (s) => {
            c0(s).securityContext.allowPrivilegeEscalation = true;
        },
        /allowPrivilegeEscalation != false/,
    ],
    [
        "Privilege Escalation: unset",
        (s) => {
            delete c0(s).securityContext.allowPrivilegeEscalation;
        },
        /allowPrivilegeEscalation != false/,
    ],
    [
        "Running as Non-root: false",
        (s) => {
            s.securityContext.runAsNonRoot = false;
        },
        /runAsNonRoot != true/,
    ],
    [
        "Running as Non-root: unset",
        (s) => {
            delete s.securityContext.runAsNonRoot;
        },
        /runAsNonRoot != true/,
    ],
    [
        "Running as Non-root user: runAsUser 0",
        (s) => {
            c0(s).securityContext.runAsUser = 0;
        },
        /runAsUser=0/,
    ],
    [
        "Seccomp (restricted): unset",
        (s) => {
            delete s.securityContext.seccompProfile;
        },
        /seccompProfile/,
    ],
    [
        "Capabilities (restricted): ALL not dropped",
        (s) => {
            c0(s).securityContext.capabilities = {};
        },
        /unrestricted capabilities/,
    ],
    [
        "Capabilities (restricted): NET_RAW added",
        (s) => {
            c0(s).securityContext.capabilities = { drop: ["ALL"], add: ["NET_RAW"] };
        },
        /unrestricted capabilities/,
    ],
];

const ADMITTED: ReadonlyArray<readonly [string, Change]> = [
    ["the compliant pod", () => undefined],
    [
        "NET_BIND_SERVICE added",
        (s) => {
            c0(s).securityContext.capabilities = { drop: ["ALL"], add: ["NET_BIND_SERVICE"] };
        },
    ],
    [
        "seccomp Localhost on the container",
        (s) => {
            c0(s).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/app.json" };
        },
    ],
    [
        "runAsNonRoot set on the container only",
        (s) => {
            delete s.securityContext.runAsNonRoot;
            c0(s).securityContext.runAsNonRoot = true;
        },
    ],
    [
        "AppArmor RuntimeDefault",
        (s) => {
            c0(s).securityContext.appArmorProfile = { type: "RuntimeDefault" };
        },
    ],
    [
        "a safe sysctl",
        (s) => {
            s.securityContext.sysctls = [{ name: "net.ipv4.ip_unprivileged_port_start", value: "80" }];
        },
    ],
    [
        "emptyDir, configMap, secret, projected volumes",
        (s) => {
            s.volumes = [
                { name: "a", emptyDir: {} },
                { name: "b", configMap: { name: "x" } },
                { name: "c", secret: { secretName: "x" } },
                { name: "d", projected: { sources: [] } },
            ];
        },
    ],
];

function changed(s: Shared, change: Change) {
    const p = pod("pss", s.registry);
    change(p.spec as Spec);
    return p;
}

describe("K8S-1 on a real API server: Pod Security restricted in the team namespace", () => {
    let s: Shared;
    before(async () => {
        s = await cluster();
    });

    for (const [check, change, names] of REJECTED) {
        it(`rejects a pod that fails "${check}"`, async () => {
            const r = await dryRunCreate(s, "admin", s.team, changed(s, change));
            assert.equal(r.status, 403, `${r.status}: ${r.body.message}`);
            assert.match(r.body.message ?? "", /violates PodSecurity "restricted:v1\.\d+"/);
            assert.match(r.body.message ?? "", names);
        });
    }

    for (const [what, change] of ADMITTED) {
        it(`admits ${what}`, async () => {
            const r = await dryRunCreate(s, "admin", s.team, changed(s, change));
            assert.equal(r.status, 201, `${r.status}: ${r.body.message}`);
        });
    }

    it("the namespace pins enforce, audit and warn to restricted at one version", async () => {
        const r = await s.client.request("admin", "GET", `/api/v1/namespaces/${s.team}`);
        const labels = (r.body.metadata as { labels: Record<string, string> }).labels;
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
            assert.match(labels[`pod-security.kubernetes.io/${mode}-version`], /^v1\.\d+$/);
        }
    });
});
