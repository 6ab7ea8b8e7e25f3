import { asBoolean } from "../../lib";
import { containerSecurityField, describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

/** CTR-3: container root filesystems are read-only (write to mounted volumes instead). */
export const k8sPodReadOnlyRootFs = podSpecPolicy({
    name: "k8s-pod-read-only-root-fs",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description: "Every container (also init and ephemeral) must set securityContext.readOnlyRootFilesystem: true.",
    references: [{ framework: "BPG", id: "Pods: read-only root filesystem" }],
    remediation:
        "set securityContext.readOnlyRootFilesystem: true on each container and mount an emptyDir volume where the process must write (e.g. /tmp)",
    check: (input, ctx) => {
        for (const c of input.containers()) {
            const field = containerSecurityField(c, "readOnlyRootFilesystem");
            if (ctx.isUnknown(field.value, field.path)) {
                continue;
            }
            const value = asBoolean(field.value);
            if (value === false || (value === undefined && !input.pod.partial)) {
                ctx.violation(`${input.subject}: ${describeContainer(c)} does not set readOnlyRootFilesystem: true`);
            }
        }
    },
});
