import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigKey, REQUIRED_KEYS, STRUCTURED_KEYS, parseConfig, resolveClusterName } from "../../stacks/config";
import { teamGroupName } from "../../components";
import { ROOT, projectKeys, stackConfig } from "./stackFiles";
import { ADMIN, minimal, throwsWith } from "./support";

interface ProjectConfigEntry {
    type: "string" | "integer" | "boolean" | "array";
    default?: unknown;
    description?: string;
    items?: { type: string };
}

const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
    name: string;
    runtime: string;
    main: string;
    stackConfigDir: string;
    config: Record<string, ProjectConfigEntry>;
};

describe("stack config (stacks/config.ts, Pulumi.yaml)", () => {
    it("Pulumi.yaml names the project, points main at the program in stacks/ and keeps stack files there", () => {
        assert.equal(project.name, "secure-baseline");
        assert.equal(project.runtime, "nodejs");
        assert.equal(project.main, "stacks/index.ts");
        assert.equal(project.stackConfigDir, "stacks");
    });

    it("Pulumi.yaml declares every key config.ts reads except the structured ones, each with a type, a description and the same default", () => {
        const declarable = Object.keys(CONFIG_KEYS).filter((k) => !STRUCTURED_KEYS.includes(k as ConfigKey));
        assert.deepEqual(Object.keys(project.config).sort(), declarable.sort());
        for (const [key, entry] of Object.entries(project.config)) {
            // The project-file schema allows only these fields on a typed config declaration.
            assert.deepEqual(
                Object.keys(entry).filter((f) => !["type", "items", "description", "default", "secret"].includes(f)),
                [],
                key,
            );
            assert.ok(["string", "integer", "boolean", "array"].includes(entry.type), key);
            assert.ok(entry.description && entry.description.length > 10, `${key} has a description`);
            if (entry.type === "array") assert.deepEqual(entry.items, { type: "string" }, key);
            const field = CONFIG_KEYS[key as ConfigKey];
            if (REQUIRED_KEYS.includes(key as ConfigKey)) {
                // No default on either side: the CLI refuses a stack without it, and so does config.ts.
                assert.ok(!("default" in entry), `${key} has no default in Pulumi.yaml`);
                assert.equal(field.safeParse(undefined).success, false, `${key} has no default in config.ts`);
                continue;
            }
            assert.ok("default" in entry, `${key} has a default`);
            const codeDefault = field.parse(undefined);
            assert.deepEqual(entry.default, codeDefault, `${key}: Pulumi.yaml default equals config.ts default`);
            const actual = Array.isArray(codeDefault) ? "array" : Number.isInteger(codeDefault) ? "integer" : typeof codeDefault;
            assert.equal(entry.type, actual, key);
        }
    });

    it("the structured keys (lists of objects) are left out of Pulumi.yaml, which cannot type them, and are optional", () => {
        assert.deepEqual([...STRUCTURED_KEYS].sort(), ["nodeGroups", "teams", "trustedImageRegistries"]);
        for (const key of STRUCTURED_KEYS) {
            assert.ok(!(key in project.config), key);
            assert.ok(Array.isArray(CONFIG_KEYS[key].parse(undefined)), `${key} has a default in config.ts`);
        }
        // A structured value declared as array<string> would be refused by the CLI: make sure none is.
        const file = readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        for (const key of STRUCTURED_KEYS) assert.match(file, new RegExp(`\`${key}\``), `Pulumi.yaml comments on ${key}`);
    });

    it("the defaults give the NET-compliant network: 10.0.0.0/16, 3 AZs, NAT per AZ, endpoints on, 365 days, protected", () => {
        const { network } = parseConfig(minimal());
        assert.equal(network.cidrBlock, "10.0.0.0/16");
        assert.equal(network.azCount, 3);
        assert.equal(network.natStrategy, "perAz");
        assert.equal(network.interfaceEndpoints, true);
        // DATA-4 (externalSecrets on by default) adds the Secrets Manager endpoint: the operator has no route out of the VPC.
        assert.deepEqual(network.interfaceEndpointServices, ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "secretsmanager"]);
        assert.equal(network.flowLogRetentionDays, 365);
        assert.equal(network.clusterName, "secure-baseline-dev", "an empty clusterName derives from the stack");
        assert.equal(network.protect, true);
    });

    it("dev: 2 AZs, a single NAT gateway, us-east-1", () => {
        const raw = stackConfig("dev");
        assert.equal(raw["aws:region"], "us-east-1");
        const { network } = parseConfig(projectKeys(raw));
        assert.equal(network.azCount, 2);
        assert.equal(network.natStrategy, "single");
    });

    it("prod: 3 AZs, a NAT gateway per AZ, a year of flow logs", () => {
        const raw = stackConfig("prod");
        assert.equal(raw["aws:region"], "us-east-1");
        const { network } = parseConfig(projectKeys(raw));
        assert.equal(network.azCount, 3);
        assert.equal(network.natStrategy, "perAz");
        assert.equal(network.flowLogRetentionDays, 365);
    });

    it("accepts values as the Pulumi engine passes them: text, with lists as JSON", () => {
        const { network } = parseConfig({
            adminPrincipalArns: JSON.stringify([ADMIN]),
            azCount: "2",
            publicSubnets: "true",
            interfaceEndpoints: "true",
            interfaceEndpointServices: JSON.stringify(["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "ssm"]),
            privateSubnetCidrs: JSON.stringify(["10.0.0.0/19", "10.0.32.0/19"]),
            flowLogRetentionDays: "731",
            clusterName: "prod",
        });
        assert.equal(network.azCount, 2);
        assert.deepEqual(network.subnetCidrs?.private, ["10.0.0.0/19", "10.0.32.0/19"]);
        assert.equal(network.interfaceEndpointServices.at(-2), "ssm");
        assert.equal(network.flowLogRetentionDays, 731);
        assert.equal(network.clusterName, "prod");
    });

    it("NET-7: natStrategy none is accepted when interface endpoints stay on (the default)", () => {
        const { network } = parseConfig(minimal({ natStrategy: "none" }));
        assert.equal(network.natStrategy, "none");
        assert.equal(network.interfaceEndpoints, true);
    });

    describe("bad config: the message names the key, quotes the value and says what is allowed", () => {
        const cases: Array<[string, Record<string, unknown>, RegExp]> = [
            [
                "unknown NAT strategy",
                { natStrategy: "dual" },
                /secure-baseline:natStrategy "dual" is not allowed; use one of none, single, perAz/,
            ],
            ["AZ count out of range", { azCount: 7 }, /secure-baseline:azCount 7 is not allowed; use a whole number from 2 to 6/],
            [
                "AZ count not a number",
                { azCount: "three" },
                /secure-baseline:azCount "three" is not allowed; use a whole number from 2 to 6/,
            ],
            ["VPC CIDR not IPv4 CIDR", { vpcCidr: "10.0.0.0/33" }, /secure-baseline:vpcCidr "10\.0\.0\.0\/33" is not a valid IPv4 CIDR/],
            ["VPC CIDR too small", { vpcCidr: "10.0.0.0/22" }, /secure-baseline:vpcCidr "10\.0\.0\.0\/22" is too small for the subnets/],
            [
                "overlapping explicit subnets",
                { azCount: 2, privateSubnetCidrs: ["10.0.0.0/19", "10.0.16.0/20"] },
                /secure-baseline:privateSubnetCidrs\[1\] "10\.0\.16\.0\/20" overlaps secure-baseline:privateSubnetCidrs\[0\] "10\.0\.0\.0\/19"/,
            ],
            [
                "explicit subnet outside the VPC",
                { azCount: 2, isolatedSubnetCidrs: ["10.0.255.0/28", "172.16.0.0/28"] },
                /secure-baseline:isolatedSubnetCidrs\[1\] "172\.16\.0\.0\/28" is outside secure-baseline:vpcCidr "10\.0\.0\.0\/16"/,
            ],
            [
                "subnet list entry not text",
                { privateSubnetCidrs: JSON.stringify(["10.0.0.0/19", 5]) },
                /secure-baseline:privateSubnetCidrs\[1\] 5 is not allowed; use a text value/,
            ],
            [
                "NAT none with interface endpoints off",
                { natStrategy: "none", interfaceEndpoints: false },
                /secure-baseline:natStrategy "none" needs interface endpoints, but secure-baseline:interfaceEndpoints is false/,
            ],
            [
                "flow-log retention not allowed",
                { flowLogRetentionDays: 100 },
                /secure-baseline:flowLogRetentionDays 100 is not a CloudWatch Logs retention; use one of 1, 3, 5/,
            ],
            [
                "empty endpoint service",
                { interfaceEndpointServices: ["ecr.api", ""] },
                /secure-baseline:interfaceEndpointServices\[1\] "" is empty/,
            ],
            [
                "malformed endpoint service",
                { interfaceEndpointServices: ["ecr api"] },
                /secure-baseline:interfaceEndpointServices\[0\] "ecr api" is not a valid endpoint service name/,
            ],
            [
                "invalid EKS cluster name",
                { clusterName: "my cluster" },
                /secure-baseline:clusterName "my cluster" is not a valid EKS cluster name/,
            ],
            ["boolean that is not", { publicSubnets: "maybe" }, /secure-baseline:publicSubnets "maybe" is not allowed; use true or false/],
            [
                "misspelt key",
                { natStrategyy: "single" },
                /secure-baseline:natStrategyy "single" is not a config key; use one of the known keys: secure-baseline:vpcCidr, /,
            ],
        ];
        for (const [title, raw, message] of cases) {
            it(`rejects ${title}`, () => throwsWith(() => parseConfig(minimal(raw)), message));
        }
    });
});

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

    describe("bad config: the message names the key (down to the list entry and field) and says what is allowed", () => {
        const team = (extra: Record<string, unknown>) => ({ teams: [{ name: "web", ...extra }] });
        const group = (extra: Record<string, unknown>) => ({
            nodeGroups: [{ name: "system", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 2, ...extra }],
        });
        const cases: Array<[string, Record<string, unknown>, RegExp]> = [
            // cluster
            [
                "EKS-4: no admin principals (required, no default)",
                { adminPrincipalArns: undefined },
                /secure-baseline:adminPrincipalArns is required and has no default/,
            ],
            [
                "EKS-4: an empty admin list",
                { adminPrincipalArns: [] },
                /secure-baseline:adminPrincipalArns \[\] is empty; list the IAM role or user ARNs/,
            ],
            [
                "EKS-4: an admin that is not a role or user ARN",
                { adminPrincipalArns: ["arn:aws:iam::123456789012:group/admins"] },
                /secure-baseline:adminPrincipalArns\[\d+\] "arn:aws:iam::123456789012:group\/admins" is not an IAM role or user ARN/,
            ],
            [
                "EKS-9: an unsupported Kubernetes version",
                { kubernetesVersion: "1.29" },
                /secure-baseline:kubernetesVersion "1\.29" is not allowed; use one of 1\.34, 1\.35, 1\.36/,
            ],
            [
                "EKS-1: an endpoint CIDR open to the world",
                { publicAccessCidrs: ["::/0"] },
                /secure-baseline:publicAccessCidrs\[\d+\] "::\/0" opens the API endpoint to the whole internet/,
            ],
            [
                "EKS-1: an invalid endpoint CIDR",
                { publicAccessCidrs: ["203.0.113.7/24"] },
                /secure-baseline:publicAccessCidrs\[\d+\] "203\.0\.113\.7\/24" is not an IPv4 CIDR block/,
            ],
            [
                "EKS-6: node group sizes min > desired",
                group({ minSize: 3, desiredSize: 2, maxSize: 4 }),
                /secure-baseline:nodeGroups\[0\] sizes min 3, desired 2, max 4 are not allowed; require min <= desired <= max/,
            ],
            [
                "EKS-6: node group max 0",
                group({ minSize: 0, desiredSize: 0, maxSize: 0 }),
                /secure-baseline:nodeGroups\[0\]\.maxSize 0 is not allowed; it must be greater than 0/,
            ],
            ["EKS-6: an empty instance type list", group({ instanceTypes: [] }), /secure-baseline:nodeGroups\[0\]\.instanceTypes is empty/],
            [
                "EKS-6: hop limit 3",
                group({ httpPutResponseHopLimit: 3 }),
                /secure-baseline:nodeGroups\[0\]\.httpPutResponseHopLimit 3 is not allowed; use 1 or 2/,
            ],
            [
                "EKS-6: an AMI outside AL2023/Bottlerocket",
                group({ amiType: "AL2_x86_64" }),
                /secure-baseline:nodeGroups\[0\]\.amiType "AL2_x86_64" is not allowed; use one of AL2023_x86_64_STANDARD/,
            ],
            [
                "EKS-6: an unknown node group field (remote access)",
                group({ remoteAccess: { ec2SshKey: "ops" } }),
                /secure-baseline:nodeGroups\[0\] has unknown field "remoteAccess"/,
            ],
            [
                "EKS-3: a log retention CloudWatch refuses",
                { clusterLogRetentionDays: 100 },
                /secure-baseline:clusterLogRetentionDays 100 is not a CloudWatch Logs retention/,
            ],
            // detection
            [
                "DET-1: an unknown GuardDuty feature",
                { guardDutyFeatures: ["EKS_AUDIT_LOGS", "DNS_LOGS"] },
                /secure-baseline:guardDutyFeatures\[1\] "DNS_LOGS" is not allowed; use one of S3_DATA_EVENTS, EKS_AUDIT_LOGS/,
            ],
            [
                "DET-1: both runtime-monitoring features",
                { guardDutyFeatures: ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"] },
                /secure-baseline:guardDutyFeatures lists both "EKS_RUNTIME_MONITORING" and "RUNTIME_MONITORING"/,
            ],
            [
                "DET-6: a severity outside 1-8",
                { alertSeverityThreshold: 9 },
                /secure-baseline:alertSeverityThreshold 9 is not allowed; use a whole number from 1 to 8/,
            ],
            [
                "DET-6: an email subscription that is not an address",
                { alertEmails: ["ops@example.com", "security-team"] },
                /secure-baseline:alertEmails\[1\] "security-team" is not an email address/,
            ],
            [
                "DET-6: an http (not https) endpoint",
                { alertHttpsEndpoints: ["http://hooks.example.com"] },
                /secure-baseline:alertHttpsEndpoints\[0\] "http:\/\/hooks\.example\.com" is not an https:\/\/ URL/,
            ],
            [
                "DET-7: organization mode without a delegated administrator",
                { organizationMode: true },
                /secure-baseline:organizationMode is on but secure-baseline:delegatedAdminAccountId is missing/,
            ],
            [
                "DET-7: a delegated administrator id that is not 12 digits",
                { organizationMode: true, delegatedAdminAccountId: "1234" },
                /secure-baseline:delegatedAdminAccountId "1234" is not a 12-digit AWS account id/,
            ],
            [
                "DET-2: a home region that is not a region",
                { configHomeRegion: "virginia" },
                /secure-baseline:configHomeRegion "virginia" is not an AWS region name/,
            ],
            // registry
            [
                "CTR-1: an invalid repository name",
                { repositories: ["ok/app", "Bad Name"] },
                /secure-baseline:repositories\[1\] "Bad Name" is not a valid ECR name/,
            ],
            [
                "CTR-1: a repository listed twice",
                { repositories: ["app", "app"] },
                /secure-baseline:repositories\[1\] "app" is listed twice/,
            ],
            [
                "CTR-1: an untagged expiry of 0 days",
                { untaggedImageExpiryDays: 0 },
                /secure-baseline:untaggedImageExpiryDays 0 is not allowed; use a whole number from 1 to 3650/,
            ],
            // teams
            [
                "K8S-1: a reserved namespace",
                team({ namespaces: ["kube-system"] }),
                /secure-baseline:teams\[0\]\.namespaces\[0\] "kube-system" is reserved/,
            ],
            [
                "K8S-1: a team name that is not a DNS-1123 label",
                { teams: [{ name: "Web_Team" }] },
                /secure-baseline:teams\[0\]\.name "Web_Team" is not a DNS-1123 label/,
            ],
            [
                "K8S-4: a quantity Kubernetes would not parse",
                team({ quota: { limitsMemory: "-1Gi" } }),
                /secure-baseline:teams\[0\]\.quota\.limitsMemory "-1Gi" is negative/,
            ],
            [
                "K8S-4: a limit below its request",
                team({ quota: { requestsCpu: "8", limitsCpu: "4" } }),
                /secure-baseline:teams\[0\]\.quota\.limitsCpu "4" is below secure-baseline:teams\[0\]\.quota\.requestsCpu "8"/,
            ],
            [
                "K8S-2: an invalid egress CIDR",
                team({ network: { egressTo: [{ name: "api", cidrs: ["10.0.0.1/8"], ports: [{ port: 443 }] }] } }),
                /secure-baseline:teams\[0\]\.network\.egressTo\[0\]\.cidrs\[0\] "10\.0\.0\.1\/8" has host bits set/,
            ],
            [
                "K8S-2: an unknown protocol",
                team({ network: { egressTo: [{ name: "api", cidrs: ["10.0.0.0/8"], ports: [{ port: 443, protocol: "ICMP" }] }] } }),
                /secure-baseline:teams\[0\]\.network\.egressTo\[0\]\.ports\[0\]\.protocol "ICMP" is not allowed; use one of TCP, UDP, SCTP/,
            ],
            [
                "EKS-4: a team editor that is not an IAM ARN",
                team({ editors: ["alice"] }),
                /secure-baseline:teams\[0\]\.editors\[\d+\] "alice" is not an IAM role or user ARN/,
            ],
            [
                "K8S-5: a misspelt team field",
                team({ editCanReadSecrets: true }),
                /secure-baseline:teams\[0\] has unknown field "editCanReadSecrets"/,
            ],
            [
                "K8S-5: one namespace claimed by two teams",
                { teams: [{ name: "web" }, { name: "api", namespaces: ["web"] }] },
                /secure-baseline:teams\[1\]\.namespaces\[0\] "web" is already secure-baseline:teams\[0\]'s namespace/,
            ],
            [
                "K8S-5: teams that is not a list",
                { teams: JSON.stringify({ name: "web" }) },
                /secure-baseline:teams \{"name":"web"\} is not allowed; use a list of teams/,
            ],
            // guardrails
            [
                "K8S-6: a registry allowlist entry with a scheme",
                { additionalRegistries: ["https://ghcr.io"] },
                /secure-baseline:additionalRegistries\[0\] "https:\/\/ghcr\.io" is not a registry host/,
            ],
            [
                "K8S-6: exempting the default namespace",
                { admissionExemptNamespaces: ["default"] },
                /secure-baseline:admissionExemptNamespaces\[0\] "default" may not be exempt/,
            ],
            [
                "K8S-5: a system: break-glass group",
                { breakGlassGroup: "system:masters" },
                /secure-baseline:breakGlassGroup "system:masters" is a reserved system: group/,
            ],
            [
                "EKS-4/K8S-5: a break-glass group EKS access entries cannot carry",
                { breakGlassGroup: "eks:ir" },
                /secure-baseline:breakGlassGroup "eks:ir" starts with "eks:", which EKS reserves/,
            ],
            [
                "EKS-4/K8S-5: a break-glass principal that is not an IAM role or user ARN",
                { breakGlassPrincipalArns: ["arn:aws:iam::123456789012:group/ir"] },
                /secure-baseline:breakGlassPrincipalArns\[\d+\] "arn:aws:iam::123456789012:group\/ir" is not an IAM role or user ARN/,
            ],
            [
                "EKS-4/K8S-5: break-glass principals without a break-glass group",
                { breakGlassPrincipalArns: ["arn:aws:iam::123456789012:role/ir"], breakGlassGroup: "" },
                /secure-baseline:breakGlassPrincipalArns \["arn:aws:iam::123456789012:role\/ir"\] needs a break-glass group, but secure-baseline:breakGlassGroup is empty/,
            ],
            [
                "K8S-5: an empty read-only group",
                { clusterReadOnlyGroups: [" "] },
                /secure-baseline:clusterReadOnlyGroups\[0\] " " is an empty group name/,
            ],
            [
                "K8S-1: a Pod Security version that is not v1.<minor>",
                { podSecurityVersion: "latest", teams: [{ name: "web" }] },
                /secure-baseline:podSecurityVersion "latest" is not a Pod Security version/,
            ],
        ];
        for (const [title, raw, message] of cases) {
            it(`rejects ${title}`, () => throwsWith(() => parseConfig(minimal(raw)), message));
        }
    });
});
