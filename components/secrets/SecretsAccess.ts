import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../common/awsContext";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { baselineTags } from "../common/tags";
import { DEFAULT_QUOTA } from "../guardrails/constants";
import { planNamespace, planResourceQuota } from "../guardrails/namespacePlan";
import { planDefaultServiceAccountPatch } from "../guardrails/rbacPlan";
import { SecretsAccessArgs, validateSecretsAccessArgs } from "./args";
import { ESO_API_VERSION, ESO_CHART, ESO_NAMESPACE, ESO_RELEASE_NAME, ESO_SERVICE_ACCOUNT, SECRETS_ACCESS_TYPE } from "./constants";
import {
    controllerPolicy,
    controllerRoleName,
    controllerTrust,
    planOperatorNetworkPolicies,
    planSecretStore,
    roleArnOf,
    storeMetadata,
    teamRoleName,
    teamRoleTrust,
    teamSecretsPolicy,
} from "./plan";
import { DEFAULT_NODE_SELECTOR, helmValues } from "./values";
import { kubernetesProvider } from "../guardrails/provider";

const json = (v: unknown) => JSON.stringify(v);

/**
 * DATA-4: application secrets live in Secrets Manager under a customer-managed key and reach pods through
 * External Secrets, one SecretStore per team namespace, each reading only its team's secrets through a
 * role the ESO controller assumes from its EKS Pod Identity. Every role name and ARN is fixed (known at
 * preview), so the pack judges the documents before anything exists. One SecretsAccess per cluster.
 */
