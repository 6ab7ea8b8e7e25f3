import type * as k8s from "@pulumi/kubernetes";
import { asBoolean, asString, readerFor, resourcePolicy } from "../../lib";
import { isPatchType, withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

const serviceAccount = readerFor<k8s.core.v1.ServiceAccountArgs>();

/** K8S-5: ServiceAccounts (the namespace's `default` one above all) do not automount their token. */
export const k8sServiceAccountNoAutomount = resourcePolicy({
    name: "k8s-service-account-no-automount",
    control: "K8S-5",
    severity: "medium",
    layer: "cluster",
    description:
        "ServiceAccounts must set automountServiceAccountToken: false unless they are in the allowlist of accounts whose pods call the Kubernetes API; a ServiceAccountPatch must not set it to true.",
    references: [
        { framework: "CIS", id: "4.1.5" },
        { framework: "CIS", id: "4.1.6" },
    ],
    remediation:
        "set automountServiceAccountToken: false on the ServiceAccount (patch the namespace's default account the same way), or list the account in allowedServiceAccounts in the pack config",
    config: {
        allowedServiceAccounts: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "ServiceAccount names that may automount their token (workloads that talk to the Kubernetes API).",
        },
    },
    resourceTypes: withPatchTypes(["kubernetes:core/v1:ServiceAccount"]),
    check: (account, ctx) => {
        const automount = serviceAccount(account.props, "automountServiceAccountToken");
        if (ctx.isUnknown(automount, "automountServiceAccountToken")) {
            return;
        }
        const value = asBoolean(automount);
        if (value === false || (value === undefined && isPatchType(account.type))) {
            return;
        }
        const nameValue = serviceAccount(account.props, "metadata", "name");
        if (ctx.isUnknown(nameValue, "metadata.name")) {
            return;
        }
        const name = asString(nameValue) ?? account.name;
        if (ctx.configStrings("allowedServiceAccounts").includes(name)) {
            return;
        }
        const how =
            value === true
                ? "sets automountServiceAccountToken: true"
                : "does not set automountServiceAccountToken: false (Kubernetes defaults it to true)";
        ctx.violation(`${subjectOf(account)} ${how}, so every pod using it gets an API token unless the pod opts out`);
    },
});
