/**
 * Facts of the Kubernetes Pod Security Standards the pod policies judge by, per PSS version
 * (kubernetes.io "Pod Security Standards"; the Pod Security Admission checks): the volume
 * kinds `restricted` allows, the safe sysctls `baseline` allows as they grew, and which
 * requirements are Linux only. docs/pss.md maps each PSS check to the policy enforcing it.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Data } from "../../lib";
import { asString, readerFor } from "../../lib";

/**
 * The PSS version the baseline's namespaces pin (components/guardrails DEFAULT_PSA_VERSION;
 * a test keeps the two equal). Policies whose PSS rule changed between versions read the
 * pack config key podSecurityVersion, default this.
 */
export const PINNED_PSS_VERSION = "v1.33";

/** "v1.33" → 33; "latest" → Infinity; anything else → undefined. */
export function pssMinor(version: string): number | undefined {
    if (version.trim() === "latest") return Number.POSITIVE_INFINITY;
    const m = /^v1\.(\d{1,2})$/.exec(version.trim());
    return m === null ? undefined : Number(m[1]);
}

/**
 * Safe sysctls (PSS baseline "Sysctls"), with the PSS version that added each. Verified
 * against k8s.io/pod-security-admission policy/check_sysctls.go at v0.33.0, v0.35.10,
 * v0.36.6, v0.37.0 and v0.37.2 (docs/pss.md); pss.test.ts pins each version's exact set.
 */
export const SAFE_SYSCTLS_SINCE: Readonly<Record<string, number>> = {
    "kernel.shm_rmid_forced": 0,
    "net.ipv4.ip_local_port_range": 0,
    "net.ipv4.ip_unprivileged_port_start": 0,
    "net.ipv4.tcp_syncookies": 0,
    "net.ipv4.ping_group_range": 0,
    "net.ipv4.ip_local_reserved_ports": 27,
    "net.ipv4.tcp_keepalive_time": 29,
    "net.ipv4.tcp_fin_timeout": 29,
    "net.ipv4.tcp_keepalive_intvl": 29,
    "net.ipv4.tcp_keepalive_probes": 29,
    "net.ipv4.tcp_rmem": 32,
    "net.ipv4.tcp_wmem": 32,
    "net.ipv4.tcp_slow_start_after_idle": 37,
    "net.ipv4.tcp_notsent_lowat": 37,
};

/** The safe sysctls of a PSS version (an unreadable version gets the oldest, smallest list: fail closed). */
export function safeSysctls(version: string): readonly string[] {
    const minor = pssMinor(version) ?? 0;
    return Object.keys(SAFE_SYSCTLS_SINCE).filter((name) => SAFE_SYSCTLS_SINCE[name] <= minor);
}

/** Volume sources PSS `restricted` ("Volume Types") allows; every other source is forbidden. */
export const RESTRICTED_VOLUME_KINDS: readonly string[] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

const podSpec = readerFor<k8s.types.input.core.v1.PodSpec>();

/**
 * PSS (v1.25+) exempts pods with `spec.os.name: windows` from the Linux-only restricted
 * checks (Privilege Escalation, Seccomp, Capabilities). An os.name that is unknown at
 * preview, or anything but "windows", keeps the Linux rules (fail closed).
 */
export function isWindowsPod(spec: Data): boolean {
    return asString(podSpec(spec, "os", "name")) === "windows";
}
