import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, servicePrincipal } from "../../common/awsContext";
import { serviceTrustPolicy } from "../../common/iam";
import { childName } from "../../common/naming";
import { CONTROL_TAG } from "../../common/tags";
import { SecureBucket } from "../../storage";
import { ResolvedDetectionArgs } from "../args";
import {
    CONFIG_KEY_PREFIX,
    CONFIG_ROLE_MANAGED_POLICY,
    MANAGED_RULES,
    awsManagedPolicyArn,
    configDeliveryPolicy,
    recordingGroup,
} from "../configPlan";

export interface ConfigResources {
    readonly recorder: aws.cfg.Recorder;
    readonly recorderStatus: aws.cfg.RecorderStatus;
    /** The DET-3 rules by MANAGED_RULES key (empty when configRules is false). */
    readonly rules: ReadonlyMap<string, aws.cfg.Rule>;
}

/**
 * DET-2: role, recorder, delivery channel to the audit bucket, recorder status; DET-3: managed rules.
 * Order matters to the Config API: recorder → delivery channel → status (enabled) → rules.
 */
export function createConfig(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    bucket: SecureBucket,
    key: { readonly arn: pulumi.Output<string>; readonly aliasName: pulumi.Output<string> },
    tags: Record<string, string>,
): ConfigResources {
    const keyArn = key.arn;
    const role = new aws.iam.Role(
        childName(name, "config-role"),
        { assumeRolePolicy: ctx.apply((c) => JSON.stringify(serviceTrustPolicy(servicePrincipal(c, "config"), c.accountId))), tags },
        { parent },
    );
    const managed = new aws.iam.RolePolicyAttachment(
        childName(name, "config-role-managed"),
        { role: role.name, policyArn: ctx.apply((c) => awsManagedPolicyArn(c.partition, CONFIG_ROLE_MANAGED_POLICY)) },
        { parent },
    );
    const delivery = new aws.iam.RolePolicy(
        childName(name, "config-role-delivery"),
        {
            role: role.name,
            policy: pulumi
                .all([ctx, bucket.arn, key.aliasName])
                .apply(([c, b, alias]) => JSON.stringify(configDeliveryPolicy(c, b, alias))),
        },
        { parent },
    );

    const recorder = new aws.cfg.Recorder(
        childName(name, "config-recorder"),
        { roleArn: role.arn, recordingGroup: ctx.apply((c) => recordingGroup(c.region, r.configHomeRegion ?? c.region)) },
        { parent, dependsOn: [managed, delivery] },
    );
    const channel = new aws.cfg.DeliveryChannel(
        childName(name, "config-delivery"),
        {
            s3BucketName: bucket.bucketName,
            s3KeyPrefix: CONFIG_KEY_PREFIX,
            s3KmsKeyArn: keyArn,
            snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        },
        { parent, dependsOn: [recorder, bucket.policy] },
    );
    const recorderStatus = new aws.cfg.RecorderStatus(
        childName(name, "config-recorder-status"),
        { name: recorder.name, isEnabled: true },
        { parent, dependsOn: [channel] },
    );

    const rules = new Map<string, aws.cfg.Rule>();
    if (r.configRules) {
        for (const rule of MANAGED_RULES) {
            const created = new aws.cfg.Rule(
                childName(name, "config-rule", rule.key),
                {
                    description: rule.description,
                    source: { owner: "AWS", sourceIdentifier: rule.sourceIdentifier },
                    inputParameters: rule.inputParameters ? JSON.stringify(rule.inputParameters) : undefined,
                    tags: { ...tags, [CONTROL_TAG]: rule.controlId },
                },
                { parent, dependsOn: [recorder] },
            );
            rules.set(rule.key, created);
        }
    }
    return { recorder, recorderStatus, rules };
}
