import type * as k8s from "@pulumi/kubernetes";
import { asArray, asNumber, asString, readerFor } from "../../lib";
import { describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

const podSpec = readerFor<k8s.types.input.core.v1.PodSpec>();
const volumeRead = readerFor<k8s.types.input.core.v1.Volume>();
const container = readerFor<k8s.types.input.core.v1.Container>();
const portRead = readerFor<k8s.types.input.core.v1.ContainerPort>();

/** CTR-3: no hostPath volume and no hostPort. */
export const k8sPodHostPathAndPorts = podSpecPolicy({
    name: "k8s-pod-host-path-and-ports",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description: "Pods must not mount hostPath volumes, and containers must not bind host ports (hostPort).",
    references: [
        { framework: "PSS", id: "baseline: HostPath Volumes" },
        { framework: "PSS", id: "baseline: Host Ports" },
    ],
    remediation:
        "replace hostPath volumes with emptyDir, configMap, secret or persistent volumes, and expose ports through a Service instead of hostPort",
    check: (input, ctx) => {
        const volumesPath = `${input.pod.path}.volumes`;
        const volumes = podSpec(input.pod.spec, "volumes");
        if (!ctx.isUnknown(volumes, volumesPath)) {
            asArray(volumes).forEach((volume, i) => {
                const hostPath = volumeRead(volume, "hostPath");
                if (ctx.isUnknown(hostPath, `${volumesPath}.${i}.hostPath`)) {
                    return;
                }
                if (hostPath !== undefined && hostPath !== null) {
                    const name = asString(volumeRead(volume, "name")) ?? `#${i}`;
                    const path = asString(volumeRead(volume, "hostPath", "path")) ?? "?";
                    ctx.violation(`${input.subject} mounts the host path "${path}" as volume "${name}" (${volumesPath}.${i})`);
                }
            });
        }
        for (const c of input.containers()) {
            const ports = container(c.value, "ports");
            if (ctx.isUnknown(ports, `${c.path}.ports`)) {
                continue;
            }
            asArray(ports).forEach((port, i) => {
                const hostPort = portRead(port, "hostPort");
                if (ctx.isUnknown(hostPort, `${c.path}.ports.${i}.hostPort`)) {
                    return;
                }
                const n = asNumber(hostPort);
                if (n !== undefined && n !== 0) {
                    ctx.violation(`${input.subject}: ${describeContainer(c)} binds hostPort ${n}`);
                }
            });
        }
    },
});
