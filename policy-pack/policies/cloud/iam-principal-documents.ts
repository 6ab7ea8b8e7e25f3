/**
 * Where identity-policy documents reach an IAM principal in one program: inline
 * documents, RolePolicy/UserPolicy/GroupPolicy, managed policies attached by ARN or by
 * attachment resources, and customer policies created in the same program (linked by
 * property dependencies, which exist at preview unlike ARNs).
 */
import type * as aws from "@pulumi/aws";
import { asArray, asString, isUnknown, pathOf, readPath, readerFor, readerForAll } from "../../lib";
import type { CheckedPath, Data, StackResourceView, StackView } from "../../lib";
import { parseIamDocument } from "./iam-statements";
import { Grant, ReadStatements, readGrants } from "../shared/iam-privilege";

export const POLICY = "aws:iam/policy:Policy";
export const ROLE = "aws:iam/role:Role";
export const USER = "aws:iam/user:User";
export const GROUP = "aws:iam/group:Group";

/** An attachment type's property naming the principal(s) or the policy ARN(s): its name and its checked path. */
export interface AttachmentProperty {
    readonly name: string;
    readonly path: CheckedPath<unknown>;
}
function property(path: CheckedPath<unknown>): AttachmentProperty {
    return { name: String(path[0]), path };
}
const rolePolicyAttachment = pathOf<aws.iam.RolePolicyAttachmentArgs>();
const userPolicyAttachment = pathOf<aws.iam.UserPolicyAttachmentArgs>();
const groupPolicyAttachment = pathOf<aws.iam.GroupPolicyAttachmentArgs>();
const policyAttachment = pathOf<aws.iam.PolicyAttachmentArgs>();
const roleExclusive = pathOf<aws.iam.RolePolicyAttachmentsExclusiveArgs>();
const userExclusive = pathOf<aws.iam.UserPolicyAttachmentsExclusiveArgs>();
const groupExclusive = pathOf<aws.iam.GroupPolicyAttachmentsExclusiveArgs>();

/** Inline policy types: the property naming the principal the document belongs to. */
export const INLINE_TYPES: Readonly<Record<string, AttachmentProperty>> = {
    "aws:iam/rolePolicy:RolePolicy": property(pathOf<aws.iam.RolePolicyArgs>()("role")),
    "aws:iam/userPolicy:UserPolicy": property(pathOf<aws.iam.UserPolicyArgs>()("user")),
    "aws:iam/groupPolicy:GroupPolicy": property(pathOf<aws.iam.GroupPolicyArgs>()("group")),
};

/** Attachment types: the properties naming the principal(s) and the one naming the policy ARN(s), checked against each type's args. */
export const ATTACHMENTS: Readonly<
    Record<string, { readonly principals: readonly AttachmentProperty[]; readonly arns: AttachmentProperty }>
> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        principals: [property(rolePolicyAttachment("role"))],
        arns: property(rolePolicyAttachment("policyArn")),
    },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": {
        principals: [property(userPolicyAttachment("user"))],
        arns: property(userPolicyAttachment("policyArn")),
    },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": {
        principals: [property(groupPolicyAttachment("group"))],
        arns: property(groupPolicyAttachment("policyArn")),
    },
    "aws:iam/policyAttachment:PolicyAttachment": {
        principals: [property(policyAttachment("roles")), property(policyAttachment("users")), property(policyAttachment("groups"))],
        arns: property(policyAttachment("policyArn")),
    },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        principals: [property(roleExclusive("roleName"))],
        arns: property(roleExclusive("policyArns")),
    },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        principals: [property(userExclusive("userName"))],
        arns: property(userExclusive("policyArns")),
    },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": {
        principals: [property(groupExclusive("groupName"))],
        arns: property(groupExclusive("policyArns")),
    },
};

export const readPolicy = readerFor<aws.iam.PolicyArgs>();
export const readRole = readerFor<aws.iam.RoleArgs>();

