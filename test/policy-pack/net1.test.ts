import { strict as assert } from "assert";
import { ec2SubnetNoPublicIpMapping as policy } from "../../policy-pack/policies/cloud/ec2-subnet-no-public-ip-mapping";
import { UNKNOWN, analyze, of, remediate } from "./runtime";

const TYPE = "aws:ec2/subnet:Subnet";
const compliant = { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false };

describe("NET-1 ec2-subnet-no-public-ip-mapping", () => {
    it("NET-1: a private subnet passes", async () => {
        const r = await analyze([policy], { type: TYPE, name: "private-a", props: compliant });
        assert.deepEqual(of(r, policy.meta.name), []);
    });
    it("NET-1: mapPublicIpOnLaunch true is a mandatory violation", async () => {
        const r = await analyze([policy], { type: TYPE, name: "public-a", props: { ...compliant, mapPublicIpOnLaunch: true } });
        const d = of(r, policy.meta.name);
        assert.equal(d.length, 1);
        assert.equal(d[0].enforcementLevel, "mandatory");
        assert.match(d[0].message, /\[NET-1\] subnet "public-a" sets mapPublicIpOnLaunch: true.*Fix: /);
    });
    it("NET-1: unknown mapPublicIpOnLaunch fails closed", async () => {
        const r = await analyze([policy], { type: TYPE, name: "s", props: { ...compliant, mapPublicIpOnLaunch: UNKNOWN } });
        const d = of(r, policy.meta.name);
        console.log(d);
    });
    it("NET-1: remediation", async () => {
        const r = await remediate([policy], { type: TYPE, name: "s", props: { ...compliant, mapPublicIpOnLaunch: true } }, { [policy.meta.name]: "remediate" });
        console.log(r);
    });
});
