import type * as aws from "@pulumi/aws";
import { CheckContext, Data, ResourceView, asArray, asBoolean, readerFor, resourcePolicy } from "../../lib";
import { TRUSTED_ACCOUNTS_CONFIG } from "../shared/resource-policy";

const SERVICE = "aws:ec2/vpcEndpointService:VpcEndpointService";
const ALLOWED = "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple";
const service = readerFor<aws.ec2.VpcEndpointServiceArgs>();
const allowed = readerFor<aws.ec2.VpcEndpointServiceAllowedPrincipleArgs>();

/** The account an allowed-principal ARN names, or why it names no single account. */
function accountOf(arn: string): { account: string } | { wide: string } {
    const v = arn.trim();
    if (v === "*" || /[*?]/.test(v)) return { wide: "a wildcard (any AWS account may connect)" };
    const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(v);
    return m ? { account: m[1] } : { wide: "not an IAM principal ARN of one account" };
}

function judgePrincipal(r: ResourceView, value: Data, path: string, ctx: CheckContext): void {
    if (ctx.isUnknown(value, path)) return;
    if (typeof value !== "string") {
        ctx.violation(
            `endpoint service "${r.name}" allows a principal that cannot be read (${path} ${JSON.stringify(value ?? null).slice(0, 30)})`,
        );
        return;
    }
    const read = accountOf(value);
    if ("wide" in read) {
        ctx.violation(`endpoint service "${r.name}" allows ${JSON.stringify(value.slice(0, 80))}: ${read.wide} (${path})`);
        return;
    }
    const trusted = ctx.configStrings("trustedAccountIds");
    if (trusted.length === 0) {
        ctx.note(
            `endpoint service "${r.name}" allows account ${read.account}, which cannot be judged because trustedAccountIds is empty; set it in the config of ec2-vpc-endpoint-service-restricted`,
        );
    } else if (!trusted.includes(read.account)) {
        ctx.violation(`endpoint service "${r.name}" allows account ${read.account}, outside trustedAccountIds (${path})`);
    }
}

/**
 * IAM-1 (scoped to an account or an organisation, for PrivateLink): who may connect to a
 * service the program offers is its allowed principals, from the service's own list and
 * from VpcEndpointServiceAllowedPrinciple resources alike. A wildcard lets any AWS account
 * create an endpoint to it; a principal of an account outside trustedAccountIds reaches
 * into the VPC's load balancers. A service must also require acceptance of each connection.
 */
export const ec2VpcEndpointServiceRestricted = resourcePolicy({
    name: "ec2-vpc-endpoint-service-restricted",
    control: "IAM-1",
    severity: "high",
    layer: "cloud",
    description:
        "VPC endpoint services (PrivateLink) must require acceptance and allow only principals of accounts in trustedAccountIds, never a wildcard, in allowedPrincipals or a VpcEndpointServiceAllowedPrinciple.",
    references: [],
    remediation:
        "allow named principals (arn:aws:iam::<trusted account>:root or a role) of accounts listed in trustedAccountIds, and set acceptanceRequired: true",
    config: TRUSTED_ACCOUNTS_CONFIG,
    resourceTypes: [SERVICE, ALLOWED],
    check: (r, ctx) => {
        if (r.type === ALLOWED) {
            judgePrincipal(r, allowed(r.props, "principalArn"), "principalArn", ctx);
            return;
        }
        const acceptance = service(r.props, "acceptanceRequired");
        if (!ctx.isUnknown(acceptance, "acceptanceRequired") && asBoolean(acceptance) !== true) {
            ctx.violation(
                `endpoint service "${r.name}" accepts every connection request without review (acceptanceRequired ${JSON.stringify(acceptance ?? null).slice(0, 20)})`,
                "set acceptanceRequired: true",
            );
        }
        const principals = service(r.props, "allowedPrincipals");
        if (ctx.isUnknown(principals, "allowedPrincipals") || principals === undefined || principals === null) return;
        if (!Array.isArray(principals)) {
            ctx.violation(
                `endpoint service "${r.name}" has allowedPrincipals that is not a list (${JSON.stringify(principals).slice(0, 30)})`,
            );
            return;
        }
        asArray(principals).forEach((_, i) => judgePrincipal(r, service(r.props, "allowedPrincipals", i), `allowedPrincipals.${i}`, ctx));
    },
});
