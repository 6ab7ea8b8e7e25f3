import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../awsContext";
import { keyAliasName } from "./alias";
import { childName } from "../naming";
import { Tags, baselineTags } from "../tags";
import { DEFAULT_DELETION_WINDOW_DAYS, KeyPurpose, KeyService, buildKeyPolicy, validateKeyArgs } from "./keyPolicy";

export const CUSTOMER_MANAGED_KEY_TYPE = "secure-baseline:common:CustomerManagedKey";

export interface CustomerManagedKeyArgs {
    /** What the key protects; one key per purpose (KMS-1). Becomes part of the alias. */
    readonly purpose: KeyPurpose;
    /** Human-readable description shown in the KMS console. @default "secure-baseline <purpose> key" */
    readonly description?: string;
    /**
     * AWS services that may use the key, each with its least-privilege, condition-scoped statement.
     * IAM principals of this account get access through IAM policies (the root statement delegates to IAM).
     * @default [] (only the account root, through IAM)
     */
    readonly services?: readonly KeyService[];
    /**
     * Days KMS waits before deleting a key scheduled for deletion. Shorter windows leave less time
     * to notice and cancel an accidental deletion. @default 30 (allowed: 7 to 30)
     */
    readonly deletionWindowInDays?: number;
    /**
     * Protects the key and its alias from `pulumi destroy` and from replacement (EKS-10). Turning it off
     * lets a destroy schedule the key for deletion, which makes everything it encrypted unreadable after
     * the deletion window. @default true
     */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/**
 * A customer-managed KMS key (KMS-1): rotation on, 30-day deletion window, an explicit key policy with no
 * wildcard principal, an alias with a fixed name (so IAM policies scoped through it are known at
 * preview, see `onKeyByAlias`), and protection from accidental deletion.
 */
export class CustomerManagedKey extends pulumi.ComponentResource {
    public readonly keyId: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    /** `alias/...`, known at preview; resolving it waits for the alias to exist. */
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: CustomerManagedKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        validateKeyArgs(name, args);
        // A fixed name (not namePrefix): policies scoped through the alias must be known at preview. A
        // retained alias of a destroyed stack with the same name makes the create fail (nothing is lost).
        const aliasName = keyAliasName(pulumi.getStack(), args.purpose, name);
        super(CUSTOMER_MANAGED_KEY_TYPE, name, {}, opts);

        const protect = args.protect ?? true;
        const ctx = awsContext(this);
        const services = args.services ?? [];

        const key = new aws.kms.Key(
            childName(name, "key"),
            {
                description: args.description ?? `secure-baseline ${args.purpose} key`,
                enableKeyRotation: true,
                deletionWindowInDays: args.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                policy: ctx.apply((c) => JSON.stringify(buildKeyPolicy(c, services))),
                tags: baselineTags(CUSTOMER_MANAGED_KEY_TYPE, args.tags, { purpose: args.purpose }),
            },
            { parent: this, protect, retainOnDelete: protect },
        );

        const alias = new aws.kms.Alias(childName(name, "alias"), { name: aliasName, targetKeyId: key.keyId }, { parent: this, protect });

        this.keyId = key.keyId;
        this.arn = key.arn;
        // The URN is known at preview and carries the dependency on the alias.
        this.aliasName = alias.urn.apply(() => aliasName);
        this.registerOutputs({ keyId: this.keyId, arn: this.arn, aliasName: this.aliasName });
    }
}
