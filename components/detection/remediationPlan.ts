/**
 * Pure DET-8 planning: which DET-3 rules remediate automatically, with which AWS-managed SSM Automation
 * document and parameters, the automation role's trust and permissions, and the retry limit.
 *
 * A rule is here only if its document can neither lock out legitimate use nor destroy data: it removes
 * access the baseline forbids anyway (default security group rules, SSH from anywhere, public bucket
 * access) or turns on a protection with no effect on callers (key rotation). Every other DET-3 rule stays
 * manual; docs/detection.md ("Remediation") says which and why.
 */
import { Reporter, reporter } from "../common/validation";
import { AwsContext, arn, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, PolicyStatement, policyDocument } from "../common/iam";
import { MANAGED_RULES } from "./configPlan";

/** Config hands the non-compliant resource's id to a parameter through this value. */
export const RESOURCE_ID = "RESOURCE_ID";

/** Rules (MANAGED_RULES keys) that remediate automatically; the closed set of opt-out names. */
export const REMEDIABLE_RULES = ["default-sg-closed", "restricted-ssh", "key-rotation", "bucket-public-access-blocked"] as const;
export type RemediableRule = (typeof REMEDIABLE_RULES)[number];

/** One automatic remediation: the rule (by MANAGED_RULES key), the document and what it needs. */
export interface RemediationPlan {
    /** Key of the rule in MANAGED_RULES; also the opt-out name. */
    readonly rule: RemediableRule;
    /** AWS-managed SSM Automation document (owner Amazon). */
    readonly document: string;
    /** The AWS documentation page of the document (parameters and required permissions). */
    readonly docPage: string;
    /** Config resource type the rule reports and the document takes. */
    readonly resourceType: string;
    /** The document parameter that receives the non-compliant resource's id. */
    readonly resourceParameter: string;
    /** Further static parameters (besides AutomationAssumeRole). */
    readonly staticParameters?: Readonly<Record<string, string>>;
    /** IAM actions the document calls, and on which resources (ARN patterns built from the context). */
    readonly actions: readonly string[];
    readonly resources: (ctx: AwsContext) => string[];
    /** Describe* calls take no resource-level permission, so they need Resource "*" (read-only). */
    readonly describeActions?: readonly string[];
}

const RUNBOOKS = "https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide";
const securityGroups = (c: AwsContext) => [arn(c, "ec2", "security-group/*")];

export const REMEDIATIONS: readonly RemediationPlan[] = [
    {
        // NET-2: removes every rule of a VPC's default security group; the document first asserts the group is
        // named "default", so it never touches another group. The baseline's own default groups have no rules.
        rule: "default-sg-closed",
        document: "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules",
        docPage: `${RUNBOOKS}/automation-aws-remove-default-secg-rules.html`,
        resourceType: "AWS::EC2::SecurityGroup",
        resourceParameter: "GroupId",
        actions: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
        resources: securityGroups,
        describeActions: ["ec2:DescribeSecurityGroups"],
    },
    {
        // NET-6: removes only the rules that admit TCP 22 from anywhere. AWS-DisablePublicAccessForSecurityGroup
        // is not used: its page says it fails with InvalidPermission.NotFound in non-default VPCs unless the
        // group has all four 0.0.0.0/0 and ::/0 patterns, which is every VPC this baseline makes.
        rule: "restricted-ssh",
        document: "AWS-DisableIncomingSSHOnPort22",
        docPage: `${RUNBOOKS}/disable-incoming-ssh.html`,
        resourceType: "AWS::EC2::SecurityGroup",
        resourceParameter: "SecurityGroupIds",
        actions: ["ec2:RevokeSecurityGroupIngress"],
        resources: securityGroups,
        describeActions: ["ec2:DescribeSecurityGroups"],
    },
    {
        // KMS-1: turns on yearly rotation; old key material stays usable, so nothing encrypted becomes unreadable.
        rule: "key-rotation",
        document: "AWSConfigRemediation-EnableKeyRotation",
        docPage: `${RUNBOOKS}/automation-aws-enable-key-rotation.html`,
        resourceType: "AWS::KMS::Key",
        resourceParameter: "KeyId",
        actions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus"],
        resources: (c) => [arn(c, "kms", "key/*")],
    },
    {
        // DATA-2: the bucket-level public access block, all four settings on (the document's defaults, written
        // out so a change of default cannot loosen it). Objects and policies stay; only public access ends.
        // The page lists s3:Get/PutAccountPublicAccessBlock, but the call it makes is the bucket-level
        // PutPublicAccessBlock, authorised by s3:GetBucketPublicAccessBlock/s3:PutBucketPublicAccessBlock
        // (the account-level actions would let it change the whole account's setting).
        rule: "bucket-public-access-blocked",
        document: "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
        docPage: `${RUNBOOKS}/automation-aws-block-public-s3-bucket.html`,
        resourceType: "AWS::S3::Bucket",
        resourceParameter: "BucketName",
        staticParameters: { BlockPublicAcls: "true", IgnorePublicAcls: "true", BlockPublicPolicy: "true", RestrictPublicBuckets: "true" },
        actions: ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
        resources: (c) => [`arn:${c.partition}:s3:::*`],
    },
];

