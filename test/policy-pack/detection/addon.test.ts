import { eksVpcCniNetworkPolicy } from "../../../policy-pack/policies/cluster/eks-vpc-cni-network-policy";
import { eksVpcCniOwnRole } from "../../../policy-pack/policies/cluster/eks-vpc-cni-own-role";
import { TestResource, UNKNOWN, UNKNOWN_ARRAY } from "../runtime";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run } from "./support";

const ADDON = "aws:eks/addon:Addon";
const CNI_ROLE = "arn:aws:iam::123456789012:role/vpc-cni";
const addon = (props: Record<string, unknown>): TestResource => ({
    type: ADDON,
    name: "vpc-cni",
    props: {
        clusterName: "c",
        addonName: "vpc-cni",
        addonVersion: "v1.20.0-eksbuild.1",
        serviceAccountRoleArn: CNI_ROLE,
        configurationValues: JSON.stringify({ enableNetworkPolicy: "true", env: { ENABLE_PREFIX_DELEGATION: "true" } }),
        ...props,
    },
});
const advisory = (name: string) => ({ [name]: { unknown: "advisory" } });

describe("EKS-8 eks-vpc-cni-network-policy", () => {
    const policy = eksVpcCniNetworkPolicy;
    it('EKS-8: vpc-cni with enableNetworkPolicy "true" passes; other add-ons are out of scope', async () => {
        assertPass(await run(policy, addon({})));
        assertPass(await run(policy, addon({ addonName: "coredns", configurationValues: undefined })));
    });
    it('EKS-8: enableNetworkPolicy "false", missing, or no configurationValues is a mandatory violation', async () => {
        assertOne(
            await run(policy, addon({ configurationValues: JSON.stringify({ enableNetworkPolicy: "false" }) })),
            /\[EKS-8\] vpc-cni add-on "vpc-cni": configurationValues.enableNetworkPolicy is "false"/,
            "mandatory",
        );
        assertOne(await run(policy, addon({ configurationValues: "{}" })), /enableNetworkPolicy is missing/, "mandatory");
        assertOne(await run(policy, addon({ configurationValues: undefined })), /has no configurationValues/, "mandatory");
    });
    it("EKS-8: malformed JSON is a violation", async () => {
        assertOne(await run(policy, addon({ configurationValues: "enableNetworkPolicy: true" })), /not valid JSON/, "mandatory");
    });
    it("EKS-8: unknown configurationValues or addonName fails closed; advisory by config", async () => {
        assertOne(
            await run(policy, addon({ configurationValues: UNKNOWN })),
            /configurationValues.*unknown at preview.*fail closed/s,
            "mandatory",
        );
        assertOne(await run(policy, addon({ addonName: UNKNOWN })), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(await run(policy, addon({ configurationValues: UNKNOWN }), advisory(policy.meta.name)), UNKNOWN_ADVISORY, "advisory");
    });
    it("EKS-8: an exemption tag skips the add-on with a note", async () => {
        assertOne(await run(policy, addon({ configurationValues: undefined, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
});

describe("EKS-5 eks-vpc-cni-own-role", () => {
    const policy = eksVpcCniOwnRole;
    it("EKS-5: vpc-cni with serviceAccountRoleArn (or an unknown one) passes", async () => {
        assertPass(await run(policy, addon({})));
        assertPass(await run(policy, addon({ serviceAccountRoleArn: UNKNOWN })));
    });
    it("EKS-5: a pod identity association for aws-node counts as its own role", async () => {
        assertPass(
            await run(
                policy,
                addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: [{ serviceAccount: "aws-node", roleArn: CNI_ROLE }] }),
            ),
        );
    });
    it("EKS-5: vpc-cni on the node role is a mandatory violation; other add-ons are out of scope", async () => {
        assertOne(
            await run(policy, addon({ serviceAccountRoleArn: undefined })),
            /\[EKS-5\] vpc-cni add-on "vpc-cni" has no serviceAccountRoleArn or pod identity association, so the CNI runs on the node role/,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                addon({ serviceAccountRoleArn: "", podIdentityAssociations: [{ serviceAccount: "other", roleArn: CNI_ROLE }] }),
            ),
            /runs on the node role/,
            "mandatory",
        );
        assertPass(await run(policy, addon({ addonName: "kube-proxy", serviceAccountRoleArn: undefined })));
    });
    it("EKS-5: an association for aws-node whose role ARN is unknown at preview counts (as an unknown serviceAccountRoleArn); an unknown service account fails closed", async () => {
        assertPass(
            await run(
                policy,
                addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: [{ serviceAccount: "aws-node", roleArn: UNKNOWN }] }),
            ),
        );
        assertOne(
            await run(
                policy,
                addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: [{ serviceAccount: UNKNOWN, roleArn: CNI_ROLE }] }),
            ),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: [{ serviceAccount: "aws-node", roleArn: "" }] }),
            ),
            /runs on the node role/,
            "mandatory",
        );
    });
    it("EKS-5: unknown associations (without a role ARN) fail closed; advisory by config", async () => {
        assertOne(
            await run(policy, addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: UNKNOWN_ARRAY })),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
        assertOne(
            await run(
                policy,
                addon({ serviceAccountRoleArn: undefined, podIdentityAssociations: UNKNOWN_ARRAY }),
                advisory(policy.meta.name),
            ),
            UNKNOWN_ADVISORY,
            "advisory",
        );
    });
    it("EKS-5: an exemption tag skips the add-on with a note", async () => {
        assertOne(await run(policy, addon({ serviceAccountRoleArn: undefined, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
});
