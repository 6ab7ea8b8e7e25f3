/** Pod-spec cases of the pod-level policies: host access, limits, image pinning, Pod Security options, sysctls, volumes, probes, Windows pods. */
import { k8sPodCapabilities } from "../../../../policy-pack/policies/container/k8s-pod-capabilities";
import { k8sPodHostNamespaces } from "../../../../policy-pack/policies/container/k8s-pod-host-namespaces";
import { k8sPodHostPathAndPorts } from "../../../../policy-pack/policies/container/k8s-pod-host-path-and-ports";
import { k8sPodHostProbes } from "../../../../policy-pack/policies/container/k8s-pod-host-probes";
import { k8sPodVolumeTypes } from "../../../../policy-pack/policies/container/k8s-pod-volume-types";
import { k8sPodImageTag } from "../../../../policy-pack/policies/container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "../../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodResourceLimits } from "../../../../policy-pack/policies/container/k8s-pod-resource-limits";
import { k8sPodSeccomp } from "../../../../policy-pack/policies/container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "../../../../policy-pack/policies/container/k8s-pod-security-options";
import { JsonObject, objectAt } from "../fixtures";
import { PodCase, sc } from "./case";

export const POD_SPEC_CASES: readonly PodCase[] = [
    // CTR-3 host namespaces, hostPath, hostPort
    { policy: k8sPodHostNamespaces, title: "hostNetwork", mutate: (s) => (s.hostNetwork = true), expect: /sets hostNetwork: true/ },
    { policy: k8sPodHostNamespaces, title: "hostPID", mutate: (s) => (s.hostPID = true), expect: /sets hostPID: true/ },
    { policy: k8sPodHostNamespaces, title: "hostIPC", mutate: (s) => (s.hostIPC = true), expect: /sets hostIPC: true/ },
    { policy: k8sPodHostNamespaces, title: "hostNetwork false", mutate: (s) => (s.hostNetwork = false), expect: null },
    {
        policy: k8sPodHostPathAndPorts,
        title: "hostPath volume",
        mutate: (s) => (s.volumes = [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }]),
        expect: /mounts the host path "\/var\/run\/docker.sock" as volume "docker"/,
    },
    {
        policy: k8sPodHostPathAndPorts,
        title: "hostPort",
        mutate: (s) => (objectAt(s, "containers.0").ports = [{ containerPort: 8080, hostPort: 80 }]),
        expect: /container "app" .* binds hostPort 80/,
    },
    {
        policy: k8sPodHostPathAndPorts,
        title: "hostPort 0 (unset)",
        mutate: (s) => (objectAt(s, "containers.0").ports = [{ containerPort: 8080, hostPort: 0 }]),
        expect: null,
    },
    // K8S-5 service-account token: a stack policy, see service-account-token.test.ts
    // K8S-4 limits
    {
        policy: k8sPodResourceLimits,
        title: "no memory limit",
        mutate: (s) => delete objectAt(s, "containers.0.resources.limits").memory,
        expect: /container "app" .* sets no resources.limits.memory/,
    },
    {
        policy: k8sPodResourceLimits,
        title: "init container without resources",
        mutate: (s) => delete objectAt(s, "initContainers.0").resources,
        expect: /init container "init" .* sets no resources.limits.cpu and resources.limits.memory/,
    },
    // K8S-6 image pinning
    {
        policy: k8sPodImageTag,
        title: ":latest",
        mutate: (s) => (objectAt(s, "containers.0").image = "nginx:latest"),
        expect: /uses image "nginx:latest", which is tagged :latest/,
    },
    {
        policy: k8sPodImageTag,
        title: "untagged",
        mutate: (s) => (objectAt(s, "initContainers.0").image = "registry.local:5000/team/web"),
        expect: /init container "init" .* is untagged/,
    },
    {
        policy: k8sPodImageTag,
        title: "no image",
        mutate: (s) => delete objectAt(s, "ephemeralContainers.0").image,
        expect: /ephemeral container "debug" .* names no image/,
    },
    {
        policy: k8sPodImageTag,
        title: "digest-pinned latest",
        mutate: (s) => (objectAt(s, "containers.0").image = `nginx:latest@sha256:${"a".repeat(64)}`),
        expect: null,
    },
    // CTR-3 Pod Security baseline options
    {
        policy: k8sPodSecurityOptions,
        title: "container SELinux type spc_t",
        mutate: (s) => (objectAt(s, "containers.0.securityContext.seLinuxOptions").type = "spc_t"),
        expect: /container "app" .* sets seLinuxOptions.type: "spc_t"/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "pod SELinux user",
        mutate: (s) => (objectAt(s, "securityContext.seLinuxOptions").user = "system_u"),
        expect: /the pod securityContext \(.*securityContext\) sets seLinuxOptions.user: "system_u"/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "init container SELinux role",
        mutate: (s) => (objectAt(s, "initContainers.0.securityContext.seLinuxOptions").role = "sysadm_r"),
        expect: /init container "init" .* sets seLinuxOptions.role: "sysadm_r"/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "SELinux type container_init_t and a level",
        mutate: (s) => Object.assign(objectAt(s, "securityContext.seLinuxOptions"), { type: "container_init_t", level: "s0:c123,c456" }),
        expect: null,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "unsafe sysctl",
        mutate: (s) => (objectAt(s, "securityContext").sysctls = [{ name: "net.core.somaxconn", value: "1024" }]),
        expect: /sets the sysctl "net.core.somaxconn", which is not in the safe set/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "safe sysctls",
        mutate: (s) =>
            (objectAt(s, "securityContext").sysctls = [
                { name: "net.ipv4.ip_unprivileged_port_start", value: "0" },
                { name: "kernel.shm_rmid_forced", value: "1" },
            ]),
        expect: null,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "procMount Unmasked",
        mutate: (s) => (objectAt(s, "containers.0.securityContext").procMount = "Unmasked"),
        expect: /container "app" .* sets procMount: "Unmasked"/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "procMount Default",
        mutate: (s) => (objectAt(s, "containers.0.securityContext").procMount = "Default"),
        expect: null,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "Windows host process",
        mutate: (s) => (objectAt(s, "ephemeralContainers.0.securityContext.windowsOptions").hostProcess = true),
        expect: /ephemeral container "debug" .* sets windowsOptions.hostProcess: true/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "pod AppArmor Unconfined",
        mutate: (s) => (objectAt(s, "securityContext.appArmorProfile").type = "Unconfined"),
        expect: /the pod securityContext .* sets appArmorProfile.type: "Unconfined"/,
    },
    // PSS baseline Sysctls, per the pinned PSS version (tcp_rmem came with v1.32).
    {
        policy: k8sPodSecurityOptions,
        title: "sysctl tcp_rmem under the pinned v1.33",
        mutate: (s) => (objectAt(s, "securityContext").sysctls = [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }]),
        expect: null,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "sysctl tcp_rmem under PSS v1.31",
        mutate: (s) => (objectAt(s, "securityContext").sysctls = [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }]),
        config: { "k8s-pod-security-options": { podSecurityVersion: "v1.31" } },
        expect: /sets the sysctl "net.ipv4.tcp_rmem", which is not in the safe set of Pod Security v1.31/,
    },
    // PSS restricted Volume Types: only the core kinds.
    {
        policy: k8sPodVolumeTypes,
        title: "an nfs volume",
        mutate: (s) => (s.volumes as JsonObject[]).push({ name: "share", nfs: { server: "10.0.0.5", path: "/exports" } }),
        expect: /volume "share" .* is of kind nfs, which Pod Security restricted does not allow/,
    },
    {
        policy: k8sPodVolumeTypes,
        title: "a gitRepo volume",
        mutate: (s) => (s.volumes as JsonObject[]).push({ name: "src", gitRepo: { repository: "https://example.com/x.git" } }),
        expect: /volume "src" .* is of kind gitRepo/,
    },
    {
        policy: k8sPodVolumeTypes,
        title: "an unknown future kind",
        mutate: (s) => (s.volumes as JsonObject[]).push({ name: "x", somethingNew: {} }),
        expect: /volume "x" .* is of kind somethingNew/,
    },
    {
        policy: k8sPodVolumeTypes,
        title: "every allowed kind",
        mutate: (s) =>
            (s.volumes as JsonObject[]).push(
                { name: "cm", configMap: { name: "c" } },
                { name: "pvc", persistentVolumeClaim: { claimName: "data" } },
                { name: "p", projected: { sources: [] } },
                { name: "d", downwardAPI: { items: [] } },
                { name: "s", secret: { secretName: "s" } },
                { name: "e", ephemeral: { volumeClaimTemplate: { spec: {} } } },
                { name: "c", csi: { driver: "ebs.csi.aws.com" } },
            ),
        expect: null,
    },
    // PSS baseline Host Probes / Lifecycle Hooks.
    {
        policy: k8sPodHostProbes,
        title: "liveness probe to another host",
        mutate: (s) => (objectAt(s, "containers.0").livenessProbe = { httpGet: { host: "10.0.0.1", path: "/", port: 80 } }),
        expect: /container "app" .* sets livenessProbe.httpGet.host: "10.0.0.1"/,
    },
    {
        policy: k8sPodHostProbes,
        title: "preStop hook to another host",
        mutate: (s) => (objectAt(s, "initContainers.0").lifecycle = { preStop: { tcpSocket: { host: "metadata", port: 80 } } }),
        expect: /init container "init" .* sets lifecycle.preStop.tcpSocket.host: "metadata"/,
    },
    {
        policy: k8sPodHostProbes,
        title: "probes with an empty or no host",
        mutate: (s) =>
            Object.assign(objectAt(s, "containers.0"), {
                readinessProbe: { httpGet: { host: "", path: "/", port: 8080 } },
                startupProbe: { tcpSocket: { port: 8080 } },
            }),
        expect: null,
    },
    // Windows pods: PSS exempts them from the Linux-only restricted checks, and only those.
    {
        policy: k8sPodSeccomp,
        title: "Windows pod without seccomp",
        mutate: (s) => {
            s.os = { name: "windows" };
            delete objectAt(s, "securityContext").seccompProfile;
        },
        expect: null,
    },
    {
        policy: k8sPodCapabilities,
        title: "Windows pod without drop ALL",
        mutate: (s) => {
            s.os = { name: "windows" };
            delete sc(s, "containers.0").capabilities;
        },
        expect: null,
    },
    {
        policy: k8sPodPrivilege,
        title: "Windows pod without allowPrivilegeEscalation",
        mutate: (s) => {
            s.os = { name: "windows" };
            delete sc(s, "containers.0").allowPrivilegeEscalation;
        },
        expect: null,
    },
    {
        policy: k8sPodSeccomp,
        title: "Linux pod (os.name linux) without seccomp",
        mutate: (s) => {
            s.os = { name: "linux" };
            delete objectAt(s, "securityContext").seccompProfile;
        },
        expect: /sets no seccompProfile/,
        count: 3,
    },
    {
        policy: k8sPodPrivilege,
        title: "Windows pod stays bound by privileged",
        mutate: (s) => {
            s.os = { name: "windows" };
            sc(s, "containers.0").privileged = true;
        },
        expect: /container "app" .* is privileged/,
    },
    {
        policy: k8sPodSecurityOptions,
        title: "container AppArmor Localhost",
        mutate: (s) =>
            Object.assign(objectAt(s, "containers.0.securityContext.appArmorProfile"), { type: "Localhost", localhostProfile: "k8s-web" }),
        expect: null,
    },
];
