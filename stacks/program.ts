/**
 * The baseline program as a function of validated config, so tests run it under mocks with any config.
 * Layers, each fed by the one before:
 *   HardenedVpc → SecureCluster (private subnets for nodes, isolated subnets for the control plane)
 *   → ThreatDetection (account and region) → ContainerRegistry (pull by the cluster's node role)
 *   → ClusterGuardrails and one NamespaceBaseline per team namespace, through the cluster's k8s provider.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ClusterGuardrails,
    ContainerRegistry,
    ContainmentResponse,
    EcrRegistry,
    EdgeProtection,
    HardenedVpc,
    NamespaceBaseline,
    SecretsAccess,
    SecureCluster,
    ThreatDetection,
    webAclArnPrefix,
} from "../components";
import { BaselineConfig } from "./config";

/** Logical names of the top-level components. Renaming one replaces everything under it. */
export const NETWORK_NAME = "network";
export const CLUSTER_NAME = "cluster";
export const DETECTION_NAME = "detection";
export const REGISTRY_NAME = "registry";
export const GUARDRAILS_NAME = "guardrails";
export const EDGE_NAME = "edge";
export const SECRETS_NAME = "secrets";
export const CONTAINMENT_NAME = "containment";
/** One NamespaceBaseline per team namespace: `namespace-<namespace>` (renaming a namespace replaces it). */
export function namespaceComponentName(namespace: string): string {
    return `namespace-${namespace}`;
}

export interface BaselineOutputs {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly availabilityZones: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly isolatedSubnetIds: pulumi.Output<string[]>;
    readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
    readonly flowLogGroupName: pulumi.Output<string>;
    readonly logsKeyArn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterEndpoint: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;
    /** Secret: authenticates with `aws eks get-token`, but still names the endpoint and CA. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly detectorId: pulumi.Output<string>;
    readonly alertTopicArn: pulumi.Output<string>;
    readonly auditBucketName: pulumi.Output<string>;
    readonly repositoryUrls: pulumi.Output<Record<string, string>>;
    /** Team name → its namespaces, once the namespaces exist. */
    readonly teamNamespaces: pulumi.Output<Record<string, string[]>>;
    readonly admissionPolicyNames: pulumi.Output<string[]>;
    /** CTR-2: `awskms:///<alias ARN>` for `cosign sign --key`; undefined when imageSigning is off. */
    readonly signingKeyReference: pulumi.Output<string | undefined>;
    /** CTR-2: the role CI assumes to sign; undefined without imageSignerPrincipalArns or with signing off. */
    readonly signerRoleArn: pulumi.Output<string | undefined>;
    /** The WAF web ACL for internet-facing load balancers (CODE-3); undefined when edgeProtection is off. */
    readonly webAclArn: pulumi.Output<string | undefined>;
    /** DATA-4: the Secrets Manager key for application secrets; undefined when externalSecrets is off. */
    readonly secretsKeyArn: pulumi.Output<string | undefined>;
    /** DATA-4: team name → the role its SecretStores read `<prefix>/<team>/*` with. */
    readonly secretsTeamRoleArns: pulumi.Output<Record<string, string>>;
}

/**
 * The account's ECR registry, read through the default provider. ClusterGuardrails takes it as plain text
 * (it is written into the CEL of the admission policies), so the in-cluster layer waits for these invokes;
 * preview answers invokes, so the guardrails still show in every preview.
 */
async function accountRegistry(): Promise<EcrRegistry & { readonly partition: string }> {
    const [identity, region, partition] = await Promise.all([aws.getCallerIdentity({}), aws.getRegion({}), aws.getPartition({})]);
    return { accountId: identity.accountId, region: region.region, dnsSuffix: partition.dnsSuffix, partition: partition.partition };
}

