/** Cases of the workload policies: every pod policy on every workload kind, the service-account token, persistent volumes, served API versions. */
import type { ResourceCase, StackCase, Variant } from "../../case";
import type { SecurePolicy } from "../../../../policy-pack/lib";
import { REMOVED_API_TYPES, k8sApiVersionServed } from "../../../../policy-pack/policies/cluster/k8s-api-version-served";
import { k8sPersistentVolumeNoHostPath } from "../../../../policy-pack/policies/container/k8s-persistent-volume-no-host-path";
import { k8sPodHostProbes } from "../../../../policy-pack/policies/container/k8s-pod-host-probes";
import { k8sPodVolumeTypes } from "../../../../policy-pack/policies/container/k8s-pod-volume-types";
import { k8sPodCapabilities } from "../../../../policy-pack/policies/container/k8s-pod-capabilities";
import { k8sPodHostNamespaces } from "../../../../policy-pack/policies/container/k8s-pod-host-namespaces";
import { k8sPodHostPathAndPorts } from "../../../../policy-pack/policies/container/k8s-pod-host-path-and-ports";
import { k8sPodImageTag } from "../../../../policy-pack/policies/container/k8s-pod-image-tag";
import { k8sPodPrivilege } from "../../../../policy-pack/policies/container/k8s-pod-privilege";
import { k8sPodReadOnlyRootFs } from "../../../../policy-pack/policies/container/k8s-pod-read-only-root-fs";
import { k8sPodResourceLimits } from "../../../../policy-pack/policies/container/k8s-pod-resource-limits";
import { k8sPodRunAsNonRoot } from "../../../../policy-pack/policies/container/k8s-pod-run-as-non-root";
import { k8sPodSeccomp } from "../../../../policy-pack/policies/container/k8s-pod-seccomp";
import { k8sPodSecurityOptions } from "../../../../policy-pack/policies/container/k8s-pod-security-options";
import { k8sPodServiceAccountToken } from "../../../../policy-pack/policies/container/k8s-pod-service-account-token";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT } from "../../runtime";
import { OLDER_PATCH_KINDS, OLDER_WORKLOAD_KINDS, PATCH_KINDS, WORKLOAD_KINDS, compliantPodSpec, manifest } from "../fixtures";

/** Per pod policy: an explicit bad value and an unknown, relative to the pod spec. */
interface PodVariant {
    readonly policy: SecurePolicy;
    readonly violation: Omit<Variant, "path"> & { readonly rel: string };
    readonly unknown: Omit<Variant, "path"> & { readonly rel: string };
}

