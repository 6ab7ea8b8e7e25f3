/**
 * CODE-3 k8s-ingress-alb-waf: an internet-facing Ingress of the AWS Load Balancer Controller names a
 * regional WAFv2 web ACL. Judged by meaning: every way of making the Ingress the controller's and every
 * way of making it internet-facing (fast-check), with compliant neighbours passing.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sIngressAlbWaf } from "../../../policy-pack/policies/code/k8s-ingress-alb-waf";
import { TestResource, UNKNOWN, analyzeStack, of } from "../runtime";
import { JsonObject } from "./fixtures";

const NAME = "k8s-ingress-alb-waf";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const CLASS = "kubernetes:networking.k8s.io/v1:IngressClass";
const PARAMS = "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams";
const ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge-web-acl/0123abcd-4567-89ef-0123-456789abcdef";
const WAF = "alb.ingress.kubernetes.io/wafv2-acl-arn";
const SCHEME = "alb.ingress.kubernetes.io/scheme";

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
function ingressClass(name: string, o: { isDefault?: boolean; params?: string; controller?: string } = {}): TestResource {
    const annotations = o.isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : {};
    const parameters = o.params ? { parameters: { apiGroup: "elbv2.k8s.aws", kind: "IngressClassParams", name: o.params } } : {};
    return {
        type: CLASS,
        name: `class-${name}`,
        props: { metadata: { name, annotations }, spec: { controller: o.controller ?? "ingress.k8s.aws/alb", ...parameters } },
    };
}
function classParams(name: string, scheme: string): TestResource {
    return {
        type: PARAMS,
        name: `params-${name}`,
        props: { apiVersion: "elbv2.k8s.aws/v1beta1", kind: "IngressClassParams", metadata: { name }, spec: { scheme } },
    };
}
const findings = async (resources: TestResource[], config: JsonObject = {}) =>
    of(await analyzeStack([k8sIngressAlbWaf], resources, { [NAME]: config }), NAME);

/** Every way an Ingress is served by the controller AND internet-facing, given its other annotations. */
const INTERNET_FACING_ALB: ReadonlyArray<readonly [string, (a: Record<string, unknown>) => TestResource[]]> = [
    ["class alb + scheme annotation", (a) => [ingress({ ingressClassName: "alb" }, { ...a, [SCHEME]: "internet-facing" })]],
    ["legacy class annotation + scheme", (a) => [ingress({}, { ...a, "kubernetes.io/ingress.class": "alb", [SCHEME]: "internet-facing" })]],
    [
        "an IngressClass of the controller + scheme",
        (a) => [ingressClass("public"), ingress({ ingressClassName: "public" }, { ...a, [SCHEME]: "internet-facing" })],
    ],
    [
        "the default ALB class + scheme",
        (a) => [ingressClass("default-alb", { isDefault: true }), ingress({}, { ...a, [SCHEME]: "internet-facing" })],
    ],
    ["scheme spelt with capitals and spaces", (a) => [ingress({ ingressClassName: "alb" }, { ...a, [SCHEME]: " Internet-Facing " })]],
    [
        "IngressClassParams scheme, no annotation",
        (a) => [
            ingressClass("public", { params: "public" }),
            classParams("public", "internet-facing"),
            ingress({ ingressClassName: "public" }, a),
        ],
    ],
    [
        "IngressClassParams scheme overriding an internal annotation",
        (a) => [
            ingressClass("public", { params: "public" }),
            classParams("public", "internet-facing"),
            ingress({ ingressClassName: "public" }, { ...a, [SCHEME]: "internal" }),
        ],
    ],
];

const MISSING_ACL: ReadonlyArray<readonly [string, Record<string, unknown>, RegExp]> = [
    ["no annotation", {}, /names no WAFv2 web ACL/],
    ["an empty annotation", { [WAF]: "  " }, /names no WAFv2 web ACL/],
    ["WAF Classic only", { "alb.ingress.kubernetes.io/waf-acl-id": "0123abcd-4567" }, /waf-acl-id is WAF Classic/],
    ["a global (CloudFront) ACL", { [WAF]: ACL.replace("regional/", "global/") }, /is not a regional WAFv2 web ACL ARN/],
    ["an ACL name without its id", { [WAF]: "edge-web-acl" }, /is not a regional WAFv2 web ACL ARN/],
];