export class SecretsAccess extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    public readonly keyAliasName: pulumi.Output<string>;
    public readonly secretNamePrefix: string;
    public readonly controllerRoleArn: pulumi.Output<string>;
    /** Team name → the role its SecretStores use. */
    public readonly teamRoleArns: pulumi.Output<Record<string, string>>;
    /** `<namespace>/<store>` of every SecretStore. */
    public readonly storeNames: pulumi.Output<string[]>;

    constructor(name: string, args: SecretsAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecretsAccessArgs(name, args);
        const provider = kubernetesProvider(`SecretsAccess "${name}"`, opts);
        super(SECRETS_ACCESS_TYPE, name, {}, opts);
        const k8sChild = { parent: this, provider };
        const tags = baselineTags(SECRETS_ACCESS_TYPE, undefined);
        const ctx = awsContext(this);
        const teams = args.teams ?? [];
        const prefix = args.secretNamePrefix ?? args.clusterName;
        this.secretNamePrefix = prefix;

        const key = new CustomerManagedKey(
            childName(name, "key"),
            { purpose: "secrets", description: "secure-baseline Secrets Manager key (application secrets)", protect: args.protect ?? true },
            { parent: this },
        );

        const controllerName = controllerRoleName(args.clusterName);
        const controllerArn = ctx.apply((c) => roleArnOf(c, controllerName));
        const teamRoles = teams.map((team) => {
            const roleName = teamRoleName(args.clusterName, team.name);
            const role = new aws.iam.Role(
                childName(name, "team", team.name),
                {
                    name: roleName,
                    description: `External Secrets: reads ${prefix}/${team.name}/* for team ${team.name}`,
                    assumeRolePolicy: pulumi.all([ctx, controllerArn]).apply(([c, a]) => json(teamRoleTrust(c, a))),
                    inlinePolicies: [
                        {
                            name: "team-secrets",
                            policy: pulumi
                                .all([ctx, key.aliasName])
                                .apply(([c, alias]) => json(teamSecretsPolicy(c, prefix, team.name, alias))),
                        },
                    ],
                    tags,
                },
                { parent: this },
            );
            return { team, role, arn: ctx.apply((c) => roleArnOf(c, roleName)) };
        });

        const controller = new aws.iam.Role(
            childName(name, "controller"),
            {
                name: controllerName,
                description: "External Secrets controller (EKS Pod Identity): may only assume the team roles",
                assumeRolePolicy: ctx.apply((c) => json(controllerTrust(c, args.clusterName))),
                inlinePolicies:
                    teamRoles.length === 0
                        ? []
                        : [
                              {
                                  name: "assume-team-roles",
                                  policy: pulumi.all(teamRoles.map((t) => t.arn)).apply((arns) => json(controllerPolicy(arns))),
                              },
                          ],
                tags,
            },
            { parent: this },
        );

        const namespace = new k8s.core.v1.Namespace(
            childName(name, "namespace"),
            planNamespace(ESO_NAMESPACE, { "app.kubernetes.io/part-of": "external-secrets" }),
            k8sChild,
        );
        const policies = planOperatorNetworkPolicies(args.vpcCidrs).map(
            (p) =>
                new k8s.networking.v1.NetworkPolicy(childName(name, "netpol", p.metadata?.name ?? ""), p, {
                    ...k8sChild,
                    dependsOn: [namespace],
                }),
        );
        // K8S-5 as in every namespace the baseline makes: the default ServiceAccount mounts no token (the chart's pods use their own).
        new k8s.core.v1.ServiceAccountPatch(childName(name, "default-sa"), planDefaultServiceAccountPatch(ESO_NAMESPACE), {
            ...k8sChild,
            dependsOn: [namespace],
        });
        const quota = new k8s.core.v1.ResourceQuota(childName(name, "quota"), planResourceQuota(ESO_NAMESPACE, DEFAULT_QUOTA), {
            ...k8sChild,
            dependsOn: [namespace],
        });
        const association = new aws.eks.PodIdentityAssociation(
            childName(name, "pod-identity"),
            { clusterName: args.clusterName, namespace: ESO_NAMESPACE, serviceAccount: ESO_SERVICE_ACCOUNT, roleArn: controller.arn, tags },
            { parent: this },
        );

        // PACK-9: the chart's objects are invisible at preview; the stacks' pack config allows exactly this
        // repository, chart and version, and the values are reviewed (values.ts) and tested as inputs.
        const release = new k8s.helm.v3.Release(
            childName(name, "operator"),
            {
                name: ESO_RELEASE_NAME,
                chart: ESO_CHART.chart,
                version: ESO_CHART.version,
                repositoryOpts: { repo: ESO_CHART.repository },
                namespace: namespace.metadata.name,
                createNamespace: false,
                atomic: true,
                values: helmValues(args.nodeSelector ?? DEFAULT_NODE_SELECTOR),
            },
            { ...k8sChild, dependsOn: [association, quota, ...policies] },
        );

        const stores = teamRoles.flatMap(({ team, arn }) =>
            team.namespaces.map(
                (ns) =>
                    new k8s.apiextensions.CustomResource(
                        childName(name, "store", ns),
                        {
                            apiVersion: ESO_API_VERSION,
                            kind: "SecretStore",
                            metadata: storeMetadata(ns, team.name),
                            spec: pulumi
                                .all([ctx, arn])
                                .apply(([c, roleArn]) => planSecretStore(ns, team.name, c.region, roleArn, prefix).spec),
                        },
                        { ...k8sChild, dependsOn: [release] },
                    ),
            ),
        );

        this.keyArn = key.arn;
        this.keyAliasName = key.aliasName;
        this.controllerRoleArn = controller.arn;
        this.teamRoleArns = pulumi
            .all(teamRoles.map((t) => pulumi.all([t.team.name, t.role.arn])))
            .apply((pairs) => Object.fromEntries(pairs));
        this.storeNames = pulumi.all(
            stores.map((s) => pulumi.all([s.metadata.namespace, s.metadata.name]).apply(([ns, n]) => `${ns}/${n}`)),
        );
        this.registerOutputs({
            keyArn: this.keyArn,
            keyAliasName: this.keyAliasName,
            secretNamePrefix: this.secretNamePrefix,
            controllerRoleArn: this.controllerRoleArn,
            teamRoleArns: this.teamRoleArns,
            storeNames: this.storeNames,
        });
    }
}
