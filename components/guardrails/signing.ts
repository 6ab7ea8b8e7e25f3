/**
 * CTR-2 wiring for ClusterGuardrails: the KMS signing key, the signer role CI assumes, the verifier's Pod
 * Identity role, the policy-controller's namespace and Helm release, and the ClusterImagePolicies. The
 * plans come from signingPlan.ts; this only creates resources from them.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../common/awsContext";
import { keyAliasName } from "../common/kms/alias";
import { DEFAULT_DELETION_WINDOW_DAYS } from "../common/kms/keyPolicy";
import { childName } from "../common/naming";
import { baselineTags } from "../common/tags";
import { podIdentityTrustPolicy } from "../cluster/iam";
import { CLUSTER_GUARDRAILS_TYPE, DEFAULT_CONTAINER_DEFAULTS, DEFAULT_QUOTA } from "./constants";
import { planLimitRange, planNamespace, planResourceQuota } from "./namespacePlan";
import { planDefaultServiceAccountPatch } from "./rbacPlan";
import {
    ImageSigningArgs,
    POLICY_CONTROLLER_CHART,
    POLICY_CONTROLLER_NAMESPACE,
    POLICY_CONTROLLER_RELEASE,
    POLICY_CONTROLLER_SERVICE_ACCOUNT,
    SIGNING_KEY_SPEC,
    SIGNING_KEY_USAGE,
} from "./signingArgs";
import {
    kmsKeyReference,
    planClusterImagePolicies,
    planControllerNetworkPolicies,
    planControllerValues,
    planSignerPolicy,
    planSignerTrustPolicy,
    planSigningKeyPolicy,
    planVerifierPolicy,
} from "./signingPlan";

export interface ImageSigning {
    /** `alias/...` of the signing key, known at preview: `cosign sign --key awskms:///<alias ARN>`. */
    readonly keyAliasName: string;
    /** `awskms:///arn:...:alias/...`, as the ClusterImagePolicy and cosign name the key. */
    readonly keyReference: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    /** The role CI assumes to sign; undefined when no signer principal is configured. */
    readonly signerRoleArn: pulumi.Output<string> | undefined;
    readonly imagePolicyNames: string[];
}

const json = (doc: unknown) => JSON.stringify(doc);