describe("CODE-3 k8s-ingress-alb-waf", () => {
    it("CODE-3: an internet-facing ALB Ingress naming a regional web ACL passes, however it is marked", async () => {
        for (const [what, make] of INTERNET_FACING_ALB) assert.deepEqual(await findings(make({ [WAF]: ACL })), [], what);
    });

    it("CODE-3: without a WAFv2 web ACL it is a mandatory violation naming the Ingress, however it is marked", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...INTERNET_FACING_ALB),
                fc.constantFrom(...MISSING_ACL),
                async ([how, make], [what, annotations, match]) => {
                    const ds = await findings(make(annotations));
                    assert.equal(ds.length, 1, `${how} / ${what}: ${ds.map((d) => d.message).join(" | ")}`);
                    assert.match(ds[0].message, /\[CODE-3\] Ingress "web" \(internet-facing ALB\)/);
                    assert.match(ds[0].message, match);
                    assert.equal(ds[0].enforcementLevel, "mandatory");
                },
            ),
            { numRuns: 80 },
        );
    });

    it("CODE-3: compliant neighbours pass: internal ALB Ingresses, other controllers, Ingresses no default class serves", async () => {
        const neighbours: Array<[string, TestResource[]]> = [
            ["explicit internal", [ingress({ ingressClassName: "alb" }, { [SCHEME]: "internal" })]],
            ["default scheme (internal)", [ingress({ ingressClassName: "alb" }, {})]],
            [
                "IngressClassParams internal",
                [
                    ingressClass("private", { params: "private" }),
                    classParams("private", "internal"),
                    ingress({ ingressClassName: "private" }, {}),
                ],
            ],
            ["nginx by class", [ingress({ ingressClassName: "nginx" }, { [SCHEME]: "internet-facing" })]],
            [
                "nginx by IngressClass",
                [
                    ingressClass("public", { controller: "k8s.io/ingress-nginx" }),
                    ingress({ ingressClassName: "public" }, { [SCHEME]: "internet-facing" }),
                ],
            ],
            ["no class and no default ALB class in the stack", [ingress({}, { [SCHEME]: "internet-facing" })]],
        ];
        for (const [what, resources] of neighbours) assert.deepEqual(await findings(resources), [], what);
    });

    it("CODE-3: allowedWebAclArnPrefixes narrows which ACLs count", async () => {
        const make = INTERNET_FACING_ALB[0][1];
        const prefix = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge-web-acl/";
        assert.deepEqual(await findings(make({ [WAF]: ACL }), { allowedWebAclArnPrefixes: [prefix] }), []);
        const other = ACL.replace("edge-web-acl", "team-open-acl");
        assert.match(
            (await findings(make({ [WAF]: other }), { allowedWebAclArnPrefixes: [prefix] }))[0].message,
            /not one of allowedWebAclArnPrefixes/,
        );
    });

    it("CODE-3: unknown class, scheme or ACL fail closed; odd input is a violation or a pass, never a throw", async () => {
        assert.match(
            (await findings([ingress({ ingressClassName: UNKNOWN }, { [SCHEME]: "internet-facing" })]))[0].message,
            /ingressClassName.*unknown/,
        );
        assert.match((await findings([ingress({ ingressClassName: "alb" }, { [SCHEME]: UNKNOWN })]))[0].message, /scheme.*unknown/);
        assert.match(
            (await findings([ingress({ ingressClassName: "alb" }, { [SCHEME]: "internet-facing", [WAF]: UNKNOWN })]))[0].message,
            /wafv2-acl-arn.*unknown/,
        );
        await fc.assert(
            fc.asyncProperty(
                fc.dictionary(fc.constantFrom(WAF, SCHEME, "kubernetes.io/ingress.class"), fc.anything()),
                async (annotations) => {
                    const r = await analyzeStack([k8sIngressAlbWaf], [ingress({ ingressClassName: "alb" }, annotations)]);
                    for (const d of r.diagnostics) assert.doesNotMatch(d.message, /could not evaluate/);
                },
            ),
            { numRuns: 80 },
        );
    });
});
