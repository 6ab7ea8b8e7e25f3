import { strict as assert } from "assert";
import { eksClusterAdminAllowlist } from "../../../policy-pack/policies/cluster/eks-cluster-admin-allowlist";
import { eksClusterUpgradePolicyStandard } from "../../../policy-pack/policies/cluster/eks-cluster-upgrade-policy-standard";
import {
    SUPPORTED_KUBERNETES_VERSIONS,
    eksClusterVersionSupported,
} from "../../../policy-pack/policies/cluster/eks-cluster-version-supported";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/validate";
import { eksNodeGroupAmiType } from "../../../policy-pack/policies/cluster/eks-node-group-ami-type";
import { eksNodeGroupLaunchTemplate } from "../../../policy-pack/policies/cluster/eks-node-group-launch-template";
import { TestResource, UNKNOWN, remediate } from "../runtime";
import { COMPLIANT_EKS_CLUSTER } from "./cases/fixtures";
import { EXEMPTED, UNKNOWN_ADVISORY, UNKNOWN_FAIL_CLOSED, assertOne, assertPass, exemptTags, run } from "./support";

const CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const cluster = (props: Record<string, unknown>): TestResource => ({
    type: CLUSTER,
    name: "cluster",
    props: { ...COMPLIANT_EKS_CLUSTER, ...props },
});
const advisory = (name: string) => ({ [name]: { unknown: "advisory" } });

describe("EKS-4 eks-cluster-admin-allowlist", () => {
    const policy = eksClusterAdminAllowlist;
    const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
    const allow = { [policy.meta.name]: { clusterAdminPrincipals: [ADMIN, "arn:aws:iam::123456789012:role/break-glass-*"] } };
    const association = (props: Record<string, unknown>): TestResource => ({
        type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        name: "admin",
        props: {
            clusterName: "c",
            principalArn: ADMIN,
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
            ...props,
        },
    });

    it("EKS-4: cluster-admin for a listed principal (exact or pattern) passes", async () => {
        assertPass(await run(policy, association({}), allow));
        assertPass(await run(policy, association({ principalArn: "arn:aws:iam::123456789012:role/break-glass-1" }), allow));
    });
    it("EKS-4: namespace-scoped view/edit policies are not limited", async () => {
        const view = {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "namespace", namespaces: ["team-a"] },
        };
        assertPass(await run(policy, association({ ...view, principalArn: "arn:aws:iam::123456789012:role/team-a" })));
    });
    it("EKS-4: cluster-admin for an unlisted principal is a violation (and with the default empty list, for anyone)", async () => {
        assertOne(
            await run(policy, association({ principalArn: "arn:aws:iam::123456789012:role/dev" }), allow),
            /gives cluster-admin to "arn:aws:iam::123456789012:role\/dev", which is not in clusterAdminPrincipals/,
            "mandatory",
        );
        assertOne(await run(policy, association({})), /not in clusterAdminPrincipals \(empty\)/, "mandatory");
    });
    it("EKS-4: unknown policy or principal ARN fails closed; advisory by config", async () => {
        assertOne(await run(policy, association({ principalArn: UNKNOWN }), allow), /principalArn.*unknown at preview/s, "mandatory");
        assertOne(await run(policy, association({ policyArn: UNKNOWN }), advisory(policy.meta.name)), UNKNOWN_ADVISORY, "advisory");
    });
    it("EKS-4: the association has no tags; exclude exempts it with a note", async () => {
        assertOne(await run(policy, association({}), { [policy.meta.name]: { exclude: ["admin"] } }), EXEMPTED, "advisory");
    });
});