export function buildBaseline(config: BaselineConfig): BaselineOutputs {
    const protect = config.network.protect;
    const vpc = new HardenedVpc(NETWORK_NAME, config.network);

    const cluster = new SecureCluster(CLUSTER_NAME, {
        vpcId: vpc.vpcId,
        vpcCidr: vpc.vpcCidr,
        privateSubnetIds: vpc.privateSubnetIds,
        // The control-plane ENIs go to the isolated subnets: no route out of the VPC at all.
        controlPlaneSubnetIds: vpc.isolatedSubnetIds,
        // NET-7/EKS-7: with NAT, nodes may reach 443 anywhere; with natStrategy "none" their egress stays in the
        // VPC. Either way they reach ECR's S3 layer store through the gateway endpoint's prefix list (without
        // NAT that is the only path; with NAT it keeps layer pulls off the NAT gateways).
        nodeInternetEgress: config.network.natStrategy !== "none",
        s3PrefixListId: vpc.s3PrefixListId,
        clusterName: config.cluster.clusterName,
        kubernetesVersion: config.cluster.kubernetesVersion,
        publicAccessCidrs: config.cluster.publicAccessCidrs,
        adminPrincipalArns: config.cluster.adminPrincipalArns,
        // K8S-5: the same group ClusterGuardrails binds to cluster-admin (config refuses principals without one).
        breakGlassPrincipalArns: config.cluster.breakGlassPrincipalArns,
        breakGlassGroup: config.cluster.breakGlassGroup,
        teams: config.teams.map((t) => t.access),
        nodeGroups: config.cluster.nodeGroups,
        nodeSsmAccess: config.cluster.nodeSsmAccess,
        logRetentionDays: config.cluster.logRetentionDays,
        protect,
    });

    // EBS default encryption gets its own key (the component's default), not the cluster's volumes key: the
    // default covers every volume in the region, not only this cluster's, and detection must not depend on
    // (or outlive, or be destroyed with) one cluster. Cluster volumes are encrypted with the cluster's key
    // explicitly (launch templates, StorageClass), so they do not rely on the regional default.
    const detection = new ThreatDetection(DETECTION_NAME, { ...config.detection, protect });

    const registry = new ContainerRegistry(REGISTRY_NAME, {
        ...config.registry,
        // CTR-1: only the cluster's nodes pull; workloads pull through the node's image credentials.
        pullPrincipalArns: [cluster.nodeRoleArn],
        protect,
    });

    // CODE-3: the web ACL exists up front, so every internet-facing ALB (made here, or by the AWS Load
    // Balancer Controller for a team's Ingress through its wafv2-acl-arn annotation) can be put behind it.
    const edge = config.edge.enabled
        ? new EdgeProtection(EDGE_NAME, { rateLimit: config.edge.rateLimit, shieldAdvanced: config.edge.shieldAdvanced, protect })
        : undefined;

    const inCluster = accountRegistry().then(({ partition, ...ecr }) => {
        const k8sOpts = { provider: cluster.provider, dependsOn: [cluster] };
        // CODE-3: with a web ACL, internet-facing ALB Ingresses in team namespaces must name it (by its ARN
        // prefix: the ACL's name is fixed, its id is generated, so the prefix is what preview knows).
        const edgeAdmission = edge
            ? { edge: { webAclArnPrefix: webAclArnPrefix({ partition, region: ecr.region, accountId: ecr.accountId }, EDGE_NAME) } }
            : {};
        // CTR-2: the verifier's Pod Identity role belongs to this cluster; the control plane calls it from the VPC.
        const imageSigning = config.signing.enabled
            ? {
                  clusterName: config.cluster.clusterName,
                  vpcCidr: config.network.cidrBlock,
                  signerPrincipalArns: config.signing.signerPrincipalArns,
                  trustedRegistries: config.signing.trustedRegistries,
                  protect,
              }
            : false;
        const guardrails = new ClusterGuardrails(
            GUARDRAILS_NAME,
            { ...config.guardrails.cluster, ecr, ...edgeAdmission, imageSigning },
            k8sOpts,
        );
        const namespaceComponents: NamespaceBaseline[] = [];
        const teamNamespaces = config.teams.map((team) => {
            const baselines = team.namespaces.map((args) => new NamespaceBaseline(namespaceComponentName(args.namespace), args, k8sOpts));
            namespaceComponents.push(...baselines);
            return pulumi.all(baselines.map((b) => b.namespace)).apply((names) => [team.access.name, names] as const);
        });
        // DATA-4: after the namespaces (each team's SecretStore lives in them) and the guardrails.
        const secrets = config.secrets.enabled
            ? new SecretsAccess(
                  SECRETS_NAME,
                  {
                      clusterName: config.cluster.clusterName,
                      vpcCidrs: [config.network.cidrBlock],
                      secretNamePrefix: config.secrets.secretNamePrefix,
                      teams: config.teams.map((t) => ({ name: t.access.name, namespaces: t.access.namespaces })),
                      protect,
                  },
                  { ...k8sOpts, dependsOn: [cluster, guardrails, ...namespaceComponents] },
              )
            : undefined;
        // DET-9: the function may act only in the team namespaces, where the quarantine policy (K8S-3) exists.
        if (config.response.enabled) {
            new ContainmentResponse(
                CONTAINMENT_NAME,
                {
                    clusterName: config.cluster.clusterName,
                    clusterEndpoint: cluster.endpoint,
                    clusterCertificateAuthority: cluster.certificateAuthority,
                    clusterSecurityGroupId: cluster.clusterSecurityGroupId,
                    vpcId: vpc.vpcId,
                    vpcCidr: vpc.vpcCidr,
                    subnetIds: vpc.privateSubnetIds,
                    internetEgress: config.network.natStrategy !== "none",
                    alertTopicName: detection.alertTopicName,
                    alertTopicArn: detection.alertTopicArn,
                    alertsKeyAliasName: detection.alertsKeyAliasName,
                    namespaces: config.teams.flatMap((t) => t.namespaces.map((n) => n.namespace)),
                    findingTypes: config.response.findingTypes,
                    minSeverity: config.response.minSeverity,
                    dryRun: config.response.dryRun,
                    kubernetesProvider: cluster.provider,
                    namespaceResources: namespaceComponents,
                    protect,
                },
                { dependsOn: [cluster] },
            );
        }
        return {
            secretsKeyArn: secrets ? secrets.keyArn : pulumi.output(undefined),
            secretsTeamRoleArns: secrets ? secrets.teamRoleArns : pulumi.output<Record<string, string>>({}),
            signingKeyReference: guardrails.imageSigning?.keyReference ?? pulumi.output(undefined),
            signerRoleArn: guardrails.imageSigning?.signerRoleArn ?? pulumi.output(undefined),
            admissionPolicyNames: guardrails.admissionPolicyNames,
            teamNamespaces: pulumi.all(teamNamespaces).apply((pairs) => Object.fromEntries(pairs)),
        };
    });

    return {
        vpcId: vpc.vpcId,
        vpcCidr: vpc.vpcCidr,
        availabilityZones: vpc.azs,
        publicSubnetIds: vpc.publicSubnetIds,
        privateSubnetIds: vpc.privateSubnetIds,
        isolatedSubnetIds: vpc.isolatedSubnetIds,
        endpointSecurityGroupId: vpc.endpointSecurityGroupId,
        flowLogGroupName: vpc.flowLogGroupName,
        logsKeyArn: vpc.logsKeyArn,
        clusterName: cluster.clusterName,
        clusterEndpoint: cluster.endpoint,
        oidcProviderArn: cluster.oidcProviderArn,
        nodeRoleArn: cluster.nodeRoleArn,
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        detectorId: detection.detectorId,
        alertTopicArn: detection.alertTopicArn,
        auditBucketName: detection.auditBucketName,
        repositoryUrls: registry.repositoryUrls,
        teamNamespaces: pulumi.output(inCluster.then((c) => c.teamNamespaces)),
        admissionPolicyNames: pulumi.output(inCluster.then((c) => c.admissionPolicyNames)),
        signingKeyReference: pulumi.output(inCluster.then((c) => c.signingKeyReference)),
        signerRoleArn: pulumi.output(inCluster.then((c) => c.signerRoleArn)),
        webAclArn: edge ? edge.webAclArn : pulumi.output(undefined),
        secretsKeyArn: pulumi.output(inCluster.then((c) => c.secretsKeyArn)),
        secretsTeamRoleArns: pulumi.output(inCluster.then((c) => c.secretsTeamRoleArns)),
    };
}
