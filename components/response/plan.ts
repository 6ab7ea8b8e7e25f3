/**
 * Pure planning for DET-9 automated containment: argument validation, the EventBridge pattern, the
 * function's IAM policy, its Kubernetes RBAC (a ClusterRole bound per contained namespace) and its
 * environment. Everything here takes and returns plain data; ContainmentResponse wires it.
 */
import { Naming, Reporter, ValidationError, emptyList } from "../common/validation";
import { AwsContext, arn } from "../common/awsContext";
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { onKeyByAlias } from "../common/kms/alias";
import type {
    ClusterRoleManifest,
    RoleBindingManifest,
    ValidatingAdmissionPolicyBindingManifest,
    ValidatingAdmissionPolicyManifest,
} from "../guardrails/manifests";

export const CONTAINMENT_RESPONSE_TYPE = "secure-baseline:response:ContainmentResponse";

/**
 * GuardDuty finding types acted on by default: Runtime Monitoring findings that mean code an attacker
 * controls is running in the container, and EKS audit-log findings about a pod created to break out.
 * All name the pod (resource.kubernetesDetails.kubernetesWorkloadDetails). Finding types from the
 * GuardDuty user guide ("Runtime Monitoring finding types", "EKS Protection finding types").
 */
export const DEFAULT_CONTAINMENT_FINDING_TYPES = [
    "Backdoor:Runtime/C&CActivity.B",
    "Backdoor:Runtime/C&CActivity.B!DNS",
    "CryptoCurrency:Runtime/BitcoinTool.B",
    "CryptoCurrency:Runtime/BitcoinTool.B!DNS",
    "DefenseEvasion:Runtime/FilelessExecution",
    "Execution:Runtime/MaliciousFileExecuted",
    "Execution:Runtime/ReverseShell",
    "Impact:Runtime/CryptoMinerExecuted",
    "PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified",
    "PrivilegeEscalation:Runtime/DockerSocketAccessed",
    "PrivilegeEscalation:Runtime/RuncContainerEscape",
    "Trojan:Runtime/BlackholeTraffic",
    "Trojan:Runtime/DropPoint",
    "PrivilegeEscalation:Kubernetes/PrivilegedContainer",
    "Persistence:Kubernetes/ContainerWithSensitiveMount",
] as const;

/**
 * A GuardDuty finding type whose resource can be a pod: `ThreatPurpose:Runtime/...` (Runtime Monitoring)
 * or `ThreatPurpose:Kubernetes/...` (EKS audit logs). Other families (EC2, IAMUser, S3) never name a pod.
 */
export const POD_FINDING_TYPE = /^[A-Za-z]+:(Runtime|Kubernetes)\/[A-Za-z0-9.&!_-]+$/;

/** GuardDuty severities run from 1.0 (Low) to 10.0 (Critical); 7 is where High starts. */
export const MIN_CONTAINMENT_SEVERITY = 1;
export const MAX_CONTAINMENT_SEVERITY = 10;
/** High and Critical only: a false positive isolates a running pod, so by default only strong signals act. */
export const DEFAULT_CONTAINMENT_SEVERITY = 7;

/** The Kubernetes group the function's access entry maps to; bound only in the contained namespaces. */
export const CONTAINMENT_GROUP = "secure-baseline:containment";
export const CONTAINMENT_ROLE_NAME = "secure-baseline-containment";

/** Concurrent runs at most: findings are rare, and a burst of bad findings must not touch many pods at once. */
export const RESERVED_CONCURRENCY = 2;
export const FUNCTION_TIMEOUT_SECONDS = 30;
export const FUNCTION_MEMORY_MB = 256;
export const FUNCTION_RUNTIME = "nodejs22.x";
export const FUNCTION_HANDLER = "index.handler";
/** Async retries of a failed run before the event goes to the dead-letter queue. */
export const MAX_RETRY_ATTEMPTS = 2;
/** An event older than this is dropped to the dead-letter queue: a pod quarantined hours later helps little. */
export const MAX_EVENT_AGE_SECONDS = 3600;
/** SQS's longest retention: time to look at what failed. */
export const DLQ_RETENTION_SECONDS = 1209600;
/** Lambda function names: at most 64 characters of letters, digits, '-' and '_'. */
export const FUNCTION_NAME_MAX = 64;

/** Bad ContainmentResponse arguments: a ValidationError, kept as its own class for importers that catch it. */
export class ContainmentArgsError extends ValidationError {}

