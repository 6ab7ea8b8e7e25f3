/**
 * NET-4: VPC flow logs for ALL traffic into a CloudWatch log group encrypted with a customer-managed key,
 * with a retention, delivered by a role that can write to that one group and nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, arn, servicePrincipal } from "../common/awsContext";
import { PolicyDocument, policyDocument } from "../common/iam";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { FLOW_LOG_AGGREGATION_SECONDS } from "./constants";

export const FLOW_LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
] as const;

/** Trust: only the flow-logs service, only on behalf of this account, only for this account's flow logs (confused deputy). */
export function flowLogTrustPolicy(ctx: AwsContext): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowVpcFlowLogsAssumeRole",
            Effect: "Allow",
            Principal: { Service: servicePrincipal(ctx, "vpc-flow-logs") },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": arn(ctx, "ec2", "vpc-flow-log/*") },
            },
        },
    ]);
}

/**
 * `/secure-baseline/<stack>/<name>/vpc-flow-logs`: a fixed name (not namePrefix), so the group's ARN and the
 * delivery policy written from it are known at preview. The stack is part of it so two stacks of one
 * account and region with the same component name do not collide.
 */
export function flowLogGroupName(stack: string, name: string): string {
    return `/secure-baseline/${stack}/${name}/vpc-flow-logs`;
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>`, as the provider's `arn` output. */
export function logGroupArn(ctx: AwsContext, groupName: string): string {
    return arn(ctx, "logs", `log-group:${groupName}`);
}

/** Delivery: write and describe the one log group (and its streams); no create-group, no other group. */
export function flowLogDeliveryPolicy(logGroupArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "DeliverToFlowLogGroup",
            Effect: "Allow",
            Action: [...FLOW_LOG_DELIVERY_ACTIONS],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        },
    ]);
}

export interface FlowLogsArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly retentionInDays: number;
    readonly protect: boolean;
    readonly tags: Record<string, string>;
}

export interface FlowLogs {
    readonly key: CustomerManagedKey;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly flowLog: aws.ec2.FlowLog;
}

export function createFlowLogs(name: string, parent: pulumi.Resource, ctx: pulumi.Output<AwsContext>, args: FlowLogsArgs): FlowLogs {
    const key = new CustomerManagedKey(
        childName(name, "flow-logs-key"),
        {
            purpose: "logs",
            services: ["logs"],
            description: `secure-baseline VPC flow logs key for ${name}`,
            protect: args.protect,
            tags: args.tags,
        },
        { parent },
    );

    // A retained group of a destroyed stack with the same name makes the create fail: import it, or
    // delete it deliberately (nothing is lost). Changing the name replaces the (protected) group.
    const groupName = flowLogGroupName(pulumi.getStack(), name);
    const logGroup = new aws.cloudwatch.LogGroup(
        childName(name, "flow-logs"),
        { name: groupName, kmsKeyId: key.arn, retentionInDays: args.retentionInDays, tags: args.tags },
        { parent, protect: args.protect, retainOnDelete: args.protect },
    );

    const role = new aws.iam.Role(
        childName(name, "flow-logs-role"),
        {
            description: `Delivers VPC flow logs of ${name} to its log group`,
            assumeRolePolicy: ctx.apply((c) => JSON.stringify(flowLogTrustPolicy(c))),
            tags: args.tags,
        },
        { parent },
    );

    const policy = new aws.iam.RolePolicy(
        childName(name, "flow-logs-delivery"),
        // From the planned name, not logGroup.arn: AWS assigns the ARN at create, unknown at preview.
        { role: role.id, policy: ctx.apply((c) => JSON.stringify(flowLogDeliveryPolicy(logGroupArn(c, groupName)))) },
        { parent },
    );

    const flowLog = new aws.ec2.FlowLog(
        childName(name, "flow-log"),
        {
            vpcId: args.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: FLOW_LOG_AGGREGATION_SECONDS,
            tags: args.tags,
        },
        // The role needs its policy before the first delivery attempt.
        { parent, dependsOn: [policy] },
    );

    return { key, logGroup, flowLog };
}