const POD_VARIANTS: readonly PodVariant[] = [
    {
        policy: k8sPodPrivilege,
        violation: { what: "privileged: true", rel: "containers.0.securityContext.privileged", value: true, match: /is privileged/ },
        unknown: { what: "unknown privileged", rel: "containers.0.securityContext.privileged", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodRunAsNonRoot,
        violation: {
            what: "pod runAsNonRoot: false",
            rel: "securityContext.runAsNonRoot",
            value: false,
            match: /sets runAsNonRoot: false/,
        },
        unknown: { what: "unknown container runAsNonRoot", rel: "containers.0.securityContext.runAsNonRoot", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodReadOnlyRootFs,
        violation: {
            what: "readOnlyRootFilesystem: false",
            rel: "initContainers.0.securityContext.readOnlyRootFilesystem",
            value: false,
            match: /does not set readOnlyRootFilesystem: true/,
        },
        unknown: {
            what: "unknown readOnlyRootFilesystem",
            rel: "containers.0.securityContext.readOnlyRootFilesystem",
            value: UNKNOWN_BOOL,
        },
    },
    {
        policy: k8sPodCapabilities,
        violation: {
            what: "adds SYS_ADMIN",
            rel: "containers.0.securityContext.capabilities.add",
            value: ["SYS_ADMIN"],
            match: /adds capabilities SYS_ADMIN/,
        },
        unknown: { what: "unknown capabilities", rel: "containers.0.securityContext.capabilities", value: UNKNOWN_OBJECT },
    },
    {
        policy: k8sPodSeccomp,
        violation: {
            what: "seccomp Unconfined",
            rel: "securityContext.seccompProfile.type",
            value: "Unconfined",
            match: /seccompProfile.type: "Unconfined"/,
        },
        unknown: { what: "unknown seccomp type", rel: "securityContext.seccompProfile.type", value: UNKNOWN },
    },
    {
        policy: k8sPodSecurityOptions,
        violation: {
            what: "SELinux type spc_t",
            rel: "containers.0.securityContext.seLinuxOptions",
            value: { type: "spc_t" },
            match: /seLinuxOptions.type: "spc_t"/,
        },
        unknown: { what: "unknown sysctls", rel: "securityContext.sysctls", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodHostNamespaces,
        violation: { what: "hostNetwork: true", rel: "hostNetwork", value: true, match: /sets hostNetwork: true/ },
        unknown: { what: "unknown hostPID", rel: "hostPID", value: UNKNOWN_BOOL },
    },
    {
        policy: k8sPodHostPathAndPorts,
        violation: {
            what: "a hostPath volume",
            rel: "volumes",
            value: [{ name: "root", hostPath: { path: "/" } }],
            match: /mounts the host path "\/"/,
        },
        unknown: { what: "unknown volumes", rel: "volumes", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodResourceLimits,
        violation: {
            what: "empty limits",
            rel: "containers.0.resources.limits",
            value: {},
            match: /sets no resources.limits.cpu and resources.limits.memory/,
        },
        unknown: { what: "unknown container list", rel: "containers", value: UNKNOWN_ARRAY },
    },
    {
        policy: k8sPodVolumeTypes,
        violation: {
            what: "an nfs volume",
            rel: "volumes.0",
            value: { name: "share", nfs: { server: "10.0.0.5", path: "/" } },
            match: /volume "share" .* is of kind nfs/,
        },
        unknown: { what: "unknown volume", rel: "volumes.0", value: UNKNOWN_OBJECT },
    },
    {
        policy: k8sPodHostProbes,
        violation: {
            what: "a probe calling another host",
            rel: "containers.0.livenessProbe",
            value: { httpGet: { host: "169.254.169.254", path: "/", port: 80 } },
            match: /sets livenessProbe.httpGet.host: "169.254.169.254"/,
        },
        unknown: { what: "unknown probe host", rel: "containers.0.readinessProbe", value: { tcpSocket: { host: UNKNOWN, port: 80 } } },
    },
    {
        policy: k8sPodImageTag,
        violation: { what: "image :latest", rel: "containers.0.image", value: "nginx:latest", match: /tagged :latest/ },
        unknown: { what: "unknown image", rel: "containers.0.image", value: UNKNOWN },
    },
];

export const podCases: ResourceCase[] = POD_VARIANTS.flatMap((pv) =>
    [...WORKLOAD_KINDS, ...PATCH_KINDS, ...OLDER_WORKLOAD_KINDS, ...OLDER_PATCH_KINDS].map((kind): ResourceCase => {
        const at = (rel: string) => `${kind.specPath}.${rel}`;
        return {
            kind: "resource",
            policy: pv.policy,
            type: kind.type,
            name: "web",
            compliant: manifest(kind, compliantPodSpec()),
            violations: [{ what: pv.violation.what, path: at(pv.violation.rel), value: pv.violation.value, match: pv.violation.match }],
            unknowns: [{ what: pv.unknown.what, path: at(pv.unknown.rel), value: pv.unknown.value }],
        };
    }),
);

/** K8S-5 token: a stack policy (it reads the pod's ServiceAccount), one case per workload kind. */
export const tokenCases: StackCase[] = [...WORKLOAD_KINDS, ...PATCH_KINDS, ...OLDER_WORKLOAD_KINDS, ...OLDER_PATCH_KINDS].map((kind) => ({
    kind: "stack",
    policy: k8sPodServiceAccountToken,
    subject: "web",
    compliant: [{ type: kind.type, name: "web", props: manifest(kind, compliantPodSpec()) }],
    violations: [
        {
            what: "automountServiceAccountToken: true",
            resource: "web",
            path: `${kind.specPath}.automountServiceAccountToken`,
            value: true,
            match: /sets automountServiceAccountToken: true/,
        },
    ],
    unknowns: [
        {
            what: "unknown automountServiceAccountToken",
            resource: "web",
            path: `${kind.specPath}.automountServiceAccountToken`,
            value: UNKNOWN_BOOL,
        },
    ],
}));

/** A removed apiVersion passes only where every configured cluster version still serves it. */
export const apiVersionCases: ResourceCase[] = REMOVED_API_TYPES.map((type) => ({
    kind: "resource",
    policy: k8sApiVersionServed,
    type,
    name: "old",
    config: { kubernetesVersions: ["1.15"] },
    compliant: { metadata: { name: "old", namespace: "team-a" } },
    violations: [
        {
            what: "a 1.34 cluster",
            path: "metadata.name",
            value: "old",
            config: { kubernetesVersions: ["1.15", "1.34"] },
            match: /stopped serving in 1\.\d+; supported versions 1\.34/,
        },
    ],
    unknowns: [],
    unknownsNeverMatter: "the type token alone decides",
}));

export const persistentVolumeCases: ResourceCase[] = [
    "kubernetes:core/v1:PersistentVolume",
    "kubernetes:core/v1:PersistentVolumePatch",
].map((type) => ({
    kind: "resource",
    policy: k8sPersistentVolumeNoHostPath,
    type,
    name: "data",
    compliant: {
        metadata: { name: "data" },
        spec: {
            capacity: { storage: "10Gi" },
            accessModes: ["ReadWriteOnce"],
            csi: { driver: "ebs.csi.aws.com", volumeHandle: "vol-0123" },
        },
    },
    violations: [
        {
            what: "hostPath /var/lib",
            path: "spec.hostPath",
            value: { path: "/var/lib" },
            match: /backed by the host path "\/var\/lib"/,
        },
    ],
    alsoCompliant: [{ what: "a local disk", path: "spec.local", value: { path: "/mnt/disks/ssd1" } }],
    unknowns: [{ what: "unknown hostPath", path: "spec.hostPath", value: UNKNOWN_OBJECT }],
}));
