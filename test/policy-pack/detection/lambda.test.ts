import * as k8s from "@pulumi/kubernetes";
import { ContainmentResponse } from "../../../components";
import { lambdaFunctionHardened } from "../../../policy-pack/policies/cloud/lambda-function-hardened";
import { runPulumi } from "../../support/harness";
import { TestResource } from "../runtime";
import { EXEMPTED, assertOne, assertPass, exemptTags, run } from "./support";

describe("DET-9 lambda-function-hardened", () => {
    const policy = lambdaFunctionHardened;
    let built: TestResource;
    before(async () => {
        // The function exactly as ContainmentResponse registers it.
        const r = await runPulumi(
            () =>
                new ContainmentResponse("containment", {
                    clusterName: "prod",
                    clusterEndpoint: "https://example.eks.amazonaws.com",
                    clusterCertificateAuthority: "Q0E=",
                    clusterSecurityGroupId: "sg-1",
                    vpcId: "vpc-1",
                    vpcCidr: "10.0.0.0/16",
                    subnetIds: ["subnet-a"],
                    internetEgress: true,
                    alertTopicName: "alerts",
                    alertTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
                    alertsKeyAliasName: "alias/secure-baseline/test/alerts/detection-alerts-key",
                    namespaces: ["payments"],
                    kubernetesProvider: new k8s.Provider("k8s", { kubeconfig: "{}" }),
                }),
        );
        const fn = r.one("aws:lambda/function:Function");
        built = { type: fn.type, name: fn.name, props: { ...fn.inputs, code: undefined } };
    });

    it("DET-9: the containment function ContainmentResponse builds passes", async () => {
        assertPass(await run(policy, built));
    });
    it("DET-9: without its dead-letter queue it is an advisory violation (medium), mandatory by config", async () => {
        const bare = { ...built, props: { ...built.props, deadLetterConfig: undefined } };
        assertOne(
            await run(policy, bare),
            /\[DET-9\] Lambda function "containment-function" has no deadLetterConfig.targetArn/,
            "advisory",
        );
        assertOne(await run(policy, bare, { [policy.meta.name]: "mandatory" }), /has no deadLetterConfig.targetArn/, "mandatory");
    });
    it("DET-9: an exemption tag skips the function with a note", async () => {
        assertOne(
            await run(policy, { ...built, props: { ...built.props, reservedConcurrentExecutions: undefined, tags: exemptTags(policy) } }),
            EXEMPTED,
            "advisory",
        );
    });
});
