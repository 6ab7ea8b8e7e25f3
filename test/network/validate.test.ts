import { strict as assert } from "assert";
import { HardenedVpc, VpcArgsError, VpcArgsInput, validateAzAvailability, validateHardenedVpcArgs } from "../../components/network";
import { ValidationError, tableNaming } from "../../components/common/validation";
import { HardenedVpcArgs } from "../../components/network/args";
import { runPulumi } from "../support/harness";

/** Asserts `fn` throws an error whose message (not "Error: ..." string form) matches `re`. */
function throwsWith(fn: () => unknown, re: RegExp): void {
    assert.throws(fn, (e: unknown) => {
        assert.match((e as Error).message, re);
        return true;
    });
}

interface BadCase {
    /** The control the check protects, if any: it prefixes the test names. */
    readonly control?: string;
    readonly title: string;
    readonly args: VpcArgsInput;
    readonly message: RegExp;
}

/** Every bad input of the issue, with the message that must name the argument, quote the value and say what is allowed. */
const BAD: readonly BadCase[] = [
    {
        title: "a VPC CIDR that is not IPv4 CIDR notation",
        args: { cidrBlock: "10.0.0/16" },
        message: /^cidrBlock "10\.0\.0\/16" is not a valid IPv4 CIDR; use a network address and a prefix from \/16 to \/28/,
    },
    {
        title: "a VPC CIDR with host bits set",
        args: { cidrBlock: "10.0.1.0/16" },
        message: /^cidrBlock "10\.0\.1\.0\/16" has host bits set; use the network address "10\.0\.0\.0\/16"/,
    },
    {
        title: "a VPC CIDR prefix AWS does not allow",
        args: { cidrBlock: "10.0.0.0/8" },
        message: /^cidrBlock "10\.0\.0\.0\/8" has prefix \/8; AWS allows prefixes from \/16 to \/28/,
    },
    {
        control: "NET-1",
        title: "a VPC CIDR smaller than the subnets need",
        args: { cidrBlock: "10.0.0.0/20" },
        message:
            /^cidrBlock "10\.0\.0\.0\/20" is too small for the subnets: 3 x \/24 public, 3 x \/19 private, 3 x \/27 isolated need 25440 addresses but the VPC has 4096; use a larger VPC CIDR or smaller subnets/,
    },
    { title: "an AZ count below 2", args: { azCount: 1 }, message: /^azCount 1 is not allowed; use a whole number from 2 to 6/ },
    { title: "an AZ count above 6", args: { azCount: 7 }, message: /^azCount 7 is not allowed; use a whole number from 2 to 6/ },
    { title: "a fractional AZ count", args: { azCount: 2.5 }, message: /^azCount 2\.5 is not allowed; use a whole number from 2 to 6/ },
    {
        control: "NET-1",
        title: "overlapping explicit subnet CIDRs",
        args: { azCount: 2, subnetCidrs: { private: ["10.0.0.0/19", "10.0.32.0/19"], isolated: ["10.0.31.0/27", "10.0.64.0/27"] } },
        message:
            /^subnetCidrs\.isolated\[0\] "10\.0\.31\.0\/27" overlaps subnetCidrs\.private\[0\] "10\.0\.0\.0\/19"; subnets must not overlap/,
    },
    {
        control: "NET-1",
        title: "an explicit subnet CIDR outside the VPC",
        args: { azCount: 2, subnetCidrs: { public: ["10.0.96.0/24", "10.1.0.0/24"] } },
        message: /^subnetCidrs\.public\[1\] "10\.1\.0\.0\/24" is outside cidrBlock "10\.0\.0\.0\/16"; every subnet must lie inside the VPC/,
    },
    {
        control: "NET-1",
        title: "explicit subnet CIDRs that are not one per AZ",
        args: { azCount: 3, subnetCidrs: { public: ["10.0.96.0/24"] } },
        message: /^subnetCidrs\.public \["10\.0\.96\.0\/24"\] has 1 entries; give exactly one per AZ \(azCount is 3\) or none/,
    },
    {
        title: "an explicit subnet CIDR that is malformed",
        args: { azCount: 2, subnetCidrs: { private: ["10.0.0.0/19", "nope"] } },
        message: /^subnetCidrs\.private\[1\] "nope" is not a valid IPv4 CIDR/,
    },
    {
        title: "a subnet prefix length AWS does not allow",
        args: { subnetPrefixLengths: { isolated: 29 } },
        message: /^subnetPrefixLengths\.isolated 29 is not allowed; use a whole number from 16 to 28/,
    },
    {
        control: "NET-7",
        title: "an unknown NAT strategy",
        args: { natStrategy: "dual" },
        message: /^natStrategy "dual" is not allowed; use one of none, single, perAz$/,
    },
    {
        control: "NET-7",
        title: "NAT none with interface endpoints off",
        args: { natStrategy: "none", interfaceEndpoints: false },
        message:
            /^natStrategy "none" needs interface endpoints, but interfaceEndpoints is false: .*set interfaceEndpoints to true or use natStrategy "single" or "perAz"/,
    },
    {
        control: "NET-7",
        title: "a NAT strategy that needs public subnets without them",
        args: { natStrategy: "single", publicSubnets: false },
        message: /^natStrategy "single" needs public subnets for its NAT gateways, but publicSubnets is false/,
    },
    {
        control: "NET-4",
        title: "a flow-log retention CloudWatch does not accept",
        args: { flowLogRetentionDays: 100 },
        message:
            /^flowLogRetentionDays 100 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, .*3653$/,
    },
    {
        control: "NET-4",
        title: "a never-expiring flow-log retention (0)",
        args: { flowLogRetentionDays: 0 },
        message: /^flowLogRetentionDays 0 is not a CloudWatch Logs retention/,
    },
    {
        control: "NET-5",
        title: "an empty endpoint service name",
        args: { interfaceEndpointServices: ["ecr.api", ""] },
        message: /^interfaceEndpointServices\[1\] "" is empty; give a short service name such as "ecr\.api"/,
    },
    {
        control: "NET-5",
        title: "a malformed endpoint service name",
        args: { interfaceEndpointServices: ["ecr.api", "ECR API"] },
        message:
            /^interfaceEndpointServices\[1\] "ECR API" is not a valid endpoint service name; use lowercase letters, digits, hyphens and dots/,
    },
    {
        control: "NET-5",
        title: "a full endpoint service name instead of the short one",
        args: { interfaceEndpointServices: ["com.amazonaws.us-east-1.ecr.api"] },
        message:
            /^interfaceEndpointServices\[0\] "com\.amazonaws\.us-east-1\.ecr\.api" is a full service name; give the short name such as "ecr\.api"/,
    },
    {
        control: "NET-5",
        title: "s3 as an interface endpoint",
        args: { interfaceEndpointServices: ["s3"] },
        message: /^interfaceEndpointServices\[0\] "s3" is not allowed: S3 is always reached through the gateway endpoint/,
    },
    {
        control: "NET-5",
        title: "an endpoint list that drops a NET-5 service",
        args: { interfaceEndpointServices: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2"] },
        message: /^interfaceEndpointServices .* lacks kms; it must keep ecr\.api, ecr\.dkr, sts, logs, ec2, kms \(NET-5\)/,
    },
    {
        control: "NET-5",
        title: "a duplicated endpoint service",
        args: { interfaceEndpointServices: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "sts"] },
        message: /^interfaceEndpointServices\[\d\] "sts" is listed twice \(also at \[\d\]\); list each service once/,
    },
    {
        title: "a cluster name that is not a valid EKS name",
        args: { clusterName: "-prod cluster" },
        message:
            /^clusterName "-prod cluster" is not a valid EKS cluster name; use 1 to 100 letters, digits, hyphens or underscores, starting with a letter or digit/,
    },
    {
        title: "a cluster name longer than 100 characters",
        args: { clusterName: "c".repeat(101) },
        message: /^clusterName "c{101}" is not a valid EKS cluster name/,
    },
];

