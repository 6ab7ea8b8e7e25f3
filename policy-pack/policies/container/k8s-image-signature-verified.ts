import type { CheckContext, StackResourceView, StackView } from "../../lib";
import type * as k8s from "@pulumi/kubernetes";
import { asRecord, asString, isUnknown, readerFor, stackPolicy } from "../../lib";
import { NAMESPACE_TYPE } from "../cluster/k8s-namespace-default-deny";
import { SYSTEM_NAMESPACES } from "../cluster/k8s-no-system-namespace";
import { WORKLOAD_TYPES, effectiveNamespace } from "../shared/kubernetes";
import { isInNamespace, namespaceLabel } from "../shared/namespaces";
import { subjectOf } from "../shared/podPolicy";
import { OPT_IN_LABEL, chartNamespaces, enforcingImagePolicy, isVerifier } from "../shared/signing";

const nsRead = readerFor<k8s.core.v1.NamespaceArgs>();

/** What the stack lacks to verify signatures ([] when a verifier and an enforcing ClusterImagePolicy exist); unknowns recorded. */
function missingVerification(stack: StackView, ctx: CheckContext): string[] {
    if (ctx.configBoolean("externalVerifier", false)) return [];
    const verdicts = stack.resources.map(isVerifier);
    const missing: string[] = [];
    if (!verdicts.some((v) => v.yes)) {
        const unknown = verdicts.find((v) => !v.yes && v.unknown !== undefined);
        if (unknown !== undefined && !unknown.yes && unknown.unknown !== undefined && ctx.isUnknown(unknown.unknown, unknown.unknown.path))
            return [];
        missing.push("signature verifier (the Sigstore policy-controller Helm chart from sigstore.github.io/helm-charts)");
    }
    if (!stack.resources.some(enforcingImagePolicy))
        missing.push("enforcing ClusterImagePolicy (policy.sigstore.dev, a key on image globs, mode not warn)");
    return missing;
}

/** Namespaces this policy leaves alone: Kubernetes' own, the configured ones, and those charts install controllers into. */
function skipped(name: string, stack: StackView, ctx: CheckContext): boolean {
    return (
        SYSTEM_NAMESPACES.includes(name) ||
        ctx.configStrings("exemptNamespaces").includes(name) ||
        chartNamespaces(stack.resources).has(name)
    );
}

function checkNamespace(ns: StackResourceView, stack: StackView, ctx: CheckContext): void {
    const name = nsRead(ns.props, "metadata", "name");
    if (ctx.isUnknown(name, "metadata.name")) return;
    if (typeof name === "string" && skipped(name, stack, ctx)) return;
    const labels = nsRead(ns.props, "metadata", "labels");
    if (ctx.isUnknown(labels, "metadata.labels")) return;
    const value = asRecord(labels)?.[OPT_IN_LABEL];
    if (ctx.isUnknown(value, `metadata.labels["${OPT_IN_LABEL}"]`)) return;
    if (value !== "true") {
        const why =
            value === undefined ? `has no label ${OPT_IN_LABEL}` : `is labelled ${OPT_IN_LABEL}=${JSON.stringify(value)} (opted out)`;
        ctx.violation(
            `${namespaceLabel(ns)} ${why}, so the signature verifier admits unsigned images there`,
            `label the namespace ${OPT_IN_LABEL}: "true" (NamespaceBaseline does unless verifyImageSignatures is false), or exempt it with a reason and an expiry`,
        );
    }
    const missing = missingVerification(stack, ctx);
    if (missing.length > 0)
        ctx.violation(`${namespaceLabel(ns)} is a team namespace, but the stack creates no ${missing.join(" and no ")}`);
}

function checkWorkload(w: StackResourceView, stack: StackView, ctx: CheckContext): void {
    const ns = effectiveNamespace(w);
    // In a Namespace of this stack: that Namespace is judged (label, verifier, image policy).
    if (ns.source === "none" || stack.resources.some((n) => n.type === NAMESPACE_TYPE && isInNamespace(w, n, stack))) return;
    if (ctx.isUnknown(ns.value, ns.path)) return;
    const name = asString(ns.value);
    if (name === undefined || skipped(name, stack, ctx)) return;
    const missing = missingVerification(stack, ctx);
    if (missing.length > 0) {
        ctx.violation(`${subjectOf(w)} runs in namespace "${name}", but the stack creates no ${missing.join(" and no ")}`);
    } else if (!isUnknown(ns.value)) {
        ctx.note(
            `${subjectOf(w)} runs in namespace "${name}", which this stack does not create: the pack cannot see whether it carries ${OPT_IN_LABEL}: "true"`,
        );
    }
}

/** CTR-2: a stack that runs team workloads verifies their images' signatures at admission. */
export const k8sImageSignatureVerified = stackPolicy({
    name: "k8s-image-signature-verified",
    control: "CTR-2",
    severity: "high",
    layer: "container",
    description:
        'A stack that creates team namespaces or workloads outside the system namespaces must also create a signature verifier (the Sigstore policy-controller) and an enforcing ClusterImagePolicy, and label each team namespace policy.sigstore.dev/include: "true"; a namespace without the label or opted out is reported.',
    references: [{ framework: "BPG", id: "Image security: sign and verify images" }],
    remediation:
        'install the policy-controller chart (ClusterGuardrails\' imageSigning does), create a ClusterImagePolicy trusting your signing key for your registries, and label team namespaces policy.sigstore.dev/include: "true"',
    config: {
        externalVerifier: {
            type: "boolean",
            default: false,
            description:
                "The cluster's verifier and ClusterImagePolicies come from another stack: only the namespace opt-in label is checked here.",
        },
        exemptNamespaces: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Namespaces (besides kube-system, kube-public, kube-node-lease and those a Helm chart of the stack installs into) whose images are not verified.",
        },
    },
    subjectTypes: [NAMESPACE_TYPE, ...WORKLOAD_TYPES],
    check: (subject, stack, ctx) =>
        subject.type === NAMESPACE_TYPE ? checkNamespace(subject, stack, ctx) : checkWorkload(subject, stack, ctx),
});
