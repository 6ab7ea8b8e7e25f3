import { strict as assert } from "assert";
import { SecureCluster, SecureClusterArgs, validateSecureClusterArgs } from "../../components";
import { runPulumi } from "../support/harness";
import { ADMIN, BASE_ARGS } from "./fixture";

const NG = { name: "workers", instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 2, maxSize: 3 };

/** Builds with `extra` under mocks and returns the error message and how many resources were registered. */
async function attempt(extra: Record<string, unknown>): Promise<{ message: string; registered: number }> {
    let message = "";
    const run = await runPulumi(() => {
        try {
            // Bad input arrives from untyped config in real use; the cast stands in for that here.
            new SecureCluster("dev", { ...BASE_ARGS, ...extra } as SecureClusterArgs);
        } catch (e) {
            message = (e as Error).message;
        }
    });
    return { message, registered: run.resources.length };
}

async function rejects(extra: Record<string, unknown>, expected: RegExp): Promise<void> {
    const { message, registered } = await attempt(extra);
    assert.match(message, expected);
    assert.equal(registered, 0, "nothing is registered before the error");
}

describe("SecureCluster bad input (validated before any resource)", () => {
    it("accepts the base arguments and valid optional ones", () => {
        validateSecureClusterArgs("dev", {
            ...BASE_ARGS,
            publicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
            kubernetesVersion: "1.34",
            nodeGroups: [{ ...NG, httpPutResponseHopLimit: 2, amiType: "BOTTLEROCKET_x86_64" }],
            teams: [{ name: "payments", namespaces: ["payments"], viewers: ["arn:aws-us-gov:iam::123456789012:user/path/alice"] }],
            breakGlassPrincipalArns: ["arn:aws:iam::123456789012:role/incident-response"],
            breakGlassGroup: "ir:break-glass",
            logRetentionDays: 731,
        });
    });

    describe("EKS-1: public endpoint CIDRs", () => {
        for (const world of ["0.0.0.0/0", "::/0", "10.0.0.0/0"]) {
            it(`EKS-1: rejects the world-open "${world}"`, () =>
                rejects(
                    { publicAccessCidrs: ["203.0.113.0/24", world] },
                    new RegExp(
                        `publicAccessCidrs\\[\\d+\\] "${world.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}" opens the API endpoint to the whole internet`,
                    ),
                ));
        }
        for (const bad of ["203.0.113.0", "300.1.1.0/24", "10.0.0.1/8", "admins"]) {
            it(`EKS-1: rejects the invalid "${bad}"`, () =>
                rejects({ publicAccessCidrs: [bad] }, /publicAccessCidrs\[\d+\] ".*" is not an IPv4 CIDR block/));
        }
    });

    it("EKS-9: rejects an unsupported Kubernetes version, listing the supported ones", () =>
        rejects({ kubernetesVersion: "1.27" }, /kubernetesVersion "1\.27" is not supported; use one of 1\.34, 1\.35, 1\.36/));

    describe("EKS-6: node groups", () => {
        it("EKS-6: rejects min > desired", () =>
            rejects(
                { nodeGroups: [{ ...NG, minSize: 3, desiredSize: 2 }] },
                /nodeGroups\[0\] sizes min 3, desired 2, max 3 are not allowed; require min <= desired <= max/,
            ));
        it("EKS-6: rejects desired > max", () =>
            rejects({ nodeGroups: [{ ...NG, desiredSize: 5 }] }, /nodeGroups\[0\] sizes min 1, desired 5, max 3 are not allowed/));
        it("EKS-6: rejects a zero max", () =>
            rejects(
                { nodeGroups: [{ ...NG, minSize: 0, desiredSize: 0, maxSize: 0 }] },
                /nodeGroups\[0\]\.maxSize 0 is not allowed; it must be greater than 0/,
            ));
        it("EKS-6: rejects negative or fractional sizes", () =>
            rejects({ nodeGroups: [{ ...NG, minSize: -1 }] }, /must be whole numbers of at least 0/));
        it("EKS-6: rejects an empty instance type list", () =>
            rejects(
                { nodeGroups: [{ ...NG, instanceTypes: [] }] },
                /nodeGroups\[0\]\.instanceTypes is empty; list at least one instance type/,
            ));
        for (const hop of [0, 3, 64]) {
            it(`EKS-6: rejects hop limit ${hop}`, () =>
                rejects(
                    { nodeGroups: [{ ...NG, httpPutResponseHopLimit: hop }] },
                    new RegExp(`nodeGroups\\[0\\]\\.httpPutResponseHopLimit ${hop} is not allowed; use 1 \\(default\\) or 2`),
                ));
        }
        it("EKS-6: rejects an AMI type outside AL2023 and Bottlerocket", () =>
            rejects(
                { nodeGroups: [{ ...NG, amiType: "AL2_x86_64" }] },
                /amiType "AL2_x86_64" is not allowed; use one of AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64/,
            ));
        it("EKS-6: rejects duplicate node group names and an empty list", async () => {
            await rejects({ nodeGroups: [NG, NG] }, /nodeGroups\[1\]\.name "workers" is used twice/);
            await rejects({ nodeGroups: [] }, /nodeGroups is empty/);
        });
        it("EKS-6: rejects a bad node group name and an unknown capacity type", async () => {
            await rejects(
                { nodeGroups: [{ ...NG, name: "Workers_1" }] },
                /nodeGroups\[0\]\.name "Workers_1" is not allowed; use 1-32 lowercase letters/,
            );
            await rejects(
                { nodeGroups: [{ ...NG, capacityType: "RESERVED" }] },
                /nodeGroups\[0\]\.capacityType "RESERVED" is not allowed; use one of ON_DEMAND, SPOT/,
            );
        });
        it("EKS-6: rejects a disk below the minimum", () =>
            rejects({ nodeGroups: [{ ...NG, diskSizeGiB: 8 }] }, /diskSizeGiB 8 is not allowed; use a whole number from 20 to 16384/));
    });

    describe("EKS-4: principals and teams", () => {
        const bad = [
            "arn:aws:sts::123456789012:assumed-role/admin/session",
            "arn:aws:iam::123456789012:group/admins",
            "arn:aws:iam::12345:role/admin",
            "admin",
            "arn:aws:iam::123456789012:role/",
        ];
        for (const p of bad) {
            it(`EKS-4: rejects the admin principal "${p}"`, () =>
                rejects({ adminPrincipalArns: [ADMIN, p] }, /adminPrincipalArns\[\d+\] ".*" is not an IAM role or user ARN/));
        }
        it("EKS-4: rejects an empty admin list", () => rejects({ adminPrincipalArns: [] }, /adminPrincipalArns is empty/));
        it("EKS-4/K8S-5: rejects a break-glass principal that is not a role or user ARN, like admin ARNs", async () => {
            await rejects(
                { breakGlassPrincipalArns: ["arn:aws:sts::123456789012:assumed-role/ir/session"] },
                /breakGlassPrincipalArns\[\d+\] "arn:aws:sts::123456789012:assumed-role\/ir\/session" is not an IAM role or user ARN/,
            );
            await rejects(
                { breakGlassPrincipalArns: ["incident-responder"] },
                /breakGlassPrincipalArns\[\d+\] "incident-responder" is not an IAM role or user ARN/,
            );
        });
        for (const group of ["system:masters", "eks:admins", "aws:x", "amazon:x", "iam:x"]) {
            it(`EKS-4/K8S-5: rejects the EKS-reserved break-glass group "${group}"`, () =>
                rejects(
                    { breakGlassGroup: group },
                    new RegExp(
                        `breakGlassGroup "${group}" starts with "${group.split(":")[0]}:", which EKS reserves; use a group without the prefixes system:, eks:, aws:, amazon:, iam:`,
                    ),
                ));
        }
        it("EKS-4/K8S-5: rejects an empty or padded break-glass group", async () => {
            await rejects(
                { breakGlassGroup: "" },
                /breakGlassGroup "" is not allowed; name the group ClusterGuardrails binds to cluster-admin \(e\.g\. "secure-baseline:break-glass"\)/,
            );
            await rejects({ breakGlassGroup: " ir " }, /breakGlassGroup " ir " is not allowed/);
        });
        it("EKS-4: rejects a team member that is not a role or user ARN", () =>
            rejects(
                { teams: [{ name: "payments", namespaces: ["payments"], editors: ["payments-lead"] }] },
                /teams\[0\]\.editors\[0\] "payments-lead" is not an IAM role or user ARN/,
            ));
        it("EKS-4: rejects a bad team or namespace name", async () => {
            await rejects(
                { teams: [{ name: "Payments", namespaces: ["payments"] }] },
                /teams\[0\]\.name "Payments" is not a DNS-1123 label/,
            );
            await rejects(
                { teams: [{ name: "payments", namespaces: ["pay_ments"] }] },
                /teams\[0\]\.namespaces\[0\] "pay_ments" is not a DNS-1123 label/,
            );
            await rejects({ teams: [{ name: "payments", namespaces: [] }] }, /teams\[0\]\.namespaces is empty/);
            await rejects(
                {
                    teams: [
                        { name: "payments", namespaces: ["a"] },
                        { name: "payments", namespaces: ["b"] },
                    ],
                },
                /teams\[1\]\.name "payments" is used by two teams/,
            );
        });
    });

    it("EKS-3: rejects a retention CloudWatch does not offer", () =>
        rejects({ logRetentionDays: 100 }, /logRetentionDays 100 is not allowed; use one of 1, 3, 5/));
    it("EKS-7: a private VPC (no internet egress) needs the S3 gateway endpoint's prefix list", async () => {
        await rejects({ s3PrefixListId: undefined }, /s3PrefixListId is required when nodeInternetEgress is false/);
        validateSecureClusterArgs("dev", { ...BASE_ARGS, s3PrefixListId: undefined, nodeInternetEgress: true });
    });
    it("rejects a bad cluster name and a world-wide VPC CIDR", async () => {
        await rejects({ clusterName: "-bad" }, /clusterName "-bad" is not allowed/);
        await rejects({ vpcCidr: "0.0.0.0/0" }, /vpcCidr "0\.0\.0\.0\/0" is not the VPC's IPv4 CIDR block/);
    });
});
