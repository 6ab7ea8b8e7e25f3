/**
 * CTR-2: what in a stack verifies image signatures at admission. The Sigstore policy-controller (from its
 * Helm chart, as a v3 Release or a v4 Chart, or installed from manifests, seen by its webhook name) and
 * the ClusterImagePolicies that tell it which keys to trust. Pure; never throws.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { StackResourceView } from "../../lib";
import { Data, Unknown, asArray, asRecord, asString, isUnknown, readerFor, readerForEach } from "../../lib";
import { HELM_RELEASE, chartSource } from "./opaque";

export const HELM_CHART_V4 = "kubernetes:helm.sh/v4:Chart";
export const WEBHOOK_CONFIGURATION = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration";
export const IMAGE_POLICY_TYPES = [
    "kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy",
    "kubernetes:policy.sigstore.dev/v1alpha1:ClusterImagePolicy",
];
/** The namespace label the policy-controller's webhook selects on (its chart's namespaceSelector). */
export const OPT_IN_LABEL = "policy.sigstore.dev/include";
export const VERIFIER_CHART = "policy-controller";
/** Where the chart is published, without scheme or trailing slash, lowercase: the Helm repository and the OCI one. */
export const VERIFIER_REPOSITORIES = ["sigstore.github.io/helm-charts", "ghcr.io/sigstore/helm-charts"];
/** The webhook names the policy-controller registers. */
const VERIFIER_WEBHOOK = /(^|\.)sigstore\.dev$/;

/** A repository URL as compared: no scheme (https, http, oci), no trailing slashes, no "www.", lowercase. */
export function normalizeRepository(repo: string): string {
    return repo
        .trim()
        .toLowerCase()
        .replace(/^(https?|oci):\/\//, "")
        .replace(/^www\./, "")
        .replace(/\/+$/, "");
}

export type Verdict = { readonly yes: true } | { readonly yes: false; readonly unknown?: Unknown };

const no = (unknown?: Unknown): Verdict => ({ yes: false, unknown });

/** Whether a resource installs the signature verifier; unknown chart coordinates leave it undecided. */
export function isVerifier(r: StackResourceView): Verdict {
    if (r.type === HELM_RELEASE || r.type === HELM_CHART_V4) {
        const source = chartSource(r.props);
        for (const [key, path] of [
            ["repository", "repositoryOpts.repo"],
            ["chart", "chart"],
        ] as const) {
            if (isUnknown(source[key]))
                return no(new Unknown(`${path} of ${r.type.split(":").pop()} "${r.name}", which may install the verifier,`));
        }
        const repo = asString(source.repository);
        const chart = asString(source.chart);
        return repo !== undefined && chart === VERIFIER_CHART && VERIFIER_REPOSITORIES.includes(normalizeRepository(repo))
            ? { yes: true }
            : no();
    }
    if (r.type === WEBHOOK_CONFIGURATION) {
        const hooks = readerFor<k8s.admissionregistration.v1.ValidatingWebhookConfigurationArgs>()(r.props, "webhooks");
        if (isUnknown(hooks)) return no(new Unknown(`webhooks of ValidatingWebhookConfiguration "${r.name}"`));
        return asArray(hooks).some((h) => VERIFIER_WEBHOOK.test(asString(asRecord(h)?.name) ?? "")) ? { yes: true } : no();
    }
    return no();
}

/**
 * The fields read of a ClusterImagePolicy (policy.sigstore.dev), a custom resource with no type in
 * @pulumi/kubernetes: written from the policy-controller's CRD.
 */
interface ClusterImagePolicyFields {
    readonly spec?: { readonly mode?: string; readonly images?: readonly unknown[]; readonly authorities?: readonly unknown[] };
}
const imagePolicy = readerFor<ClusterImagePolicyFields>();
/** Where a Helm v3 Release or a v4 Chart installs (both spell it `namespace`). */
const chartNamespace = readerForEach<k8s.helm.v3.ReleaseArgs, k8s.helm.v4.ChartArgs>();

/** Whether a ClusterImagePolicy enforces at least one key or identity on at least one image glob ("must exist": unknown counts). */
export function enforcingImagePolicy(r: StackResourceView): boolean {
    if (!IMAGE_POLICY_TYPES.includes(r.type)) return false;
    const spec = imagePolicy(r.props, "spec");
    if (isUnknown(spec)) return true;
    if (asRecord(spec) === undefined) return false;
    const nonEmpty = (v: Data) => isUnknown(v) || asArray(v).length > 0;
    return (
        asString(imagePolicy(r.props, "spec", "mode")) !== "warn" &&
        nonEmpty(imagePolicy(r.props, "spec", "images")) &&
        nonEmpty(imagePolicy(r.props, "spec", "authorities"))
    );
}

/** Namespaces a Helm release or chart of the stack installs into: controllers whose images PACK-9 answers for. */
export function chartNamespaces(resources: readonly StackResourceView[]): Set<string> {
    const out = new Set<string>();
    for (const r of resources) {
        if (r.type !== HELM_RELEASE && r.type !== HELM_CHART_V4) continue;
        const ns = asString(chartNamespace(r.props, "namespace"));
        if (ns !== undefined) out.add(ns);
    }
    return out;
}
