import type * as k8s from "@pulumi/kubernetes";
import { readerFor } from "../../lib";
import { describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

/** Resources every container must limit. */
export const REQUIRED_LIMITS: readonly string[] = ["cpu", "memory"];
const container = readerFor<k8s.types.input.core.v1.Container>();
const quantities = readerFor<NonNullable<k8s.types.input.core.v1.ResourceRequirements["limits"]>>();

/** K8S-4: every container has cpu and memory limits (ephemeral containers cannot set resources). */
export const k8sPodResourceLimits = podSpecPolicy({
    name: "k8s-pod-resource-limits",
    control: "K8S-4",
    severity: "medium",
    layer: "container",
    description: "Every container and init container must set resources.limits.cpu and resources.limits.memory.",
    references: [{ framework: "BPG", id: "Multi-tenancy: resource quotas and limit ranges" }],
    remediation: "set resources.limits.cpu and resources.limits.memory (and matching requests) on each container",
    check: (input, ctx) => {
        for (const c of input.containers(["containers", "initContainers"])) {
            const limits = container(c.value, "resources", "limits");
            // "Must be set" rule: an unknown value will be something, so it passes.
            const missing = REQUIRED_LIMITS.filter((r) => {
                const v = quantities(limits, r);
                return v === undefined || v === null || v === "";
            });
            if (missing.length === 0 || (input.pod.partial && limits === undefined)) {
                continue;
            }
            ctx.violation(`${input.subject}: ${describeContainer(c)} sets no ${missing.map((r) => `resources.limits.${r}`).join(" and ")}`);
        }
    },
});
