import type * as k8s from "@pulumi/kubernetes";
import type { CheckContext, StackResourceView, StackView } from "../../lib";
import { asBoolean, asString, readerFor } from "../../lib";
import { effectiveNamespace, withPatchTypes } from "../shared/kubernetes";
import type { PodCheck } from "../shared/podPolicy";
import { podSpecStackPolicy } from "../shared/podPolicy";

const podRead = readerFor<k8s.types.input.core.v1.PodSpec>();
const accountRead = readerFor<k8s.core.v1.ServiceAccountArgs>();
const SERVICE_ACCOUNT_TYPES = withPatchTypes(["kubernetes:core/v1:ServiceAccount"]);

/** Same namespace: the same known name, or both unset on the same provider (unknowns never match). */
function sameNamespace(a: StackResourceView, b: StackResourceView): boolean {
    const na = effectiveNamespace(a);
    const nb = effectiveNamespace(b);
    if (typeof na.value === "string" && typeof nb.value === "string") {
        return na.value === nb.value;
    }
    return na.source === "none" && nb.source === "none" && a.provider?.urn === b.provider?.urn;
}

/**
 * What the pod's ServiceAccount, if the stack declares it, says about automounting: the
 * pod inherits the account's automountServiceAccountToken when it sets none itself.
 * "off" only when every declaration of that account in the stack sets false.
 */
function accountAutomount(input: PodCheck, account: string, stack: StackView, ctx: CheckContext): "off" | "on" | "unknown" {
    const matches = stack.resources.filter(
        (r) =>
            SERVICE_ACCOUNT_TYPES.includes(r.type) &&
            accountRead(r.props, "metadata", "name") === account &&
            sameNamespace(r, input.resource as StackResourceView),
    );
    if (matches.length === 0) {
        return "on";
    }
    for (const sa of matches) {
        const value = accountRead(sa.props, "automountServiceAccountToken");
        if (ctx.isUnknown(value, `automountServiceAccountToken of ServiceAccount "${sa.name}"`)) {
            return "unknown";
        }
        if (asBoolean(value) !== false) {
            return "on";
        }
    }
    return "off";
}

/**
 * K8S-5: pods do not mount a service-account token unless their account is allowlisted.
 * Kubernetes takes the pod's automountServiceAccountToken when set, else the
 * ServiceAccount's: a ServiceAccount of the stack (same name and namespace) that sets
 * false therefore satisfies the rule for pods that set nothing.
 */
export const k8sPodServiceAccountToken = podSpecStackPolicy({
    name: "k8s-pod-service-account-token",
    control: "K8S-5",
    severity: "medium",
    layer: "container",
    description:
        "Pods must not mount a service-account token (automountServiceAccountToken: false on the pod, or on its ServiceAccount in the same stack when the pod sets none) unless their service account is in the allowlist of accounts that call the Kubernetes API.",
    references: [
        { framework: "CIS", id: "4.1.6" },
        { framework: "BPG", id: "Identity: disable auto-mounting of service account tokens" },
    ],
    remediation:
        "set automountServiceAccountToken: false in the pod spec or on its ServiceAccount, or add the pod's service account to allowedServiceAccounts in the pack config when the workload needs the API",
    config: {
        allowedServiceAccounts: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Service account names whose pods may mount their token (workloads that talk to the Kubernetes API).",
        },
    },
    check: (input, stack, ctx) => {
        const spec = input.pod.spec;
        const path = `${input.pod.path}.automountServiceAccountToken`;
        const automount = podRead(spec, "automountServiceAccountToken");
        if (ctx.isUnknown(automount, path) || asBoolean(automount) === false) {
            return;
        }
        if (automount === undefined && input.pod.partial) {
            return;
        }
        // serviceAccount is the deprecated alias of serviceAccountName.
        const accountValue = podRead(spec, "serviceAccountName") ?? podRead(spec, "serviceAccount");
        if (ctx.isUnknown(accountValue, `${input.pod.path}.serviceAccountName`)) {
            return;
        }
        const account = asString(accountValue) ?? "default";
        if (ctx.configStrings("allowedServiceAccounts").includes(account)) {
            return;
        }
        if (automount === undefined) {
            const inherited = accountAutomount(input, account, stack, ctx);
            if (inherited !== "on") {
                return; // off: the account says false; unknown: recorded (fails closed)
            }
        }
        const how =
            automount === undefined
                ? "does not set automountServiceAccountToken: false, nor does its ServiceAccount in this stack"
                : "sets automountServiceAccountToken: true";
        ctx.violation(`${input.subject} ${how} (${path}), so service account "${account}" gets an API token it is not allowlisted for`);
    },
});
