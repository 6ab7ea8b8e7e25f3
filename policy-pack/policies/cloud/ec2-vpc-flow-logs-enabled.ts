import type * as aws from "@pulumi/aws";
import { readerFor, stackPolicy } from "../../lib";

const read = readerFor<aws.ec2.FlowLogArgs>();

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/** NET-4: every VPC has a flow log capturing ALL traffic. */
export const ec2VpcFlowLogsEnabled = stackPolicy({
    name: "ec2-vpc-flow-logs-enabled",
    control: "NET-4",
    severity: "high",
    layer: "cloud",
    description: "Every VPC must have a flow log with trafficType ALL whose vpcId is computed from that VPC.",
    references: [{ framework: "FSBP", id: "EC2.6" }],
    remediation: 'add an aws.ec2.FlowLog with vpcId: vpc.id and trafficType: "ALL" delivering to a KMS-encrypted log group with retention',
    subjectTypes: [VPC],
    alsoJudges: [FLOW_LOG],
    check: (vpc, stack, ctx) => {
        // Linked by property dependency: a new VPC's id is unknown at preview, but the
        // engine records that the flow log's vpcId was computed from it.
        const logs = stack.linkedTo(vpc, [FLOW_LOG], "vpcId");
        if (logs.length === 0) {
            ctx.violation(`VPC "${vpc.name}" has no flow log (no aws.ec2.FlowLog whose vpcId comes from it)`);
            return;
        }
        if (logs.some((log) => read(log.props, "trafficType") === "ALL")) {
            return;
        }
        let undecided = false;
        for (const log of logs) {
            if (ctx.isUnknown(read(log.props, "trafficType"), `${log.name}.trafficType`)) {
                undecided = true;
            }
        }
        if (!undecided) {
            ctx.violation(
                `VPC "${vpc.name}" has flow logs (${logs.map((l) => `"${l.name}"`).join(", ")}) but none with trafficType ALL`,
                'set trafficType: "ALL" on the VPC\'s flow log so rejected and accepted traffic are both recorded',
            );
        }
    },
});