export interface ContainmentSettingsArgs {
    readonly findingTypes?: readonly string[];
    readonly minSeverity?: number;
    readonly namespaces?: readonly string[];
}

/** Checks the settings before any resource exists; messages name the argument (or, through `naming`, the config key). */
export function validateContainmentArgs(name: string, args: ContainmentSettingsArgs & { clusterName?: unknown }, naming?: Naming): void {
    const r = new Reporter(naming ?? { label: `ContainmentResponse "${name}"` }, ContainmentArgsError);
    if (typeof args.clusterName !== "string" || !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
        r.fail({
            path: ["clusterName"],
            value: args.clusterName,
            problem: "is not an EKS cluster name",
            allowed: "use 1 to 100 letters, digits, '-' or '_', starting with a letter or digit",
        });
    }
    const types = args.findingTypes ?? DEFAULT_CONTAINMENT_FINDING_TYPES;
    if (types.length === 0) {
        r.fail(emptyList(["findingTypes"], "list at least one GuardDuty finding type, or turn containment off"));
    }
    types.forEach((t, i) => {
        if (typeof t !== "string" || !POD_FINDING_TYPE.test(t)) {
            r.fail({
                path: ["findingTypes", i],
                value: t,
                problem: "is not allowed",
                allowed:
                    'use a GuardDuty Runtime or Kubernetes finding type such as "Execution:Runtime/ReverseShell" (only those name a pod)',
            });
        }
    });
    const dup = types.findIndex((t, i) => types.indexOf(t) !== i);
    if (dup !== -1)
        r.fail({ path: ["findingTypes", dup], value: types[dup], problem: "is listed twice", allowed: "list each finding type once" });
    const s = args.minSeverity;
    if (
        s !== undefined &&
        (typeof s !== "number" || !Number.isInteger(s) || s < MIN_CONTAINMENT_SEVERITY || s > MAX_CONTAINMENT_SEVERITY)
    ) {
        r.fail({
            path: ["minSeverity"],
            value: s,
            problem: "is not allowed",
            allowed: `use a whole number from ${MIN_CONTAINMENT_SEVERITY} to ${MAX_CONTAINMENT_SEVERITY} (7 = High)`,
        });
    }
    (args.namespaces ?? []).forEach((ns, i) => {
        if (typeof ns !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) {
            r.fail({ path: ["namespaces", i], value: ns, problem: "is not a namespace name", allowed: "use a DNS-1123 label" });
        }
    });
}

/**
 * The function's name: fixed, so its log group and every ARN in its policy are known at preview. The
 * cluster name is unique per stack and account, so two stacks never collide.
 */
export function containmentFunctionName(clusterName: string): string {
    const suffix = "-containment";
    return `${clusterName.slice(0, FUNCTION_NAME_MAX - suffix.length)}${suffix}`;
}

export function containmentQueueName(functionName: string): string {
    return `${functionName}-dlq`;
}

/** Where Lambda writes the function's logs; created by the component (with KMS and a retention) before the function. */
export function containmentLogGroupName(functionName: string): string {
    return `/aws/lambda/${functionName}`;
}

export type EventPattern = Readonly<Record<string, unknown>>;

/** GuardDuty findings of the chosen types, at or above the severity, about this cluster. */
export function containmentEventPattern(clusterName: string, findingTypes: readonly string[], minSeverity: number): EventPattern {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: {
            type: [...findingTypes],
            severity: [{ numeric: [">=", minSeverity] }],
            resource: { eksClusterDetails: { name: [clusterName] } },
        },
    };
}

export interface RolePolicyNames {
    readonly functionName: string;
    readonly alertTopicName: string;
    /** Alias of the key that encrypts the function's environment, logs and DLQ. */
    readonly keyAlias: string;
    /** Alias of the key that encrypts the alert topic. */
    readonly alertsKeyAlias: string;
}

/**
 * The function's permissions, each on one named resource: its own log streams, the alert topic, the
 * two keys by alias, its DLQ. EC2 network-interface actions are what Lambda needs to attach the
 * function to the VPC (AWS defines the Describe actions only on "*"; Create/Delete cannot name a
 * subnet known at preview). No eks:* action: the endpoint and CA come in the environment, and the
 * Kubernetes rights come from RBAC, not IAM.
 */
