import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { arn, awsContext, servicePrincipal } from "../common/awsContext";
import { policyDocument } from "../common/iam";
import { CustomerManagedKey } from "../common/kms";
import { DEFAULT_LOG_RETENTION_DAYS, LogRetentionDays } from "../common/logs";
import { childName } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, QUARANTINE_LABEL } from "../guardrails/constants";
import { containmentCodeDir } from "./asset";
import {
    CONTAINMENT_GROUP,
    CONTAINMENT_RESPONSE_TYPE,
    DEFAULT_CONTAINMENT_FINDING_TYPES,
    DEFAULT_CONTAINMENT_SEVERITY,
    DLQ_RETENTION_SECONDS,
    FUNCTION_HANDLER,
    FUNCTION_MEMORY_MB,
    FUNCTION_RUNTIME,
    FUNCTION_TIMEOUT_SECONDS,
    MAX_EVENT_AGE_SECONDS,
    MAX_RETRY_ATTEMPTS,
    RESERVED_CONCURRENCY,
    containmentAdmissionPolicy,
    containmentClusterRole,
    containmentEnvironment,
    containmentEventPattern,
    containmentFunctionName,
    containmentLogGroupName,
    containmentQueueName,
    containmentRoleBindings,
    containmentRolePolicy,
    validateContainmentArgs,
} from "./plan";

const HTTPS_PORT = 443;
const ANY_IPV4 = "0.0.0.0/0";

