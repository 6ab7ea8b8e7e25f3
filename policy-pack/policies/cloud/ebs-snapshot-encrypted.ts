import type * as aws from "@pulumi/aws";
import { Data, asBoolean, asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const SNAPSHOT_COPY = "aws:ebs/snapshotCopy:SnapshotCopy";
const SNAPSHOT_IMPORT = "aws:ebs/snapshotImport:SnapshotImport";
const AMI_COPY = "aws:ec2/amiCopy:AmiCopy";
const copy = readerFor<aws.ebs.SnapshotCopyArgs>();
const imported = readerFor<aws.ebs.SnapshotImportArgs>();
const ami = readerFor<aws.ec2.AmiCopyArgs>();

const LABEL: Readonly<Record<string, string>> = {
    [SNAPSHOT_COPY]: "snapshot copy",
    [SNAPSHOT_IMPORT]: "snapshot import",
    [AMI_COPY]: "AMI copy",
};

/**
 * DATA-1: snapshots and images made by copy or import are encrypted with a customer key.
 * A copy is where an unencrypted snapshot becomes encrypted (or stays plain, or moves to
 * another region): the copy must say encrypted itself. `ebs.Snapshot` has no encryption
 * input (it is the source volume's, judged by ebs-volume-encrypted).
 */
export const ebsSnapshotEncrypted = resourcePolicy({
    name: "ebs-snapshot-encrypted",
    control: "DATA-1",
    severity: "high",
    layer: "cloud",
    description:
        "EBS snapshot copies, snapshot imports and AMI copies must set encrypted true and (by default) a customer-managed kmsKeyId.",
    references: [{ framework: "FSBP", id: "EC2.7" }],
    remediation: "set encrypted: true and kmsKeyId to the volumes key ARN",
    config: {
        requireCustomerKey: {
            type: "boolean",
            default: true,
            description: "Require kmsKeyId (a customer-managed key); otherwise the copy uses the AWS-managed aws/ebs key.",
        },
    },
    resourceTypes: [SNAPSHOT_COPY, SNAPSHOT_IMPORT, AMI_COPY],
    check: (r, ctx) => {
        let encrypted: Data;
        let key: Data;
        if (r.type === SNAPSHOT_COPY) [encrypted, key] = [copy(r.props, "encrypted"), copy(r.props, "kmsKeyId")];
        else if (r.type === SNAPSHOT_IMPORT) [encrypted, key] = [imported(r.props, "encrypted"), imported(r.props, "kmsKeyId")];
        else [encrypted, key] = [ami(r.props, "encrypted"), ami(r.props, "kmsKeyId")];
        const label = `${LABEL[r.type]} "${r.name}"`;
        if (!ctx.isUnknown(encrypted, "encrypted") && asBoolean(encrypted) !== true) {
            ctx.violation(
                `${label} is not encrypted (encrypted is ${encrypted === undefined ? "unset, default false" : JSON.stringify(encrypted).slice(0, 40)})`,
            );
        }
        if (ctx.configBoolean("requireCustomerKey", true) && !isUnknown(key) && (asString(key) ?? "").trim() === "") {
            ctx.violation(`${label} has no customer-managed key (kmsKeyId unset)`, "set kmsKeyId to the volumes key ARN");
        }
    },
});
