import { asBoolean, asNumber } from "../../lib";
import { checkInherited, podSpecPolicy } from "../shared/podPolicy";
import { sharedSecurityField } from "../shared/kubernetes";

const ROOT_UID = 0;

/** CTR-3: containers run as a non-root user (pod-level settings inherited, container wins). */
export const k8sPodRunAsNonRoot = podSpecPolicy({
    name: "k8s-pod-run-as-non-root",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "Every container must run with runAsNonRoot: true (set on the container or inherited from the pod securityContext) and never with runAsUser: 0.",
    references: [
        { framework: "PSS", id: "restricted: Running as Non-root" },
        { framework: "PSS", id: "restricted: Running as Non-root user" },
        { framework: "CIS", id: "4.2.6" },
    ],
    remediation:
        "set securityContext.runAsNonRoot: true on the pod (or on each container) and a non-zero runAsUser, or leave runAsUser to the image's non-root USER",
    check: (input, ctx) => {
        checkInherited(input, ctx, {
            field: sharedSecurityField("runAsNonRoot"),
            ok: (v) => asBoolean(v) === true,
            bad: (v) => `sets runAsNonRoot: ${JSON.stringify(v)}`,
            missing: "does not set runAsNonRoot: true",
        });
        // runAsUser: 0 is rejected at either level (PSS checks both fields); unset is fine.
        checkInherited(input, ctx, {
            field: sharedSecurityField("runAsUser"),
            ok: (v) => asNumber(v) !== ROOT_UID,
            bad: () => "sets runAsUser: 0 (root)",
        });
    },
});
