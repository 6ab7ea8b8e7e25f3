import { asString } from "../../lib";
import { checkInherited, podSpecPolicy } from "../shared/podPolicy";
import { sharedSecurityField } from "../shared/kubernetes";

/** Seccomp profile types Pod Security `restricted` accepts. */
export const ALLOWED_SECCOMP_TYPES: readonly string[] = ["RuntimeDefault", "Localhost"];

/** CTR-3: a RuntimeDefault or Localhost seccomp profile on every container (pod-level inherited). */
export const k8sPodSeccomp = podSpecPolicy({
    name: "k8s-pod-seccomp",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "Every container must run under a seccomp profile of type RuntimeDefault or Localhost, set on the pod securityContext or on the container (the container's overrides the pod's). Windows pods (spec.os.name: windows) are exempt, as Pod Security exempts them.",
    references: [
        { framework: "PSS", id: "baseline: Seccomp" },
        { framework: "PSS", id: "restricted: Seccomp" },
        { framework: "CIS", id: "4.6.2" },
    ],
    remediation: 'set securityContext.seccompProfile: { type: "RuntimeDefault" } on the pod, and never Unconfined on a container',
    check: (input, ctx) => {
        if (input.windows) {
            return; // PSS "Seccomp" is Linux only: Windows pods are exempt
        }
        checkInherited(input, ctx, {
            field: sharedSecurityField("seccompProfile", "type"),
            ok: (v) => ALLOWED_SECCOMP_TYPES.includes(asString(v) ?? ""),
            bad: (v) => `sets seccompProfile.type: ${JSON.stringify(v)} (allowed: ${ALLOWED_SECCOMP_TYPES.join(", ")})`,
            missing: "sets no seccompProfile",
        });
    },
});