describe("EKS-9 eks-cluster-version-supported", () => {
    const policy = eksClusterVersionSupported;
    it("EKS-9: a pinned supported version passes", async () => {
        assertPass(await run(policy, cluster({})));
    });
    it("EKS-9: an unsupported or unpinned version is a mandatory violation", async () => {
        assertOne(
            await run(policy, cluster({ version: "1.27" })),
            /\[EKS-9\] EKS cluster "cluster" runs Kubernetes "1.27", which is not in the supported list/,
            "mandatory",
        );
        assertOne(await run(policy, cluster({ version: undefined })), /does not pin version/, "mandatory");
    });
    it("EKS-9: the @pulumi/eks Cluster component's version input is checked the same way", async () => {
        const component = (version: unknown): TestResource => ({
            type: "eks:index:Cluster",
            name: "eks",
            props: { version, authenticationMode: "API" },
        });
        assertPass(await run(policy, component("1.36")));
        assertOne(await run(policy, component("1.29")), /EKS cluster "eks" runs Kubernetes "1.29"/, "mandatory");
    });
    it("EKS-9: the pack's default list is the SecureCluster component's SUPPORTED_VERSIONS", () => {
        assert.deepEqual([...SUPPORTED_KUBERNETES_VERSIONS], [...SUPPORTED_VERSIONS]);
    });
    it("EKS-9: supportedVersions config replaces the default list", async () => {
        assertOne(
            await run(policy, cluster({}), { [policy.meta.name]: { supportedVersions: ["1.35"] } }),
            /"1.34", which is not in the supported list \(1.35\)/,
            "mandatory",
        );
    });
    it("EKS-9: unknown version fails closed; advisory by config", async () => {
        assertOne(await run(policy, cluster({ version: UNKNOWN })), UNKNOWN_FAIL_CLOSED, "mandatory");
        assertOne(await run(policy, cluster({ version: UNKNOWN }), advisory(policy.meta.name)), UNKNOWN_ADVISORY, "advisory");
    });
    it("EKS-9: an exemption tag skips the cluster with a note", async () => {
        assertOne(await run(policy, cluster({ version: "1.27", tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
});

describe("EKS-9 eks-cluster-upgrade-policy-standard", () => {
    const policy = eksClusterUpgradePolicyStandard;
    it("EKS-9: support type STANDARD passes", async () => {
        assertPass(await run(policy, cluster({})));
    });
    it("EKS-9: EXTENDED or unset is an advisory violation (medium)", async () => {
        assertOne(
            await run(policy, cluster({ upgradePolicy: { supportType: "EXTENDED" } })),
            /\[EKS-9\] .*upgrade support type "EXTENDED"/,
            "advisory",
        );
        assertOne(await run(policy, cluster({ upgradePolicy: undefined })), /unset \(EXTENDED\)/, "advisory");
    });
    it("EKS-9: unknown support type is reported at the policy's level", async () => {
        assertOne(await run(policy, cluster({ upgradePolicy: { supportType: UNKNOWN } })), UNKNOWN_FAIL_CLOSED, "advisory");
        assertOne(
            await run(policy, cluster({ upgradePolicy: { supportType: UNKNOWN } }), { [policy.meta.name]: "mandatory" }),
            UNKNOWN_FAIL_CLOSED,
            "mandatory",
        );
    });
    it("EKS-9: an exemption tag skips the cluster with a note", async () => {
        assertOne(await run(policy, cluster({ upgradePolicy: undefined, tags: exemptTags(policy) })), EXEMPTED, "advisory");
    });
    it("EKS-9: remediate sets STANDARD when unset, not over an explicit choice", async () => {
        const cfg = { [policy.meta.name]: "remediate" } as const;
        const fixed = await remediate([policy], cluster({ upgradePolicy: undefined }), cfg);
        assert.deepEqual(fixed.props?.upgradePolicy, { supportType: "STANDARD" });
        assert.equal((await remediate([policy], cluster({ upgradePolicy: { supportType: "EXTENDED" } }), cfg)).props, null);
    });
});

describe("EKS-6 node group policies", () => {
    const group = (props: Record<string, unknown>): TestResource => ({
        type: NODE_GROUP,
        name: "nodes",
        props: {
            clusterName: "c",
            nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
            subnetIds: ["subnet-a"],
            scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 },
            amiType: "AL2023_x86_64_STANDARD",
            launchTemplate: { id: "lt-1", version: "1" },
            ...props,
        },
    });

    describe("eks-node-group-ami-type", () => {
        const policy = eksNodeGroupAmiType;
        it("EKS-6: AL2023 and Bottlerocket AMI types pass", async () => {
            assertPass(await run(policy, group({})));
            assertPass(await run(policy, group({ amiType: "BOTTLEROCKET_ARM_64" })));
        });
        it("EKS-6: AL2, CUSTOM or an unset amiType is a mandatory violation", async () => {
            assertOne(
                await run(policy, group({ amiType: "AL2_x86_64" })),
                /\[EKS-6\] EKS node group "nodes" uses amiType "AL2_x86_64"/,
                "mandatory",
            );
            assertOne(await run(policy, group({ amiType: "CUSTOM" })), /uses amiType "CUSTOM"/, "mandatory");
            assertOne(await run(policy, group({ amiType: undefined })), /does not set amiType/, "mandatory");
        });
        it("EKS-6: unknown amiType fails closed; advisory by config", async () => {
            assertOne(await run(policy, group({ amiType: UNKNOWN })), UNKNOWN_FAIL_CLOSED, "mandatory");
            assertOne(await run(policy, group({ amiType: UNKNOWN }), advisory(policy.meta.name)), UNKNOWN_ADVISORY, "advisory");
        });
        it("EKS-6: an exemption tag skips the node group with a note", async () => {
            assertOne(await run(policy, group({ amiType: "AL2_x86_64", tags: exemptTags(policy) })), EXEMPTED, "advisory");
        });
    });

    describe("eks-node-group-launch-template", () => {
        const policy = eksNodeGroupLaunchTemplate;
        it("EKS-6: a node group with a launch template passes (an unknown id counts)", async () => {
            assertPass(await run(policy, group({})));
            assertPass(await run(policy, group({ launchTemplate: { id: UNKNOWN, version: UNKNOWN } })));
        });
        it("EKS-6: no launch template is an advisory violation (medium)", async () => {
            assertOne(
                await run(policy, group({ launchTemplate: undefined })),
                /\[EKS-6\] EKS node group "nodes" has no launch template/,
                "advisory",
            );
        });
        it("EKS-6: an exemption tag skips the node group with a note", async () => {
            assertOne(await run(policy, group({ launchTemplate: undefined, tags: exemptTags(policy) })), EXEMPTED, "advisory");
        });
    });
});
