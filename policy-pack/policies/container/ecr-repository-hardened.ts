import type * as aws from "@pulumi/aws";
import { asArray, asBoolean, readerFor, resourcePolicy } from "../../lib";

const IMMUTABLE = "IMMUTABLE";
const KMS_TYPES = ["KMS", "KMS_DSSE"];
const repository = readerFor<aws.ecr.RepositoryArgs>();
const encryption = readerFor<aws.types.input.ecr.RepositoryEncryptionConfiguration>();

/** CTR-1: ECR repositories scan on push, have immutable tags and use KMS. */
export const ecrRepositoryHardened = resourcePolicy({
    name: "ecr-repository-hardened",
    control: "CTR-1",
    severity: "high",
    layer: "container",
    description: "ECR repositories must scan images on push, use IMMUTABLE tags and encrypt with KMS.",
    references: [{ framework: "CIS", id: "5.1" }],
    remediation:
        'set imageScanningConfiguration { scanOnPush: true }, imageTagMutability: "IMMUTABLE" and encryptionConfigurations [{ encryptionType: "KMS", kmsKey }]',
    resourceTypes: ["aws:ecr/repository:Repository"],
    check: (repo, ctx) => {
        const scan = repository(repo.props, "imageScanningConfiguration", "scanOnPush");
        if (!ctx.isUnknown(scan, "imageScanningConfiguration.scanOnPush") && asBoolean(scan) !== true) {
            ctx.violation(
                `repository "${repo.name}" does not scan images on push`,
                "set imageScanningConfiguration.scanOnPush: true (and enable registry scanning)",
            );
        }
        const mutability = repository(repo.props, "imageTagMutability");
        if (!ctx.isUnknown(mutability, "imageTagMutability") && mutability !== IMMUTABLE) {
            ctx.violation(
                `repository "${repo.name}" has mutable tags (imageTagMutability ${mutability === undefined ? "unset, default MUTABLE" : JSON.stringify(mutability)})`,
                'set imageTagMutability: "IMMUTABLE"',
            );
        }
        const enc = repository(repo.props, "encryptionConfigurations");
        if (ctx.isUnknown(enc, "encryptionConfigurations")) return;
        const types = asArray(enc).map((c, i) => ({ i, t: encryption(c, "encryptionType") }));
        if (types.some((x) => ctx.isUnknown(x.t, `encryptionConfigurations.${x.i}.encryptionType`))) return;
        if (!types.some((x) => typeof x.t === "string" && KMS_TYPES.includes(x.t))) {
            ctx.violation(
                `repository "${repo.name}" is not encrypted with KMS (default AES256)`,
                'set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <key ARN> }]',
            );
        }
    },
});
