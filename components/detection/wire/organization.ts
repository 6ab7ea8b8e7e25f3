import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, servicePrincipal } from "../../common/awsContext";
import { serviceTrustPolicy } from "../../common/iam";
import { childName } from "../../common/naming";
import { ResolvedDetectionArgs } from "../args";
import { CONFIG_ORG_AGGREGATOR_MANAGED_POLICY, awsManagedPolicyArn } from "../configPlan";
import { PlannedFeature } from "../guardDutyPlan";

export interface OrganizationInputs {
    readonly detector: aws.guardduty.Detector;
    readonly features: readonly PlannedFeature[];
    readonly securityHubAccount?: aws.securityhub.Account;
    readonly managementAccountProvider?: pulumi.ProviderResource;
}

/**
 * DET-7. Two accounts are involved:
 * - the management account names the delegated administrator (GuardDuty, Security Hub, Config): these
 *   resources use `managementAccountProvider`;
 * - the delegated administrator (where this component runs) auto-enables members and aggregates Config.
 */
export function createOrganization(
    name: string,
    parent: pulumi.Resource,
    ctx: pulumi.Output<AwsContext>,
    r: ResolvedDetectionArgs,
    input: OrganizationInputs,
    tags: Record<string, string>,
): void {
    const adminAccountId = r.delegatedAdminAccountId!;
    const mgmt = { parent, provider: input.managementAccountProvider };

    const gdAdmin = new aws.guardduty.OrganizationAdminAccount(childName(name, "org", "guardduty-admin"), { adminAccountId }, mgmt);
    const configAdmin = new aws.organizations.DelegatedAdministrator(
        childName(name, "org", "config-admin"),
        { accountId: adminAccountId, servicePrincipal: ctx.apply((c) => servicePrincipal(c, "config")) },
        mgmt,
    );

    const gdOrg = new aws.guardduty.OrganizationConfiguration(
        childName(name, "org", "guardduty"),
        { detectorId: input.detector.id, autoEnableOrganizationMembers: "ALL" },
        { parent, dependsOn: [gdAdmin] },
    );
    for (const f of input.features) {
        new aws.guardduty.OrganizationConfigurationFeature(
            childName(name, "org", "guardduty", f.name.toLowerCase().replace(/_/g, "-")),
            {
                detectorId: input.detector.id,
                name: f.name,
                autoEnable: "ALL",
                additionalConfigurations: f.additionalConfigurations.map((c) => ({
                    name: c.name,
                    autoEnable: c.status === "ENABLED" ? "ALL" : "NONE",
                })),
            },
            { parent, dependsOn: [gdOrg] },
        );
    }

    if (input.securityHubAccount) {
        const shAdmin = new aws.securityhub.OrganizationAdminAccount(
            childName(name, "org", "securityhub-admin"),
            { adminAccountId },
            { ...mgmt, dependsOn: [input.securityHubAccount] },
        );
        new aws.securityhub.OrganizationConfiguration(
            childName(name, "org", "securityhub"),
            { autoEnable: true, autoEnableStandards: "DEFAULT" },
            { parent, dependsOn: [shAdmin, input.securityHubAccount] },
        );
    }

    const role = new aws.iam.Role(
        childName(name, "org", "config-aggregator-role"),
        { assumeRolePolicy: ctx.apply((c) => JSON.stringify(serviceTrustPolicy(servicePrincipal(c, "config"), c.accountId))), tags },
        { parent },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
        childName(name, "org", "config-aggregator-role-managed"),
        { role: role.name, policyArn: ctx.apply((c) => awsManagedPolicyArn(c.partition, CONFIG_ORG_AGGREGATOR_MANAGED_POLICY)) },
        { parent },
    );
    new aws.cfg.ConfigurationAggregator(
        childName(name, "org", "config-aggregator"),
        { organizationAggregationSource: { allRegions: true, roleArn: role.arn }, tags },
        { parent, dependsOn: [attachment, configAdmin] },
    );
}
