import { strict as assert } from "assert";
import { RunResult } from "../support/harness";
import { ACCESS_ENTRY, ProgramExports, Subject, assertComposition, count, runProgram } from "./composition";
import { stackConfig } from "./stackFiles";

describe("stacks/index.ts end to end under mocks: natStrategy none (NET-7)", () => {
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), "secure-baseline:natStrategy": "none" }, "dev");
    });

    it("NET-7: composes with no NAT gateway, no elastic IP and no default route from the private subnets", () => {
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 0);
        assert.equal(count(run, "aws:ec2/eip:Eip"), 0);
        assert.ok(!run.ofType("aws:ec2/route:Route").some((r) => r.name.includes("private")));
        // The six interface endpoints and the S3 gateway stay; DATA-4 adds secretsmanager, DET-9's containment function sns (no NAT to reach it).
        assert.equal(count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), 9, "interface endpoints stay, plus secretsmanager and sns");
        assert.ok(
            run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").some((e) => String(e.inputs.serviceName).endsWith(".sns")),
            "an sns endpoint",
        );
        assertComposition(run, "dev", ["network-private-0-id", "network-private-1-id"], ["network-isolated-0-id", "network-isolated-1-id"]);
    });

    it("NET-7/EKS-7: nodes get no internet egress, and 443 to the VPC's S3 gateway endpoint prefix list", () => {
        const egress = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
        assert.ok(!egress.some((r) => r.name.includes("node-to-internet")));
        assert.ok(!egress.some((r) => r.inputs.cidrIpv4 === "0.0.0.0/0"), "nodeInternetEgress is false");
        const s3 = egress.filter((r) => r.inputs.prefixListId !== undefined);
        assert.deepEqual(
            s3.map((r) => [r.inputs.prefixListId, r.inputs.fromPort, r.inputs.toPort]),
            [["pl-network-endpoint-s3-id", 443, 443]],
        );
    });
});

describe("stacks/index.ts end to end under mocks: break-glass principals (EKS-4, K8S-5)", () => {
    const IR = "arn:aws:iam::123456789012:role/REPLACE-ME-incident-response";
    let run: RunResult<ProgramExports>;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), "secure-baseline:breakGlassPrincipalArns": [IR] }, "dev");
    });

    it("EKS-4/K8S-5: the break-glass principal's access entry carries exactly the group the cluster-admin binding names, and no access policy", () => {
        const entry = run.ofType(ACCESS_ENTRY).find((e) => e.inputs.principalArn === IR);
        assert.ok(entry, "an access entry for the break-glass principal");
        const admin = run
            .ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
            .map((b) => b.inputs as unknown as { roleRef: { name: string }; subjects: Subject[] })
            .filter((b) => b.roleRef.name === "cluster-admin");
        assert.equal(admin.length, 1);
        assert.deepEqual(
            entry.inputs.kubernetesGroups,
            admin[0].subjects.map((s) => s.name),
        );
        assert.deepEqual(entry.inputs.kubernetesGroups, ["secure-baseline:break-glass"]);
        assert.deepEqual(
            run.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.inputs.principalArn === IR),
            [],
        );
    });
});
