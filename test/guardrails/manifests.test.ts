import { strict as assert } from "assert";
import {
    DEFAULT_CONTAINER_DEFAULTS,
    DEFAULT_QUOTA,
    planAdmission,
    planBreakGlassBinding,
    planClusterReadOnlyRole,
    planDefaultServiceAccountPatch,
    planLimitRange,
    planNamespace,
    planNetworkPolicies,
    planResourceQuota,
    planRoleBindings,
    planRoles,
} from "../../components";
import { planClusterReadOnlyBinding } from "../../components/guardrails/rbacPlan";
import { validateManifest } from "./support/schema";

const network = {
    allowSameNamespace: true,
    ingressFrom: [
        { namespace: "ingress-nginx", ports: [{ port: 8080 }, { port: 8443, protocol: "TCP" as const }] },
        { namespace: "monitoring" },
    ],
    egressTo: [{ name: "db", cidrs: ["10.50.0.0/16", "2001:db8::/32"], ports: [{ port: 5432 }, { port: 53, protocol: "UDP" as const }] }],
};

/** Every manifest the two components can produce, in their widest configuration. */
function allManifests(): Array<{ apiVersion?: string; kind?: string; metadata?: { name?: string } }> {
    return [
        planNamespace("team", { team: "a" }),
        ...planNetworkPolicies("team", network),
        planResourceQuota("team", DEFAULT_QUOTA),
        planLimitRange("team", DEFAULT_CONTAINER_DEFAULTS),
        ...planRoles("team", true),
        ...planRoleBindings("team", { view: ["v"], edit: ["e"], deploy: ["d"] }),
        planDefaultServiceAccountPatch("team"),
        planClusterReadOnlyRole(),
        planClusterReadOnlyBinding(["readers"]),
        planBreakGlassBinding("ir"),
        ...planAdmission(["123456789012.dkr.ecr.us-east-1.amazonaws.com", "registry.example.com:5000"], false).flatMap((p) => [
            p.policy,
            p.binding,
        ]),
    ];
}

describe("K8S-1..K8S-6: every manifest is valid against the official Kubernetes schemas (kubernetes-models)", () => {
    const control: Record<string, string> = {
        Namespace: "K8S-1",
        NetworkPolicy: "K8S-2/K8S-3",
        ResourceQuota: "K8S-4",
        LimitRange: "K8S-4",
        Role: "K8S-5",
        RoleBinding: "K8S-5",
        ServiceAccount: "K8S-5",
        ClusterRole: "K8S-5",
        ClusterRoleBinding: "K8S-5",
        ValidatingAdmissionPolicy: "K8S-6",
        ValidatingAdmissionPolicyBinding: "K8S-6",
    };
    for (const m of allManifests()) {
        it(`${control[m.kind ?? ""] ?? "K8S-?"}: ${m.kind} ${m.metadata?.name} validates`, () => validateManifest(m));
    }

    it("K8S-2/K8S-4/K8S-6: the schema check is real: a broken NetworkPolicy and a broken binding are rejected", () => {
        const [deny] = planNetworkPolicies("team");
        assert.throws(() => validateManifest({ ...deny, spec: { podSelector: {}, policyTypes: ["Sideways"] } }), /policyTypes/);
        const [{ binding }] = planAdmission(["r.example.com"], false);
        assert.throws(() => validateManifest({ ...binding, spec: { validationActions: "Deny" } }), /validationActions/);
        assert.throws(() => validateManifest({ ...planResourceQuota("team", DEFAULT_QUOTA), spec: { hard: { pods: { n: 1 } } } }), /hard/);
    });
});
