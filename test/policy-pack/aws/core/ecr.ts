/** Core cases of the ECR repository policy (CTR-1). */
import type { Case } from "../../case";
import { UNKNOWN } from "../../runtime";
import { KEY_ARN, policy } from "./fixtures";

/** Hardened repositories (CTR-1). */
export const ECR_CASES: readonly Case[] = [
    {
        kind: "resource",
        policy: policy("ecr-repository-hardened"),
        type: "aws:ecr/repository:Repository",
        name: "app",
        compliant: {
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
            tags: {},
        },
        violations: [
            {
                what: "scanOnPush false",
                path: "imageScanningConfiguration.scanOnPush",
                value: false,
                match: /\[CTR-1\] repository "app" does not scan images on push/,
            },
            { what: "MUTABLE tags", path: "imageTagMutability", value: "MUTABLE", match: /has mutable tags/ },
            {
                what: "AES256 encryption",
                path: "encryptionConfigurations",
                value: [{ encryptionType: "AES256" }],
                match: /not encrypted with KMS/,
            },
        ],
        unknowns: [{ what: "unknown encryption type", path: "encryptionConfigurations.0.encryptionType", value: UNKNOWN }],
    },
];
