/**
 * CTR-2 cases (k8s-image-signature-verified): a team Namespace opted in, the policy-controller chart and an
 * enforcing ClusterImagePolicy; each variant removes or changes one of them.
 */
import { DROP, StackCase } from "./case";
import type { TestResource } from "./runtime";
import { k8sImageSignatureVerified } from "../../policy-pack/policies/container/k8s-image-signature-verified";
import { UNKNOWN } from "./runtime";

export const OPT_IN = "policy.sigstore.dev/include";
export const SIGNING_STACK: readonly TestResource[] = [
    { type: "kubernetes:core/v1:Namespace", name: "team-a", props: { metadata: { name: "team-a", labels: { [OPT_IN]: "true" } } } },
    {
        type: "kubernetes:helm.sh/v3:Release",
        name: "pc",
        props: {
            name: "policy-controller",
            namespace: "cosign-system",
            chart: "policy-controller",
            version: "0.10.8",
            repositoryOpts: { repo: "https://sigstore.github.io/helm-charts" },
        },
    },
    {
        type: "kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy",
        name: "cip",
        props: {
            metadata: { name: "ecr" },
            spec: {
                mode: "enforce",
                images: [{ glob: "123456789012.dkr.ecr.us-east-1.amazonaws.com/**" }],
                authorities: [{ key: { kms: "awskms:///alias/x" } }],
            },
        },
    },
];

export const SIGNING_CASES: readonly StackCase[] = [
    {
        kind: "stack",
        policy: k8sImageSignatureVerified,
        subject: "team-a",
        compliant: SIGNING_STACK,
        violations: [
            {
                what: "no opt-in label",
                resource: "team-a",
                path: "metadata.labels",
                value: {},
                match: /Namespace "team-a" has no label policy.sigstore.dev\/include/,
            },
            {
                what: "opted out",
                resource: "team-a",
                path: "metadata.labels",
                value: { [OPT_IN]: "false" },
                match: /labelled policy.sigstore.dev\/include="false" \(opted out\)/,
            },
            { what: "no verifier", resource: "pc", path: "", value: DROP, match: /creates no signature verifier/ },
            {
                what: "the chart from another repository",
                resource: "pc",
                path: "repositoryOpts.repo",
                value: "https://charts.example.com/sigstore",
                match: /creates no signature verifier/,
            },
            {
                what: "another chart of the repository",
                resource: "pc",
                path: "chart",
                value: "scaffold",
                match: /creates no signature verifier/,
            },
            { what: "no image policy", resource: "cip", path: "", value: DROP, match: /no enforcing ClusterImagePolicy/ },
            {
                what: "an image policy that only warns",
                resource: "cip",
                path: "spec.mode",
                value: "warn",
                match: /no enforcing ClusterImagePolicy/,
            },
            {
                what: "an image policy without authorities",
                resource: "cip",
                path: "spec.authorities",
                value: [],
                match: /no enforcing ClusterImagePolicy/,
            },
        ],
        alsoCompliant: [
            {
                what: "the repository with a trailing slash and upper case",
                resource: "pc",
                path: "repositoryOpts.repo",
                value: "HTTPS://Sigstore.GitHub.io/helm-charts/",
            },
            { what: "the OCI repository", resource: "pc", path: "repositoryOpts.repo", value: "oci://ghcr.io/sigstore/helm-charts" },
            {
                what: "the verifier installed by another stack (externalVerifier)",
                config: { externalVerifier: true },
                resource: "pc",
                path: "",
                value: DROP,
            },
            {
                what: "an exempt namespace",
                config: { exemptNamespaces: ["team-a"] },
                resource: "team-a",
                path: "metadata.labels",
                value: {},
            },
        ],
        unknowns: [
            { what: "unknown labels", resource: "team-a", path: "metadata.labels", value: UNKNOWN },
            { what: "unknown chart repository", resource: "pc", path: "repositoryOpts.repo", value: UNKNOWN },
        ],
    },
];
