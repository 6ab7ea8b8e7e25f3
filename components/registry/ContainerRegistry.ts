import * as aws from "@pulumi/aws";
import { Naming, reporter } from "../common/validation";
import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { Tags } from "../common/tags";
import { HardenedRepository } from "./HardenedRepository";
import { validateRepositoryName, validateUntaggedExpiryDays, validatePullPrincipalArn } from "./repositoryPlan";

export const CONTAINER_REGISTRY_TYPE = "secure-baseline:registry:ContainerRegistry";

/** Matches every repository in a registry scanning rule. */
export const ALL_REPOSITORIES_FILTER = "*";

export interface ContainerRegistryArgs {
    /** Repository names to create, each a HardenedRepository. Duplicates are an error. */
    readonly repositories: readonly string[];
    /** Roles allowed to pull from every repository (node role, workload roles). @default [] (no repository policy) */
    readonly pullPrincipalArns?: readonly pulumi.Input<string>[];
    /** KMS key for image encryption. @default a new CustomerManagedKey, purpose "storage" */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * Registry-wide enhanced scanning (Amazon Inspector) with continuous re-scans as new CVEs appear.
     * Off falls back to basic scan-on-push only, which misses vulnerabilities found after the push.
     * Enhanced scanning is billed per image by Amazon Inspector. @default true
     */
    readonly enhancedScanning?: boolean;
    /** Days after push when untagged images expire. @default 14 */
    readonly untaggedImageExpiryDays?: number;
    /** Protects the repositories and a created key. @default true */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/** Validates the arguments before any resource exists, naming paths by `naming` (a stack's config keys) when given. */
export function validateContainerRegistryArgs(name: string, args: ContainerRegistryArgs, naming?: Naming): void {
    const r = reporter(`ContainerRegistry "${name}"`, naming);
    const seen = new Set<string>();
    args.repositories.forEach((repo, i) => {
        validateRepositoryName(repo, r, ["repositories", i]);
        if (seen.has(repo))
            r.fail({ path: ["repositories", i], value: repo, problem: "is listed twice", allowed: "list each repository once" });
        seen.add(repo);
    });
    if (args.untaggedImageExpiryDays !== undefined) validateUntaggedExpiryDays(args.untaggedImageExpiryDays, r);
    args.pullPrincipalArns?.forEach((p, i) => {
        if (typeof p === "string") validatePullPrincipalArn(p, i, r);
    });
}

/**
 * CTR-1: hardened repositories plus the registry's scanning configuration. The scanning configuration is
 * one per registry (account and region): create one ContainerRegistry per region.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
    public readonly repositoryUrls: pulumi.Output<Record<string, string>>;
    public readonly repositoryArns: pulumi.Output<Record<string, string>>;
    public readonly kmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateContainerRegistryArgs(name, args);
        super(CONTAINER_REGISTRY_TYPE, name, {}, opts);
        const protect = args.protect ?? true;

        const kmsKeyArn =
            args.kmsKeyArn !== undefined
                ? pulumi.output(args.kmsKeyArn)
                : new CustomerManagedKey(childName(name, "storage-key"), { purpose: "storage", protect, tags: args.tags }, { parent: this })
                      .arn;

        const repos = args.repositories.map(
            (repositoryName) =>
                [
                    repositoryName,
                    // The child name derives from the repository name, so renaming a repository replaces it.
                    new HardenedRepository(
                        childName(name, repositoryName.replace(/[/._]/g, "-")),
                        {
                            repositoryName,
                            kmsKeyArn,
                            pullPrincipalArns: args.pullPrincipalArns,
                            untaggedImageExpiryDays: args.untaggedImageExpiryDays,
                            protect,
                            tags: args.tags,
                        },
                        { parent: this },
                    ),
                ] as const,
        );

        const enhanced = args.enhancedScanning ?? true;
        new aws.ecr.RegistryScanningConfiguration(
            childName(name, "scanning"),
            {
                scanType: enhanced ? "ENHANCED" : "BASIC",
                rules: [
                    {
                        scanFrequency: enhanced ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
                        repositoryFilters: [{ filter: ALL_REPOSITORIES_FILTER, filterType: "WILDCARD" }],
                    },
                ],
            },
            { parent: this },
        );

        const collect = (pick: (r: HardenedRepository) => pulumi.Output<string>) =>
            pulumi.all(repos.map(([n, r]) => pick(r).apply((v) => [n, v] as const))).apply((pairs) => Object.fromEntries(pairs));
        this.repositoryUrls = collect((r) => r.repositoryUrl);
        this.repositoryArns = collect((r) => r.arn);
        this.kmsKeyArn = kmsKeyArn;
        this.registerOutputs({ repositoryUrls: this.repositoryUrls, repositoryArns: this.repositoryArns, kmsKeyArn: this.kmsKeyArn });
    }
}
