import type * as aws from "@pulumi/aws";
import { Data, readerFor, resourcePolicy } from "../../lib";
import { TRUSTED_ACCOUNTS_CONFIG } from "../shared/resource-policy";

const AMI_PERMISSION = "aws:ec2/amiLaunchPermission:AmiLaunchPermission";
const SNAPSHOT_PERMISSION = "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission";
const SNAPSHOT_BLOCK = "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess";
const IMAGE_BLOCK = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess";
const ami = readerFor<aws.ec2.AmiLaunchPermissionArgs>();
const snapshot = readerFor<aws.ec2.SnapshotCreateVolumePermissionArgs>();
const snapshotBlock = readerFor<aws.ebs.SnapshotBlockPublicAccessArgs>();
const imageBlock = readerFor<aws.ec2.ImageBlockPublicAccessArgs>();

/**
 * IAM-1 (scoped to an account or an organisation, for disk images): an AMI or snapshot
 * shared with "all" is public, and one shared with an account outside trustedAccountIds
 * leaves the organisation with whatever the disk holds. Sharing with an organisation or
 * OU ARN passes. The regional block-public-access settings may not be switched off.
 */
export const ec2ImageSnapshotNotShared = resourcePolicy({
    name: "ec2-image-snapshot-not-shared",
    control: "IAM-1",
    severity: "high",
    layer: "cloud",
    description:
        'AMI launch permissions and snapshot create-volume permissions must not share with everyone (group "all") or with accounts outside trustedAccountIds; block public access for snapshots and images must not be set to "unblocked".',
    references: [],
    remediation:
        "share with your organisation (organizationArn / organizationalUnitArn) or with accounts listed in trustedAccountIds; keep block public access on (block-all-sharing / block-new-sharing)",
    config: TRUSTED_ACCOUNTS_CONFIG,
    resourceTypes: [AMI_PERMISSION, SNAPSHOT_PERMISSION, SNAPSHOT_BLOCK, IMAGE_BLOCK],
    check: (r, ctx) => {
        if (r.type === SNAPSHOT_BLOCK || r.type === IMAGE_BLOCK) {
            const state = r.type === SNAPSHOT_BLOCK ? snapshotBlock(r.props, "state") : imageBlock(r.props, "state");
            if (ctx.isUnknown(state, "state")) return;
            if (typeof state !== "string" || state.trim().toLowerCase() === "unblocked") {
                ctx.violation(
                    `"${r.name}" switches block public access off (state ${JSON.stringify(state ?? null).slice(0, 30)})`,
                    'set state: "block-all-sharing" (snapshots) or "block-new-sharing" (images)',
                );
            }
            return;
        }
        const what = r.type === AMI_PERMISSION ? "AMI" : "snapshot";
        if (r.type === AMI_PERMISSION) {
            const group = ami(r.props, "group");
            if (ctx.isUnknown(group, "group")) return;
            if (group !== undefined && group !== null) {
                ctx.violation(`"${r.name}" makes an AMI public (group ${JSON.stringify(group).slice(0, 20)})`);
                return;
            }
        }
        const account: Data = r.type === AMI_PERMISSION ? ami(r.props, "accountId") : snapshot(r.props, "accountId");
        if (ctx.isUnknown(account, "accountId") || account === undefined || account === null) return;
        if (typeof account !== "string" || !/^\d{12}$/.test(account.trim())) {
            ctx.violation(
                `"${r.name}" shares a ${what} with an accountId that is not a 12-digit account (${JSON.stringify(account).slice(0, 30)})`,
            );
            return;
        }
        const trusted = ctx.configStrings("trustedAccountIds");
        if (trusted.length === 0) {
            ctx.note(
                `"${r.name}" shares a ${what} with account ${account}, which cannot be judged because trustedAccountIds is empty; set it in the config of ec2-image-snapshot-not-shared`,
            );
        } else if (!trusted.includes(account.trim())) {
            ctx.violation(`"${r.name}" shares a ${what} with account ${account}, outside trustedAccountIds`);
        }
    },
});