export function createImageSigning(
    name: string,
    args: ImageSigningArgs,
    ecrHost: string,
    region: string,
    parent: pulumi.Resource,
    provider: k8s.Provider,
): ImageSigning {
    const ctx: pulumi.Output<AwsContext> = awsContext(parent);
    const protect = args.protect ?? true;
    const tags = baselineTags(CLUSTER_GUARDRAILS_TYPE, undefined, { control: "CTR-2" });
    const aliasName = keyAliasName(pulumi.getStack(), "signing", name);

    // Asymmetric keys cannot rotate automatically (KMS-1 applies to symmetric keys); a new key means re-signing.
    const key = new aws.kms.Key(
        childName(name, "signing-key"),
        {
            description: "secure-baseline image signing key (CTR-2)",
            customerMasterKeySpec: SIGNING_KEY_SPEC,
            keyUsage: SIGNING_KEY_USAGE,
            deletionWindowInDays: DEFAULT_DELETION_WINDOW_DAYS,
            policy: ctx.apply((c) => json(planSigningKeyPolicy(c))),
            tags,
        },
        { parent, protect, retainOnDelete: protect },
    );
    const alias = new aws.kms.Alias(childName(name, "signing-key-alias"), { name: aliasName, targetKeyId: key.keyId }, { parent, protect });

    let signerRoleArn: pulumi.Output<string> | undefined;
    if ((args.signerPrincipalArns ?? []).length > 0) {
        const signer = new aws.iam.Role(
            childName(name, "signer"),
            { assumeRolePolicy: json(planSignerTrustPolicy(args.signerPrincipalArns ?? [])), tags },
            { parent },
        );
        new aws.iam.RolePolicy(
            childName(name, "signer"),
            { role: signer.name, policy: ctx.apply((c) => json(planSignerPolicy(c, aliasName))) },
            { parent, dependsOn: [alias] },
        );
        signerRoleArn = signer.arn;
    }

    const sa = { namespace: POLICY_CONTROLLER_NAMESPACE, name: POLICY_CONTROLLER_SERVICE_ACCOUNT };
    const verifier = new aws.iam.Role(
        childName(name, "verifier"),
        { assumeRolePolicy: ctx.apply((c) => json(podIdentityTrustPolicy(c, args.clusterName, sa))), tags },
        { parent },
    );
    const verifierPolicy = new aws.iam.RolePolicy(
        childName(name, "verifier"),
        { role: verifier.name, policy: ctx.apply((c) => json(planVerifierPolicy(c, aliasName))) },
        { parent, dependsOn: [alias] },
    );
    const association = new aws.eks.PodIdentityAssociation(
        childName(name, "verifier"),
        { clusterName: args.clusterName, namespace: sa.namespace, serviceAccount: sa.name, roleArn: verifier.arn, tags },
        { parent, dependsOn: [verifierPolicy] },
    );

    const child = { parent, provider };
    const ns = new k8s.core.v1.Namespace(childName(name, "signing-namespace"), planNamespace(POLICY_CONTROLLER_NAMESPACE), child);
    const inNs = { ...child, dependsOn: [ns] };
    const policies = planControllerNetworkPolicies(args.vpcCidr).map(
        (p) => new k8s.networking.v1.NetworkPolicy(childName(name, "signing-netpol", p.metadata?.name ?? "unnamed"), p, inNs),
    );
    new k8s.core.v1.ResourceQuota(childName(name, "signing-quota"), planResourceQuota(POLICY_CONTROLLER_NAMESPACE, DEFAULT_QUOTA), inNs);
    new k8s.core.v1.LimitRange(
        childName(name, "signing-limits"),
        planLimitRange(POLICY_CONTROLLER_NAMESPACE, DEFAULT_CONTAINER_DEFAULTS),
        inNs,
    );
    // K8S-5: the namespace's default ServiceAccount mounts no token (the chart's pods use their own account).
    new k8s.core.v1.ServiceAccountPatch(
        childName(name, "signing-default-sa"),
        planDefaultServiceAccountPatch(POLICY_CONTROLLER_NAMESPACE),
        inNs,
    );

    // PACK-9: the pack cannot see the chart's objects; the stacks' pack config allows exactly this
    // repository, chart and version. Hooks off: the chart's only hook is an uninstall Job without a
    // security context, which the restricted namespace would refuse.
    const release = new k8s.helm.v3.Release(
        childName(name, "policy-controller"),
        {
            name: POLICY_CONTROLLER_RELEASE,
            namespace: POLICY_CONTROLLER_NAMESPACE,
            chart: POLICY_CONTROLLER_CHART.chart,
            version: POLICY_CONTROLLER_CHART.version,
            repositoryOpts: { repo: POLICY_CONTROLLER_CHART.repository },
            values: planControllerValues(args, ecrHost, region),
            createNamespace: false,
            disableWebhooks: true,
            atomic: true,
        },
        { ...child, dependsOn: [ns, association, ...policies] },
    );

    const keyReference = ctx.apply((c) => kmsKeyReference(c, aliasName));
    const imagePolicies = keyReference.apply((ref) => planClusterImagePolicies(ecrHost, ref, args.trustedRegistries ?? []));
    // The policies' names and globs are plain; only the key reference waits for the account context.
    const plain = planClusterImagePolicies(ecrHost, "", args.trustedRegistries ?? []);
    plain.forEach((p, i) => {
        new k8s.apiextensions.CustomResource(
            childName(name, "image-policy", p.metadata.name),
            { apiVersion: p.apiVersion, kind: p.kind, metadata: p.metadata, spec: imagePolicies.apply((all) => all[i].spec) },
            // The CRD comes with the chart.
            { ...child, dependsOn: [release] },
        );
    });

    return { keyAliasName: aliasName, keyReference, keyArn: key.arn, signerRoleArn, imagePolicyNames: plain.map((p) => p.metadata.name) };
}
