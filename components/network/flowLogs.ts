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

export const FLOW_LOG_DELIVERY_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"] as const;

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
        { purpose: "logs", services: ["logs"], description: `secure-baseline VPC flow logs key for ${name}`, protect: args.protect, tags: args.tags },
        { parent },
    );

    // namePrefix: a retained group from a destroyed stack never blocks a new one.
    const logGroup = new aws.cloudwatch.LogGroup(
        childName(name, "flow-logs"),
        { namePrefix: `/secure-baseline/${name}/vpc-flow-logs-`, kmsKeyId: key.arn, retentionInDays: args.retentionInDays, tags: args.tags },
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
        { role: role.id, policy: logGroup.arn.apply((groupArn) => JSON.stringify(flowLogDeliveryPolicy(groupArn))) },
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
