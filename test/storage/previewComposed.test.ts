/**
 * The whole baseline at a realistic preview, through the whole pack: a HardenedVpc, a SecureCluster
 * on it, ThreatDetection (with its SecureBucket) and a ContainerRegistry pulled by the cluster's new
 * node role. Every new resource has an unknown id and no computed outputs (only its inputs come back,
 * as a provider's planned state). No pack policy may fail closed on a value our own components make
 * unknown; before SecureBucket planned its name, s3-bucket-hardened did (DATA-2).
 */
import { strict as assert } from "assert";
import { ContainerRegistry, HardenedVpc, SecureCluster, ThreatDetection } from "../../components";
import { AWS_POLICIES } from "../../policy-pack/policies";
import { BASE_ARGS } from "../cluster/fixture";
import { Diagnostic, UNKNOWN, analyze, analyzeStack } from "../policy-pack/runtime";
import { runPulumi } from "../support/harness";
import { DETECTION_LINKS, stackOf, withheldOutputs } from "./support/preview";

describe("The composed baseline at preview under the pack (DATA-2)", () => {
    it("DATA-2: no pack policy fails closed for VPC + cluster + detection + registry with every new output unknown", async () => {
        const run = await runPulumi(
            () => {
                const vpc = new HardenedVpc("net", {});
                const cluster = new SecureCluster("eks", {
                    vpcId: vpc.vpcId,
                    vpcCidr: vpc.vpcCidr,
                    privateSubnetIds: vpc.privateSubnetIds,
                    s3PrefixListId: BASE_ARGS.s3PrefixListId,
                    adminPrincipalArns: BASE_ARGS.adminPrincipalArns,
                });
                new ThreatDetection("security");
                new ContainerRegistry("ecr", { repositories: ["team/app"], pullPrincipalArns: [cluster.nodeRoleArn] });
            },
            { resourceState: withheldOutputs() },
        );
        // Unknown ids are linked to the one resource they come from, as the engine's property dependencies would.
        const stack = stackOf(run.resources, { ...DETECTION_LINKS, vpcId: "aws:ec2/vpc:Vpc" });
        // Outputs of new resources really are unknown (a security group's VPC id)...
        assert.equal(stack.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")?.props.vpcId, UNKNOWN);
        // ...yet the repository policy, which names the new node role, is known: the role's name is fixed.
        const repoPolicy = stack.find((r) => r.type === "aws:ecr/repositoryPolicy:RepositoryPolicy");
        assert.match(String(repoPolicy?.props.policy), /"arn:aws:iam::\d{12}:role\/eks-node-[a-z0-9-]+"/);
        // Every AWS policy of the registry, with the pack config a stack of this cluster would have (its admins).
        const config = { "eks-cluster-admin-allowlist": { clusterAdminPrincipals: BASE_ARGS.adminPrincipalArns } };
        const diagnostics: Diagnostic[] = [];
        for (const r of stack) diagnostics.push(...(await analyze(AWS_POLICIES, r, config)).diagnostics);
        diagnostics.push(...(await analyzeStack(AWS_POLICIES, stack, config)).diagnostics);
        assert.deepEqual(diagnostics, []);
    });
});
