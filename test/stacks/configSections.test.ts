import { strict as assert } from "assert";
import { parseConfig, resolveClusterName } from "../../stacks/config";
import { teamGroupName } from "../../components";
import { projectKeys, stackConfig } from "./stackFiles";
import { ADMIN, minimal } from "./support";

describe("stack config sections: cluster, detection, registry, teams, guardrails", () => {
    it("EKS-1/EKS-6/EKS-9 defaults: private endpoint, version 1.35, the component's default node group, no SSM, a year of logs", () => {
        const { cluster } = parseConfig(minimal());
        assert.deepEqual(cluster.publicAccessCidrs, []);
        assert.equal(cluster.kubernetesVersion, "1.35");
        assert.deepEqual(
            cluster.nodeGroups.map((g) => [g.name, g.instanceTypes, g.minSize, g.desiredSize, g.maxSize]),
            [["system", ["m7i.large"], 2, 2, 4]],
        );
        assert.equal(cluster.nodeGroups[0].httpPutResponseHopLimit, undefined);
        assert.equal(cluster.nodeSsmAccess, false);
        assert.equal(cluster.logRetentionDays, 365);
        assert.deepEqual(cluster.adminPrincipalArns, [ADMIN]);
    });

    it("DET defaults equal the component's: every DET-1 feature, severity 7, Security Hub, Config rules, trail, EBS default encryption", () => {
        const { detection } = parseConfig(minimal());
        assert.deepEqual(detection.guardDutyFeatures, ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"]);
        assert.equal(detection.alertSeverityThreshold, 7);
        assert.deepEqual(detection.alertSubscriptions, []);
        assert.equal(detection.securityHub, true);
        assert.equal(detection.configRules, true);
        assert.equal(detection.cloudTrail, true);
        assert.equal(detection.ebsEncryptionByDefault, true);
        assert.equal(detection.organizationMode, false);
        assert.equal(detection.delegatedAdminAccountId, undefined);
        assert.equal(detection.configHomeRegion, undefined);
    });

    it("CTR-1/K8S-6 defaults: enhanced scanning, 14-day untagged expiry; admission denies, only the GuardDuty agent namespace exempt, break-glass group", () => {
        const { registry, guardrails, teams } = parseConfig(minimal());
        assert.deepEqual(registry, { repositories: [], enhancedScanning: true, untaggedImageExpiryDays: 14 });
        assert.equal(guardrails.cluster.auditOnly, false);
        assert.deepEqual(guardrails.cluster.exemptNamespaces, ["amazon-guardduty"]);
        assert.equal(guardrails.cluster.breakGlassGroup, "secure-baseline:break-glass");
        assert.equal(parseConfig(minimal({ breakGlassGroup: "" })).guardrails.cluster.breakGlassGroup, false);
        // EKS-4/K8S-5: nobody is in the break-glass group unless the stack lists principals; they map to the same group.
        const { cluster } = parseConfig(minimal());
        assert.deepEqual(cluster.breakGlassPrincipalArns, []);
        assert.equal(cluster.breakGlassGroup, "secure-baseline:break-glass");
        const ir = parseConfig(
            minimal({ breakGlassPrincipalArns: JSON.stringify(["arn:aws:iam::123456789012:role/ir"]), breakGlassGroup: "ir:break-glass" }),
        ).cluster;
        assert.deepEqual(ir.breakGlassPrincipalArns, ["arn:aws:iam::123456789012:role/ir"]);
        assert.equal(ir.breakGlassGroup, "ir:break-glass");
        assert.equal(parseConfig(minimal({ breakGlassGroup: "" })).cluster.breakGlassGroup, undefined);
        assert.equal(guardrails.podSecurityVersion, "v1.33");
        assert.deepEqual(teams, []);
    });

    it("dev: one example team, SPOT nodes, 90-day logs, Security Hub and enhanced scanning off, a placeholder admin", () => {
        const c = parseConfig(projectKeys(stackConfig("dev")), "dev");
        assert.equal(c.network.clusterName, "secure-baseline-dev");
        assert.deepEqual(c.cluster.adminPrincipalArns, ["arn:aws:iam::123456789012:role/REPLACE-ME-platform-admin"]);
        assert.equal(c.cluster.nodeGroups[0].capacityType, "SPOT");
        assert.equal(c.cluster.logRetentionDays, 90);
        assert.equal(c.detection.securityHub, false);
        assert.equal(c.registry.enhancedScanning, false);
        assert.deepEqual(
            c.teams.map((t) => t.access.name),
            ["example"],
        );
    });

    it("prod: two teams (three namespaces), Security Hub, an alert mailbox, enhanced scanning, a placeholder admin", () => {
        const c = parseConfig(projectKeys(stackConfig("prod")), "prod");
        assert.equal(c.network.clusterName, "secure-baseline-prod");
        assert.deepEqual(
            c.teams.map((t) => [t.access.name, t.namespaces.map((n) => n.namespace)]),
            [
                ["payments", ["payments"]],
                ["search", ["search", "search-batch"]],
            ],
        );
        assert.equal(c.detection.securityHub, true);
        assert.deepEqual(c.detection.alertSubscriptions, [{ protocol: "email", endpoint: "REPLACE-ME-security-alerts@example.com" }]);
        assert.equal(c.registry.enhancedScanning, true);
        assert.match(c.cluster.adminPrincipalArns[0], /REPLACE-ME/);
    });

    it("K8S-5/EKS-4: a team's namespace RoleBindings use teamGroupName, the same function SecureCluster gives its access entries", () => {
        const { teams } = parseConfig(minimal({ teams: [{ name: "web", viewers: [ADMIN.replace("platform-admin", "web-viewer")] }] }));
        assert.deepEqual(teams[0].namespaces[0].groups, { view: [teamGroupName("web", "view")], edit: [teamGroupName("web", "edit")] });
        assert.deepEqual(teams[0].access.namespaces, ["web"], "a team without namespaces gets one named after it");
        assert.equal(teams[0].namespaces[0].editCanAccessSecrets, false);
        assert.equal(teams[0].namespaces[0].podSecurityVersion, "v1.33");
    });

    it("an empty clusterName derives a valid EKS name from the stack, so two stacks in one account never collide", () => {
        assert.equal(resolveClusterName(undefined, "prod"), "secure-baseline-prod");
        assert.equal(resolveClusterName(undefined, "team.a"), "secure-baseline-team-a");
        assert.equal(resolveClusterName("shared-eks", "prod"), "shared-eks");
        assert.equal(parseConfig(minimal({ clusterName: "" }), "qa").cluster.clusterName, "secure-baseline-qa");
    });

    it("accepts structured values as the engine passes them (JSON text) and quantities written as YAML numbers", () => {
        const c = parseConfig({
            adminPrincipalArns: JSON.stringify([ADMIN]),
            teams: JSON.stringify([{ name: "web", quota: { requestsCpu: 2, limitsCpu: 4 } }]),
            nodeGroups: JSON.stringify([
                { name: "workers", instanceTypes: ["m7g.large"], amiType: "BOTTLEROCKET_ARM_64", minSize: 1, desiredSize: 1, maxSize: 2 },
            ]),
            alertSeverityThreshold: "4",
            alertHttpsEndpoints: JSON.stringify(["https://hooks.example.com/alerts"]),
        });
        assert.deepEqual(c.teams[0].namespaces[0].quota, { requestsCpu: "2", limitsCpu: "4" });
        assert.equal(c.cluster.nodeGroups[0].amiType, "BOTTLEROCKET_ARM_64");
        assert.equal(c.detection.alertSeverityThreshold, 4);
        assert.deepEqual(c.detection.alertSubscriptions, [{ protocol: "https", endpoint: "https://hooks.example.com/alerts" }]);
    });
});
