/**
 * Typed reads (PACK-8 item "typed reads"): the compiler checks every path against the
 * provider SDKs' input types. The `@ts-expect-error` lines are the proof: `npm test` runs
 * the type check, which fails if any of them stops being an error (a misspelt property,
 * an index into a non-list). The runtime assertions show the reader behaves as `at()`.
 */
import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { Unknown, at, pathOf, pathOfEach, readPath, readerFor, readerForAll, readerForEach } from "../../policy-pack/lib";

const securityGroup = readerFor<aws.ec2.SecurityGroupArgs>();
const cluster = readerFor<aws.eks.ClusterArgs>();
const deployment = readerFor<k8s.apps.v1.DeploymentArgs>();

describe("typed property reads (PACK-8)", () => {
    it("reads the same values as at(), through lists and nested objects", () => {
        const props = { ingress: [{ cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }], vpcConfig: { publicAccessCidrs: ["203.0.113.0/24"] } };
        assert.equal(securityGroup(props, "ingress", 0, "cidrBlocks", 1), "0.0.0.0/0");
        assert.deepEqual(cluster(props, "vpcConfig", "publicAccessCidrs"), ["203.0.113.0/24"]);
        assert.equal(securityGroup(props, "ingress", 3, "cidrBlocks"), at(props, "ingress", 3, "cidrBlocks"));
    });

    it("keeps an unknown step as that Unknown, never as absent", () => {
        const unknown = new Unknown("spec.template");
        const props = { spec: { template: unknown } };
        assert.equal(deployment(props, "spec", "template", "spec", "containers", 0, "securityContext", "privileged"), unknown);
    });

    it("never throws on malformed data", () => {
        for (const bad of [null, 7, "x", [], { ingress: "not a list" }, { ingress: [null] }]) {
            assert.equal(securityGroup(bad, "ingress", 0, "cidrBlocks"), undefined);
        }
    });

    it("rejects paths the SDK types do not have, at compile time", () => {
        // @ts-expect-error misspelt property
        securityGroup({}, "ingres", 0, "cidrBlocks");
        // @ts-expect-error vpcConfig is an object, not a list
        cluster({}, "vpcConfig", 0);
        // @ts-expect-error containers is a list: a name needs an index first
        deployment({}, "spec", "template", "spec", "containers", "securityContext");
        // @ts-expect-error a property of another resource type
        cluster({}, "ingress");
        const path: readonly ["vpcConfig", "endpointPublicAccess"] = pathOf<aws.eks.ClusterArgs>()("vpcConfig", "endpointPublicAccess");
        assert.deepEqual(path, ["vpcConfig", "endpointPublicAccess"]);
    });

    it("checks a path against every type of a family (readerForEach, readerForAll, pathOfEach)", () => {
        const sgRule = readerForEach<aws.ec2.SecurityGroupRuleArgs, aws.vpc.SecurityGroupIngressRuleArgs>();
        const identity = readerForAll<[aws.iam.Role, aws.iam.User, aws.iam.Group, aws.iam.Policy]>();
        const shared = pathOfEach<k8s.types.input.core.v1.SecurityContext, k8s.types.input.core.v1.PodSecurityContext>();
        assert.equal(sgRule({ securityGroupId: "sg-1" }, "securityGroupId"), "sg-1");
        assert.equal(identity({ arn: "arn:x" }, "arn"), "arn:x");
        assert.equal(readPath({ runAsUser: 0 }, shared("runAsUser")), 0);
        // @ts-expect-error cidrBlocks exists on SecurityGroupRule only (the vpc rule has cidrIpv4)
        sgRule({}, "cidrBlocks");
        // @ts-expect-error assumeRolePolicy exists on Role only
        identity({}, "assumeRolePolicy");
        // @ts-expect-error privileged is a container field, not a pod field
        shared("privileged");
        // @ts-expect-error a plain array is not a checked path
        readPath({}, ["runAsUser"]);
    });
});