export function containmentRolePolicy(ctx: AwsContext, n: RolePolicyNames): PolicyDocument {
    const logGroup = containmentLogGroupName(n.functionName);
    const statements: PolicyStatement[] = [
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: arn(ctx, "logs", `log-group:${logGroup}:log-stream:*`),
        },
        { Sid: "PublishToAlertTopic", Effect: "Allow", Action: "sns:Publish", Resource: arn(ctx, "sns", n.alertTopicName) },
        {
            Sid: "SendToOwnDeadLetterQueue",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: arn(ctx, "sqs", containmentQueueName(n.functionName)),
        },
        onKeyByAlias(ctx, n.keyAlias, "UseOwnKey", ["kms:Decrypt", "kms:GenerateDataKey"]),
        onKeyByAlias(ctx, n.alertsKeyAlias, "UseAlertTopicKey", ["kms:Decrypt", "kms:GenerateDataKey"]),
        {
            Sid: "AttachToVpc",
            Effect: "Allow",
            Action: [
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: "*",
        },
    ];
    return policyDocument(statements);
}

/** Rules of the ClusterRole: read and label pods, record events. Nothing else. */
export const CONTAINMENT_RULES = [
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "patch"] },
    { apiGroups: [""], resources: ["events"], verbs: ["create"] },
] as const;

export function containmentClusterRole(labels: Record<string, string>): ClusterRoleManifest {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: CONTAINMENT_ROLE_NAME, labels },
        rules: CONTAINMENT_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
    };
}

/** One RoleBinding per contained namespace: outside them the group can do nothing at all. */
export function containmentRoleBindings(namespaces: readonly string[], labels: Record<string, string>): RoleBindingManifest[] {
    return [...new Set(namespaces)].sort().map((namespace) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: CONTAINMENT_ROLE_NAME, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CONTAINMENT_ROLE_NAME },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: CONTAINMENT_GROUP }],
    }));
}

/** Name of the admission policy (and its binding) that keeps the function's pod patches to metadata. */
export const CONTAINMENT_ADMISSION_POLICY = "secure-baseline-containment-metadata-only";

/**
 * `patch pods` would also let the group change a running container's image (the one spec field a pod
 * update may change besides a few scheduling ones): this policy refuses any pod update by the group
 * that touches the spec, so its rights are labels and annotations in practice.
 */
export function containmentAdmissionPolicy(labels: Record<string, string>): {
    policy: ValidatingAdmissionPolicyManifest;
    binding: ValidatingAdmissionPolicyBindingManifest;
} {
    return {
        policy: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata: { name: CONTAINMENT_ADMISSION_POLICY, labels },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["pods"] }],
                },
                matchConditions: [{ name: "by-containment-function", expression: `'${CONTAINMENT_GROUP}' in request.userInfo.groups` }],
                validations: [
                    {
                        expression: "object.spec == oldObject.spec",
                        message: `the containment function (group ${CONTAINMENT_GROUP}) may change a pod's labels and annotations, never its spec`,
                        reason: "Forbidden",
                    },
                ],
            },
        },
        binding: {
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            metadata: { name: CONTAINMENT_ADMISSION_POLICY, labels },
            spec: { policyName: CONTAINMENT_ADMISSION_POLICY, validationActions: ["Deny"] },
        },
    };
}

export interface EnvironmentPlan {
    readonly clusterName: string;
    readonly endpoint: string;
    readonly certificateAuthority: string;
    readonly alertTopicArn: string;
    readonly findingTypes: readonly string[];
    readonly minSeverity: number;
    readonly quarantineLabel: string;
    readonly namespaces: readonly string[];
    readonly dryRun: boolean;
    readonly dnsSuffix: string;
}

/** The function's environment (names shared with functions/containment/index.ts; a test keeps them equal). */
export function containmentEnvironment(p: EnvironmentPlan): Record<string, string> {
    return {
        CLUSTER_NAME: p.clusterName,
        CLUSTER_ENDPOINT: p.endpoint,
        CLUSTER_CA: p.certificateAuthority,
        ALERT_TOPIC_ARN: p.alertTopicArn,
        FINDING_TYPES: p.findingTypes.join(","),
        MIN_SEVERITY: String(p.minSeverity),
        QUARANTINE_LABEL: p.quarantineLabel,
        NAMESPACES: [...p.namespaces].join(","),
        DRY_RUN: String(p.dryRun),
        DNS_SUFFIX: p.dnsSuffix,
    };
}