/** A document's grants, with the outcome when it cannot be read. */
export function grantsOf(value: Data, label: string, path: string): ReadStatements | { readonly state: "absent" } {
    const parsed = parseIamDocument(value);
    switch (parsed.state) {
        case "absent":
            return { state: "absent" };
        case "unknown":
            return { state: "unknown", unknown: parsed.unknown, path: parsed.unknown.path !== "" ? parsed.unknown.path : path };
        case "malformed":
            return { state: "malformed", path, problem: parsed.problem };
        case "ok":
            return readGrants(parsed.statements, label, path);
    }
}

/** The ARN strings of an attachment (one or a list); unknown entries stay Unknown. */
export function attachedArns(attachment: StackResourceView): readonly Data[] {
    const spec = ATTACHMENTS[attachment.type];
    const value = spec ? readPath(attachment.props, spec.arns.path) : undefined;
    return Array.isArray(value) ? value : [value];
}

/** Customer policies of this program that a property of `r` was computed from. */
export function linkedPolicies(stack: StackView, r: StackResourceView, property: string): readonly StackResourceView[] {
    const urns = r.propertyDependencies[property] ?? [];
    return stack.resources.filter((p) => p.type === POLICY && urns.includes(p.urn));
}

/** name (an input) and arn (an output, present once the resource exists) of the IAM resources that carry both. */
const readIdentity = readerForAll<[aws.iam.Role, aws.iam.User, aws.iam.Group, aws.iam.Policy]>();

/** Names a principal can be allowlisted by: Pulumi name, `name` and `arn` when known. */
export function identifiers(r: StackResourceView): string[] {
    return [r.name, asString(readIdentity(r.props, "name")), asString(readIdentity(r.props, "arn"))].filter(
        (x): x is string => x !== undefined && x !== "",
    );
}

/** Identifiers of each principal an attachment names: literal names, or the linked resource's identifiers. */
export function attachmentPrincipals(stack: StackView, attachment: StackResourceView): string[][] {
    const out: string[][] = [];
    for (const prop of ATTACHMENTS[attachment.type]?.principals ?? []) {
        const urns = attachment.propertyDependencies[prop.name] ?? [];
        const linked = stack.resources.filter((p) => urns.includes(p.urn));
        linked.forEach((p) => out.push(identifiers(p)));
        const value = readPath(attachment.props, prop.path);
        for (const v of Array.isArray(value) ? asArray(value) : [value]) {
            if (typeof v === "string" && v !== "") out.push([v]);
            else if (isUnknown(v) && linked.length === 0) out.push([]);
        }
    }
    return out;
}

/** Every grant that reaches `principal` through the program, for the union check. */
export function principalGrants(stack: StackView, principal: StackResourceView): { grants: Grant[]; unreadable: string[] } {
    const grants: Grant[] = [];
    const unreadable: string[] = [];
    const add = (value: Data, label: string, path: string) => {
        const read = grantsOf(value, label, path);
        if (read.state === "ok") grants.push(...read.grants);
        else if (read.state !== "absent") unreadable.push(label);
    };
    if (principal.type === ROLE) {
        asArray(readRole(principal.props, "inlinePolicies")).forEach((_, i) =>
            add(
                readRole(principal.props, "inlinePolicies", i, "policy"),
                `inline policy ${i} of "${principal.name}"`,
                `inlinePolicies.${i}.policy`,
            ),
        );
        linkedPolicies(stack, principal, "managedPolicyArns").forEach((p) =>
            add(readPolicy(p.props, "policy"), `policy "${p.name}"`, "policy"),
        );
    }
    for (const [type, prop] of Object.entries(INLINE_TYPES)) {
        stack
            .linkedTo(principal, [type], prop.name)
            .forEach((d) => add(readPolicy(d.props, "policy"), `inline policy "${d.name}"`, "policy"));
    }
    for (const [type, spec] of Object.entries(ATTACHMENTS)) {
        for (const prop of spec.principals) {
            for (const attachment of stack.linkedTo(principal, [type], prop.name)) {
                linkedPolicies(stack, attachment, spec.arns.name).forEach((p) =>
                    add(readPolicy(p.props, "policy"), `policy "${p.name}"`, "policy"),
                );
            }
        }
    }
    return { grants, unreadable };
}
