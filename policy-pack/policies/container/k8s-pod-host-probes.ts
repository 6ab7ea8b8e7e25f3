import type * as k8s from "@pulumi/kubernetes";
import type { CheckContext, Data } from "../../lib";
import { asString, readerFor } from "../../lib";
import { describeContainer } from "../shared/kubernetes";
import type { PodCheck } from "../shared/podPolicy";
import { podSpecPolicy } from "../shared/podPolicy";

const container = readerFor<k8s.types.input.core.v1.Container>();

/** Where a container names a host to call: each probe and lifecycle handler, HTTP and TCP. */
const HOST_FIELDS: readonly { readonly label: string; readonly read: (c: Data) => Data }[] = [
    ...(["livenessProbe", "readinessProbe", "startupProbe"] as const).flatMap((probe) => [
        { label: `${probe}.httpGet.host`, read: (c: Data) => container(c, probe, "httpGet", "host") },
        { label: `${probe}.tcpSocket.host`, read: (c: Data) => container(c, probe, "tcpSocket", "host") },
    ]),
    ...(["postStart", "preStop"] as const).flatMap((hook) => [
        { label: `lifecycle.${hook}.httpGet.host`, read: (c: Data) => container(c, "lifecycle", hook, "httpGet", "host") },
        { label: `lifecycle.${hook}.tcpSocket.host`, read: (c: Data) => container(c, "lifecycle", hook, "tcpSocket", "host") },
    ]),
];

function checkContainers(input: PodCheck, ctx: CheckContext): void {
    for (const c of input.containers()) {
        for (const field of HOST_FIELDS) {
            const value = field.read(c.value);
            if (ctx.isUnknown(value, `${c.path}.${field.label}`) || value === undefined || value === null) {
                continue;
            }
            const host = asString(value);
            if (host !== "") {
                ctx.violation(
                    `${input.subject}: ${describeContainer(c)} sets ${field.label}: ${JSON.stringify(value)}, so the kubelet calls that host on the pod's behalf`,
                );
            }
        }
    }
}

/**
 * CTR-3, PSS baseline "Host Probes / Lifecycle Hooks" (PSS v1.34+): probes and lifecycle
 * handlers must not name a host, which would make the kubelet (on the node's network)
 * call any address for the pod. Enforced whatever PSS version the namespaces pin.
 */
export const k8sPodHostProbes = podSpecPolicy({
    name: "k8s-pod-host-probes",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "Probes (liveness, readiness, startup) and lifecycle hooks (postStart, preStop) of every container must not set httpGet.host or tcpSocket.host.",
    references: [{ framework: "PSS", id: "baseline: Host Probes / Lifecycle Hooks" }],
    remediation: "remove host from the probe or hook: the kubelet then calls the pod's own IP",
    check: checkContainers,
});
