import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../common/naming";
import { NAMESPACE_BASELINE_TYPE } from "./constants";
import { NamespaceBaselineArgs } from "./namespaceArgs";
import { planLimitRange, planNamespace, planResourceQuota } from "./namespacePlan";
import { planNetworkPolicies } from "./networkPlan";
import { kubernetesProvider } from "./provider";
import { SIGNATURE_OPT_IN_LABEL } from "./signingArgs";
import { planDefaultServiceAccountPatch, planRoleBindings, planRoles } from "./rbacPlan";
import { resolvedDefaults, resolvedQuota, validateNamespaceBaselineArgs } from "./validation";

/**
 * One team namespace, safe by construction: Pod Security `restricted` (K8S-1), default-deny networking
 * with DNS and configured flows (K8S-2), quarantine by label (K8S-3), quota and container defaults (K8S-4),
 * least-privilege Roles bound to groups and a default ServiceAccount without a token (K8S-5), and the
 * opt-in label for signature verification at admission (CTR-2).
 *
 * Pass the cluster's Kubernetes provider in `opts.provider` (or `opts.providers`). Child names derive from
 * the component name; the Kubernetes object names are fixed, so renaming the component replaces children.
 */
export class NamespaceBaseline extends pulumi.ComponentResource {
    /** The namespace name (an Output that waits for the Namespace to exist). */
    public readonly namespace: pulumi.Output<string>;
    public readonly networkPolicyNames: pulumi.Output<string[]>;
    public readonly roleNames: pulumi.Output<string[]>;

    constructor(name: string, args: NamespaceBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        validateNamespaceBaselineArgs(name, args);
        const provider = kubernetesProvider(`NamespaceBaseline "${name}"`, opts);
        super(NAMESPACE_BASELINE_TYPE, name, {}, opts);
        const child = { parent: this, provider };

        // CTR-2: set after the user's labels, so only verifyImageSignatures decides the opt-in.
        const labels = { ...args.labels, [SIGNATURE_OPT_IN_LABEL]: String(args.verifyImageSignatures ?? true) };
        const ns = new k8s.core.v1.Namespace(
            childName(name, "namespace"),
            planNamespace(args.namespace, labels, args.podSecurityVersion),
            child,
        );
        // Every namespaced child depends on the Namespace, so it is created after and deleted before it.
        const inNs = { ...child, dependsOn: [ns] };

        const policies = planNetworkPolicies(args.namespace, args.network).map(
            (p) => new k8s.networking.v1.NetworkPolicy(childName(name, "netpol", p.metadata?.name ?? "unnamed"), p, inNs),
        );
        new k8s.core.v1.ResourceQuota(childName(name, "quota"), planResourceQuota(args.namespace, resolvedQuota(args)), inNs);
        new k8s.core.v1.LimitRange(childName(name, "limits"), planLimitRange(args.namespace, resolvedDefaults(args)), inNs);

        const roles = planRoles(args.namespace, args.editCanAccessSecrets ?? false).map(
            (r) => new k8s.rbac.v1.Role(childName(name, "role", r.metadata?.name ?? "unnamed"), r, inNs),
        );
        for (const b of planRoleBindings(args.namespace, args.groups)) {
            new k8s.rbac.v1.RoleBinding(childName(name, "binding", b.metadata?.name ?? "unnamed"), b, {
                ...inNs,
                dependsOn: [ns, ...roles],
            });
        }
        new k8s.core.v1.ServiceAccountPatch(childName(name, "default-sa"), planDefaultServiceAccountPatch(args.namespace), inNs);

        this.namespace = ns.metadata.name;
        this.networkPolicyNames = pulumi.all(policies.map((p) => p.metadata.name));
        this.roleNames = pulumi.all(roles.map((r) => r.metadata.name));
        this.registerOutputs({ namespace: this.namespace, networkPolicyNames: this.networkPolicyNames, roleNames: this.roleNames });
    }
}
