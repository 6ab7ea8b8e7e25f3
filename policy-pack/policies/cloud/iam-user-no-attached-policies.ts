import type * as aws from "@pulumi/aws";
import { Data, asArray, readerFor, resourcePolicy } from "../../lib";
import { ALLOWED_USERS_CONFIG, disallowedUser } from "../shared/iam-users";

const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const USER_ATTACHMENTS_EXCLUSIVE = "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive";
const USER_POLICIES_EXCLUSIVE = "aws:iam/userPoliciesExclusive:UserPoliciesExclusive";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";

const inline = readerFor<aws.iam.UserPolicyArgs>();
const single = readerFor<aws.iam.UserPolicyAttachmentArgs>();
const exclusiveArns = readerFor<aws.iam.UserPolicyAttachmentsExclusiveArgs>();
const exclusiveNames = readerFor<aws.iam.UserPoliciesExclusiveArgs>();
const attachment = readerFor<aws.iam.PolicyAttachmentArgs>();

/**
 * IAM-1: permissions reach users through groups (or, better, roles), never directly, in
 * any of the provider's five spellings: an inline UserPolicy, a UserPolicyAttachment, the
 * exclusive attachment and inline lists, and the legacy PolicyAttachment's `users`.
 * Medium severity (advisory by default), as FSBP rates IAM.2; users named in allowedUsers
 * (reviewed break-glass users) may hold policies.
 */
export const iamUserNoAttachedPolicies = resourcePolicy({
    name: "iam-user-no-attached-policies",
    control: "IAM-1",
    severity: "medium",
    layer: "cloud",
    description:
        "IAM policies must not be attached to users directly (UserPolicy, UserPolicyAttachment, a non-empty UserPolicyAttachmentsExclusive.policyArns or UserPoliciesExclusive.policyNames, PolicyAttachment.users); attach them to groups or roles. Users named in allowedUsers are allowed.",
    references: [{ framework: "FSBP", id: "IAM.2" }],
    remediation: "attach the policy to an IAM group the user belongs to (or to a role the user assumes) and remove the user attachment",
    config: ALLOWED_USERS_CONFIG,
    resourceTypes: [USER_POLICY, USER_POLICY_ATTACHMENT, USER_ATTACHMENTS_EXCLUSIVE, USER_POLICIES_EXCLUSIVE, POLICY_ATTACHMENT],
    check: (r, ctx) => {
        const nonEmpty = (value: Data, path: string): boolean => {
            if (ctx.isUnknown(value, path)) return false;
            if (value === undefined || value === null) return false;
            if (!Array.isArray(value)) {
                ctx.violation(
                    `"${r.name}" has a ${path} that is not a list, so the users it reaches cannot be read`,
                    `give ${path} as a list of names`,
                );
                return false;
            }
            return asArray(value).length > 0;
        };
        switch (r.type) {
            case USER_POLICY: {
                const user = disallowedUser(inline(r.props, "user"), "user", ctx);
                if (user !== undefined) ctx.violation(`inline policy "${r.name}" is attached to IAM user ${user}`);
                return;
            }
            case USER_POLICY_ATTACHMENT: {
                const user = disallowedUser(single(r.props, "user"), "user", ctx);
                if (user !== undefined) ctx.violation(`"${r.name}" attaches a managed policy to IAM user ${user}`);
                return;
            }
            case USER_ATTACHMENTS_EXCLUSIVE: {
                const user = disallowedUser(exclusiveArns(r.props, "userName"), "userName", ctx);
                if (user !== undefined && nonEmpty(exclusiveArns(r.props, "policyArns"), "policyArns"))
                    ctx.violation(`"${r.name}" attaches managed policies to IAM user ${user} (policyArns is not empty)`);
                return;
            }
            case USER_POLICIES_EXCLUSIVE: {
                const user = disallowedUser(exclusiveNames(r.props, "userName"), "userName", ctx);
                if (user !== undefined && nonEmpty(exclusiveNames(r.props, "policyNames"), "policyNames"))
                    ctx.violation(`"${r.name}" keeps inline policies on IAM user ${user} (policyNames is not empty)`);
                return;
            }
            default: {
                const users = attachment(r.props, "users");
                if (!nonEmpty(users, "users")) return;
                const outside = asArray(users).filter((u, i) => disallowedUser(u, `users.${i}`, ctx) !== undefined);
                if (outside.length > 0)
                    ctx.violation(
                        `policy attachment "${r.name}" attaches its policy to IAM users (users is not empty: ${JSON.stringify(outside).slice(0, 80)})`,
                        "remove users and attach the policy to a group (groups) or role (roles)",
                    );
            }
        }
    },
});
