/** CODE-1 for Ingresses served by the AWS Load Balancer Controller: annotations, not spec.tls (property-based). */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sIngressAlbTls } from "../../../policy-pack/policies/code/k8s-ingress-alb-tls";
import { k8sIngressTls } from "../../../policy-pack/policies/code/k8s-ingress-tls";
import { TestResource, UNKNOWN, analyze, analyzeStack, of } from "../runtime";
import { JsonObject } from "./fixtures";

const NAME = "k8s-ingress-alb-tls";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const CLASS = "kubernetes:networking.k8s.io/v1:IngressClass";
const GOOD: Record<string, string> = {
    "alb.ingress.kubernetes.io/scheme": "internet-facing",
    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
    "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
    "alb.ingress.kubernetes.io/ssl-redirect": "443",
    "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
};

/** How the Ingress comes to be served by the ALB controller. */
const ALB_WAYS: readonly ((annotations: Record<string, unknown>) => TestResource[])[] = [
    (a) => [ingress({ ingressClassName: "alb" }, a)],
    (a) => [ingress({}, { ...a, "kubernetes.io/ingress.class": "alb" })],
    (a) => [ingressClass("public", false), ingress({ ingressClassName: "public" }, a)],
    (a) => [ingressClass("default-alb", true), ingress({}, a)],
];

function ingress(spec: JsonObject, annotations: Record<string, unknown>): TestResource {
    return {
        type: INGRESS,
        name: "web",
        props: {
            metadata: { name: "web", namespace: "team-a", annotations },
            spec: { ...spec, rules: [{ http: { paths: [] } }] },
        } as JsonObject,
    };
}
function ingressClass(name: string, isDefault: boolean): TestResource {
    const annotations = isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : {};
    return { type: CLASS, name: `class-${name}`, props: { metadata: { name, annotations }, spec: { controller: "ingress.k8s.aws/alb" } } };
}
const albFindings = async (resources: TestResource[], config: JsonObject = {}) =>
    of(await analyzeStack([k8sIngressAlbTls], resources, { [NAME]: config }), NAME);

const INSECURE: readonly [string, Record<string, unknown>, RegExp][] = [
    ["HTTP only", { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}]' }, /listens on HTTP only/],
    ["no annotations at all (default HTTP 80)", Object.fromEntries(Object.keys(GOOD).map((k) => [k, undefined])), /listens on HTTP only/],
    ["HTTP without redirect", { "alb.ingress.kubernetes.io/ssl-redirect": undefined }, /serves plain HTTP on port 80 without/],
    ["redirect to a port that is not HTTPS", { "alb.ingress.kubernetes.io/ssl-redirect": "8443" }, /serves plain HTTP/],
    [
        "extra HTTP port",
        {
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTP": 8080}, {"HTTPS": 443}]',
            "alb.ingress.kubernetes.io/ssl-redirect": "80",
        },
        /serves plain HTTP/,
    ],
    ["default ssl-policy", { "alb.ingress.kubernetes.io/ssl-policy": undefined }, /ELBSecurityPolicy-2016-08 \(the controller's default/],
    ["old ssl-policy", { "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS-1-0-2015-04" }, /not in allowedSslPolicies/],
    [
        "HTTPS without a certificate nor a host",
        { "alb.ingress.kubernetes.io/certificate-arn": undefined, "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]' },
        /no alb.ingress.kubernetes.io\/certificate-arn/,
    ],
];

describe("CODE-1 k8s-ingress-alb-tls", () => {
    it("a compliant ALB Ingress passes however it reaches the controller, even without spec.tls", async () => {
        for (const way of ALB_WAYS) assert.deepEqual(await albFindings(way(GOOD)), []);
        // HTTPS only with the certificate given needs no redirect.
        const httpsOnly = {
            ...GOOD,
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]',
            "alb.ingress.kubernetes.io/ssl-redirect": undefined,
        };
        assert.deepEqual(await albFindings(ALB_WAYS[0](httpsOnly)), []);
    });
    it("each insecure annotation set is a violation naming the Ingress, however the Ingress reaches the controller", async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...ALB_WAYS), fc.constantFrom(...INSECURE), async (way, [what, change, match]) => {
                const annotations = Object.fromEntries(Object.entries({ ...GOOD, ...change }).filter(([, v]) => v !== undefined));
                const ds = await albFindings(way(annotations));
                assert.ok(ds.length >= 1, what);
                assert.ok(
                    ds.some((d) => match.test(d.message) && /\[CODE-1\] Ingress "web"/.test(d.message)),
                    `${what}: ${ds.map((d) => d.message).join(" | ")}`,
                );
            }),
            { numRuns: 60 },
        );
    });
    it("spec.tls does not count for an ALB Ingress, and k8s-ingress-tls leaves class alb to this policy", async () => {
        const withTls: TestResource = ingress({ ingressClassName: "alb", tls: [{ hosts: ["web.example.com"], secretName: "x" }] }, {});
        assert.match((await albFindings([withTls]))[0].message, /HTTP only/);
        const noTls = ingress({ ingressClassName: "alb" }, GOOD);
        assert.deepEqual(of(await analyze([k8sIngressTls], noTls), "k8s-ingress-tls"), []);
    });
    it("Ingresses of other controllers are left to k8s-ingress-tls", async () => {
        assert.deepEqual(await albFindings([ingress({ ingressClassName: "nginx" }, {})]), []);
        assert.deepEqual(
            await albFindings([
                { ...ingressClass("public", false), props: { metadata: { name: "public" }, spec: { controller: "k8s.io/ingress-nginx" } } },
                ingress({ ingressClassName: "public" }, {}),
            ]),
            [],
        );
    });
    it("unknown class or annotations fail closed; malformed listen-ports is a violation naming the annotation, never a throw", async () => {
        assert.match((await albFindings([ingress({ ingressClassName: UNKNOWN }, GOOD)]))[0].message, /ingressClassName.*unknown/);
        assert.match(
            (await albFindings([ingress({ ingressClassName: "alb" }, { ...GOOD, "alb.ingress.kubernetes.io/ssl-policy": UNKNOWN })]))[0]
                .message,
            /ssl-policy.*unknown/,
        );
        const bad = await albFindings([
            ingress({ ingressClassName: "alb" }, { ...GOOD, "alb.ingress.kubernetes.io/listen-ports": "[{HTTPS: 443}" }),
        ]);
        assert.match(bad[0].message, /annotation alb.ingress.kubernetes.io\/listen-ports is malformed/);
        await fc.assert(
            fc.asyncProperty(
                fc.dictionary(fc.constantFrom(...Object.keys(GOOD)), fc.anything()),
                fc.anything(),
                async (annotations, spec) => {
                    const r = await analyzeStack(
                        [k8sIngressAlbTls],
                        [
                            {
                                type: INGRESS,
                                name: "web",
                                props: {
                                    metadata: { name: "web", annotations },
                                    spec: { ingressClassName: "alb", tls: spec },
                                } as JsonObject,
                            },
                        ],
                    );
                    for (const d of r.diagnostics) assert.doesNotMatch(d.message, /could not evaluate/);
                },
            ),
            { numRuns: 80 },
        );
    });
});
