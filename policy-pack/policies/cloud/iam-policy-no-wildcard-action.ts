import type * as aws from "@pulumi/aws";
import { asArray, isUnknown, readerFor, resourcePolicy } from "../../lib";
import type { CheckContext, Data } from "../../lib";
import { actionsOf, effectOf, isAllActions, parseIamDocument } from "./iam-statements";

/** Where each IAM type keeps its permission documents. */
const POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
];
const ROLE_TYPE = "aws:iam/role:Role";
// PolicyArgs, RolePolicyArgs, UserPolicyArgs and GroupPolicyArgs all have `policy`.
const policyRead = readerFor<aws.iam.PolicyArgs & aws.iam.RolePolicyArgs & aws.iam.UserPolicyArgs & aws.iam.GroupPolicyArgs>();
const roleRead = readerFor<aws.iam.RoleArgs>();

function checkDocument(ctx: CheckContext, owner: string, path: string, value: Data): void {
    const parsed = parseIamDocument(value);
    switch (parsed.state) {
        case "absent":
            return;
        case "unknown":
            ctx.isUnknown(parsed.unknown, parsed.unknown.path !== "" ? parsed.unknown.path : path);
            return;
        case "malformed":
            ctx.violation(
                `${path} of "${owner}" cannot be read (${parsed.problem}), so it may grant anything`,
                "pass a valid JSON policy document",
            );
            return;
        case "ok":
            break;
    }
    parsed.statements.forEach((stmt, i) => {
        const effect = stmt.Effect;
        if (ctx.isUnknown(effect, `${path}.Statement.${i}.Effect`)) {
            return;
        }
        if (effectOf(stmt) !== "allow") {
            return;
        }
        if (
            ctx.containsUnknown(stmt.Action, `${path}.Statement.${i}.Action`) ||
            ctx.containsUnknown(stmt.NotAction, `${path}.Statement.${i}.NotAction`)
        ) {
            return;
        }
        const sid = typeof stmt.Sid === "string" && stmt.Sid !== "" ? ` (Sid "${stmt.Sid}")` : "";
        if (actionsOf(stmt).some(isAllActions)) {
            ctx.violation(`statement ${i}${sid} of ${path} in "${owner}" allows Action "*", every action of every service`);
        } else if (stmt.NotAction !== undefined) {
            ctx.violation(`statement ${i}${sid} of ${path} in "${owner}" allows NotAction, every action except the listed ones`);
        }
    });
}

/**
 * Least privilege for the baseline's roles (filed under EKS-4, the access control: no
 * principal gets blanket rights). An Allow statement must name its actions: no Action "*"
 * or "*:*", and no Allow with NotAction. Deny statements may use wildcards.
 */
export const iamPolicyNoWildcardAction = resourcePolicy({
    name: "iam-policy-no-wildcard-action",
    control: "EKS-4",
    severity: "high",
    layer: "cloud",
    description:
        'IAM permission policies (managed, inline, and a role\'s inlinePolicies) must not allow Action "*" or use Allow with NotAction.',
    references: [
        { framework: "FSBP", id: "IAM.1" },
        { framework: "BPG", id: "least privilege (IAM)" },
    ],
    remediation:
        "list the actions the principal needs (service:Action), and scope Resource; use AWS managed policies built for the job where they exist",
    resourceTypes: [...POLICY_TYPES, ROLE_TYPE],
    check: (resource, ctx) => {
        if (resource.type !== ROLE_TYPE) {
            checkDocument(ctx, resource.name, "policy", policyRead(resource.props, "policy"));
            return;
        }
        const inline = roleRead(resource.props, "inlinePolicies");
        if (isUnknown(inline)) {
            ctx.isUnknown(inline, "inlinePolicies");
            return;
        }
        asArray(inline).forEach((_, i) =>
            checkDocument(ctx, resource.name, `inlinePolicies.${i}.policy`, roleRead(resource.props, "inlinePolicies", i, "policy")),
        );
    },
});
