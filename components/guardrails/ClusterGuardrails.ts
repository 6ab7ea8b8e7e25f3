import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../common/naming";
import { planAdmission } from "./admissionPlan";
import { planEdgeAdmissionBinding, planEdgeAdmissionPolicy } from "./edgeAdmissionPlan";
import { ClusterGuardrailsArgs, allowedRegistries, ecrRegistryHost, exemptNamespaces, validateClusterGuardrailsArgs } from "./clusterArgs";
import { CLUSTER_GUARDRAILS_TYPE, DEFAULT_BREAK_GLASS_GROUP } from "./constants";
import { kubernetesProvider } from "./provider";
import { ImageSigning, createImageSigning } from "./signing";
import { planBreakGlassBinding, planClusterReadOnlyBinding, planClusterReadOnlyRole } from "./rbacPlan";

/**
 * Once per cluster: workload admission policies (K8S-6), the ALB Ingress web-ACL policy (CODE-3, with `edge`),
 * the cluster side of RBAC (K8S-5): a read-only ClusterRole, and one break-glass binding as the only binding
 * to cluster-admin, and signature verification at admission (CTR-2, signing.ts).
 *
 * Its one namespace is the verifier's (restricted, default deny), so there are no kube-system-like namespaces
 * whose Pod Security labels would need loosening; system namespaces are left as the cluster manages them and are outside the policies.
 * The Kubernetes object names are fixed, so use one ClusterGuardrails per cluster.
 */
export class ClusterGuardrails extends pulumi.ComponentResource {
    public readonly admissionPolicyNames: pulumi.Output<string[]>;
    public readonly allowedRegistries: string[];
    public readonly breakGlassGroup: string | undefined;
    /** CTR-2: the signing key, signer role and image policies; undefined when imageSigning is false. */
    public readonly imageSigning: ImageSigning | undefined;

    constructor(name: string, args: ClusterGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateClusterGuardrailsArgs(name, args);
        const provider = kubernetesProvider(`ClusterGuardrails "${name}"`, opts);
        super(CLUSTER_GUARDRAILS_TYPE, name, {}, opts);
        const child = { parent: this, provider };

        this.allowedRegistries = allowedRegistries(args);
        const policies = planAdmission(this.allowedRegistries, args.auditOnly ?? false, exemptNamespaces(args)).map(
            ({ check, policy, binding }) => {
                const p = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(childName(name, "vap", check), policy, child);
                new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(childName(name, "vapb", check), binding, {
                    ...child,
                    dependsOn: [p],
                });
                return p;
            },
        );
        if (args.edge !== undefined) {
            const p = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
                childName(name, "vap", "alb-ingress-waf"),
                planEdgeAdmissionPolicy(args.edge),
                child,
            );
            new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
                childName(name, "vapb", "alb-ingress-waf"),
                planEdgeAdmissionBinding(args.auditOnly ?? false, exemptNamespaces(args)),
                { ...child, dependsOn: [p] },
            );
            policies.push(p);
        }

        const readOnly = new k8s.rbac.v1.ClusterRole(childName(name, "read-only"), planClusterReadOnlyRole(), child);
        if ((args.readOnlyGroups ?? []).length > 0) {
            new k8s.rbac.v1.ClusterRoleBinding(childName(name, "read-only"), planClusterReadOnlyBinding(args.readOnlyGroups ?? []), {
                ...child,
                dependsOn: [readOnly],
            });
        }
        this.breakGlassGroup = args.breakGlassGroup === false ? undefined : (args.breakGlassGroup ?? DEFAULT_BREAK_GLASS_GROUP);
        if (this.breakGlassGroup !== undefined) {
            new k8s.rbac.v1.ClusterRoleBinding(childName(name, "break-glass"), planBreakGlassBinding(this.breakGlassGroup), child);
        }

        this.imageSigning =
            args.imageSigning === false
                ? undefined
                : createImageSigning(name, args.imageSigning, ecrRegistryHost(args.ecr), args.ecr.region, this, provider);

        this.admissionPolicyNames = pulumi.all(policies.map((p) => p.metadata.name));
        this.registerOutputs({
            admissionPolicyNames: this.admissionPolicyNames,
            allowedRegistries: this.allowedRegistries,
            breakGlassGroup: this.breakGlassGroup,
            signingKeyAlias: this.imageSigning?.keyAliasName,
            signerRoleArn: this.imageSigning?.signerRoleArn,
        });
    }
}
