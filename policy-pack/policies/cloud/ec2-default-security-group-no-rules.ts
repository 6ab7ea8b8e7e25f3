import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.ec2.DefaultSecurityGroupArgs>();

/** NET-2: the VPC's default security group is adopted and left with no rules. */
export const ec2DefaultSecurityGroupNoRules = resourcePolicy({
    name: "ec2-default-security-group-no-rules",
    control: "NET-2",
    severity: "high",
    layer: "cloud",
    description: "The adopted default security group of a VPC must have no ingress and no egress rules.",
    references: [{ framework: "FSBP", id: "EC2.2" }],
    remediation: "declare aws.ec2.DefaultSecurityGroup with ingress: [] and egress: [] and put workloads in their own security groups",
    resourceTypes: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    check: (sg, ctx) => {
        for (const direction of ["ingress", "egress"] as const) {
            const rules = read(sg.props, direction);
            if (ctx.isUnknown(rules, direction)) {
                continue;
            }
            if (Array.isArray(rules) && rules.length > 0) {
                ctx.violation(
                    `default security group "${sg.name}" has ${rules.length} ${direction} rule(s); resources that fall back to it would get them`,
                );
            }
        }
    },
});
