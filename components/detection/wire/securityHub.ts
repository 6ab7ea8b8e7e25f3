import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../common/awsContext";
import { childName } from "../../common/naming";
import { ResolvedDetectionArgs } from "../args";
import { cisStandardArn, fsbpStandardArn } from "../securityHubPlan";

/**
 * DET-5: Security Hub with consolidated control findings and exactly the FSBP and CIS standards
 * (the service's own default set is turned off so the subscriptions here are the whole truth).
 */
export function createSecurityHub(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
): aws.securityhub.Account {
    const account = new aws.securityhub.Account(
        childName(name, "securityhub"),
        { enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true },
        { parent },
    );
    new aws.securityhub.StandardsSubscription(
        childName(name, "securityhub", "fsbp"),
        { standardsArn: ctx.apply((c) => fsbpStandardArn(c)) },
        { parent, dependsOn: [account] },
    );
    new aws.securityhub.StandardsSubscription(
        childName(name, "securityhub", "cis"),
        { standardsArn: ctx.apply((c) => cisStandardArn(c, r.securityHubCisVersion)) },
        { parent, dependsOn: [account] },
    );
    return account;
}
