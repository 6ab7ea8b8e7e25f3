import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CustomerManagedKey } from "../common/kms";
import { childName } from "../common/naming";
import { Tags } from "../common/tags";

export const EBS_ENCRYPTION_BY_DEFAULT_TYPE = "secure-baseline:storage:EbsEncryptionByDefault";

export interface EbsEncryptionByDefaultArgs {
    /**
     * Key every new EBS volume in the region is encrypted with. Its policy must let EC2 Auto Scaling use
     * it (managed node groups launch through Auto Scaling).
     * @default a new CustomerManagedKey, purpose "volumes", shared with "autoscaling"
     */
    readonly keyArn?: pulumi.Input<string>;
    /** Protects the setting (a destroy would turn region-wide default encryption off) and a created key. @default true */
    readonly protect?: boolean;
    readonly tags?: Tags;
}

/**
 * DATA-1: EBS encryption by default in the provider's region, with a customer-managed volumes key.
 * This is a region-wide account setting: one per account and region.
 */
export class EbsEncryptionByDefault extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: EbsEncryptionByDefaultArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super(EBS_ENCRYPTION_BY_DEFAULT_TYPE, name, {}, opts);
        const protect = args.protect ?? true;

        const keyArn =
            args.keyArn !== undefined
                ? pulumi.output(args.keyArn)
                : new CustomerManagedKey(
                      childName(name, "volumes-key"),
                      { purpose: "volumes", services: ["autoscaling"], protect, tags: args.tags },
                      { parent: this },
                  ).arn;

        const enabled = new aws.ebs.EncryptionByDefault(childName(name, "encryption"), { enabled: true }, { parent: this, protect });
        new aws.ebs.DefaultKmsKey(childName(name, "default-key"), { keyArn }, { parent: this, protect, dependsOn: [enabled] });

        this.keyArn = keyArn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
