import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a component is deployed: needed to write ARNs and service principals without literals. */
export interface AwsContext {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
    /** DNS suffix of the partition, e.g. `amazonaws.com`. */
    readonly dnsSuffix: string;
}

/**
 * Reads partition, account and region through the parent's provider (so a
 * component given a provider for another region or account sees that one).
 */
export function awsContext(parent: pulumi.Resource): pulumi.Output<AwsContext> {
    const opts: pulumi.InvokeOutputOptions = { parent };
    return pulumi
        .all([aws.getPartitionOutput({}, opts), aws.getCallerIdentityOutput({}, opts), aws.getRegionOutput({}, opts)])
        .apply(([partition, identity, region]) => ({
            partition: partition.partition,
            dnsSuffix: partition.dnsSuffix,
            accountId: identity.accountId,
            region: region.region,
        }));
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass "" for region or account where the ARN has none. */
export function arn(ctx: AwsContext, service: string, resource: string, opts: { global?: boolean } = {}): string {
    const region = opts.global ? "" : ctx.region;
    return `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;
}

/** The account root principal, `arn:<partition>:iam::<account>:root`. */
export function accountRootArn(ctx: AwsContext): string {
    return arn(ctx, "iam", "root", { global: true });
}

/** A regional service principal such as `logs.<region>.amazonaws.com`. */
export function servicePrincipal(ctx: AwsContext, service: string, opts: { regional?: boolean } = {}): string {
    return opts.regional ? `${service}.${ctx.region}.${ctx.dnsSuffix}` : `${service}.${ctx.dnsSuffix}`;
}
