import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ThreatDetection } from "../../components";
import { validateOrganizationArgs } from "../../components/detection/organizationPlan";
import { MOCK_ACCOUNT_ID } from "../../tools/check/canned";
import { RunResult, runPulumi } from "../support/harness";
import { ADMIN_ACCOUNT, NAME, runDetection, runExpectingError } from "./fixture";

describe("ThreatDetection: organization mode (DET-7)", () => {
    let run: RunResult<ThreatDetection>;
    before(async () => {
        run = await runDetection({ organizationMode: true, delegatedAdminAccountId: ADMIN_ACCOUNT });
    });

    it("DET-7: off by default: no organization resources", async () => {
        const plain = await runDetection();
        assert.equal(plain.resources.filter((r) => /organization|Aggregator|delegatedAdministrator/i.test(r.type)).length, 0);
    });

    it("DET-7: names the delegated administrator for GuardDuty, Security Hub and Config", () => {
        assert.equal(run.one("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount").inputs.adminAccountId, ADMIN_ACCOUNT);
        assert.equal(run.one("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount").inputs.adminAccountId, ADMIN_ACCOUNT);
        const cfg = run.one("aws:organizations/delegatedAdministrator:DelegatedAdministrator");
        assert.deepEqual([cfg.inputs.accountId, cfg.inputs.servicePrincipal], [ADMIN_ACCOUNT, "config.amazonaws.com"]);
    });

    it("DET-7: GuardDuty auto-enables ALL members, with every planned feature and its agent settings", () => {
        const org = run.one("aws:guardduty/organizationConfiguration:OrganizationConfiguration");
        assert.equal(org.inputs.autoEnableOrganizationMembers, "ALL");
        assert.equal(org.inputs.detectorId, `${NAME}-guardduty-id`);
        assert.deepEqual(org.dependsOn, [`aws:guardduty/organizationAdminAccount:OrganizationAdminAccount::${NAME}-org-guardduty-admin`]);
        const features = run.ofType("aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature");
        assert.deepEqual(features.map((f) => [f.inputs.name, f.inputs.autoEnable]).sort(), [
            ["EBS_MALWARE_PROTECTION", "ALL"],
            ["EKS_AUDIT_LOGS", "ALL"],
            ["RUNTIME_MONITORING", "ALL"],
            ["S3_DATA_EVENTS", "ALL"],
        ]);
        const rt = features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!;
        assert.deepEqual(rt.inputs.additionalConfigurations, [
            { name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", autoEnable: "NONE" },
            { name: "EC2_AGENT_MANAGEMENT", autoEnable: "NONE" },
        ]);
    });

    it("DET-7: Security Hub auto-enables members and their default standards", () => {
        const org = run.one("aws:securityhub/organizationConfiguration:OrganizationConfiguration");
        assert.equal(org.inputs.autoEnable, true);
        assert.equal(org.inputs.autoEnableStandards, "DEFAULT");
    });

    it("DET-7: an organization-wide Config aggregator over all regions, on a role with the organizations managed policy", () => {
        const agg = run.one("aws:cfg/configurationAggregator:ConfigurationAggregator");
        assert.deepEqual(agg.inputs.organizationAggregationSource, {
            allRegions: true,
            roleArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${NAME}-org-config-aggregator-role`,
        });
        assert.equal(
            run.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "config-aggregator-role-managed").inputs.policyArn,
            "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations",
        );
    });

    it("DET-7: delegations go through the management-account provider; member settings stay on the component's", async () => {
        const withProvider = await runPulumi(() => {
            const management = new aws.Provider("management", { region: "us-east-1" });
            return new ThreatDetection(NAME, {
                organizationMode: true,
                delegatedAdminAccountId: ADMIN_ACCOUNT,
                managementAccountProvider: management,
            });
        });
        for (const t of [
            "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
            "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
            "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
        ]) {
            assert.equal(withProvider.one(t).hasExplicitProvider, true, t);
        }
        assert.equal(withProvider.one("aws:guardduty/organizationConfiguration:OrganizationConfiguration").hasExplicitProvider, false);
        assert.equal(withProvider.one("aws:cfg/configurationAggregator:ConfigurationAggregator").hasExplicitProvider, false);
    });

    describe("bad input", () => {
        it("DET-7: organization mode without a delegated administrator account id", async () => {
            const r = await runExpectingError(() => new ThreatDetection("x", { organizationMode: true }));
            assert.match(r.message, /organizationMode is on but delegatedAdminAccountId is missing; give the 12-digit id/);
            assert.equal(r.registered, 0);
        });
        it("DET-7: a malformed delegated administrator account id", () => {
            assert.throws(
                () => validateOrganizationArgs(true, "12345"),
                /delegatedAdminAccountId "12345" is not a 12-digit AWS account id/,
            );
            assert.throws(() => validateOrganizationArgs(true, "21098765432x"), /"21098765432x" is not a 12-digit/);
            assert.doesNotThrow(() => validateOrganizationArgs(false, undefined));
        });
    });
});
