/** What the end-to-end program tests share besides support.ts: resource types and composition checks. */
import { strict as assert } from "assert";
import { RecordedResource, RunResult } from "../support/harness";
import { ProgramExports } from "./support";

export { PROGRAM, ProgramExports, runProgram } from "./support";

export const count = (run: RunResult<unknown>, type: string) => run.ofType(type).length;
export const K8S_PROVIDER = "pulumi:providers:kubernetes";
export const ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry";
export const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
export const NAMESPACE_BASELINE = "secure-baseline:guardrails:NamespaceBaseline";

export interface Subject {
    kind: string;
    name: string;
}
export interface BindingInputs {
    metadata: { name: string; namespace: string };
    roleRef: { name: string };
    subjects: Subject[];
}

/** Groups on the EKS access entries of a team's principals, per role (from the registered entries). */
export function accessEntryGroups(run: RunResult<unknown>, team: string): string[] {
    return [
        ...new Set(
            run.ofType(ACCESS_ENTRY).flatMap((e) => (e.inputs.kubernetesGroups as string[]).filter((g) => g.startsWith(`team:${team}:`))),
        ),
    ].sort();
}

/** Group subjects of the RoleBindings in one namespace. */
export function roleBindingGroups(run: RunResult<unknown>, namespace: string): string[] {
    return (
        run
            .ofType(ROLE_BINDING)
            // The team's own bindings (NamespaceBaseline's); DET-9's containment binding is tested in test/response.
            .filter((b) => b.parentType === NAMESPACE_BASELINE)
            .map((b) => b.inputs as unknown as BindingInputs)
            .filter((b) => b.metadata.namespace === namespace)
            .flatMap((b) => b.subjects.filter((s) => s.kind === "Group").map((s) => s.name))
            .sort()
    );
}

export function isKubernetesObject(r: RecordedResource): boolean {
    return r.type.startsWith("kubernetes:");
}

/** Common composition checks for every committed stack. */
export function assertComposition(
    run: RunResult<ProgramExports>,
    stack: string,
    privateSubnets: string[],
    isolatedSubnets: string[],
): void {
    const cluster = run.one("aws:eks/cluster:Cluster");
    assert.equal(cluster.inputs.name, `secure-baseline-${stack}`);
    // EKS-1/NET-1: control plane ENIs in the isolated subnets, nodes in the private ones.
    assert.deepEqual((cluster.inputs.vpcConfig as { subnetIds: string[] }).subnetIds, isolatedSubnets);
    for (const ng of run.ofType("aws:eks/nodeGroup:NodeGroup")) assert.deepEqual(ng.inputs.subnetIds, privateSubnets, ng.name);
    // The subnets carry the tag of exactly this cluster.
    for (const s of run.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.includes("private"))) {
        assert.equal((s.inputs.tags as Record<string, string>)[`kubernetes.io/cluster/secure-baseline-${stack}`], "shared", s.name);
    }
    // The cluster's security groups live in the VPC the program built.
    for (const sg of run.ofType("aws:ec2/securityGroup:SecurityGroup").filter((g) => g.parentName === "cluster"))
        assert.equal(sg.inputs.vpcId, "network-vpc-id");
}