export interface ContainmentResponseArgs {
    /** The cluster the function contains pods in; only findings about it act. Known at preview. */
    readonly clusterName: string;
    readonly clusterEndpoint: pulumi.Input<string>;
    /** Base64 PEM of the cluster CA, as EKS reports it. */
    readonly clusterCertificateAuthority: pulumi.Input<string>;
    /** The control plane's security group: gets one ingress rule, 443 from the function. */
    readonly clusterSecurityGroupId: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly vpcCidr: pulumi.Input<string>;
    /** Private subnets for the function's network interfaces (the endpoint is private). */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The subnets have NAT: the function reaches SNS through it. Without NAT, the VPC needs an `sns`
     * interface endpoint (the stack's config refuses containment otherwise).
     */
    readonly internetEgress: boolean;
    /** DET-6's topic: its name (known at preview: the policy is scoped to it) and ARN. */
    readonly alertTopicName: pulumi.Input<string>;
    readonly alertTopicArn: pulumi.Input<string>;
    /** Alias of the alert topic's key (the function encrypts what it publishes with it). */
    readonly alertsKeyAliasName: pulumi.Input<string>;
    /**
     * Namespaces the function may act in: those with the quarantine NetworkPolicy (NamespaceBaseline).
     * Findings about pods elsewhere are reported, not acted on. @default []
     */
    readonly namespaces?: readonly string[];
    /** GuardDuty finding types to act on (Runtime or Kubernetes families). @default DEFAULT_CONTAINMENT_FINDING_TYPES */
    readonly findingTypes?: readonly string[];
    /** Lowest GuardDuty severity that acts, 1 to 10. @default 7 (High) */
    readonly minSeverity?: number;
    /** Report what would be done on the alert topic; label nothing. @default false */
    readonly dryRun?: boolean;
    /** Provider of the cluster, for the ClusterRole and RoleBindings. */
    readonly kubernetesProvider: k8s.Provider;
    /** What makes the namespaces (e.g. their NamespaceBaselines): the RoleBindings wait for it. @default [] */
    readonly namespaceResources?: readonly pulumi.Resource[];
    /** Retention of the function's log group. @default 365 */
    readonly logRetentionDays?: LogRetentionDays;
    /** Protects the key and the log group from `pulumi destroy`. @default true */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/**
 * DET-9: GuardDuty findings about a pod of this cluster go through an EventBridge rule to a Lambda
 * function that labels the pod for quarantine (K8S-3), records a Kubernetes event, and publishes what
 * it did on the alert topic (DET-6). The function's identity is its own IAM role, mapped by an EKS
 * access entry to a group bound (per contained namespace) to get and patch pods and create events.
 */
export class ContainmentResponse extends pulumi.ComponentResource {
    public readonly functionName: string;
    /** The built function's folder, shipped as the function's code. */
    public readonly codeDirectory: string;
    public readonly functionArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly ruleName: pulumi.Output<string>;

    constructor(name: string, args: ContainmentResponseArgs, opts?: pulumi.ComponentResourceOptions) {
        validateContainmentArgs(name, args);
        const codeDir = containmentCodeDir();
        super(CONTAINMENT_RESPONSE_TYPE, name, {}, opts);
        const protect = args.protect ?? true;
        const tags = baselineTags(CONTAINMENT_RESPONSE_TYPE, args.tags, { "secure-baseline:control": "DET-9" });
        const ctx = awsContext(this);
        const functionName = containmentFunctionName(args.clusterName);
        const findingTypes = [...(args.findingTypes ?? DEFAULT_CONTAINMENT_FINDING_TYPES)];
        const minSeverity = args.minSeverity ?? DEFAULT_CONTAINMENT_SEVERITY;
        const namespaces = [...(args.namespaces ?? [])];

        // One key for everything the function keeps: environment, logs, dead letters (KMS-1: one per purpose).
        const key = new CustomerManagedKey(
            childName(name, "key"),
            {
                purpose: "response",
                services: ["logs"],
                description: `secure-baseline containment key for ${args.clusterName}`,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        const logGroup = new aws.cloudwatch.LogGroup(
            childName(name, "logs"),
            {
                name: containmentLogGroupName(functionName),
                kmsKeyId: key.arn,
                retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
                tags,
            },
            { parent: this, protect, retainOnDelete: protect },
        );
        const dlq = new aws.sqs.Queue(
            childName(name, "dlq"),
            {
                name: containmentQueueName(functionName),
                kmsMasterKeyId: key.aliasName,
                messageRetentionSeconds: DLQ_RETENTION_SECONDS,
                tags,
            },
            { parent: this },
        );

        // The role's name is fixed so its ARN (the access entry's principal) is known at preview.
        const role = new aws.iam.Role(
            childName(name, "role"),
            {
                name: functionName,
                description: `DET-9 containment function of cluster ${args.clusterName}`,
                // AWS documents Lambda execution-role trust without source conditions.
                assumeRolePolicy: ctx.apply((c) =>
                    JSON.stringify(
                        policyDocument([
                            { Effect: "Allow", Principal: { Service: servicePrincipal(c, "lambda") }, Action: "sts:AssumeRole" },
                        ]),
                    ),
                ),
                tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            childName(name, "role-policy"),
            {
                role: role.name,
                policy: pulumi
                    .all([ctx, args.alertTopicName, key.aliasName, args.alertsKeyAliasName])
                    .apply(([c, alertTopicName, keyAlias, alertsKeyAlias]) =>
                        JSON.stringify(containmentRolePolicy(c, { functionName, alertTopicName, keyAlias, alertsKeyAlias })),
                    ),
            },
            { parent: this },
        );
        const principalArn = pulumi.all([ctx, role.name]).apply(([c, n]) => arn(c, "iam", `role/${n}`, { global: true }));
        const accessEntry = new aws.eks.AccessEntry(
            childName(name, "access"),
            { clusterName: args.clusterName, principalArn, type: "STANDARD", kubernetesGroups: [CONTAINMENT_GROUP], tags },
            { parent: this, dependsOn: [role] },
        );

        const sg = new aws.ec2.SecurityGroup(
            childName(name, "sg"),
            { vpcId: args.vpcId, description: "DET-9 containment function: HTTPS to the cluster API and AWS APIs only", tags },
            { parent: this },
        );
        new aws.vpc.SecurityGroupEgressRule(
            childName(name, "sg", "to-vpc-https"),
            {
                securityGroupId: sg.id,
                ipProtocol: "tcp",
                fromPort: HTTPS_PORT,
                toPort: HTTPS_PORT,
                cidrIpv4: args.vpcCidr,
                description: "Cluster API and VPC interface endpoints",
                tags,
            },
            { parent: this },
        );
        if (args.internetEgress) {
            new aws.vpc.SecurityGroupEgressRule(
                childName(name, "sg", "to-aws-https"),
                {
                    securityGroupId: sg.id,
                    ipProtocol: "tcp",
                    fromPort: HTTPS_PORT,
                    toPort: HTTPS_PORT,
                    cidrIpv4: ANY_IPV4,
                    description: "SNS through NAT",
                    tags,
                },
                { parent: this },
            );
        }
        new aws.vpc.SecurityGroupIngressRule(
            childName(name, "api-from-function"),
            {
                securityGroupId: args.clusterSecurityGroupId,
                ipProtocol: "tcp",
                fromPort: HTTPS_PORT,
                toPort: HTTPS_PORT,
                referencedSecurityGroupId: sg.id,
                description: "DET-9 containment function to the Kubernetes API",
                tags,
            },
            { parent: this },
        );

        const fn = new aws.lambda.Function(
            childName(name, "function"),
            {
                name: functionName,
                description: `DET-9: quarantines pods of ${args.clusterName} named by GuardDuty findings`,
                role: role.arn,
                runtime: FUNCTION_RUNTIME,
                handler: FUNCTION_HANDLER,
                code: new pulumi.asset.FileArchive(codeDir),
                timeout: FUNCTION_TIMEOUT_SECONDS,
                memorySize: FUNCTION_MEMORY_MB,
                reservedConcurrentExecutions: RESERVED_CONCURRENCY,
                kmsKeyArn: key.arn,
                deadLetterConfig: { targetArn: dlq.arn },
                vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [sg.id] },
                environment: {
                    variables: pulumi
                        .all([ctx, args.clusterEndpoint, args.clusterCertificateAuthority, args.alertTopicArn])
                        .apply(([c, endpoint, certificateAuthority, alertTopicArn]) =>
                            containmentEnvironment({
                                clusterName: args.clusterName,
                                endpoint,
                                certificateAuthority,
                                alertTopicArn,
                                findingTypes,
                                minSeverity,
                                quarantineLabel: QUARANTINE_LABEL,
                                namespaces,
                                dryRun: args.dryRun ?? false,
                                dnsSuffix: c.dnsSuffix,
                            }),
                        ),
                },
                tags,
            },
            { parent: this, dependsOn: [logGroup, rolePolicy, accessEntry] },
        );
        new aws.lambda.FunctionEventInvokeConfig(
            childName(name, "invoke-config"),
            { functionName: fn.name, maximumRetryAttempts: MAX_RETRY_ATTEMPTS, maximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS },
            { parent: this },
        );

        const rule = new aws.cloudwatch.EventRule(
            childName(name, "rule"),
            {
                description: `DET-9: GuardDuty pod findings (severity >= ${minSeverity}) about ${args.clusterName}`,
                eventPattern: JSON.stringify(containmentEventPattern(args.clusterName, findingTypes, minSeverity)),
                tags,
            },
            { parent: this },
        );
        new aws.lambda.Permission(
            childName(name, "invoke-permission"),
            {
                function: fn.name,
                action: "lambda:InvokeFunction",
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
                sourceAccount: ctx.accountId,
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(
            childName(name, "target"),
            {
                rule: rule.name,
                arn: fn.arn,
                retryPolicy: { maximumRetryAttempts: MAX_RETRY_ATTEMPTS, maximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS },
            },
            { parent: this },
        );

        // In-cluster: the ClusterRole, bound to the group only in the contained namespaces.
        const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
        const k8sOpts = { parent: this, provider: args.kubernetesProvider };
        const clusterRole = new k8s.rbac.v1.ClusterRole(childName(name, "cluster-role"), containmentClusterRole(labels), k8sOpts);
        const admission = containmentAdmissionPolicy(labels);
        const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(childName(name, "metadata-only"), admission.policy, k8sOpts);
        const vapBinding = new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
            childName(name, "metadata-only-binding"),
            admission.binding,
            { ...k8sOpts, dependsOn: [vap] },
        );
        // The bindings wait for the admission policy: the group never holds patch rights without it.
        for (const binding of containmentRoleBindings(namespaces, labels)) {
            new k8s.rbac.v1.RoleBinding(childName(name, "binding", binding.metadata!.namespace!), binding, {
                ...k8sOpts,
                dependsOn: [clusterRole, vapBinding, ...(args.namespaceResources ?? [])],
            });
        }

        this.functionName = functionName;
        this.codeDirectory = codeDir;
        this.functionArn = fn.arn;
        this.roleArn = role.arn;
        this.deadLetterQueueUrl = dlq.url;
        this.ruleName = rule.name;
        this.registerOutputs({
            functionArn: this.functionArn,
            roleArn: this.roleArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            ruleName: this.ruleName,
        });
    }
}
