import { asBoolean, asString, at } from "../../lib";
import { podSpecPolicy } from "../shared/podPolicy";

/** K8S-5: pods do not mount a service-account token unless their account is allowlisted. */
export const k8sPodServiceAccountToken = podSpecPolicy({
    name: "k8s-pod-service-account-token",
    control: "K8S-5",
    severity: "medium",
    layer: "container",
    description:
        "Pods must set automountServiceAccountToken: false unless their service account is in the allowlist of accounts that call the Kubernetes API.",
    references: [
        { framework: "CIS", id: "4.1.6" },
        { framework: "BPG", id: "Identity: disable auto-mounting of service account tokens" },
    ],
    remediation:
        "set automountServiceAccountToken: false in the pod spec, or add the pod's service account to allowedServiceAccounts in the pack config when the workload needs the API",
    config: {
        allowedServiceAccounts: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Service account names whose pods may mount their token (workloads that talk to the Kubernetes API).",
        },
    },
    check: (input, ctx) => {
        const spec = input.pod.spec;
        const path = `${input.pod.path}.automountServiceAccountToken`;
        const automount = at(spec, "automountServiceAccountToken");
        if (ctx.isUnknown(automount, path) || asBoolean(automount) === false) {
            return;
        }
        if (automount === undefined && input.pod.partial) {
            return;
        }
        // serviceAccount is the deprecated alias of serviceAccountName.
        const accountValue = at(spec, "serviceAccountName") ?? at(spec, "serviceAccount");
        if (ctx.isUnknown(accountValue, `${input.pod.path}.serviceAccountName`)) {
            return;
        }
        const account = asString(accountValue) ?? "default";
        if (ctx.configStrings("allowedServiceAccounts").includes(account)) {
            return;
        }
        const how = automount === undefined ? "does not set automountServiceAccountToken: false" : "sets automountServiceAccountToken: true";
        ctx.violation(`${input.subject} ${how} (${path}), so service account "${account}" gets an API token it is not allowlisted for`);
    },
});
