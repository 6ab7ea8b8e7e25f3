import type * as k8s from "@pulumi/kubernetes";
import {
    type CheckContext,
    type Data,
    type ResourceView,
    asArray,
    asRecord,
    asString,
    firstMatchPattern,
    isUnknown,
    readerFor,
    resourcePolicy,
} from "../../lib";
import { withPatchTypes } from "../shared/kubernetes";
import { subjectOf } from "../shared/podPolicy";

const MUTATING = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration";
const VALIDATING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration";

const configRead = readerFor<k8s.admissionregistration.v1.MutatingWebhookConfigurationArgs>();
const webhookRead = readerFor<k8s.types.input.admissionregistration.v1.MutatingWebhook>();
const ruleRead = readerFor<k8s.types.input.admissionregistration.v1.RuleWithOperations>();

/**
 * Whether one rule's resources reach Secret objects: the core group ("" or "*") and a resource
 * entry naming secrets itself ("secrets", "*", "*\/*"). "secrets/<subresource>" is a subresource
 * only, which carries no secret data. Unknown entries count as reaching them (fail closed).
 */
function ruleReachesSecrets(rule: Data): boolean | "unknown" {
    const groups = ruleRead(rule, "apiGroups");
    const resources = ruleRead(rule, "resources");
    if (isUnknown(groups) || isUnknown(resources)) return "unknown";
    const groupList = asArray(groups);
    if (groupList.some(isUnknown) || asArray(resources).some(isUnknown)) return "unknown";
    const core = groupList.some((g) => g === "" || g === "*");
    const names = asArray(resources).map((r) => (typeof r === "string" ? r.trim().toLowerCase() : ""));
    return core && names.some((r) => r === "secrets" || r === "*" || r === "*/*");
}

/** "<namespace>/<name>" of an in-cluster service reference, or the URL the API server calls. */
function endpointOf(clientConfig: Data): { kind: "service" | "url" | "none" | "unknown"; where: string } {
    const record = asRecord(clientConfig);
    if (isUnknown(clientConfig)) return { kind: "unknown", where: "clientConfig" };
    const url = record?.url;
    const service = record?.service;
    if (isUnknown(url) || isUnknown(service)) return { kind: "unknown", where: "clientConfig" };
    if (typeof url === "string" && url.length > 0) return { kind: "url", where: url };
    const svc = asRecord(service);
    if (svc !== undefined) return { kind: "service", where: `${asString(svc.namespace) ?? "?"}/${asString(svc.name) ?? "?"}` };
    return { kind: "none", where: "" };
}

function allowed(patterns: readonly string[], value: string): boolean {
    return firstMatchPattern(value, patterns) !== undefined;
}

function judgeWebhook(config: ResourceView, webhook: Data, index: number, ctx: CheckContext): void {
    const name = asString(webhookRead(webhook, "name")) ?? `webhooks[${index}]`;
    const path = `webhooks[${index}]`;
    const who = `${subjectOf(config)} webhook "${name}"`;
    const endpoint = endpointOf(webhookRead(webhook, "clientConfig"));
    if (endpoint.kind === "unknown") {
        ctx.isUnknown(webhookRead(webhook, "clientConfig"), `${path}.clientConfig`);
        return;
    }
    if (endpoint.kind === "url" && !allowed(ctx.configStrings("allowedUrls"), endpoint.where)) {
        ctx.violation(
            `${who} sends the objects it intercepts to ${endpoint.where.slice(0, 200)}, an address outside the cluster's services: whoever runs it sees (and for a mutating webhook, rewrites) every matching request`,
            "point clientConfig at an in-cluster service (clientConfig.service), or list the URL in this policy's allowedUrls with the reason in the pack config",
        );
    }
    const rules = webhookRead(webhook, "rules");
    if (ctx.isUnknown(rules, `${path}.rules`)) return;
    if (rules !== undefined && !Array.isArray(rules)) {
        ctx.violation(`${who} has ${path}.rules that is not a list, so what it intercepts cannot be judged (treated as non-compliant)`);
        return;
    }
    const reach = asArray(rules).map(ruleReachesSecrets);
    if (reach.includes("unknown")) {
        ctx.containsUnknown(rules, `${path}.rules`);
        return;
    }
    if (reach.includes(true) && !allowed(ctx.configStrings("allowedSecretWebhooks"), name)) {
        ctx.violation(
            `${who} intercepts Secret objects (its rules cover secrets in the core group), so the API server sends it every Secret's data on each matching request`,
            "leave secrets out of the webhook's rules (name the resources it needs instead of \"*\"), or list the webhook's name in allowedSecretWebhooks with the reason in the pack config",
        );
    }
}

/**
 * K8S-6: admission webhooks declared in a program stay inside the cluster and away from
 * Secret data. A webhook is a callout the API server makes with the full object: one that
 * points at an outside URL, or whose rules cover Secrets, hands cluster data (and, when
 * mutating, the power to rewrite it) to code the pack cannot see.
 */
export const k8sAdmissionWebhookScoped = resourcePolicy({
    name: "k8s-admission-webhook-scoped",
    control: "K8S-6",
    severity: "high",
    layer: "cluster",
    description:
        'Mutating and validating admission webhooks must call an in-cluster service, not an outside URL, and must not intercept Secrets (rules covering secrets, "*" or "*/*" in the core group), unless the pack config allows that URL or webhook by name.',
    references: [{ framework: "BPG", id: "Cluster security: admission controllers" }],
    remediation: "call the webhook through clientConfig.service and name only the resources it needs in its rules",
    config: {
        allowedUrls: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Webhook URLs that may be called (* and ? match any characters), e.g. a policy engine reached through a fixed private address.",
        },
        allowedSecretWebhooks: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Webhook names (webhooks[].name, * and ? match) that may intercept Secrets, e.g. a reviewed policy engine.",
        },
    },
    resourceTypes: withPatchTypes([MUTATING, VALIDATING]),
    check: (config, ctx) => {
        const webhooks = configRead(config.props, "webhooks");
        if (ctx.isUnknown(webhooks, "webhooks")) return;
        if (webhooks !== undefined && !Array.isArray(webhooks)) {
            ctx.violation(
                `${subjectOf(config)} has webhooks that is not a list, so its webhooks cannot be judged (treated as non-compliant)`,
            );
            return;
        }
        asArray(webhooks).forEach((w, i) => {
            if (ctx.isUnknown(w, `webhooks[${i}]`)) return;
            if (asRecord(w) === undefined) {
                ctx.violation(
                    `${subjectOf(config)} has webhooks[${i}] that is not an object, so it cannot be judged (treated as non-compliant)`,
                );
                return;
            }
            judgeWebhook(config, w, i, ctx);
        });
    },
});
