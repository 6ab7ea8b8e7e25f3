import { asBoolean } from "../../lib";
import { containerSecurityField, describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

/** CTR-3: no privileged container, and privilege escalation explicitly off. */
export const k8sPodPrivilege = podSpecPolicy({
    name: "k8s-pod-privilege",
    control: "CTR-3",
    severity: "critical",
    layer: "container",
    description:
        "Containers (also init and ephemeral) of every workload kind must not be privileged and must set allowPrivilegeEscalation: false (not required of Windows pods, as Pod Security exempts them).",
    references: [
        { framework: "PSS", id: "baseline: Privileged Containers" },
        { framework: "PSS", id: "restricted: Privilege Escalation" },
        { framework: "CIS", id: "4.2.1" },
        { framework: "CIS", id: "4.2.5" },
    ],
    remediation: "in each container's securityContext remove privileged: true and set allowPrivilegeEscalation: false",
    check: (input, ctx) => {
        for (const c of input.containers()) {
            const privileged = containerSecurityField(c, "privileged");
            if (!ctx.isUnknown(privileged.value, privileged.path) && asBoolean(privileged.value) === true) {
                ctx.violation(
                    `${input.subject}: ${describeContainer(c)} is privileged (securityContext.privileged: true), which gives it the host's devices and all capabilities`,
                );
            }
            const escalation = containerSecurityField(c, "allowPrivilegeEscalation");
            // PSS "Privilege Escalation" is Linux only: Windows pods are exempt.
            if (input.windows || ctx.isUnknown(escalation.value, escalation.path)) {
                continue;
            }
            const value = asBoolean(escalation.value);
            if (value === true) {
                ctx.violation(`${input.subject}: ${describeContainer(c)} sets allowPrivilegeEscalation: true`);
            } else if (value === undefined && !input.pod.partial) {
                ctx.violation(
                    `${input.subject}: ${describeContainer(c)} does not set allowPrivilegeEscalation: false (Kubernetes defaults it to true)`,
                );
            }
        }
    },
});
