/**
 * Exposure of the EKS endpoint as one address set (EKS-1): publicAccessCidrs covering the
 * internet in pieces are blocked; a few office /24s pass.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { splitArb } from "../support/cidrSplit";
import { Diagnostic, analyze, of } from "./runtime";
import { RUNS, texts } from "./exposure-support";

const EKS_POLICY = ALL_POLICIES.find((p) => p.meta.name === "eks-cluster-endpoint-private")!;

describe("EKS-1 publicAccessCidrs as one address set (property-based)", () => {
    const cluster = (cidrs: unknown): { type: string; name: string; props: Record<string, unknown> } => ({
        type: "aws:eks/cluster:Cluster",
        name: "c",
        props: {
            roleArn: "arn:aws:iam::123456789012:role/c",
            vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: cidrs, subnetIds: [] },
        },
    });
    async function eks(cidrs: unknown, config: Record<string, unknown> = {}): Promise<Diagnostic[]> {
        return of(await analyze([EKS_POLICY], cluster(cidrs), { [EKS_POLICY.meta.name]: config }), EKS_POLICY.meta.name);
    }
    it("the internet split into 2..64 pieces is blocked; a few office /24s pass", async () => {
        await fc.assert(
            fc.asyncProperty(splitArb("ipv4"), async (pieces) => {
                assert.match(texts(await eks(pieces)), /public API endpoint open to 0\.0\.0\.0\/0/);
            }),
            { numRuns: RUNS },
        );
        assert.equal(texts(await eks(["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24", "10.0.0.0/8"])), "");
        assert.match(texts(await eks(["203.0.0.0/21"])), /2,048 public IPv4 addresses, more than 1,024/);
        assert.equal(texts(await eks(["203.0.0.0/21"], { publicAccessMaxPrefixIpv4: 21 })), "");
        assert.match(texts(await eks(["10.0.0.0/33"])), /publicAccessCidrs\.0: "10\.0\.0\.0\/33" is not an IPv4 or IPv6 CIDR/);
    });
});