/**
 * Retry limit: Config tries a resource at most this many times within retryAttemptSeconds, then leaves it
 * NON_COMPLIANT (and alerted through DET-6) for a human. AWS accepts 1..25 attempts and 1..2678000 seconds.
 */
export const DEFAULT_REMEDIATION_MAX_ATTEMPTS = 3;
export const REMEDIATION_MAX_ATTEMPTS_LIMIT = 25;
export const DEFAULT_REMEDIATION_RETRY_SECONDS = 300;
export const REMEDIATION_RETRY_SECONDS_LIMIT = 2_678_000;
/** SSM rate controls: at most this share of non-compliant resources at once, and stop when this share fails. */
export const REMEDIATION_CONCURRENCY_PERCENT = 10;
export const REMEDIATION_ERROR_PERCENT = 10;

/** The longest region name AWS uses today is 14 characters; leave room. */
const MAX_REGION_LENGTH = 16;
const ROLE_NAME_LIMIT = 64;
const ROLE_ROLE = "remediation";

/**
 * Fixed role name (so its ARN is known at preview and the role can name itself in its PassRole grant),
 * per region because IAM names are account-wide and ThreatDetection is deployed once per region.
 */
export function remediationRoleName(component: string, region: string): string {
    return `${component}-${ROLE_ROLE}-${region}`;
}

export function remediationRoleArn(ctx: AwsContext, component: string): string {
    return arn(ctx, "iam", `role/${remediationRoleName(component, ctx.region)}`, { global: true });
}

/** The plans left after the opt-out, in table order. */
export function plannedRemediations(optOut: readonly string[]): RemediationPlan[] {
    return REMEDIATIONS.filter((r) => !optOut.includes(r.rule));
}

/**
 * Trust: only SSM Automation, only for this account, only from an automation execution in this account and
 * region (confused-deputy protection with both keys, as AWS recommends for Automation roles).
 */
export function remediationTrustPolicy(ctx: AwsContext): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowSsmAutomation",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "ssm") },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": arn(ctx, "ssm", "automation-execution/*") },
            },
        },
    ]);
}

/**
 * The role's permissions: exactly the calls of the planned documents, on this account's and region's
 * resources; reading its own executions; and iam:PassRole on itself only, to SSM only (the Automation
 * service-role setup AWS documents), never on another role.
 */
