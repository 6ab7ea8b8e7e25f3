import { at, resourcePolicy } from "../../lib";
import { effectOf, hasWildcardPrincipal, parseDocument, statements } from "../shared/iam";

/** KMS-1: explicit key policies never allow a wildcard principal. */
export const kmsKeyPolicyNoWildcardPrincipal = resourcePolicy({
    name: "kms-key-policy-no-wildcard-principal",
    control: "KMS-1",
    severity: "critical",
    layer: "cloud",
    description: "KMS key policies must not allow a wildcard principal (\"*\" or {\"AWS\": \"*\"}) or use Allow with NotPrincipal.",
    references: [{ framework: "FSBP", id: "KMS.5" }],
    remediation: "name the principals explicitly (account root, roles, service principals with conditions) in every Allow statement",
    resourceTypes: ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"],
    check: (r, ctx) => {
        const policy = at(r.props, "policy");
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
        statements(parsed.doc).forEach((stmt, i) => {
            if (effectOf(stmt) !== "allow") return;
            const sid = typeof stmt.Sid === "string" ? ` "${stmt.Sid}"` : "";
            if (hasWildcardPrincipal(stmt.Principal)) {
                ctx.violation(`the key policy of "${r.name}" allows a wildcard principal in statement ${i}${sid}`);
            }
            if (stmt.NotPrincipal !== undefined) {
                ctx.violation(`the key policy of "${r.name}" uses Allow with NotPrincipal in statement ${i}${sid}, which allows everyone else`);
            }
        });
    },
});
