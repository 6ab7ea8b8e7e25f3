import type * as k8s from "@pulumi/kubernetes";
import { asBoolean, readerFor } from "../../lib";
import { podSpecPolicy } from "../shared/podPolicy";

/** Pod spec fields that share a host namespace with the pod. */
export const HOST_NAMESPACE_FIELDS = ["hostNetwork", "hostPID", "hostIPC"] as const;
const podSpec = readerFor<k8s.types.input.core.v1.PodSpec>();

/** CTR-3: no host network, PID or IPC namespace. */
export const k8sPodHostNamespaces = podSpecPolicy({
    name: "k8s-pod-host-namespaces",
    control: "CTR-3",
    severity: "critical",
    layer: "container",
    description: "Pods of every workload kind must not share the host's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC).",
    references: [
        { framework: "PSS", id: "baseline: Host Namespaces" },
        { framework: "CIS", id: "4.2.2" },
        { framework: "CIS", id: "4.2.3" },
        { framework: "CIS", id: "4.2.4" },
    ],
    remediation: "remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false)",
    check: (input, ctx) => {
        for (const field of HOST_NAMESPACE_FIELDS) {
            const value = podSpec(input.pod.spec, field);
            if (!ctx.isUnknown(value, `${input.pod.path}.${field}`) && asBoolean(value) === true) {
                ctx.violation(`${input.subject} sets ${field}: true (${input.pod.path}.${field})`);
            }
        }
    },
});
