import { strict as assert } from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigKey, REQUIRED_KEYS, STRUCTURED_KEYS, parseConfig } from "../../stacks/config";
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