export function remediationRolePolicy(ctx: AwsContext, component: string, plans: readonly RemediationPlan[]): PolicyDocument {
    const statements: PolicyStatement[] = plans.map((p, i) => ({
        Sid: `Remediate${i}`,
        Effect: "Allow",
        Action: [...p.actions],
        Resource: p.resources(ctx),
    }));
    const describe = [...new Set(plans.flatMap((p) => p.describeActions ?? []))].sort();
    if (describe.length > 0) statements.push({ Sid: "Describe", Effect: "Allow", Action: describe, Resource: "*" });
    statements.push(
        {
            Sid: "ReadOwnExecutions",
            Effect: "Allow",
            Action: "ssm:GetAutomationExecution",
            Resource: arn(ctx, "ssm", "automation-execution/*"),
        },
        {
            Sid: "PassOnlyItselfToSsm",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: remediationRoleArn(ctx, component),
            Condition: { StringEquals: { "iam:PassedToService": servicePrincipal(ctx, "ssm") } },
        },
    );
    return policyDocument(statements);
}

/** The RemediationConfiguration parameters: the role, the resource id, the fixed settings. */
export function remediationParameters(
    plan: RemediationPlan,
    roleArn: string,
): Array<{ name: string; staticValue?: string; resourceValue?: string }> {
    return [
        { name: "AutomationAssumeRole", staticValue: roleArn },
        { name: plan.resourceParameter, resourceValue: RESOURCE_ID },
        ...Object.entries(plan.staticParameters ?? {}).map(([name, staticValue]) => ({ name, staticValue })),
    ];
}

/** Checks the DET-8 arguments before any resource exists; messages name the argument and list what is allowed. */
export function validateRemediationArgs(
    args: {
        readonly remediation: boolean;
        readonly configRules: boolean;
        readonly remediationOptOut: readonly unknown[];
        readonly remediationMaxAttempts: unknown;
        readonly remediationRetrySeconds: unknown;
    },
    r: Reporter = reporter("ThreatDetection"),
): void {
    if (args.remediation && !args.configRules) {
        r.fail({
            path: ["remediation"],
            value: true,
            shown: "",
            problem: `is true but ${r.name("configRules")} is false`,
            allowed: `allowed: ${r.name("remediation")} false, or ${r.name("configRules")} true (remediation acts on the DET-3 rules)`,
        });
    }
    args.remediationOptOut.forEach((rule, i) => {
        if (typeof rule !== "string" || !(REMEDIABLE_RULES as readonly string[]).includes(rule)) {
            r.fail({
                path: ["remediationOptOut", i],
                value: rule,
                problem: "is not a remediated rule",
                allowed: `allowed: ${REMEDIABLE_RULES.join(", ")}`,
            });
        }
    });
    const whole = (key: string, v: unknown, max: number) => {
        if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > max) {
            r.fail({ path: [key], value: v, problem: "is not allowed", allowed: `allowed: a whole number from 1 to ${max}` });
        }
    };
    whole("remediationMaxAttempts", args.remediationMaxAttempts, REMEDIATION_MAX_ATTEMPTS_LIMIT);
    whole("remediationRetrySeconds", args.remediationRetrySeconds, REMEDIATION_RETRY_SECONDS_LIMIT);
}

/** The role's fixed name must fit IAM's 64 characters whatever the region. */
export function validateRemediationRoleName(component: string): void {
    const longest = ROLE_NAME_LIMIT - `-${ROLE_ROLE}-`.length - MAX_REGION_LENGTH;
    if (component.length > longest) {
        // The component's own name is no argument: the path is empty and the message says what it is.
        reporter("ThreatDetection").fail({
            path: [],
            value: component,
            problem: `(the component name) is too long for the remediation role's name (${remediationRoleName(component, "<region>")})`,
            allowed: `allowed: at most ${longest} characters, or remediation false`,
        });
    }
}

/** Remediated rules that are not DET-3 rules, or listed twice (a test keeps this empty). */
export function inconsistentRemediationRules(): string[] {
    const keys = new Set(MANAGED_RULES.map((r) => r.key));
    const planned = REMEDIATIONS.map((r) => r.rule);
    return [
        ...planned.filter((k) => !keys.has(k)),
        ...planned.filter((k, i) => planned.indexOf(k) !== i),
        ...REMEDIABLE_RULES.filter((k) => !planned.includes(k)),
    ];
}
