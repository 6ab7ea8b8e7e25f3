import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childName } from "../common/naming";
import { Tags, baselineTags } from "../common/tags";
import {
    DEFAULT_UNTAGGED_EXPIRY_DAYS,
    buildLifecyclePolicy,
    buildPullPolicy,
    validatePullPrincipalArn,
    validateRepositoryName,
    validateUntaggedExpiryDays,
} from "./repositoryPlan";

export const HARDENED_REPOSITORY_TYPE = "secure-baseline:registry:HardenedRepository";

export interface HardenedRepositoryArgs {
    /** The ECR repository name (lowercase, "/"-separated paths allowed). Changing it replaces the repository. */
    readonly repositoryName: string;
    /** ARN of the KMS key images are encrypted with (the "storage" key). */
    readonly kmsKeyArn: pulumi.Input<string>;
    /**
     * IAM role ARNs allowed to pull (node role, workload roles). Values that are Outputs are checked when
     * known. An empty list creates no repository policy: only IAM policies of this account grant access.
     * @default []
     */
    readonly pullPrincipalArns?: readonly pulumi.Input<string>[];
    /** Days after push when untagged images expire. @default 14 */
    readonly untaggedImageExpiryDays?: number;
    /** Protects the repository (and the images in it) from destroy and replacement. @default true */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

export function validateHardenedRepositoryArgs(args: HardenedRepositoryArgs): void {
    validateRepositoryName(args.repositoryName);
    if (args.untaggedImageExpiryDays !== undefined) validateUntaggedExpiryDays(args.untaggedImageExpiryDays);
    args.pullPrincipalArns?.forEach((p, i) => {
        // Plain strings are checked now; Outputs are checked by buildPullPolicy once known.
        if (typeof p === "string") validatePullPrincipalArn(p, i);
    });
}

/**
 * CTR-1: an ECR repository with immutable tags, scan on push, KMS encryption with the storage key, a
 * lifecycle policy expiring untagged images, and a pull-only policy for named roles.
 */
export class HardenedRepository extends pulumi.ComponentResource {
    public readonly repositoryName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly repositoryUrl: pulumi.Output<string>;

    constructor(name: string, args: HardenedRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateHardenedRepositoryArgs(args);
        super(HARDENED_REPOSITORY_TYPE, name, {}, opts);
        const protect = args.protect ?? true;

        const repo = new aws.ecr.Repository(
            childName(name, "repository"),
            {
                name: args.repositoryName,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                forceDelete: false,
                tags: baselineTags(HARDENED_REPOSITORY_TYPE, args.tags),
            },
            { parent: this, protect, retainOnDelete: protect },
        );

        new aws.ecr.LifecyclePolicy(
            childName(name, "lifecycle"),
            {
                repository: repo.name,
                policy: JSON.stringify(buildLifecyclePolicy(args.untaggedImageExpiryDays ?? DEFAULT_UNTAGGED_EXPIRY_DAYS)),
            },
            { parent: this },
        );

        const principals = args.pullPrincipalArns ?? [];
        if (principals.length > 0) {
            new aws.ecr.RepositoryPolicy(
                childName(name, "policy"),
                // buildPullPolicy validates Output values once they are known; it is never undefined here.
                { repository: repo.name, policy: pulumi.all([...principals]).apply((arns) => JSON.stringify(buildPullPolicy(arns))) },
                { parent: this },
            );
        }

        this.repositoryName = repo.name;
        this.arn = repo.arn;
        this.repositoryUrl = repo.repositoryUrl;
        this.registerOutputs({ repositoryName: this.repositoryName, arn: this.arn, repositoryUrl: this.repositoryUrl });
    }
}
