/** Pod-spec cases of the container securityContext policies (CTR-3): privilege, non-root, read-only root, capabilities, seccomp. */
import { k8sPodCapabilities } from "../../../../policy-pack/policies/container/k8s-pod-capabilities";
import { k8sPodPrivilege } from "../../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodReadOnlyRootFs } from "../../../../policy-pack/policies/container/k8s-pod-read-only-root-fs";
import { k8sPodRunAsNonRoot } from "../../../../policy-pack/policies/container/k8s-pod-run-as-non-root";
import { k8sPodSeccomp } from "../../../../policy-pack/policies/container/k8s-pod-seccomp";
import { objectAt } from "../fixtures";
import { PodCase, sc } from "./case";

export const SECURITY_CONTEXT_CASES: readonly PodCase[] = [
    // CTR-3 privilege
    {
        policy: k8sPodPrivilege,
        title: "privileged container",
        mutate: (s) => (sc(s, "containers.0").privileged = true),
        expect: /container "app" \(.*containers\.0\) is privileged/,
    },
    {
        policy: k8sPodPrivilege,
        title: "privileged: false stays compliant",
        mutate: (s) => (sc(s, "containers.0").privileged = false),
        expect: null,
    },
    {
        policy: k8sPodPrivilege,
        title: "init container allows privilege escalation",
        mutate: (s) => (sc(s, "initContainers.0").allowPrivilegeEscalation = true),
        expect: /init container "init" .* sets allowPrivilegeEscalation: true/,
    },
    {
        policy: k8sPodPrivilege,
        title: "ephemeral container leaves allowPrivilegeEscalation unset",
        mutate: (s) => delete sc(s, "ephemeralContainers.0").allowPrivilegeEscalation,
        expect: /ephemeral container "debug" .* does not set allowPrivilegeEscalation: false/,
    },
    // CTR-3 run as non-root (PSS inheritance: the container overrides the pod)
    {
        policy: k8sPodRunAsNonRoot,
        title: "pod runAsNonRoot false",
        mutate: (s) => (objectAt(s, "securityContext").runAsNonRoot = false),
        expect: /the pod securityContext .* sets runAsNonRoot: false/,
    },
    {
        policy: k8sPodRunAsNonRoot,
        title: "container overrides the pod with runAsNonRoot false",
        mutate: (s) => (sc(s, "containers.0").runAsNonRoot = false),
        expect: /container "app" .* sets runAsNonRoot: false/,
    },
    {
        policy: k8sPodRunAsNonRoot,
        title: "runAsNonRoot set nowhere",
        mutate: (s) => delete objectAt(s, "securityContext").runAsNonRoot,
        expect: /container "app" .* does not set runAsNonRoot: true, and the pod securityContext sets none/,
        count: 3,
    },
    {
        policy: k8sPodRunAsNonRoot,
        title: "pod sets nothing but every container sets runAsNonRoot true",
        mutate: (s) => {
            delete objectAt(s, "securityContext").runAsNonRoot;
            for (const p of ["containers.0", "initContainers.0", "ephemeralContainers.0"]) sc(s, p).runAsNonRoot = true;
        },
        expect: null,
    },
    {
        policy: k8sPodRunAsNonRoot,
        title: "container runAsUser 0",
        mutate: (s) => (sc(s, "initContainers.0").runAsUser = 0),
        expect: /init container "init" .* sets runAsUser: 0/,
    },
    {
        policy: k8sPodRunAsNonRoot,
        title: "pod runAsUser 0",
        mutate: (s) => (objectAt(s, "securityContext").runAsUser = 0),
        expect: /the pod securityContext .* sets runAsUser: 0/,
    },
    // CTR-3 read-only root filesystem
    {
        policy: k8sPodReadOnlyRootFs,
        title: "readOnlyRootFilesystem false",
        mutate: (s) => (sc(s, "containers.0").readOnlyRootFilesystem = false),
        expect: /container "app" .* does not set readOnlyRootFilesystem: true/,
    },
    {
        policy: k8sPodReadOnlyRootFs,
        title: "readOnlyRootFilesystem unset on an init container",
        mutate: (s) => delete sc(s, "initContainers.0").readOnlyRootFilesystem,
        expect: /init container "init"/,
    },
    // CTR-3 capabilities
    {
        policy: k8sPodCapabilities,
        title: "drops only NET_RAW",
        mutate: (s) => (objectAt(s, "containers.0.securityContext.capabilities").drop = ["NET_RAW"]),
        expect: /container "app" .* does not drop ALL capabilities/,
    },
    {
        policy: k8sPodCapabilities,
        title: "no capabilities block",
        mutate: (s) => delete sc(s, "initContainers.0").capabilities,
        expect: /init container "init" .* does not drop ALL/,
    },
    {
        policy: k8sPodCapabilities,
        title: "adds SYS_ADMIN",
        mutate: (s) => (objectAt(s, "ephemeralContainers.0.securityContext.capabilities").add = ["SYS_ADMIN"]),
        expect: /ephemeral container "debug" .* adds capabilities SYS_ADMIN/,
    },
    {
        policy: k8sPodCapabilities,
        title: "adds back NET_BIND_SERVICE",
        mutate: (s) => (objectAt(s, "containers.0.securityContext.capabilities").add = ["NET_BIND_SERVICE"]),
        expect: null,
    },
    {
        policy: k8sPodCapabilities,
        title: "adds NET_RAW allowed by config",
        mutate: (s) => (objectAt(s, "containers.0.securityContext.capabilities").add = ["NET_RAW"]),
        expect: null,
        config: { "k8s-pod-capabilities": { allowedCapabilities: ["NET_BIND_SERVICE", "NET_RAW"] } },
    },
    // CTR-3 seccomp
    {
        policy: k8sPodSeccomp,
        title: "pod seccomp Unconfined",
        mutate: (s) => (objectAt(s, "securityContext.seccompProfile").type = "Unconfined"),
        expect: /the pod securityContext .* sets seccompProfile.type: "Unconfined"/,
    },
    {
        policy: k8sPodSeccomp,
        title: "container overrides with Unconfined",
        mutate: (s) => (objectAt(s, "containers.0.securityContext.seccompProfile").type = "Unconfined"),
        expect: /container "app" .* sets seccompProfile.type: "Unconfined"/,
    },
    {
        policy: k8sPodSeccomp,
        title: "no seccomp profile anywhere",
        mutate: (s) => delete objectAt(s, "securityContext").seccompProfile,
        expect: /container "app" .* sets no seccompProfile/,
        count: 3,
    },
    {
        policy: k8sPodSeccomp,
        title: "no pod profile but every container Localhost",
        mutate: (s) => {
            delete objectAt(s, "securityContext").seccompProfile;
            for (const p of ["containers.0", "initContainers.0", "ephemeralContainers.0"])
                sc(s, p).seccompProfile = { type: "Localhost", localhostProfile: "profiles/web.json" };
        },
        expect: null,
    },
];
