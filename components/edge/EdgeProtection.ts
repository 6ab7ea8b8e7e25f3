import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey } from "../common/kms";
import { DEFAULT_LOG_RETENTION_DAYS, LogRetentionDays } from "../common/logs";
import { childName } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import { awsContext } from "../common/awsContext";
import {
    DEFAULT_RATE_LIMIT,
    DEFAULT_RATE_WINDOW_SECONDS,
    RateWindowSeconds,
    WAF_LOG_GROUP_PREFIX,
    validateEdgeArgs,
    webAclArnPrefix,
    webAclName,
    webAclRules,
} from "./plan";

export const EDGE_PROTECTION_TYPE = "secure-baseline:edge:EdgeProtection";

export interface EdgeProtectionArgs {
    /**
     * Application load balancers to put behind the web ACL now. Load balancers made later (by
     * the AWS Load Balancer Controller for an Ingress) join it through the controller's
     * `alb.ingress.kubernetes.io/wafv2-acl-arn` annotation naming `webAclArn`, or through `associate()`.
     * @default []
     */
    readonly loadBalancerArns?: readonly pulumi.Input<string>[];
    /** Requests per source IP per window before the rate-based rule blocks it. @default 2000 */
    readonly rateLimit?: number;
    /** The rate-based rule's evaluation window in seconds (60, 120, 300 or 600). @default 300 */
    readonly rateWindowSeconds?: RateWindowSeconds;
    /** AWS managed rule groups to add after the baseline's three (e.g. AWSManagedRulesSQLiRuleSet). @default [] */
    readonly additionalManagedRuleGroups?: readonly string[];
    /** Retention of the WAF log group in days; one of CloudWatch Logs' values. @default 365 */
    readonly logRetentionDays?: LogRetentionDays;
    /**
     * Shield Advanced for every load balancer given here. Off by default: it is a one-year
     * subscription with a monthly fee per organization, and the account must subscribe first.
     * @default false
     */
    readonly shieldAdvanced?: boolean;
    /** Protects the key and the log group from `pulumi destroy`. @default true */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/**
 * CODE-3: a regional AWS WAF web ACL for internet-facing application load balancers, with
 * the AWS managed rule groups (common, known bad inputs, IP reputation) and a per-IP rate
 * limit, logging every request it sees to a KMS-encrypted log group with a retention.
 */
export class EdgeProtection extends pulumi.ComponentResource {
    public readonly webAclArn: pulumi.Output<string>;
    /** The ACL's ARN without its generated id, known at preview (what ClusterGuardrails' `edge` takes). */
    public readonly webAclArnPrefix: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    private readonly baseName: string;
    private readonly shieldAdvanced: boolean;
    private readonly tags: Tags | undefined;

    constructor(name: string, args: EdgeProtectionArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateEdgeArgs(name, args);
        super(EDGE_PROTECTION_TYPE, name, {}, opts);
        const protect = args.protect ?? true;
        this.baseName = name;
        this.shieldAdvanced = args.shieldAdvanced ?? false;
        this.tags = args.tags;
        const tags = baselineTags(EDGE_PROTECTION_TYPE, args.tags);

        const key = new CustomerManagedKey(
            childName(name, "waf-logs-key"),
            { purpose: "logs", services: ["logs"], description: `secure-baseline WAF logs key for ${name}`, protect, tags: args.tags },
            { parent: this },
        );
        // The name is fixed (not auto-named) because WAF accepts only groups named aws-waf-logs-*.
        const logGroup = new aws.cloudwatch.LogGroup(
            childName(name, "waf-logs"),
            {
                name: `${WAF_LOG_GROUP_PREFIX}${name}`,
                kmsKeyId: key.arn,
                retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
                tags,
            },
            { parent: this, protect, retainOnDelete: protect },
        );

        const metricPrefix = childName(name, "waf");
        const acl = new aws.wafv2.WebAcl(
            childName(name, "web-acl"),
            {
                // Fixed, so the ARN prefix is known at preview (renaming replaces the ACL).
                name: webAclName(name),
                scope: "REGIONAL",
                description: `secure-baseline edge protection (${name}): AWS managed rules and a per-IP rate limit`,
                defaultAction: { allow: {} },
                rules: webAclRules({
                    metricPrefix,
                    rateLimit: args.rateLimit ?? DEFAULT_RATE_LIMIT,
                    rateWindowSeconds: args.rateWindowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS,
                    additionalManagedRuleGroups: args.additionalManagedRuleGroups ?? [],
                }),
                visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricPrefix },
                tags,
            },
            { parent: this },
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            childName(name, "waf-logging"),
            { resourceArn: acl.arn, logDestinationConfigs: [logGroup.arn] },
            { parent: this },
        );

        this.webAclArn = acl.arn;
        this.webAclArnPrefix = awsContext(this).apply((c) => webAclArnPrefix(c, name));
        this.logGroupName = logGroup.name;
        (args.loadBalancerArns ?? []).forEach((lb, i) => this.associate(`lb-${i}`, lb));
        this.registerOutputs({ webAclArn: this.webAclArn, webAclArnPrefix: this.webAclArnPrefix, logGroupName: this.logGroupName });
    }

    /** Puts one more application load balancer behind the web ACL (and Shield Advanced when on). */
    public associate(role: string, loadBalancerArn: pulumi.Input<string>): aws.wafv2.WebAclAssociation {
        const name = childName(this.baseName, role);
        const association = new aws.wafv2.WebAclAssociation(
            `${name}-waf`,
            { resourceArn: loadBalancerArn, webAclArn: this.webAclArn },
            { parent: this },
        );
        if (this.shieldAdvanced) {
            new aws.shield.Protection(
                `${name}-shield`,
                { name, resourceArn: loadBalancerArn, tags: baselineTags(EDGE_PROTECTION_TYPE, this.tags) },
                { parent: this },
            );
        }
        return association;
    }
}
