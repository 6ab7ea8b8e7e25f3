/**
 * Issue 12 item 4: internal load balancer annotations make a LoadBalancer Service internal
 * (CODE-2 k8s-service-not-exposed), as the controller that serves it reads them.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { k8sServiceNotExposed } from "../../../policy-pack/policies/code/k8s-service-not-exposed";
import {
    INTERNAL_ANNOTATION,
    LBC_SERVICE_CLASS,
    SCHEME_ANNOTATION,
    loadBalancerScheme,
} from "../../../policy-pack/policies/shared/serviceScheme";
import { UNKNOWN, analyze, of } from "../runtime";

const NAME = "k8s-service-not-exposed";
const TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";

function service(annotations: Record<string, string> | string, spec: Record<string, unknown> = {}, type = "LoadBalancer") {
    return { metadata: { name: "web", namespace: "team-a", annotations }, spec: { type, ports: [{ port: 443 }], ...spec } };
}
async function flagged(props: Record<string, unknown>, kind = "kubernetes:core/v1:Service"): Promise<number> {
    return of(await analyze([k8sServiceNotExposed], { type: kind, name: "web", props }), NAME).length;
}

/** The ways a Service is handed to the AWS Load Balancer Controller. */
const lbcHandOff = fc.constantFrom<[Record<string, string>, Record<string, unknown>]>(
    [{}, { loadBalancerClass: LBC_SERVICE_CLASS }],
    [{ [TYPE_ANNOTATION]: "external" }, {}],
    [{ [TYPE_ANNOTATION]: "nlb-ip" }, {}],
);
const otherAnnotations = fc.dictionary(
    fc.constantFrom("app", "team", "service.beta.kubernetes.io/aws-load-balancer-name"),
    fc.string({ maxLength: 8 }),
    { maxKeys: 2 },
);

describe("CODE-2 internal load balancers (issue 12 item 4)", () => {
    it("AWS Load Balancer Controller: scheme internal (or its deprecated internal: true) is internal, whatever else is set", async () => {
        await fc.assert(
            fc.asyncProperty(
                lbcHandOff,
                otherAnnotations,
                fc.constantFrom({ [SCHEME_ANNOTATION]: "internal" }, { [INTERNAL_ANNOTATION]: "true" }),
                async ([a, spec], extra, internal) => {
                    assert.equal(await flagged(service({ ...extra, ...a, ...internal }, spec)), 0);
                },
            ),
            { numRuns: 40 },
        );
    });
    it("AWS Load Balancer Controller: internet-facing, no scheme, or a scheme it rejects stays flagged; the scheme wins over the old flag", async () => {
        await fc.assert(
            fc.asyncProperty(
                lbcHandOff,
                fc.constantFrom<Record<string, string>>(
                    {},
                    { [SCHEME_ANNOTATION]: "internet-facing" },
                    { [SCHEME_ANNOTATION]: "Internal" },
                    { [SCHEME_ANNOTATION]: "internet-facing", [INTERNAL_ANNOTATION]: "true" },
                    { [INTERNAL_ANNOTATION]: "false" },
                    { [INTERNAL_ANNOTATION]: "0.0.0.0/0" },
                ),
                async ([a, spec], scheme) => {
                    assert.equal(await flagged(service({ ...a, ...scheme }, spec)), 1);
                },
            ),
            { numRuns: 40 },
        );
    });
    it('in-tree provider: any aws-load-balancer-internal value but "false" is internal; the scheme annotation alone is ignored', async () => {
        await fc.assert(
            fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }), async (v) => {
                assert.equal(await flagged(service({ [INTERNAL_ANNOTATION]: v })), v === "false" ? 1 : 0);
            }),
            { numRuns: 60 },
        );
        assert.equal(await flagged(service({ [INTERNAL_ANNOTATION]: "0.0.0.0/0" })), 0);
        assert.equal(await flagged(service({ [SCHEME_ANNOTATION]: "internal" })), 1);
        assert.equal(await flagged(service({ [INTERNAL_ANNOTATION]: "" })), 1);
    });
    it("another loadBalancerClass has its own rules: stays flagged; NodePort is never made internal by annotations", async () => {
        assert.equal(
            await flagged(
                service({ [INTERNAL_ANNOTATION]: "true", [SCHEME_ANNOTATION]: "internal" }, { loadBalancerClass: "example.com/lb" }),
            ),
            1,
        );
        assert.equal(await flagged(service({ [INTERNAL_ANNOTATION]: "true" }, {}, "NodePort")), 1);
    });
    it("a Patch that sets an internal LoadBalancer passes like the whole object", async () => {
        assert.equal(
            await flagged(service({ [SCHEME_ANNOTATION]: "internal", [TYPE_ANNOTATION]: "external" }), "kubernetes:core/v1:ServicePatch"),
            0,
        );
    });
    it("unknown annotations fail closed; malformed ones never throw", async () => {
        const ds = of(
            await analyze([k8sServiceNotExposed], { type: "kubernetes:core/v1:Service", name: "web", props: service(UNKNOWN) }),
            NAME,
        );
        // One for the exemption annotations the framework reads, one for the scheme.
        assert.ok(
            ds.some((d) => /load balancer scheme\) .*is unknown at preview/.test(d.message)),
            ds.map((d) => d.message).join("\n"),
        );
        await fc.assert(
            fc.property(fc.anything(), fc.anything(), (annotations, lbClass) => {
                const r = loadBalancerScheme({ metadata: { annotations }, spec: { loadBalancerClass: lbClass } } as never);
                assert.ok(r === "internal" || r === "internet-facing" || r === "unproven" || typeof r === "object");
            }),
            { numRuns: 200 },
        );
    });
});
