import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";
import { TRUSTED_ACCOUNTS_CONFIG } from "../shared/resource-policy";

const read = readerFor<aws.ec2.NetworkInterfacePermissionArgs>();

/**
 * IAM-1 (scoped to an account or an organisation, for network interfaces): a network
 * interface permission lets another account attach an instance to an interface in this
 * VPC (INSTANCE-ATTACH) or associate an Elastic IP with it (EIP-ASSOCIATE): a foot in the
 * VPC for an account outside it. Only accounts on trustedAccountIds may get one, as for
 * AMI and snapshot sharing (ec2-image-snapshot-not-shared).
 */
export const ec2NetworkInterfacePermissionTrusted = resourcePolicy({
    name: "ec2-network-interface-permission-trusted",
    control: "IAM-1",
    severity: "high",
    layer: "cloud",
    description:
        "Network interface permissions (INSTANCE-ATTACH, EIP-ASSOCIATE) may be granted only to accounts listed in trustedAccountIds.",
    references: [],
    remediation: "grant the permission only to an account of your organisation listed in trustedAccountIds, or remove it",
    config: TRUSTED_ACCOUNTS_CONFIG,
    resourceTypes: ["aws:ec2/networkInterfacePermission:NetworkInterfacePermission"],
    check: (r, ctx) => {
        const account = read(r.props, "awsAccountId");
        if (ctx.isUnknown(account, "awsAccountId")) return;
        const permission = read(r.props, "permission");
        const what = typeof permission === "string" ? permission : "a permission";
        if (typeof account !== "string" || !/^\d{12}$/.test(account.trim())) {
            ctx.violation(
                `network interface permission "${r.name}" grants ${what} to an awsAccountId that is not one 12-digit account (${JSON.stringify(account ?? null).slice(0, 30)})`,
            );
            return;
        }
        const trusted = ctx.configStrings("trustedAccountIds");
        if (trusted.length === 0) {
            ctx.note(
                `network interface permission "${r.name}" grants ${what} to account ${account.trim()}, which cannot be judged because trustedAccountIds is empty; set it in the config of ec2-network-interface-permission-trusted`,
            );
        } else if (!trusted.includes(account.trim())) {
            ctx.violation(
                `network interface permission "${r.name}" grants ${what} on an interface of this VPC to account ${account.trim()}, outside trustedAccountIds (awsAccountId)`,
            );
        }
    },
});
