/**
 * SecureCluster and HardenedVpc at a realistic preview: every new resource has an unknown id and no
 * computed outputs. Every IAM document they write (trusts, inline policies) must still be known, so
 * the pack judges it at `pulumi preview` instead of failing closed (EKS-2, EKS-5, NET-4): keys are
 * named through their fixed aliases, the flow-log group through its fixed name, and the workload
 * roles trust EKS Pod Identity rather than an OIDC issuer assigned at create.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { HardenedVpc, SecureCluster } from "../../components";
import { ALL_POLICIES } from "../../policy-pack/policies";
import { Diagnostic, analyze } from "../policy-pack/runtime";
import { runPulumi } from "../support/harness";
import { stackOf, withheldOutputs } from "../storage/support/preview";
import { ADMIN, BASE_ARGS } from "./fixture";

/** The allowlist a stack naming admins gives the pack (as stacks/policy-pack.<stack>.json): nothing else. */
const CONFIG = { "eks-cluster-admin-allowlist": { clusterAdminPrincipals: [ADMIN] } };

const IAM_TYPES = ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"];
const AWS_POLICIES = ALL_POLICIES.filter((p) => p.kind === "resource" && p.types.some((t) => t.startsWith("aws:")));

async function diagnosticsAtPreview(program: () => unknown): Promise<{ diagnostics: Diagnostic[]; iamDocs: number }> {
    const run = await runPulumi(program, { resourceState: withheldOutputs() });
    const iam = run.resources.filter((r) => IAM_TYPES.includes(r.type));
    // The run really is a preview: what AWS assigns (role ARNs, key ARNs) is unknown.
    assert.ok(
        run.resources.some(
            (r) => pulumi.isUnknown(r.inputs.role) || pulumi.isUnknown(r.inputs.roleArn) || pulumi.isUnknown(r.inputs.kmsKeyId),
        ),
        "some input is unknown",
    );
    for (const r of iam) {
        const doc = r.type === "aws:iam/role:Role" ? r.inputs.assumeRolePolicy : r.inputs.policy;
        assert.equal(typeof doc, "string", `${r.name}: the document is known at preview`);
    }
    const diagnostics: Diagnostic[] = [];
    for (const r of stackOf(run.resources, {})) diagnostics.push(...(await analyze(AWS_POLICIES, r, CONFIG)).diagnostics);
    return { diagnostics, iamDocs: iam.length };
}

describe("SecureCluster and HardenedVpc at preview under the pack (EKS-2, EKS-5, NET-4)", () => {
    it("EKS-2, EKS-5: every trust and inline policy of SecureCluster is known at preview and passes the pack", async () => {
        const { diagnostics, iamDocs } = await diagnosticsAtPreview(() => new SecureCluster("dev", BASE_ARGS));
        assert.deepEqual(
            diagnostics.map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
        assert.equal(iamDocs, 6, "four roles and two inline policies were judged");
    });

    it("NET-4: the flow-log delivery role and policy are known at preview and pass the pack", async () => {
        const { diagnostics, iamDocs } = await diagnosticsAtPreview(() => new HardenedVpc("net", { azCount: 2, natStrategy: "single" }));
        assert.deepEqual(
            diagnostics.map((d) => `${d.policyName}: ${d.message}`),
            [],
        );
        assert.equal(iamDocs, 2);
    });
});
