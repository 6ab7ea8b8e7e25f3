import type * as aws from "@pulumi/aws";
import { readerFor, resourcePolicy } from "../../lib";
import { parseDocument } from "../shared/iam";
import { effectOfStatement, isAnyonePrincipal, readPrincipal, restrictsCaller } from "../shared/iam-principals";
import { statementRecords } from "../shared/iam-privilege";

// KeyPolicyArgs, ReplicaKeyArgs, ExternalKeyArgs and ReplicaExternalKeyArgs have the same `policy` input.
const readKey = readerFor<
    aws.kms.KeyArgs & aws.kms.KeyPolicyArgs & aws.kms.ReplicaKeyArgs & aws.kms.ExternalKeyArgs & aws.kms.ReplicaExternalKeyArgs
>();

/** KMS-1: explicit key policies never allow a wildcard principal. */
export const kmsKeyPolicyNoWildcardPrincipal = resourcePolicy({
    name: "kms-key-policy-no-wildcard-principal",
    control: "KMS-1",
    severity: "critical",
    layer: "cloud",
    description:
        'KMS key policies (keys, key policies, replica and external keys) must not allow a wildcard principal ("*", {"AWS": "*"}, arn:aws:iam::*:root) unless a condition pins kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID, nor use Allow with NotPrincipal; statements without a valid Effect or Principal fail closed.',
    references: [{ framework: "FSBP", id: "KMS.5" }],
    remediation:
        'name the principals explicitly (account root, roles, service principals with conditions) in every Allow statement, or pin a "*" principal with Condition.StringEquals kms:CallerAccount / aws:PrincipalOrgID',
    resourceTypes: [
        "aws:kms/key:Key",
        "aws:kms/keyPolicy:KeyPolicy",
        "aws:kms/replicaKey:ReplicaKey",
        "aws:kms/externalKey:ExternalKey",
        "aws:kms/replicaExternalKey:ReplicaExternalKey",
    ],
    check: (r, ctx) => {
        const policy = readKey(r.props, "policy");
        if (ctx.containsUnknown(policy, "policy")) return;
        if (policy === undefined || policy === null || policy === "") {
            // No explicit policy on a Key: AWS applies its default (account root only).
            return;
        }
        const parsed = parseDocument(policy);
        if (!parsed.ok) {
            ctx.violation(`the key policy of "${r.name}" cannot be checked: ${parsed.problem}`, "pass the key policy as a JSON document");
            return;
        }
        const list = statementRecords(parsed.doc, "policy");
        if (!list.ok) {
            ctx.violation(
                `the key policy of "${r.name}" cannot be checked: ${list.problem} (${list.path})`,
                "pass the key policy as a JSON document with a Statement list",
            );
            return;
        }
        list.list.forEach((stmt, i) => {
            const sid = typeof stmt.Sid === "string" ? ` "${stmt.Sid.slice(0, 40)}"` : "";
            const effect = effectOfStatement(stmt);
            if (effect === undefined) {
                ctx.violation(
                    `statement ${i}${sid} of the key policy of "${r.name}" has no valid Effect (policy.Statement.${i}.Effect), so it cannot be judged`,
                    'set Effect to "Allow" or "Deny"',
                );
                return;
            }
            if (effect !== "allow") return;
            if (stmt.NotPrincipal !== undefined) {
                ctx.violation(
                    `the key policy of "${r.name}" uses Allow with NotPrincipal in statement ${i}${sid}, which allows everyone else`,
                );
                return;
            }
            const principal = readPrincipal(stmt.Principal);
            if (!principal.ok) {
                ctx.violation(
                    `the key policy of "${r.name}" has an invalid principal in statement ${i}${sid} (policy.Statement.${i}.Principal: ${principal.problem})`,
                );
                return;
            }
            // FSBP KMS.5: "*" pinned to the caller's account or organisation by a condition is not public.
            if (principal.entries.some(isAnyonePrincipal) && !restrictsCaller(stmt.Condition)) {
                ctx.violation(
                    `the key policy of "${r.name}" allows a wildcard principal in statement ${i}${sid} without a condition on kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID`,
                );
            }
        });
    },
});
