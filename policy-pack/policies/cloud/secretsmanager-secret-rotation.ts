import type * as aws from "@pulumi/aws";
import { asBoolean, readerFor, stackPolicy } from "../../lib";

const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const rotation = readerFor<aws.secretsmanager.SecretRotationArgs>();

/**
 * DATA-4: secrets rotate. A secret is rotated when a SecretRotation of the same program
 * names it (secretId computed from the secret) and is not switched off. Medium severity
 * (advisory by default): rotation of some secrets (third-party API keys) is manual.
 */
export const secretsmanagerSecretRotation = stackPolicy({
    name: "secretsmanager-secret-rotation",
    control: "DATA-4",
    severity: "medium",
    layer: "cloud",
    description:
        "Secrets Manager secrets should have a SecretRotation (rotationLambdaArn or managed rotation) in the same program that names them and is not disabled.",
    references: [{ framework: "FSBP", id: "SecretsManager.1" }],
    remediation:
        "add aws.secretsmanager.SecretRotation { secretId: secret.id, rotationRules: { automaticallyAfterDays: 30 }, rotationLambdaArn } (or exclude the secret by name when rotation is manual)",
    subjectTypes: ["aws:secretsmanager/secret:Secret"],
    alsoJudges: [ROTATION],
    check: (secret, stack, ctx) => {
        const rotations = stack.linkedTo(secret, [ROTATION], "secretId");
        const on = rotations.filter((r) => {
            const enabled = rotation(r.props, "rotationEnabled");
            if (ctx.isUnknown(enabled, `rotation "${r.name}" rotationEnabled`)) return true;
            return enabled === undefined || enabled === null || asBoolean(enabled) !== false;
        });
        if (on.length === 0) {
            ctx.violation(
                rotations.length === 0
                    ? `secret "${secret.name}" has no SecretRotation in this program`
                    : `secret "${secret.name}" has its rotation switched off (rotationEnabled false)`,
            );
        }
    },
});
