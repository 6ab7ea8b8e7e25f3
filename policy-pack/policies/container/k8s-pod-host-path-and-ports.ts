import { asArray, asNumber, asString, at } from "../../lib";
import { describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

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
    remediation: "replace hostPath volumes with emptyDir, configMap, secret or persistent volumes, and expose ports through a Service instead of hostPort",
    check: (input, ctx) => {
        const volumesPath = `${input.pod.path}.volumes`;
        const volumes = at(input.pod.spec, "volumes");
        if (!ctx.isUnknown(volumes, volumesPath)) {
            asArray(volumes).forEach((volume, i) => {
                const hostPath = at(volume, "hostPath");
                if (ctx.isUnknown(hostPath, `${volumesPath}.${i}.hostPath`)) {
                    return;
                }
                if (hostPath !== undefined && hostPath !== null) {
                    const name = asString(at(volume, "name")) ?? `#${i}`;
                    const path = asString(at(hostPath, "path")) ?? "?";
                    ctx.violation(`${input.subject} mounts the host path "${path}" as volume "${name}" (${volumesPath}.${i})`);
                }
            });
        }
        for (const c of input.containers()) {
            const ports = at(c.value, "ports");
            if (ctx.isUnknown(ports, `${c.path}.ports`)) {
                continue;
            }
            asArray(ports).forEach((port, i) => {
                const hostPort = at(port, "hostPort");
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
