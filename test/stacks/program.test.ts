import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { RunResult, promiseOf, runPulumi } from "../support/harness";
import { ROOT, stackConfig } from "./stackFiles";

const PROGRAM = path.join(ROOT, "stacks", "index.ts");
type ProgramExports = Record<string, pulumi.Output<unknown>>;

/** Runs stacks/index.ts itself (fresh each time, as `pulumi up` would) with the given stack config. */
function runProgram(config: Record<string, unknown>): Promise<RunResult<ProgramExports>> {
    return runPulumi(async () => {
        delete require.cache[require.resolve(PROGRAM)];
        return (await import(PROGRAM)) as ProgramExports;
    }, { config });
}

const count = (run: RunResult<unknown>, type: string) => run.ofType(type).length;

describe("stacks/index.ts end to end under mocks", () => {
    it("dev stack: 2 AZs, one NAT gateway, every NET resource, typed outputs", async () => {
        const run = await runProgram(stackConfig("dev"));
        assert.equal(count(run, "aws:ec2/subnet:Subnet"), 6);
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 1);
        assert.equal(count(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"), 1);
        assert.equal(count(run, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"), 1);
        assert.equal(run.one("aws:ec2/flowLog:FlowLog").inputs.trafficType, "ALL");
        assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 90);
        assert.equal(count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), 7);
        assert.equal(run.one("aws:ec2/vpc:Vpc").parentName, "network");

        const out = run.value;
        assert.deepEqual(Object.keys(out).sort(), [
            "availabilityZones",
            "endpointSecurityGroupId",
            "flowLogGroupName",
            "isolatedSubnetIds",
            "logsKeyArn",
            "privateSubnetIds",
            "publicSubnetIds",
            "vpcCidr",
            "vpcId",
        ]);
        assert.equal(await promiseOf(out.vpcId), "network-vpc-id");
        assert.deepEqual(await promiseOf(out.privateSubnetIds), ["network-private-0-id", "network-private-1-id"]);
        assert.deepEqual(await promiseOf(out.availabilityZones), ["us-east-1a", "us-east-1b"]);
    });

    it("prod stack: 3 AZs, a NAT gateway per AZ", async () => {
        const run = await runProgram(stackConfig("prod"));
        assert.equal(count(run, "aws:ec2/subnet:Subnet"), 9);
        assert.equal(count(run, "aws:ec2/natGateway:NatGateway"), 3);
        assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 365);
        assert.equal(run.one("aws:cloudwatch/logGroup:LogGroup").protect, true);
    });

    it("bad config stops the program before any resource is registered, naming the key", async () => {
        const run = await runPulumi(async () => {
            try {
                delete require.cache[require.resolve(PROGRAM)];
                await import(PROGRAM);
            } catch (e) {
                return (e as Error).message;
            }
            return "built";
        }, { config: { ...stackConfig("dev"), "secure-baseline:natStrategy": "dual" } });
        assert.match(run.value, /^invalid stack config: secure-baseline:natStrategy "dual" is not allowed; use one of none, single, perAz$/);
        assert.equal(run.resources.length, 0);
    });

    it("a misspelt key in a stack file is rejected, not ignored", async () => {
        const run = await runPulumi(async () => {
            try {
                delete require.cache[require.resolve(PROGRAM)];
                await import(PROGRAM);
            } catch (e) {
                return (e as Error).message;
            }
            return "built";
        }, { config: { ...stackConfig("prod"), "secure-baseline:azcount": 3 } });
        assert.match(run.value, /unknown config key secure-baseline:azcount/);
        assert.equal(run.resources.length, 0);
    });
});
