/**
 * Pure ECR planning (CTR-1): repository-name rules, the lifecycle policy that expires untagged images,
 * and the repository policy that lets only the given roles pull.
 */
import { IAM_ROLE_ARN, PolicyDocument, policyDocument } from "../common/iam";
import { ArgPath, Reporter, reporter } from "../common/validation";

export const DEFAULT_UNTAGGED_EXPIRY_DAYS = 14;
export const MAX_REPOSITORY_NAME_LENGTH = 256;
export const MIN_REPOSITORY_NAME_LENGTH = 2;

// ECR: lowercase path components of [a-z0-9] separated by one of . _ -, joined by "/".
const REPOSITORY_NAME_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Only what pulling an image needs. Push stays with CI roles through their own IAM policies. */
export const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"] as const;

const repositoryReporter = (): Reporter => reporter("HardenedRepository");

export function validateRepositoryName(name: string, r: Reporter = repositoryReporter(), path: ArgPath = ["repositoryName"]): void {
    if (name.length < MIN_REPOSITORY_NAME_LENGTH || name.length > MAX_REPOSITORY_NAME_LENGTH || !REPOSITORY_NAME_PATTERN.test(name)) {
        r.fail({
            path,
            value: name,
            problem: "is not a valid ECR name",
            allowed: `use ${MIN_REPOSITORY_NAME_LENGTH}-${MAX_REPOSITORY_NAME_LENGTH} characters of lowercase letters and digits, separated by ".", "_", "-" or "/" (for example "team/app")`,
        });
    }
}

export function validateUntaggedExpiryDays(days: number, r: Reporter = repositoryReporter()): void {
    if (!Number.isInteger(days) || days < 1) {
        r.fail({
            path: ["untaggedImageExpiryDays"],
            value: days,
            problem: "is not allowed",
            allowed: "use a whole number of days, 1 or more",
        });
    }
}

export function validatePullPrincipalArn(value: string, index: number, r: Reporter = repositoryReporter()): void {
    if (!IAM_ROLE_ARN.test(value)) {
        r.fail({
            path: ["pullPrincipalArns", index],
            value,
            problem: "is not an IAM role ARN",
            allowed: "use arn:aws:iam::<account>:role/<name>",
        });
    }
}

export interface LifecyclePolicyDocument {
    readonly rules: ReadonlyArray<{
        readonly rulePriority: number;
        readonly description: string;
        readonly selection: {
            readonly tagStatus: "untagged";
            readonly countType: "sinceImagePushed";
            readonly countUnit: "days";
            readonly countNumber: number;
        };
        readonly action: { readonly type: "expire" };
    }>;
}

/** Expires untagged images `days` after they were pushed. Tagged images are immutable and kept. */
export function buildLifecyclePolicy(days: number): LifecyclePolicyDocument {
    validateUntaggedExpiryDays(days);
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${days} days after push`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: days },
                action: { type: "expire" },
            },
        ],
    };
}

/** Lets exactly these roles pull; `undefined` when there are none (then no repository policy at all). */
export function buildPullPolicy(principalArns: readonly string[]): PolicyDocument | undefined {
    principalArns.forEach((arn, i) => validatePullPrincipalArn(arn, i));
    const unique = [...new Set(principalArns)].sort();
    if (unique.length === 0) return undefined;
    return policyDocument([{ Sid: "AllowPullByNamedRoles", Effect: "Allow", Principal: { AWS: unique }, Action: [...PULL_ACTIONS] }]);
}
