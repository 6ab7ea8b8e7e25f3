import type * as k8s from "@pulumi/kubernetes";
import { asStringList, readerFor } from "../../lib";
import { containerSecurityField, describeContainer } from "../shared/kubernetes";
import { podSpecPolicy } from "../shared/podPolicy";

/** The only capability Pod Security `restricted` lets a container add back. */
export const DEFAULT_ALLOWED_CAPABILITIES: readonly string[] = ["NET_BIND_SERVICE"];
const DROP_ALL = "ALL";
const capabilities = readerFor<k8s.types.input.core.v1.Capabilities>();

/** CTR-3: capabilities drop ALL; nothing added beyond the allowlist. */
export const k8sPodCapabilities = podSpecPolicy({
    name: "k8s-pod-capabilities",
    control: "CTR-3",
    severity: "high",
    layer: "container",
    description:
        "Every container (also init and ephemeral) must drop ALL Linux capabilities (not required of Windows pods, as Pod Security exempts them) and add back none beyond the allowlist (default NET_BIND_SERVICE).",
    references: [
        { framework: "PSS", id: "baseline: Capabilities" },
        { framework: "PSS", id: "restricted: Capabilities" },
        { framework: "CIS", id: "4.2.8" },
        { framework: "CIS", id: "4.2.9" },
    ],
    remediation:
        'set securityContext.capabilities.drop: ["ALL"] on each container and add back only NET_BIND_SERVICE if the process binds a port below 1024',
    config: {
        allowedCapabilities: {
            type: "array",
            items: { type: "string" },
            default: [...DEFAULT_ALLOWED_CAPABILITIES],
            description: "Capabilities a container may add back after dropping ALL. Widening it loosens Pod Security restricted.",
        },
    },
    check: (input, ctx) => {
        const allowed = new Set(ctx.configStrings("allowedCapabilities"));
        for (const c of input.containers()) {
            const caps = containerSecurityField(c, "capabilities");
            if (ctx.isUnknown(caps.value, caps.path)) {
                continue;
            }
            const drop = capabilities(caps.value, "drop");
            // PSS restricted "Capabilities" (drop ALL) is Linux only: Windows pods are exempt.
            if (!input.windows && !ctx.containsUnknown(drop, `${caps.path}.drop`)) {
                const dropped = asStringList(drop);
                if (!dropped.includes(DROP_ALL) && (drop !== undefined || !input.pod.partial)) {
                    ctx.violation(
                        `${input.subject}: ${describeContainer(c)} does not drop ALL capabilities (drop: ${JSON.stringify(dropped)})`,
                    );
                }
            }
            const add = capabilities(caps.value, "add");
            if (!ctx.containsUnknown(add, `${caps.path}.add`)) {
                const extra = asStringList(add).filter((cap) => !allowed.has(cap));
                if (extra.length > 0) {
                    ctx.violation(
                        `${input.subject}: ${describeContainer(c)} adds capabilities ${extra.join(", ")} beyond the allowlist (${[...allowed].join(", ") || "none"})`,
                    );
                }
            }
        }
    },
});
