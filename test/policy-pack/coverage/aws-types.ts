/**
 * The resource type tokens of the installed @pulumi/aws SDK for the services in scope
 * (issue 12): read from the SDK's own modules (each resource class declares
 * `__pulumiType = '<token>'`), so a provider upgrade that adds a type shows up here.
 */
import * as fs from "fs";
import * as path from "path";

/** SDK modules in scope. EC2 and VPC include EBS; ELB/ELBv2 include the lb and alb modules. */
export const AWS_SCOPE_MODULES = [
    "ec2",
    "vpc",
    "ebs",
    "eks",
    "ecr",
    "iam",
    "kms",
    "s3",
    "elb",
    "lb",
    "alb",
    "cloudwatch",
    "guardduty",
    "cfg",
    "cloudtrail",
    "sns",
    "sqs",
    "secretsmanager",
    "wafv2",
];

/** The cloudwatch module mixes metrics and events with CloudWatch Logs: only the Logs types are in scope. */
function inScope(token: string): boolean {
    if (!token.startsWith("aws:cloudwatch/")) return true;
    const name = token.slice(token.lastIndexOf(":") + 1);
    return name.startsWith("Log") || name === "QueryDefinition";
}

export function awsScopeTypes(): string[] {
    const root = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const out = new Set<string>();
    for (const mod of AWS_SCOPE_MODULES) {
        for (const file of fs.readdirSync(path.join(root, mod))) {
            if (!file.endsWith(".js")) continue;
            const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(root, mod, file), "utf8"));
            if (m && inScope(m[1])) out.add(m[1]);
        }
    }
    return [...out].sort();
}
