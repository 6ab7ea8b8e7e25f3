import type * as aws from "@pulumi/aws";
import { asString, isUnknown, readerFor, resourcePolicy } from "../../lib";

const read = readerFor<aws.secretsmanager.SecretArgs>();

/**
 * DATA-4: application secrets are encrypted with a customer-managed key, so the key policy
 * (not only IAM) decides who can read them. Unset kmsKeyId, or the AWS-managed alias, means
 * aws/secretsmanager, which every principal of the account with secret access can use.
 */
export const secretsmanagerSecretCustomerKey = resourcePolicy({
    name: "secretsmanager-secret-customer-key",
    control: "DATA-4",
    severity: "high",
    layer: "cloud",
    description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key (kmsKeyId set, not alias/aws/secretsmanager).",
    references: [],
    remediation: "set kmsKeyId to the secrets key (a customer-managed key with rotation on and a key policy naming the readers)",
    resourceTypes: ["aws:secretsmanager/secret:Secret"],
    check: (s, ctx) => {
        const key = read(s.props, "kmsKeyId");
        if (isUnknown(key)) return; // a key created in the same program: set
        const value = (asString(key) ?? "").trim();
        if (value === "") {
            ctx.violation(`secret "${s.name}" has no kmsKeyId, so it uses the AWS-managed key aws/secretsmanager`);
        } else if (/(^|:)alias\/aws\/secretsmanager$/i.test(value)) {
            ctx.violation(`secret "${s.name}" names the AWS-managed key (kmsKeyId ${JSON.stringify(value).slice(0, 60)})`);
        }
    },
});
