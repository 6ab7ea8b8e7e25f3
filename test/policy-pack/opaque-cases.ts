/**
 * PACK-9 cases: each opaque type passes when the pack config allows it by type and name
 * (Helm: repository, chart, version), and is a violation otherwise.
 */
import type { ResourceCase } from "./case";
import { opaqueResourcesAllowed } from "../../policy-pack/policies/code/opaque-resources-allowed";
import { UNKNOWN, UNKNOWN_OBJECT } from "./runtime";

const policy = opaqueResourcesAllowed;
const allow = (type: string, name: string, extra: Record<string, unknown> = {}) => ({
    allowed: [{ type, name, reason: "reviewed in SEC-42", ...extra }],
});
const NOT_ALLOWED = { allowed: [] };

function simple(type: string, name: string, props: Record<string, unknown>, match: RegExp): ResourceCase {
    return {
        kind: "resource",
        policy,
        type,
        name,
        compliant: props,
        config: allow(type, name),
        violations: [
            { what: "no allow entry", path: "tags", value: {}, config: NOT_ALLOWED, match },
            { what: "an entry for another name", path: "tags", value: {}, config: allow(type, "other-*"), match },
            { what: "an entry without a reason", path: "tags", value: {}, config: { allowed: [{ type, name, reason: " " }] }, match },
        ],
        alsoCompliant: [
            {
                what: "an entry matching by pattern",
                path: "tags",
                value: {},
                config: allow(type.replace(/:[^:]*$/, ":*"), `${name.slice(0, 3)}*`),
            },
        ],
        unknowns: [],
        unknownsNeverMatter: "the type and name alone decide",
    };
}

const cfMatch = /\[PACK-9\] CloudFormation \w+ "\S+" creates resources from a template the pack cannot see/;

export const OPAQUE_CASES: readonly ResourceCase[] = [
    simple("aws:cloudformation/stack:Stack", "legacy-vpc", { name: "legacy", templateBody: "{}", tags: {} }, cfMatch),
    simple("aws:cloudformation/stackSet:StackSet", "org-guardrails", { name: "g", templateBody: "{}", tags: {} }, cfMatch),
    simple("aws:cloudformation/stackSetInstance:StackSetInstance", "org-guardrails-eu", { stackSetName: "g", tags: {} }, cfMatch),
    simple("aws:cloudformation/stackInstances:StackInstances", "org-guardrails-all", { stackSetName: "g", tags: {} }, cfMatch),
    simple(
        "pulumi-nodejs:dynamic:Resource",
        "dns-record",
        { __provider: "serialized", tags: {} },
        /\[PACK-9\] dynamic-provider resource pulumi-nodejs:dynamic:Resource "dns-record" runs code/,
    ),
    {
        kind: "resource",
        policy,
        type: "kubernetes:helm.sh/v3:Release",
        name: "ingress-nginx",
        compliant: {
            chart: "ingress-nginx",
            version: "4.11.3",
            repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
            metadata: {},
        },
        config: allow("kubernetes:helm.sh/v3:Release", "ingress-nginx", {
            repository: "https://kubernetes.github.io/ingress-nginx/",
            chart: "ingress-nginx",
            version: "4.11.3",
        }),
        violations: [
            {
                what: "another version",
                path: "version",
                value: "4.12.0",
                match: /Helm release "ingress-nginx" installs chart "ingress-nginx" version "4.12.0" from "https:\/\/kubernetes.github.io\/ingress-nginx"/,
            },
            { what: "no version (latest)", path: "version", value: undefined, match: /version \(not set\).*pin a version/ },
            {
                what: "another repository",
                path: "repositoryOpts.repo",
                value: "https://evil.example/charts",
                match: /from "https:\/\/evil.example\/charts"/,
            },
            { what: "another chart", path: "chart", value: "nginx", match: /installs chart "nginx"/ },
            {
                what: "no allow entry",
                path: "metadata",
                value: {},
                config: NOT_ALLOWED,
                match: /no "allowed" entry of the pack config matches/,
            },
        ],
        alsoCompliant: [
            {
                what: "the repository URL with a trailing slash",
                path: "repositoryOpts.repo",
                value: "https://kubernetes.github.io/ingress-nginx/",
            },
        ],
        unknowns: [
            { what: "an unknown version", path: "version", value: UNKNOWN },
            { what: "an unknown repository", path: "repositoryOpts", value: UNKNOWN_OBJECT },
        ],
    },
    {
        kind: "resource",
        policy,
        type: "kubernetes:argoproj.io/v1alpha1:Rollout",
        name: "web",
        compliant: {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Rollout",
            metadata: { name: "web" },
            spec: { template: { spec: { containers: [{ name: "web", image: "web:1" }] } } },
        },
        config: allow("kubernetes:argoproj.io/*:Rollout", "web"),
        violations: [
            {
                what: "no allow entry",
                path: "metadata",
                value: {},
                config: NOT_ALLOWED,
                match: /custom resource kubernetes:argoproj.io\/v1alpha1:Rollout "web" carries a pod template at spec\.template\.spec\.containers/,
            },
        ],
        alsoCompliant: [{ what: "no pod template", path: "spec", value: { replicas: 3 }, config: NOT_ALLOWED }],
        unknowns: [{ what: "an unknown template", path: "spec.template", value: UNKNOWN_OBJECT, config: NOT_ALLOWED }],
    },
];
