/**
 * CODE-3 elb-internet-facing-waf: an internet-facing application load balancer needs a WAF
 * web ACL association in the stack, linked by property dependency (its ARN is unknown at
 * preview). Each spelling of "internet-facing" is blocked; internal and network load
 * balancers, and associated ones, pass.
 */
import { strict as assert } from "assert";
import { elbInternetFacingWaf } from "../../../policy-pack/policies/code/elb-internet-facing-waf";
import { TestResource, UNKNOWN, UNKNOWN_BOOL, analyzeStack, of } from "../runtime";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const ASSOC: TestResource = {
    type: "aws:wafv2/webAclAssociation:WebAclAssociation",
    name: "web-waf",
    props: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
    propertyDependencies: { resourceArn: ["web"], webAclArn: ["acl"] },
};

async function verdict(lb: TestResource, ...rest: TestResource[]) {
    return of(await analyzeStack([elbInternetFacingWaf], [lb, ...rest]), "elb-internet-facing-waf");
}

describe("CODE-3 elb-internet-facing-waf", () => {
    for (const [what, type, props] of [
        ["internal unset (default internet-facing), type unset (default application)", LB, { subnets: ["a", "b"] }],
        ["internal false, type application", LB, { internal: false, loadBalancerType: "application" }],
        ['internal as the string "false"', LB, { internal: "false" }],
        ["the aws.alb alias type", ALB, { internal: false }],
    ] as const) {
        it(`blocks an internet-facing ALB with no web ACL: ${what}`, async () => {
            const d = await verdict({ type, name: "web", props });
            assert.equal(d.length, 1);
            assert.equal(d[0].enforcementLevel, "mandatory");
            assert.match(
                d[0].message,
                /\[CODE-3\] load balancer "web" is internet-facing .* no aws\.wafv2\.WebAclAssociation in this stack takes its ARN/,
            );
        });
    }

    it("passes an internet-facing ALB whose ARN feeds a web ACL association", async () => {
        assert.deepEqual(await verdict({ type: LB, name: "web", props: { internal: false } }, ASSOC), []);
    });

    it("an association of another load balancer does not count", async () => {
        const other = { ...ASSOC, propertyDependencies: { resourceArn: ["api"] } };
        const d = await verdict({ type: LB, name: "web", props: {} }, { type: LB, name: "api", props: { internal: true } }, other);
        assert.equal(d.length, 1);
    });

    it("passes internal, network and gateway load balancers", async () => {
        assert.deepEqual(await verdict({ type: LB, name: "web", props: { internal: true } }), []);
        assert.deepEqual(await verdict({ type: LB, name: "web", props: { loadBalancerType: "network" } }), []);
        assert.deepEqual(await verdict({ type: LB, name: "web", props: { loadBalancerType: "gateway" } }), []);
    });

    it("fails closed when internal or the type is unknown at preview", async () => {
        const d = await verdict({ type: LB, name: "web", props: { internal: UNKNOWN_BOOL } });
        assert.equal(d.length, 1);
        assert.equal(d[0].enforcementLevel, "mandatory");
        assert.match(d[0].message, /internal/);
        const t = await verdict({ type: LB, name: "web", props: { loadBalancerType: UNKNOWN } });
        assert.equal(t.length, 1);
    });
});