describe("HardenedVpc bad input (argument validation)", () => {
    for (const c of BAD) {
        it(`${c.control ? `${c.control}: ` : ""}rejects ${c.title}`, () => {
            throwsWith(() => validateHardenedVpcArgs(c.args), c.message);
        });
    }

    for (const c of BAD) {
        it(`${c.control ? `${c.control}: ` : ""}registers nothing for ${c.title}`, async () => {
            const run = await runPulumi(() => {
                try {
                    // The constructor's args are typed; bad values arrive from JS callers and config as these.
                    new HardenedVpc("net", c.args as HardenedVpcArgs);
                } catch (e) {
                    return (e as Error).message;
                }
                return "built";
            });
            assert.match(run.value, c.message);
            assert.equal(run.resources.length, 0);
        });
    }

    it("names stack config keys instead of arguments when given a naming table, in the path and in cross references", () => {
        const naming = tableNaming(
            { natStrategy: ["natStrategy"], interfaceEndpoints: ["interfaceEndpoints"] },
            { namespace: "secure-baseline" },
        );
        throwsWith(
            () => validateHardenedVpcArgs({ natStrategy: "dual" }, naming),
            /^secure-baseline:natStrategy "dual" is not allowed; use one of none, single, perAz$/,
        );
        throwsWith(
            () => validateHardenedVpcArgs({ natStrategy: "none", interfaceEndpoints: false }, naming),
            /^secure-baseline:natStrategy "none" needs interface endpoints, but secure-baseline:interfaceEndpoints is false/,
        );
    });

    it("throws a VpcArgsError, a ValidationError carrying the path, the value and what is allowed", () => {
        assert.throws(
            () => validateHardenedVpcArgs({ azCount: 2, subnetCidrs: { public: ["10.0.96.0/24", "10.1.0.0/24"] } }),
            (e: unknown) => {
                assert.ok(e instanceof VpcArgsError && e instanceof ValidationError);
                assert.deepEqual(e.path, ["subnetCidrs", "public", 1]);
                assert.equal(e.value, "10.1.0.0/24");
                assert.equal(e.allowed, "every subnet must lie inside the VPC");
                return true;
            },
        );
    });

    it("accepts the defaults and an explicit, valid set of arguments", () => {
        assert.equal(validateHardenedVpcArgs({}).plan.length, 9);
        const s = validateHardenedVpcArgs({
            cidrBlock: "10.20.0.0/16",
            azCount: 2,
            natStrategy: "none",
            subnetCidrs: { isolated: ["10.20.255.0/28", "10.20.255.16/28"] },
            interfaceEndpointServices: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "kms", "eks-auth"],
            flowLogRetentionDays: 731,
            clusterName: "prod_1",
        });
        assert.equal(s.natStrategy, "none");
        assert.deepEqual(s.interfaceEndpointServices.at(-1), "eks-auth");
    });

    it("NET-7: an AZ count larger than the region offers is rejected on the region's zones", () => {
        throwsWith(
            () => validateAzAvailability(3, ["eu-south-2a", "eu-south-2b"]),
            /^azCount 3 is more than the region offers: 2 availability zones \(eu-south-2a, eu-south-2b\); use at most 2$/,
        );
        assert.deepEqual(validateAzAvailability(2, ["a", "b", "c"]), ["a", "b"]);
    });

    it("NET-7: an AZ count larger than the region offers fails the deployment (checked in an apply on the AZ invoke)", async () => {
        // Under mocks a failed input Output surfaces as rejected registrations; a real `pulumi up` reports them as errors.
        const failures: string[] = [];
        const record = (reason: unknown) => failures.push(String(reason));
        process.on("unhandledRejection", record);
        try {
            const twoZones = () => ({
                id: "x",
                names: ["xx-1a", "xx-1b"],
                zoneIds: ["x1", "x2"],
                groupNames: ["xx-1"],
                state: "available",
            });
            const run = await runPulumi(() => new HardenedVpc("net", { azCount: 3 }), {
                invokes: { "aws:index/getAvailabilityZones:getAvailabilityZones": twoZones },
            });
            await new Promise((resolve) => setImmediate(resolve));
            const subnets = run.ofType("aws:ec2/subnet:Subnet");
            assert.equal(subnets.length, 9);
            assert.ok(
                subnets.every((s) => s.inputs.availabilityZone === undefined),
                "no subnet got a zone",
            );
        } finally {
            process.off("unhandledRejection", record);
        }
        assert.ok(failures.length > 0, "registrations failed");
        assert.ok(
            failures.every((f) =>
                f.includes("azCount 3 is more than the region offers: 2 availability zones (xx-1a, xx-1b); use at most 2"),
            ),
            failures[0],
        );
    });
});
