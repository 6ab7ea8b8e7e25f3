import type * as k8s from "@pulumi/kubernetes";
import { asRecord, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";
import { withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

const secret = readerFor<k8s.core.v1.SecretArgs>();

/** Filled in by the token controller, never by the program: such a Secret carries no value of its own. */
const SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";

/**
 * DATA-4: a Secret whose `data` or `stringData` the program writes puts the value in the program (or its
 * config) and in the Pulumi state, and leaves it unrotated. The value should live in Secrets Manager and
 * reach the namespace through an ExternalSecret. Decisions: a value computed from another resource counts
 * too (it is still stored in the state); a Secret with no entries (the token controller fills a
 * service-account-token Secret, an operator fills an empty one) passes; a service-account-token Secret that
 * does carry entries is reported like any other. Advisory by default (medium): set enforcementLevel
 * "mandatory" in the pack config to block.
 */
export const k8sSecretNoLiteralData = resourcePolicy({
    name: "k8s-secret-no-literal-data",
    control: "DATA-4",
    severity: "medium",
    layer: "code",
    description:
        "Kubernetes Secrets must not carry data or stringData written by the program: the value lands in the program and the Pulumi state. Keep it in AWS Secrets Manager and let an ExternalSecret create the Secret in the cluster.",
    references: [{ framework: "BPG", id: "Use an external secrets provider" }],
    remediation:
        "store the value in AWS Secrets Manager under <secretNamePrefix>/<team>/<name> and create an ExternalSecret (external-secrets.io/v1) that references the team's SecretStore instead of the Secret",
    resourceTypes: withPatchTypes(["kubernetes:core/v1:Secret"]),
    check: (r, ctx) => {
        const type = asString(secret(r.props, "type"));
        const entries: string[] = [];
        for (const field of ["data", "stringData"] as const) {
            const value = secret(r.props, field);
            if (ctx.isUnknown(value, field)) return;
            if (value === undefined || value === null) continue;
            const map = asRecord(value);
            if (map === undefined) {
                ctx.violation(`${subjectOf(r)} has a ${field} that is not a map of keys to values, so what it holds cannot be read`);
                return;
            }
            entries.push(...Object.keys(map).map((k) => `${field}.${k}${isUnknown(map[k]) ? " (computed)" : ""}`));
        }
        if (entries.length === 0) return;
        const shown = entries.slice(0, 5).join(", ") + (entries.length > 5 ? `, and ${entries.length - 5} more` : "");
        const kind = type === SERVICE_ACCOUNT_TOKEN ? " (a service-account-token Secret, which the token controller fills itself)" : "";
        ctx.violation(`${subjectOf(r)}${kind} carries secret values written by the program: ${shown}`);
    },
});
