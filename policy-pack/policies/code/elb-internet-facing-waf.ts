import type * as aws from "@pulumi/aws";
import { Data, readerFor, stackPolicy } from "../../lib";

const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const lb = readerFor<aws.lb.LoadBalancerArgs>();

/** CODE-3: an internet-facing application load balancer sits behind a WAF web ACL made in the same stack. */
export const elbInternetFacingWaf = stackPolicy({
    name: "elb-internet-facing-waf",
    control: "CODE-3",
    severity: "high",
    layer: "code",
    description:
        "An internet-facing application load balancer must be associated with an AWS WAF web ACL in the same stack (an aws.wafv2.WebAclAssociation whose resourceArn comes from it).",
    references: [{ framework: "FSBP", id: "ELB.16" }],
    remediation:
        "associate the load balancer with a web ACL holding the AWS managed rule groups and a rate limit (EdgeProtection.associate, or an aws.wafv2.WebAclAssociation with resourceArn: lb.arn), or make it internal: true",
    subjectTypes: LOAD_BALANCERS,
    alsoJudges: [ASSOCIATION],
    check: (subject, stack, ctx) => {
        const type: Data = lb(subject.props, "loadBalancerType");
        const internal: Data = lb(subject.props, "internal");
        if (ctx.isUnknown(type, "loadBalancerType") || ctx.isUnknown(internal, "internal")) return;
        // Only application load balancers take a web ACL; unset means application.
        if (type !== undefined && type !== "application") return;
        if (internal === true || internal === "true") return;
        // Linked by property dependency: the load balancer's ARN is unknown at preview.
        const associations = stack.linkedTo(subject, [ASSOCIATION], "resourceArn");
        if (associations.length === 0) {
            ctx.violation(
                `load balancer "${subject.name}" is internet-facing (internal ${internal === undefined ? "unset, default false" : JSON.stringify(internal)}) and no aws.wafv2.WebAclAssociation in this stack takes its ARN`,
            );
        }
    },
});
