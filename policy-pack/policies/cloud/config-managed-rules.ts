import type * as aws from "@pulumi/aws";
import { asString, isUnknown, readerFor, stackPolicy } from "../../lib";
import type { Data } from "../../lib";

const ruleRead = readerFor<aws.cfg.RuleArgs>();
const orgRuleRead = readerFor<aws.cfg.OrganizationManagedRuleArgs>();

const RULE = "aws:cfg/rule:Rule";
const ORG_RULE = "aws:cfg/organizationManagedRule:OrganizationManagedRule";

/**
 * The AWS managed rules that watch this baseline's controls after creation (DET-3):
 * EKS-1, EKS-2, EKS-3, NET-2, NET-4, NET-6, KMS-1, EKS-6, DATA-1, DATA-2. The same list
 * the ThreatDetection component creates (components/detection/configPlan.ts).
 */
export const BASELINE_MANAGED_RULES: readonly string[] = [
    "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
    "EKS_SECRETS_ENCRYPTED",
    "EKS_CLUSTER_LOGGING_ENABLED",
    "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
    "VPC_FLOW_LOGS_ENABLED",
    "INCOMING_SSH_DISABLED",
    "CMK_BACKING_KEY_ROTATION_ENABLED",
    "EC2_IMDSV2_CHECK",
    "EC2_EBS_ENCRYPTION_BY_DEFAULT",
    "S3_BUCKET_SSL_REQUESTS_ONLY",
    "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
];

/**
 * DET-3 over the stack: a stack that records with AWS Config also evaluates the managed
 * rules for the baseline's controls, so drift after creation (a security group opened by
 * hand, a key whose rotation was turned off) is found. Rules count when they are AWS-owned
 * (`source.owner: AWS`) `aws.cfg.Rule`s or organization managed rules in the same stack.
 * Advisory by default (it is about detection coverage, not an insecure resource); raise it
 * to mandatory, or narrow `requiredRules`, in the pack config.
 * No tags on this type: exempt a recorder with the pack config's `exclude` key.
 */
export const configManagedRules = stackPolicy({
    name: "config-managed-rules",
    control: "DET-3",
    severity: "medium",
    layer: "cloud",
    description:
        "A stack with an AWS Config recorder must also create the AWS managed Config rules for the baseline's controls (requiredRules).",
    references: [{ framework: "FSBP", id: "Config.1" }],
    remediation:
        'add an aws.cfg.Rule with source: { owner: "AWS", sourceIdentifier: <rule> } (dependsOn the recorder) for each missing rule, or use the ThreatDetection component, which creates them all',
    config: {
        requiredRules: {
            type: "array",
            items: { type: "string" },
            default: [...BASELINE_MANAGED_RULES],
            description: "AWS managed rule identifiers the stack must create beside its Config recorder.",
        },
    },
    subjectTypes: ["aws:cfg/recorder:Recorder"],
    alsoJudges: [RULE, ORG_RULE],
    check: (recorder, stack, ctx) => {
        const present = new Set<string>();
        // Values unknown at preview that could be a missing rule: reported only if a rule is missing.
        const unknowns: { readonly value: Data; readonly path: string }[] = [];
        for (const r of stack.resources) {
            let id: Data;
            let path: string;
            if (r.type === RULE) {
                const owner = ruleRead(r.props, "source", "owner");
                if (isUnknown(owner)) {
                    unknowns.push({ value: owner, path: `${r.name}.source.owner` });
                    continue;
                }
                if (asString(owner) !== "AWS") continue;
                id = ruleRead(r.props, "source", "sourceIdentifier");
                path = `${r.name}.source.sourceIdentifier`;
            } else if (r.type === ORG_RULE) {
                id = orgRuleRead(r.props, "ruleIdentifier");
                path = `${r.name}.ruleIdentifier`;
            } else {
                continue;
            }
            const value = asString(id);
            if (value !== undefined) {
                present.add(value);
            } else if (isUnknown(id)) {
                unknowns.push({ value: id, path });
            }
        }
        const missing = ctx.configStrings("requiredRules").filter((rule) => !present.has(rule));
        if (missing.length === 0) {
            return;
        }
        if (unknowns.length > 0) {
            for (const u of unknowns) ctx.isUnknown(u.value, u.path);
            return;
        }
        ctx.violation(
            `Config recorder "${recorder.name}" has no AWS managed rule ${missing.join(", ")} in this stack, so drift from those controls after creation is not detected`,
        );
    },
});
